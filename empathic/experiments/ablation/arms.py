"""One ablation arm: the data all arms share (encoded once), training an arm, and measuring it."""

from __future__ import annotations

import copy
import dataclasses
import gc
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from empathic.experiments.ablation.metrics import ArmItems
from empathic.experiments.ablation.settings import (
    ARM_ITEMS,
    ARM_RESULT,
    BASE_ITEMS,
    AblationSettings,
    arm_heads,
)
from empathic.io import write_json

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AblationData:
    folder: Path
    records: dict[str, list[dict]]
    go_train: list[dict]
    go_test: list[dict]
    family: str
    encoded: dict[str, Any] = field(default_factory=dict)  # train / test / go_test, filled once by `encode`

    def encode(self, tokenizer: Any, heads: Any, system_prompt: str | None, max_length: int | None) -> None:
        """Tokenize once for all arms (every arm trains and is evaluated on the same rows)."""
        from empathic.training.multitask_data import encode_records, encode_training_data

        if self.encoded:
            return
        started = time.perf_counter()
        kwargs = {"family": self.family, "system_prompt": system_prompt, "max_length": max_length}
        self.encoded["train"] = encode_training_data(tokenizer, self.records["train"], self.go_train,
                                                     arm_heads(heads, "full"), **kwargs)
        self.encoded["test"] = encode_records(tokenizer, self.records["test"], **kwargs).rows
        self.encoded["go_test"] = encode_records(tokenizer, [], self.go_test, **kwargs).rows
        log.info("encoded %s training rows and %d + %d test rows in %.0f s", self.encoded["train"].counts(),
                 len(self.encoded["test"]), len(self.encoded["go_test"]), time.perf_counter() - started)


def load_data(recipe: Any, heads: Any, tokenizer: Any, settings: AblationSettings) -> AblationData:
    """The data `empathic train` loads for the full arm (prepared once into OUT/data unless the recipe
    names a folder; GoEmotions rows mixed in), plus the GoEmotions test rows."""
    from empathic.training.data import chat_family, load_training_data, read_classification, resolve_path

    full = dataclasses.replace(recipe, heads=arm_heads(heads, "full"))
    train = load_training_data(full, tokenizer, resume=True)  # max_test_examples caps the test conversations
    go_test: list[dict] = []
    if full.heads.use_classification:
        where = resolve_path(heads.classification_data, recipe) if heads.classification_data else train.folder
        go_test = read_classification(where, "test", settings.go_test_limit, settings.seed)
    return AblationData(train.folder, train.records, train.classification, go_test, chat_family(recipe, tokenizer))


def _batches(rows: list[dict], batch_size: int) -> list[list[int]]:
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]["input_ids"]))  # little padding
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]


def evaluate_arm(model: Any, tokenizer: Any, heads: Any, sft_rows: list[dict], go_rows: list[dict],
                 batch_size: int = 8) -> ArmItems:
    """One forward pass per batch gives the LM loss and (through the hook) the heads' inputs."""
    import torch

    from empathic.modeling.heads import IGNORE_INDEX, capture_hidden, head_forward
    from empathic.training.multitask import MultiTaskCollator

    collate = MultiTaskCollator(pad_token_id=tokenizer.pad_token_id)
    device = next(model.parameters()).device

    def batches(rows: list[dict]) -> Any:
        for idx in _batches(rows, batch_size):
            yield idx, {k: v.to(device) for k, v in collate([rows[i] for i in idx]).items()}

    was_training = model.training
    model.eval()
    if heads is not None:
        heads.eval()
    lm = np.full((len(sft_rows), 2), np.nan)
    ed_pred, ed_gold, s_pred, s_gold, s_group = [], [], [], [], []
    ed_index: list[int] = []
    fields: dict[str, np.ndarray] = {}
    try:
        with torch.no_grad(), capture_hidden(model) as store:
            for idx, batch in batches(sft_rows):
                logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits.float()
                labels = batch["labels"][:, 1:]
                nll = torch.nn.functional.cross_entropy(
                    logits[:, :-1].reshape(-1, logits.shape[-1]), labels.reshape(-1),
                    ignore_index=IGNORE_INDEX, reduction="none").view(labels.shape)
                valid = labels != IGNORE_INDEX
                for row, i in enumerate(idx):
                    lm[i] = [float(nll[row][valid[row]].sum()), float(valid[row].sum())]
                if heads is None:
                    continue
                out = head_forward(heads, store["hidden"], batch)
                if out.emotion_logits is not None:
                    for row, i in enumerate(idx):
                        gold = int(batch["ed_label"][row])
                        if gold != IGNORE_INDEX and batch["emo_span"][row, 1] > batch["emo_span"][row, 0]:
                            ed_index.append(i)
                            ed_pred.append(int(out.emotion_logits[row, heads.n_emotions :].argmax()))
                            ed_gold.append(gold)
                if out.strategy_logits is not None:
                    pred = out.strategy_logits.argmax(-1)
                    for row, i in enumerate(idx):
                        for k in range(batch["strat_labels"].shape[1]):
                            gold = int(batch["strat_labels"][row, k])
                            if gold != IGNORE_INDEX:
                                s_pred.append(int(pred[row, k]))
                                s_gold.append(gold)
                                s_group.append(i)
            if heads is not None and heads.emotion is not None:
                order = np.argsort(ed_index, kind="stable")  # back to test-file order, same for every arm
                fields["ed_pred"], fields["ed_gold"] = np.asarray(ed_pred)[order], np.asarray(ed_gold)[order]
                probs = np.zeros((len(go_rows), heads.n_emotions))
                gold = np.zeros((len(go_rows), heads.n_emotions))
                for idx, batch in batches(go_rows):
                    model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
                    out = head_forward(heads, store["hidden"], batch)
                    p = torch.sigmoid(out.emotion_logits[:, : heads.n_emotions]).cpu().numpy()
                    for row, i in enumerate(idx):
                        probs[i] = p[row]
                        gold[i] = batch["go_targets"][row].cpu().numpy()
                fields["go_probs"], fields["go_gold"] = probs, gold
            if heads is not None and heads.strategy is not None:
                order = np.lexsort((np.arange(len(s_group)), np.asarray(s_group)))
                fields["strat_pred"] = np.asarray(s_pred)[order]
                fields["strat_gold"] = np.asarray(s_gold)[order]
                fields["strat_group"] = np.asarray(s_group)[order]
    finally:
        model.train(was_training)
    return ArmItems(lm=lm, **fields)


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def train_and_evaluate_arm(arm: str, recipe: Any, heads: Any, data: AblationData, tokenizer: Any,
                           settings: AblationSettings) -> dict[str, Any]:
    """Train one arm from the shared recipe, save adapter + heads, evaluate, write its result files."""
    from transformers import set_seed

    from empathic.training.trainer import build_trainer, load_training_model

    arm_dir = settings.arm_dir(arm)
    arm_dir.mkdir(parents=True, exist_ok=True)
    cfg = arm_heads(heads, arm)
    training = copy.copy(recipe.training)  # CPU speed-ups already applied by load_recipe, as for `empathic train`
    training.output_dir = str(arm_dir)
    variant = dataclasses.replace(recipe, training=training, heads=cfg)
    load_before, started = load_average(), time.perf_counter()
    set_seed(training.seed)
    model = load_training_model(variant)
    # multitask=True: the lm_only arm has every head off and must still draw the same example stream
    # (GoEmotions rows mixed in) as the other arms.
    trainer = build_trainer(variant, model, tokenizer, data.records["train"], classification_rows=data.go_train,
                            train_data=data.encoded["train"], multitask=True)
    output = trainer.train()
    trainer.save_model(str(arm_dir))  # adapter + tokenizer (+ heads.safetensors/heads_config.json)
    train_seconds = time.perf_counter() - started

    test_rows, go_rows = data.encoded["test"], data.encoded["go_test"]
    items = evaluate_arm(trainer.model, tokenizer, trainer.heads, test_rows, go_rows, settings.batch_size)
    items.save(arm_dir / ARM_ITEMS)
    result = {
        "arm": arm,
        "heads": cfg.to_dict(),
        "steps": trainer.state.global_step,
        "train_loss": output.metrics.get("train_loss"),
        "log_history": trainer.state.log_history,
        "mix_probabilities": trainer.mix_probabilities,
        "train_seconds": round(train_seconds, 1),
        "eval_seconds": round(time.perf_counter() - started - train_seconds, 1),
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "n_test_conversations": len(test_rows),
        "n_goemotions_test": len(go_rows),
    }
    del trainer, model
    gc.collect()
    if settings.eval_limit > 0:
        result["generation_eval"] = generation_eval(arm_dir, data.folder / "test.jsonl", settings)
    write_json(arm_dir / ARM_RESULT, result, default=float)  # atomic: its presence marks a finished arm
    return result


def base_model_items(recipe: Any, heads: Any, data: AblationData, tokenizer: Any,
                     settings: AblationSettings) -> ArmItems:
    """LM loss of the untrained base model on the same test conversations (cached in OUT)."""
    from empathic.training.trainer import load_training_model

    path = settings.out / BASE_ITEMS
    if path.is_file() and not settings.overwrite:
        return ArmItems.load(path)
    data.encode(tokenizer, heads, recipe.script.system_prompt, recipe.training.max_length)
    log.info("measuring the base model's held-out LM loss (no adapter)")
    model = load_training_model(recipe)
    items = evaluate_arm(model, tokenizer, None, data.encoded["test"], [], settings.batch_size)
    items.save(path)
    del model
    gc.collect()
    return items


def generation_eval(arm_dir: Path, test_file: Path, settings: AblationSettings) -> dict[str, Any]:
    """`empathic eval` with a small --limit on the arm's adapter (base replies come from its cache)."""
    from empathic.evaluation.runner import EvalConfig
    from empathic.evaluation.runner import run as run_eval

    cfg = EvalConfig(data=test_file, out=arm_dir / "eval", adapter=str(arm_dir), limit=settings.eval_limit,
                     eqbench=False, classifiers=False, perplexity=False, safety=False,
                     n_resamples=settings.resamples, seed=settings.seed, max_new_tokens=96)
    try:
        metrics = run_eval(cfg)
    except Exception as err:  # generation metrics are a side dish: never lose a trained arm to them
        log.warning("empathic eval failed for %s: %s", arm_dir, err)
        return {"skipped": f"empathic eval failed: {str(err).splitlines()[0] if str(err) else type(err).__name__}"}
    return {"command": f"empathic eval --data {test_file} --adapter {arm_dir} --out {arm_dir / 'eval'} "
                       f"--limit {settings.eval_limit} --no-eqbench --no-classifiers --no-perplexity "
                       "--max-new-tokens 96",
            "headline": metrics.get("headline", []), "n": metrics["meta"]["n_examples"]}
