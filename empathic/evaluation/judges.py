"""EPITOME judge that reads the (seeker post, response) pair: all-MiniLM-L6-v2 fine-tuned as a cross-encoder.

One encoder, three heads (emotional reactions, interpretations, explorations; levels 0/1/2) as a single
9-logit `AutoModelForSequenceClassification`; the loss is the sum of the three class-weighted
cross-entropies (strong levels are rare: 5% of emotional reactions). It trains on the "judge" half of
EPITOME only (`classifiers.epitome_role`), and its accuracy / macro-F1 are measured on the shared held-out
"test" posts, which no judge or curation scorer ever trains on. The data-curation scorer
(`lexical_judge`) trains on the other half, so the judge that grades a tuned model is independent of the
scorer that chose its training data.

Trained judges are cached under `$EMPATHIC_CACHE/judges/<key>/` (key: data hashes, base encoder, every
training setting), so `empathic eval` trains once per machine.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from empathic.evaluation.cache import cache_dir, file_sha256, key_of
from empathic.evaluation.classifiers import (
    EPITOME_FILES,
    MECHANISMS,
    EpitomeRows,
    epitome_role,
    read_epitome,
)
from empathic.io import publish_folder

log = logging.getLogger(__name__)

VERSION = 2  # bump when training code changes, so cached judges are retrained


@dataclass(frozen=True)
class JudgeSettings:
    """Everything that changes the fitted judge (part of the cache key)."""

    max_length: int = 128  # EPITOME posts: median 30 words, responses median 28
    # Round 42 (Notes/eval/empathy.md): 3 epochs at 4e-5 left the judge below the majority class; up to 12
    # epochs, keeping the epoch with the best inner-validation macro-F1, so the test posts only report.
    epochs: int = 12
    batch_size: int = 16
    learning_rate: float = 5e-5
    warmup_share: float = 0.1
    seed: int = 0
    train_role: str = "judge"
    validation_share: float = 0.15  # seeker posts of the train half held out to choose the epoch (0: last epoch)


def level_metrics(y_true: np.ndarray, y_pred: np.ndarray) -> dict:
    """Accuracy, macro-F1 over levels 0/1/2, and the majority-class accuracy as a floor."""
    from sklearn.metrics import accuracy_score, f1_score

    values, counts = np.unique(y_true, return_counts=True)
    return {
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "macro_f1": float(f1_score(y_true, y_pred, labels=[0, 1, 2], average="macro", zero_division=0)),
        "majority_accuracy": float(counts.max() / counts.sum()),
        "n_test": int(len(y_true)),
        "test_level_counts": {str(int(v)): int(c) for v, c in zip(values, counts, strict=True)},
    }


def rows_for(rows: EpitomeRows, role: str) -> np.ndarray:
    """Indices of the rows whose seeker post belongs to `role` ("test", "judge" or "curate")."""
    return np.array([i for i, s in enumerate(rows.sp_id) if epitome_role(s) == role], dtype=int)


def split_validation(rows: EpitomeRows, idx: np.ndarray, share: float) -> tuple[np.ndarray, np.ndarray]:
    """(fit, validation) indices of `idx`, split by seeker post with a hash of its own (no post in both)."""
    import hashlib

    def held(sp_id: str) -> bool:
        return int(hashlib.sha1(f"judge-validation:{sp_id}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < share

    mask = np.array([held(rows.sp_id[i]) for i in idx], dtype=bool)
    return idx[~mask], idx[mask]


def _proba(model, tokenizer, max_length: int, seekers: list[str], responses: list[str],
           batch_size: int = 32) -> dict[str, np.ndarray]:
    """mechanism -> (n, 3) level probabilities from a cross-encoder in eval mode."""
    import torch

    chunks = []
    with torch.inference_mode():
        for start in range(0, len(seekers), batch_size):
            enc = tokenizer(seekers[start:start + batch_size], responses[start:start + batch_size],
                            truncation=True, max_length=max_length, padding=True, return_tensors="pt")
            logits = model(**enc).logits.view(-1, len(MECHANISMS), 3)
            chunks.append(torch.softmax(logits, dim=-1).numpy())
    probs = np.concatenate(chunks) if chunks else np.zeros((0, len(MECHANISMS), 3))
    return {m: probs[:, j, :] for j, m in enumerate(MECHANISMS)}


class CrossEncoderJudge:
    """Predicts EPITOME levels for (seeker, response) pairs with a fine-tuned cross-encoder."""

    def __init__(self, folder: str | Path, metrics: dict | None = None):
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        self.folder = Path(folder)
        self.tokenizer = AutoTokenizer.from_pretrained(self.folder)
        self.model = AutoModelForSequenceClassification.from_pretrained(self.folder).eval()
        self.max_length = int(json.loads((self.folder / "judge.json").read_text())["settings"]["max_length"])
        self.metrics = metrics or json.loads((self.folder / "judge.json").read_text())["metrics"]

    def predict_proba(self, seekers: list[str], responses: list[str], batch_size: int = 32) -> dict[str, np.ndarray]:
        """mechanism -> (n, 3) probabilities of levels 0/1/2."""
        return _proba(self.model, self.tokenizer, self.max_length, seekers, responses, batch_size)

    def predict_levels(self, seekers: list[str], responses: list[str]) -> dict[str, np.ndarray]:
        return {m: p.argmax(axis=1) for m, p in self.predict_proba(seekers, responses).items()}


def _class_weights(y: np.ndarray) -> np.ndarray:
    """sklearn's "balanced" weights, so rare strong levels count as much as common ones."""
    from sklearn.utils.class_weight import compute_class_weight

    present = np.unique(y)
    w = np.ones(3, dtype=np.float32)
    w[present] = compute_class_weight("balanced", classes=present, y=y)
    return w


def train_cross_encoder(rows: EpitomeRows, base: str, out: Path, settings: JudgeSettings = JudgeSettings()) -> dict:
    """Fine-tune `base` on the `settings.train_role` rows, score it on the test rows, save to `out`."""
    import torch
    from transformers import (
        AutoModelForSequenceClassification,
        AutoTokenizer,
        get_linear_schedule_with_warmup,
    )

    torch.manual_seed(settings.seed)
    train_idx, test_idx = rows_for(rows, settings.train_role), rows_for(rows, "test")
    fit_idx, val_idx = split_validation(rows, train_idx, settings.validation_share)
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(base, num_labels=3 * len(MECHANISMS))
    labels = np.stack([rows.levels[m] for m in MECHANISMS], axis=1)  # (n, 3)
    weights = [torch.tensor(_class_weights(labels[fit_idx, j])) for j in range(len(MECHANISMS))]
    steps_per_epoch = -(-len(fit_idx) // settings.batch_size)
    total = steps_per_epoch * settings.epochs
    optim = torch.optim.AdamW(model.parameters(), lr=settings.learning_rate, weight_decay=0.01)
    sched = get_linear_schedule_with_warmup(optim, int(settings.warmup_share * total), total)
    rng = np.random.default_rng(settings.seed)
    started, step = time.time(), 0
    best: tuple[float, int, dict] | None = None  # (validation mean macro-F1, epoch, state dict)
    history = []
    for epoch in range(settings.epochs):
        model.train()
        for batch in np.array_split(rng.permutation(fit_idx), steps_per_epoch):
            enc = tokenizer([rows.seeker[i] for i in batch], [rows.response[i] for i in batch], truncation=True,
                            max_length=settings.max_length, padding=True, return_tensors="pt")
            logits = model(**enc).logits.view(len(batch), len(MECHANISMS), 3)
            y = torch.tensor(labels[batch])
            loss = sum(torch.nn.functional.cross_entropy(logits[:, j], y[:, j], weight=weights[j])
                       for j in range(len(MECHANISMS)))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            step += 1
            if step % 10 == 0:
                log.info("judge epoch %d step %d/%d loss %.3f (%.0f s)", epoch, step, total, loss.item(),
                         time.time() - started)
        if len(val_idx):
            model.eval()
            proba = _proba(model, tokenizer, settings.max_length, [rows.seeker[i] for i in val_idx],
                           [rows.response[i] for i in val_idx])
            pred = {m: p.argmax(axis=1) for m, p in proba.items()}
            score = float(np.mean([level_metrics(rows.levels[m][val_idx], pred[m])["macro_f1"] for m in MECHANISMS]))
            history.append({"epoch": epoch + 1, "validation_mean_macro_f1": round(score, 4)})
            log.info("judge epoch %d: validation mean macro-F1 %.4f", epoch + 1, score)
            if best is None or score > best[0]:
                best = (score, epoch + 1, {k: v.detach().clone() for k, v in model.state_dict().items()})
    if best is not None:
        model.load_state_dict(best[2])
    model.eval()
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    (out / "judge.json").write_text(json.dumps({"settings": asdict(settings), "metrics": {}}), encoding="utf-8")
    judge = CrossEncoderJudge(out, metrics={})
    pred = judge.predict_levels([rows.seeker[i] for i in test_idx], [rows.response[i] for i in test_idx])
    metrics = {m: {**level_metrics(rows.levels[m][test_idx], pred[m]), "n_train": int(len(fit_idx)),
                   "n_validation": int(len(val_idx))}
               for m in MECHANISMS}
    metrics["epoch_kept"] = best[1] if best is not None else settings.epochs
    metrics["validation_history"] = history
    metrics["train_seconds"] = round(time.time() - started, 1)
    (out / "judge.json").write_text(json.dumps({"settings": asdict(settings), "metrics": metrics}, indent=2),
                                    encoding="utf-8")
    return metrics


def judge_key(folder: Path, base: str, settings: JudgeSettings) -> str:
    hashes = [file_sha256(folder / f) for f in EPITOME_FILES.values()]
    return key_of("cross-encoder-judge", VERSION, hashes, Path(base).name, asdict(settings))


def load_or_train_judge(folder: str | Path, base: str | None = None, settings: JudgeSettings = JudgeSettings(),
                        cache: Path | None = None) -> CrossEncoderJudge:
    """The cached cross-encoder judge for this EPITOME folder and settings (trains it on a miss)."""
    from empathic.evaluation.embeddings import resolve_embedder

    folder = Path(folder)
    base = base or resolve_embedder(None)
    target = (cache or cache_dir("judges")) / judge_key(folder, base, settings)
    if not (target / "judge.json").is_file() or not json.loads((target / "judge.json").read_text())["metrics"]:
        log.info("training the EPITOME cross-encoder judge into %s (once per machine)", target)
        # trained into a folder of its own; when another process published first, its judge is kept
        publish_folder(target, lambda work: train_cross_encoder(read_epitome(folder), base, work, settings))
    return CrossEncoderJudge(target)


def main(argv: list[str] | None = None) -> None:
    """`python -m empathic.evaluation.judges EPITOME_DIR`: train (or load) the judge and print its scores."""
    import argparse

    p = argparse.ArgumentParser(description=main.__doc__)
    p.add_argument("epitome_dir", type=Path)
    p.add_argument("--epochs", type=int, default=JudgeSettings.epochs)
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    import torch

    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
    judge = load_or_train_judge(args.epitome_dir, settings=JudgeSettings(epochs=args.epochs))
    print(json.dumps({"folder": str(judge.folder), "metrics": judge.metrics}, indent=2))


if __name__ == "__main__":
    main()
