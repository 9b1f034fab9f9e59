"""`empathic ablate`: train and evaluate the auxiliary-head arms on identical data, seeds and steps.

Arms: full (emotion + strategy heads), no_emotion, no_strategy, lm_only. Every arm draws the same
example stream (the GoEmotions rows are mixed in for all of them, so only the loss terms differ),
starts from the same seed and runs the same number of optimizer steps. Each is evaluated on:

- held-out LM loss on assistant tokens (the training mask) over test conversations;
- where the arm has the head: GoEmotions test (top-1 accuracy, macro-F1), ED situation emotion
  (accuracy, macro-F1), ESConv strategy of the next reply (accuracy, macro-F1);
- optionally `empathic eval`'s generation metrics on a few prompts (`--eval-limit`).

Intervals are 95% bootstrap intervals; differences between arms are paired over the same test items
(ESConv resamples whole conversations, since turns of one conversation are not independent).
Finished arms are kept: rerunning the command continues with the arms still missing.
"""

from __future__ import annotations

import copy
import dataclasses
import gc
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from empathic.errors import UserError

log = logging.getLogger(__name__)

ARMS: dict[str, tuple[bool, bool]] = {  # name -> (emotion head, strategy head)
    "full": (True, True),
    "no_emotion": (False, True),
    "no_strategy": (True, False),
    "lm_only": (False, False),
}
ARM_RESULT = "arm_result.json"
ARM_ITEMS = "eval_items.npz"
BASE_ITEMS = "base_eval_items.npz"  # the untrained base model on the same test conversations


# ---------------------------------------------------------------- CLI


def add_arguments(parser: Any) -> None:
    parser.add_argument("--config", required=True, help="training recipe with a heads: section, e.g. "
                        "finetuning/configs/smollm2-135m-multitask.yaml")
    parser.add_argument("--steps", type=int, help="optimizer steps per arm (default: the recipe's max_steps)")
    parser.add_argument("--out", default="runs/ablate", help="output folder (default runs/ablate)")
    parser.add_argument("--arms", default=",".join(ARMS), help=f"comma-separated subset of {', '.join(ARMS)}")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                        help="override a recipe key, e.g. --set learning_rate=1e-4; heads keys as heads.KEY=VALUE")
    parser.add_argument("--go-test-limit", type=int, default=500, help="GoEmotions test rows (seeded; 0 = all)")
    parser.add_argument("--eval-limit", type=int, default=0,
                        help="also run `empathic eval` (generation metrics) on this many test prompts per arm")
    parser.add_argument("--batch-size", type=int, default=8, help="evaluation batch size")
    parser.add_argument("--resamples", type=int, default=2000, help="bootstrap resamples")
    parser.add_argument("--overwrite", action="store_true", help="retrain arms that already finished")


def run(args: Any) -> int:
    arms = [a.strip() for a in args.arms.split(",") if a.strip()]
    unknown = [a for a in arms if a not in ARMS]
    if unknown:
        raise UserError(f"unknown arm {unknown[0]!r}; choose from {', '.join(ARMS)}")
    settings = AblationSettings(
        config=Path(args.config), out=Path(args.out), arms=arms, steps=args.steps, overrides=list(args.overrides),
        go_test_limit=args.go_test_limit or None,
        eval_limit=args.eval_limit, batch_size=args.batch_size, resamples=args.resamples, overwrite=args.overwrite,
    )
    summary = run_ablation(settings)
    print(f"wrote {settings.out / 'report.md'}, {settings.out / 'ablation.png'} and {settings.out / 'ablation.json'}")
    for line in summary_lines(summary):
        print(line)
    return 0


@dataclass
class AblationSettings:
    config: Path
    out: Path
    arms: list[str]
    steps: int | None = None
    overrides: list[str] = dataclasses.field(default_factory=list)
    go_test_limit: int | None = 500
    eval_limit: int = 0
    batch_size: int = 8
    resamples: int = 2000
    overwrite: bool = False
    seed: int = 0


# ---------------------------------------------------------------- recipe


def load_ablation_recipe(settings: AblationSettings) -> tuple[Any, Any]:
    """(Recipe, HeadsConfig) from the YAML: the heads: section split off, overrides applied, steps set."""
    from empathic.training.recipe import load_recipe, read_yaml

    recipe_overrides = list(settings.overrides)  # heads.KEY=VALUE ones are applied to the heads: section
    if settings.steps is not None:
        if settings.steps < 1:
            raise UserError(f"--steps must be at least 1, got {settings.steps}")
        recipe_overrides.append(f"max_steps={settings.steps}")
    # Arms are evaluated after training, on the test split; in-training evaluation and checkpoints would
    # only cost time here (a finished arm is its own checkpoint).
    recipe_overrides += [f"output_dir={settings.out}", "eval_strategy=no", "save_strategy=no",
                         "stop_eval_prompts=0", "base_model_eval=false"]
    recipe = load_recipe(None, recipe_overrides, values=read_yaml(settings.config))
    heads = recipe.heads
    recipe.source = str(settings.config)  # relative data paths resolve beside the recipe, as in `train`
    if recipe.training.max_steps is None or recipe.training.max_steps <= 0:
        raise UserError("set the number of steps per arm: --steps N or max_steps in the recipe")
    return recipe, heads


def arm_heads(heads: Any, arm: str) -> Any:
    """The arm's heads config: its heads on or off; the GoEmotions rows mixed in for every arm."""
    emotion, strategy = ARMS[arm]
    classification = True if heads.classification is None else heads.classification
    return dataclasses.replace(heads, emotion=emotion, strategy=strategy, classification=classification)


# ---------------------------------------------------------------- data


@dataclass
class AblationData:
    folder: Path
    records: dict[str, list[dict]]
    go_train: list[dict]
    go_test: list[dict]
    family: str
    encoded: dict[str, Any] = dataclasses.field(default_factory=dict)  # train / test / go_test, encoded once

    def encode(self, tokenizer: Any, heads: Any, system_prompt: str | None, max_length: int | None) -> None:
        """Tokenize once for all arms (every arm trains and is evaluated on the same rows)."""
        from empathic.training.multitask import encode_records, encode_training_data

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
    """Prepared splits (prepared once into OUT/data unless the recipe names a folder) + GoEmotions rows."""
    from empathic.modeling.templates import detect_family
    from empathic.training.multitask import read_classification
    from empathic.training.sft import data_folder, load_splits

    folder = data_folder(recipe, tokenizer, resume=True)
    records = load_splits(folder, recipe)  # the recipe's max_test_examples caps the test conversations
    class_folder = Path(heads.classification_data) if heads.classification_data else folder / "classification"
    use_go = heads.classification is not False
    go_train = read_classification(class_folder, "train", heads.max_classification_examples,
                                   recipe.training.seed) if use_go else []
    go_test = read_classification(class_folder, "test", settings.go_test_limit, settings.seed) if use_go else []
    family = recipe.script.chat_template_family or detect_family(tokenizer)
    return AblationData(folder, records, go_train, go_test, family)


# ---------------------------------------------------------------- evaluation


@dataclass
class ArmItems:
    """Per-item evaluation results of one arm, aligned across arms (same test items, same order)."""

    lm: np.ndarray  # (n_conversations, 2): [NLL sum over assistant tokens, token count]
    go_probs: np.ndarray | None = None  # (n_go, 28) sigmoid probabilities
    go_gold: np.ndarray | None = None  # (n_go, 28) multi-hot
    ed_pred: np.ndarray | None = None  # (n_ed,) index into ED_EMOTIONS
    ed_gold: np.ndarray | None = None
    strat_pred: np.ndarray | None = None  # (n_turns,)
    strat_gold: np.ndarray | None = None
    strat_group: np.ndarray | None = None  # conversation index of each turn (the bootstrap unit)

    def save(self, path: Path) -> None:
        arrays = {k: v for k, v in dataclasses.asdict(self).items() if v is not None}
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: Path) -> ArmItems:
        with np.load(path) as data:
            return cls(**{k: data[k] for k in data.files})


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
    was_training = model.training
    model.eval()
    if heads is not None:
        heads.eval()
    lm = np.full((len(sft_rows), 2), np.nan)
    ed_pred, ed_gold, s_pred, s_gold, s_group = [], [], [], [], []
    ed_index: list[int] = []
    try:
        with torch.no_grad(), capture_hidden(model) as store:
            for idx in _batches(sft_rows, batch_size):
                batch = {k: v.to(device) for k, v in collate([sft_rows[i] for i in idx]).items()}
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
                    n_go = heads.n_emotions
                    for row, i in enumerate(idx):
                        gold = int(batch["ed_label"][row])
                        if gold != IGNORE_INDEX and batch["emo_span"][row, 1] > batch["emo_span"][row, 0]:
                            ed_index.append(i)
                            ed_pred.append(int(out.emotion_logits[row, n_go:].argmax()))
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
            items = ArmItems(lm=lm)
            if heads is not None and heads.emotion is not None:
                order = np.argsort(ed_index, kind="stable")  # back to test-file order, same for every arm
                items.ed_pred, items.ed_gold = np.asarray(ed_pred)[order], np.asarray(ed_gold)[order]
                probs = np.zeros((len(go_rows), heads.n_emotions))
                gold = np.zeros((len(go_rows), heads.n_emotions))
                for idx in _batches(go_rows, batch_size):
                    batch = {k: v.to(device) for k, v in collate([go_rows[i] for i in idx]).items()}
                    model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
                    out = head_forward(heads, store["hidden"], batch)
                    p = torch.sigmoid(out.emotion_logits[:, : heads.n_emotions]).cpu().numpy()
                    for row, i in enumerate(idx):
                        probs[i] = p[row]
                        gold[i] = batch["go_targets"][row].cpu().numpy()
                items.go_probs, items.go_gold = probs, gold
            if heads is not None and heads.strategy is not None:
                order = np.lexsort((np.arange(len(s_group)), np.asarray(s_group)))
                items.strat_pred = np.asarray(s_pred)[order]
                items.strat_gold = np.asarray(s_gold)[order]
                items.strat_group = np.asarray(s_group)[order]
    finally:
        model.train(was_training)
    return items


# ---------------------------------------------------------------- metrics with intervals


def one_hot(indices: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros((len(indices), n))
    out[np.arange(len(indices)), indices] = 1
    return out


def confusion_rows(pred: np.ndarray, gold: np.ndarray) -> np.ndarray:
    """Per item [TP_1..L, FP_1..L, FN_1..L] from multi-hot predictions and gold labels."""
    pred, gold = pred.astype(bool), gold.astype(bool)
    return np.concatenate([pred & gold, pred & ~gold, ~pred & gold], axis=1).astype(float)


def macro_f1_stat(x: np.ndarray) -> np.ndarray:
    """Macro-F1 from summed confusion rows (resamples, n, 3L): mean F1 over labels seen as gold or predicted."""
    sums = x.sum(axis=1)
    n_labels = sums.shape[-1] // 3
    tp, fp, fn = sums[..., :n_labels], sums[..., n_labels : 2 * n_labels], sums[..., 2 * n_labels :]
    denom = 2 * tp + fp + fn
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.where(denom > 0, 2 * tp / np.where(denom > 0, denom, 1), np.nan)
        return np.nanmean(f1, axis=-1)


def multilabel_predictions(probs: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    """Labels with p >= threshold, plus the top label (every GoEmotions row has at least one)."""
    pred = probs >= threshold
    pred[np.arange(len(probs)), probs.argmax(axis=1)] = True
    return pred


def task_rows(items: ArmItems) -> dict[str, dict[str, np.ndarray]]:
    """Per bootstrap unit, the columns each metric needs: {task: {"acc": (n,2) [correct, count], "f1": (n,3L)}}."""
    from empathic.modeling.heads import ED_EMOTIONS, STRATEGIES

    out: dict[str, dict[str, np.ndarray]] = {}
    if items.go_probs is not None and len(items.go_probs):
        pred = multilabel_predictions(items.go_probs)
        top_ok = items.go_gold[np.arange(len(pred)), items.go_probs.argmax(axis=1)] > 0
        out["goemotions"] = {"acc": np.stack([top_ok.astype(float), np.ones(len(pred))], axis=1),
                             "f1": confusion_rows(pred, items.go_gold)}
    if items.ed_pred is not None and len(items.ed_pred):
        n = len(ED_EMOTIONS)
        ok = (items.ed_pred == items.ed_gold).astype(float)
        out["ed_situation"] = {"acc": np.stack([ok, np.ones(len(ok))], axis=1),
                               "f1": confusion_rows(one_hot(items.ed_pred, n), one_hot(items.ed_gold, n))}
    if items.strat_pred is not None and len(items.strat_pred):
        n = len(STRATEGIES)
        groups, inverse = np.unique(items.strat_group, return_inverse=True)
        conf = confusion_rows(one_hot(items.strat_pred, n), one_hot(items.strat_gold, n))
        acc = np.zeros((len(groups), 2))
        f1 = np.zeros((len(groups), conf.shape[1]))
        np.add.at(acc, inverse, np.stack([(items.strat_pred == items.strat_gold).astype(float),
                                          np.ones(len(inverse))], axis=1))
        np.add.at(f1, inverse, conf)  # sums of counts per conversation: the bootstrap resamples conversations
        out["strategy"] = {"acc": acc, "f1": f1}
    return out


def majority_accuracy(task: str, items: ArmItems, train_majority: dict[str, int]) -> float | None:
    """Accuracy of always answering the most frequent training label (context for the head numbers)."""
    label = train_majority.get(task)
    if label is None:
        return None
    if task == "goemotions" and items.go_gold is not None:
        return float(items.go_gold[:, label].mean())
    if task == "ed_situation" and items.ed_gold is not None:
        return float((items.ed_gold == label).mean())
    if task == "strategy" and items.strat_gold is not None:
        return float((items.strat_gold == label).mean())
    return None


def _ci(values: np.ndarray, stat: Any, resamples: int, seed: int) -> dict[str, float]:
    from empathic.evaluation.bootstrap import bootstrap_ci

    point, low, high = bootstrap_ci(values, stat, n_resamples=resamples, seed=seed)
    return {"value": point, "ci_low": low, "ci_high": high, "n": int(len(values))}


def _paired(reference: np.ndarray, arm: np.ndarray, stat: Any, resamples: int, seed: int) -> dict[str, Any]:
    from empathic.evaluation.bootstrap import paired_bootstrap

    d = paired_bootstrap(reference, arm, stat, n_resamples=resamples, seed=seed)
    return {"diff": d.diff, "ci_low": d.ci_low, "ci_high": d.ci_high, "within_noise": d.within_noise, "n": d.n}


# Which arm each arm's head metrics are compared with: the other arm that has the same head.
HEAD_REFERENCE = {"goemotions": ("full", "no_strategy"), "ed_situation": ("full", "no_strategy"),
                  "strategy": ("full", "no_emotion")}


def compare_arms(items: dict[str, ArmItems], resamples: int = 2000, seed: int = 0,
                 train_majority: dict[str, int] | None = None, base: ArmItems | None = None) -> dict[str, Any]:
    """Per-arm values with 95% intervals, and paired differences (LM vs lm_only and vs the untrained
    base model; heads: full vs the single-head arm)."""
    from empathic.evaluation.bootstrap import ratio_stat

    acc_stat = ratio_stat  # [correct, count] per unit: token-style weighted mean
    result: dict[str, Any] = {"arms": {}, "diffs": {}}
    if base is not None:
        result["base"] = {"lm_loss": _ci(base.lm, ratio_stat, resamples, seed)}
        for arm, it in items.items():
            if it.lm.shape == base.lm.shape:
                result["diffs"][f"lm_loss:{arm}-base"] = _paired(base.lm, it.lm, ratio_stat, resamples, seed)
    for arm, it in items.items():
        entry: dict[str, Any] = {"lm_loss": _ci(it.lm, ratio_stat, resamples, seed)}
        for task, cols in task_rows(it).items():
            entry[task] = {"accuracy": _ci(cols["acc"], acc_stat, resamples, seed),
                           "macro_f1": _ci(cols["f1"], macro_f1_stat, resamples, seed),
                           "majority_accuracy": majority_accuracy(task, it, train_majority or {})}
        result["arms"][arm] = entry
    if "lm_only" in items:
        for arm, it in items.items():
            if arm != "lm_only":
                result["diffs"][f"lm_loss:{arm}-lm_only"] = _paired(items["lm_only"].lm, it.lm, ratio_stat,
                                                                     resamples, seed)
    for task, (a, b) in HEAD_REFERENCE.items():
        if a in items and b in items:
            rows_a, rows_b = task_rows(items[a]).get(task), task_rows(items[b]).get(task)
            if rows_a is None or rows_b is None or rows_a["acc"].shape != rows_b["acc"].shape:
                continue
            result["diffs"][f"{task}:accuracy:{a}-{b}"] = _paired(rows_b["acc"], rows_a["acc"], acc_stat,
                                                                  resamples, seed)
            result["diffs"][f"{task}:macro_f1:{a}-{b}"] = _paired(rows_b["f1"], rows_a["f1"], macro_f1_stat,
                                                                  resamples, seed)
    return result


def train_majority_labels(records: list[dict], go_train: list[dict]) -> dict[str, int]:
    """Most frequent training label of each task (for the majority-class baselines)."""
    from collections import Counter

    from empathic.modeling.heads import ED_EMOTIONS, GOEMOTIONS, STRATEGIES

    out: dict[str, int] = {}
    go = Counter(label for row in go_train for label in row.get("labels") or [] if label in GOEMOTIONS)
    if go:
        out["goemotions"] = GOEMOTIONS.index(go.most_common(1)[0][0])
    ed = Counter(r.get("emotion") for r in records if r.get("emotion") in ED_EMOTIONS)
    if ed:
        out["ed_situation"] = ED_EMOTIONS.index(ed.most_common(1)[0][0])
    st = Counter(s for r in records for s in r.get("strategies") or [] if s in STRATEGIES)
    if st:
        out["strategy"] = STRATEGIES.index(st.most_common(1)[0][0])
    return out


# ---------------------------------------------------------------- one arm


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def train_and_evaluate_arm(arm: str, recipe: Any, heads: Any, data: AblationData, tokenizer: Any,
                           settings: AblationSettings) -> dict[str, Any]:
    """Train one arm from the shared recipe, save adapter + heads, evaluate, write its result files."""
    from transformers import set_seed
    from trl import get_peft_config

    from empathic.training.multitask import build_multitask_trainer
    from empathic.training.sft import load_training_model

    arm_dir = settings.out / "arms" / arm
    arm_dir.mkdir(parents=True, exist_ok=True)
    cfg = arm_heads(heads, arm)
    training = copy.copy(recipe.training)
    training.output_dir = str(arm_dir)
    if recipe.script.cpu_speedups:  # the same CPU path as `empathic train` (bf16 autocast, no checkpointing)
        from empathic.training.speed import apply_speedups

        training, _ = apply_speedups(training)
    load_before, started = _load(), time.perf_counter()
    set_seed(training.seed)
    model = load_training_model(recipe)
    trainer = build_multitask_trainer(
        model=model, args=training, processing_class=tokenizer, train_records=data.records["train"],
        eval_records=None, heads_config=cfg, peft_config=get_peft_config(recipe.model),
        classification_rows=data.go_train, family=data.family, system_prompt=recipe.script.system_prompt,
        train_data=data.encoded["train"],
    )
    output = trainer.train()
    trainer.save_model(str(arm_dir))  # adapter + tokenizer (+ heads.safetensors/heads_config.json)
    train_seconds = time.perf_counter() - started

    test_rows, go_rows = data.encoded["test"], data.encoded["go_test"]
    items = evaluate_arm(trainer.model, tokenizer, trainer.heads, test_rows, go_rows, settings.batch_size)
    items.save(arm_dir / ARM_ITEMS)
    history = trainer.state.log_history
    result = {
        "arm": arm,
        "heads": cfg.to_dict(),
        "steps": trainer.state.global_step,
        "train_loss": output.metrics.get("train_loss"),
        "log_history": history,
        "mix_probabilities": trainer.mix_probabilities,
        "train_seconds": round(train_seconds, 1),
        "eval_seconds": round(time.perf_counter() - started - train_seconds, 1),
        "load_average_before": load_before,
        "load_average_after": _load(),
        "n_test_conversations": len(test_rows),
        "n_goemotions_test": len(go_rows),
    }
    del trainer, model
    gc.collect()
    if settings.eval_limit > 0:
        result["generation_eval"] = generation_eval(arm_dir, data.folder / "test.jsonl", settings)
    (arm_dir / ARM_RESULT).write_text(json.dumps(result, indent=2, default=float), encoding="utf-8")
    return result


def generation_eval(arm_dir: Path, test_file: Path, settings: AblationSettings) -> dict[str, Any]:
    """`empathic eval` with a small --limit on the arm's adapter (base replies come from its cache)."""
    try:
        from empathic.evaluation.runner import EvalConfig
        from empathic.evaluation.runner import run as run_eval
    except ImportError as err:  # the evaluation module is optional for this command
        return {"skipped": f"evaluation module not available ({err})"}
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


# ---------------------------------------------------------------- whole ablation


def run_ablation(settings: AblationSettings) -> dict[str, Any]:
    """Train/evaluate the missing arms, then compare all finished arms; write report, plot and JSON."""
    from empathic.modeling.loading import load_tokenizer

    recipe, heads = load_ablation_recipe(settings)
    settings.out.mkdir(parents=True, exist_ok=True)
    tokenizer = load_tokenizer(recipe.model.model_name_or_path, family=recipe.script.chat_template_family)
    data = load_data(recipe, heads, tokenizer, settings)
    log.info("ablation data: %d train conversations, %d GoEmotions train rows, %d test conversations, "
             "%d GoEmotions test rows", len(data.records["train"]), len(data.go_train), len(data.records["test"]),
             len(data.go_test))
    results: dict[str, dict] = {}
    for arm in settings.arms:
        done = settings.out / "arms" / arm / ARM_RESULT
        if done.is_file() and not settings.overwrite:
            log.info("arm %s already finished (%s); --overwrite retrains it", arm, done)
            results[arm] = json.loads(done.read_text(encoding="utf-8"))
            continue
        data.encode(tokenizer, heads, recipe.script.system_prompt, recipe.training.max_length)
        log.info("arm %s: training %d steps (load average %s)", arm, recipe.training.max_steps, _load())
        results[arm] = train_and_evaluate_arm(arm, recipe, heads, data, tokenizer, settings)
    items = {arm: ArmItems.load(settings.out / "arms" / arm / ARM_ITEMS) for arm in settings.arms}
    base = base_model_items(recipe, heads, data, tokenizer, settings)
    majority = train_majority_labels(data.records["train"], data.go_train)
    comparison = compare_arms(items, settings.resamples, settings.seed, majority, base=base)
    summary = {
        "command": command_line(settings),
        "config": str(settings.config),
        "steps": recipe.training.max_steps,
        "effective_batch": recipe.training.per_device_train_batch_size * recipe.training.gradient_accumulation_steps,
        "max_length": recipe.training.max_length,
        "seed": recipe.training.seed,
        "heads": heads.to_dict(),
        "arms": {arm: {k: v for k, v in r.items() if k != "log_history"} for arm, r in results.items()},
        "comparison": comparison,
        "data": {"folder": str(data.folder), "train": len(data.records["train"]),
                 "goemotions_train": len(data.go_train), "test": len(data.records["test"]),
                 "goemotions_test": len(data.go_test)},
        "cpu_count": os.cpu_count(),
    }
    (settings.out / "ablation.json").write_text(json.dumps(summary, indent=2, default=float), encoding="utf-8")
    plot_ablation(comparison, settings.out / "ablation.png")
    plot_training(results, settings.out / "ablation_training.png")
    (settings.out / "report.md").write_text(render_report(summary), encoding="utf-8")
    return summary


def base_model_items(recipe: Any, heads: Any, data: AblationData, tokenizer: Any,
                     settings: AblationSettings) -> ArmItems:
    """LM loss of the untrained base model on the same test conversations (cached in OUT)."""
    from empathic.training.sft import load_training_model

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


def command_line(settings: AblationSettings) -> str:
    parts = ["empathic ablate", f"--config {settings.config}", f"--out {settings.out}",
             f"--arms {','.join(settings.arms)}"]
    if settings.steps is not None:
        parts.append(f"--steps {settings.steps}")
    parts += [f"--set {o}" for o in settings.overrides]
    parts.append(f"--go-test-limit {settings.go_test_limit or 0}")
    if settings.eval_limit:
        parts.append(f"--eval-limit {settings.eval_limit}")
    return " ".join(parts)


# ---------------------------------------------------------------- report


TASK_TITLES = {"goemotions": "GoEmotions (28, multi-label)", "ed_situation": "ED situation emotion (32)",
               "strategy": "ESConv next-reply strategy (8)"}


def _fmt(entry: dict | None, digits: int = 3) -> str:
    if not entry or entry.get("value") is None or not np.isfinite(entry["value"]):
        return "–"
    return f"{entry['value']:.{digits}f} [{entry['ci_low']:.{digits}f}, {entry['ci_high']:.{digits}f}]"


def _fmt_diff(d: dict | None, digits: int = 3) -> str:
    if not d or d.get("diff") is None or not np.isfinite(d["diff"]):
        return "–"
    verdict = "within noise" if d["within_noise"] else "outside noise"
    return f"{d['diff']:+.{digits}f} [{d['ci_low']:+.{digits}f}, {d['ci_high']:+.{digits}f}] ({verdict})"


def render_report(summary: dict[str, Any]) -> str:
    """Markdown: setup, LM table, head table, paired differences, generation metrics, per-arm cost."""
    comp = summary["comparison"]
    arms = list(comp["arms"])
    lines = ["# Auxiliary-head ablation", "", f"Command: `{summary['command']}`", "",
             f"Recipe `{summary['config']}`: {summary['steps']} optimizer steps per arm, effective batch "
             f"{summary['effective_batch']}, max_length {summary['max_length']}, seed {summary['seed']}. "
             f"Heads: λ_lm {summary['heads']['lambda_lm']}, λ_emo {summary['heads']['lambda_emotion']}, "
             f"λ_strat {summary['heads']['lambda_strategy']}, mix α {summary['heads']['alpha']}. "
             "Every arm sees the same example stream (GoEmotions rows included) and only its loss terms differ.",
             "", f"Data: {summary['data']['train']} train conversations + {summary['data']['goemotions_train']} "
             f"GoEmotions rows; evaluated on {summary['data']['test']} test conversations and "
             f"{summary['data']['goemotions_test']} GoEmotions test rows. 95% bootstrap intervals "
             "(paired over the same test items for differences; ESConv by conversation).", "",
             "## Held-out LM loss (assistant tokens, training mask; lower is better)", "",
             "| Arm | LM loss [95% CI] | Difference vs lm_only [95% CI] | Difference vs base model [95% CI] |",
             "| --- | --- | --- | --- |"]
    if "base" in comp:
        lines.append(f"| base model (no training) | {_fmt(comp['base']['lm_loss'], 4)} | – | – |")
    for arm in arms:
        diff = comp["diffs"].get(f"lm_loss:{arm}-lm_only")
        lines.append(f"| {arm} | {_fmt(comp['arms'][arm]['lm_loss'], 4)} | "
                     f"{_fmt_diff(diff, 4) if diff else ('reference' if arm == 'lm_only' else '–')} | "
                     f"{_fmt_diff(comp['diffs'].get(f'lm_loss:{arm}-base'), 4)} |")
    lines += ["", "## Heads on held-out data (higher is better)", "",
              "| Task | Arm | Accuracy [95% CI] | Macro-F1 [95% CI] | Majority-class accuracy | n |",
              "| --- | --- | --- | --- | --- | --- |"]
    for task, title in TASK_TITLES.items():
        for arm in arms:
            entry = comp["arms"][arm].get(task)
            if entry is None:
                continue
            maj = entry.get("majority_accuracy")
            lines.append(f"| {title} | {arm} | {_fmt(entry['accuracy'])} | {_fmt(entry['macro_f1'])} | "
                         f"{'–' if maj is None else f'{maj:.3f}'} | {entry['accuracy']['n']} |")
    lines += ["", "GoEmotions accuracy = the top-scored label is one of the gold labels; its macro-F1 predicts "
              "every label with p ≥ 0.5 plus the top label. ESConv n counts conversations (the bootstrap unit).",
              "", "## Paired differences between arms", "", "| Comparison | Difference [95% CI] |", "| --- | --- |"]
    for key, d in comp["diffs"].items():
        lines.append(f"| {key} | {_fmt_diff(d, 4)} |")
    gen = {arm: r.get("generation_eval") for arm, r in summary["arms"].items() if r.get("generation_eval")}
    if gen:
        lines += ["", "## Generation metrics (`empathic eval`, tuned minus base, small sample)", ""]
        for arm, g in gen.items():
            if "skipped" in g:
                lines.append(f"- {arm}: {g['skipped']}")
                continue
            parts = [f"{row['label']} {row['tuned']:.3g} ({row['diff']:+.3g} "
                     f"[{row['ci_low']:+.3g}, {row['ci_high']:+.3g}])" for row in g.get("headline", [])]
            lines.append(f"- {arm} (n={g.get('n')}): " + "; ".join(parts))
        lines.append(f"\nCommand per arm: `{next(iter(gen.values())).get('command', '')}`")
    lines += ["", "## Cost and machine load", "", "| Arm | Steps | Train s | Eval s | Load avg before | after |",
              "| --- | --- | --- | --- | --- | --- |"]
    for arm, r in summary["arms"].items():
        lines.append(f"| {arm} | {r.get('steps')} | {r.get('train_seconds')} | {r.get('eval_seconds')} | "
                     f"{r.get('load_average_before')} | {r.get('load_average_after')} |")
    lines += ["", f"CPU cores: {summary.get('cpu_count')}. Plots: `ablation.png` (test metrics), "
              "`ablation_training.png` (logged training losses); all numbers: `ablation.json`.", ""]
    return "\n".join(lines)


def plot_ablation(comparison: dict[str, Any], path: Path) -> Path:
    """Four panels: LM loss per arm, and each head task's accuracy / macro-F1 per arm, with 95% CIs."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    arms = list(comparison["arms"])
    fig, axes = plt.subplots(1, 4, figsize=(16, 3.8), dpi=110)

    def bars(ax: Any, labels: list[str], entries: list[dict], title: str, ylabel: str, color: str) -> None:
        values = [e["value"] for e in entries]
        err = [[e["value"] - e["ci_low"] for e in entries], [e["ci_high"] - e["value"] for e in entries]]
        ax.bar(labels, values, yerr=err, capsize=4, color=color, alpha=0.8)
        ax.set_title(title, fontsize=10)
        ax.set_ylabel(ylabel)
        ax.tick_params(axis="x", rotation=30)
        ax.grid(axis="y", alpha=0.3)

    lm = [comparison["arms"][a]["lm_loss"] for a in arms]
    bars(axes[0], arms, lm, "Held-out LM loss (lower is better)", "CE on assistant tokens", "#1f77b4")
    base = comparison.get("base", {}).get("lm_loss")
    if base is not None:
        axes[0].axhline(base["value"], color="#d62728", ls="--", lw=1, label=f"base model {base['value']:.3f}")
        axes[0].legend(fontsize=7)
    low = min(e["ci_low"] for e in lm + ([base] if base else []))
    high = max(e["ci_high"] for e in lm + ([base] if base else []))
    axes[0].set_ylim(low - 0.5 * (high - low + 1e-3), high + 0.5 * (high - low + 1e-3))
    for ax, (task, title) in zip(axes[1:], TASK_TITLES.items(), strict=True):
        with_task = [a for a in arms if task in comparison["arms"][a]]
        if not with_task:
            ax.set_axis_off()
            ax.set_title(f"{title}: no arm has this head", fontsize=9)
            continue
        labels = [f"{a}\nacc" for a in with_task] + [f"{a}\nF1" for a in with_task]
        entries = [comparison["arms"][a][task]["accuracy"] for a in with_task]
        entries += [comparison["arms"][a][task]["macro_f1"] for a in with_task]
        bars(ax, labels, entries, title, "accuracy / macro-F1", "#2ca02c")
        majority = comparison["arms"][with_task[0]][task].get("majority_accuracy")
        if majority is not None:
            ax.axhline(majority, color="#7f7f7f", ls="--", lw=1, label="majority-class accuracy")
            ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def plot_training(results: dict[str, dict], path: Path) -> Path:
    """Logged LM, emotion and strategy losses against the step, one line per arm (5-step windows)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(14, 3.6), dpi=110)
    for ax, key, title in zip(axes, ("lm_loss", "emotion_loss", "strategy_loss"),
                              ("LM loss (train windows)", "emotion loss", "strategy loss"), strict=True):
        for arm, result in results.items():
            points = [(e["step"], e[key]) for e in result.get("log_history", []) if key in e]
            if points:
                ax.plot(*zip(*points, strict=True), marker="o", ms=3, lw=1.2, label=arm)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("optimizer step")
        ax.grid(alpha=0.3)
        if ax.get_lines():
            ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def summary_lines(summary: dict[str, Any]) -> list[str]:
    comp = summary["comparison"]
    out = []
    for arm, entry in comp["arms"].items():
        lm = entry["lm_loss"]
        line = f"{arm}: LM loss {_fmt(lm, 4)}"
        diff = comp["diffs"].get(f"lm_loss:{arm}-lm_only")
        if diff:
            line += f", vs lm_only {_fmt_diff(diff, 4)}"
        for task in TASK_TITLES:
            if task in entry:
                line += f"; {task} acc {entry[task]['accuracy']['value']:.3f} F1 {entry[task]['macro_f1']['value']:.3f}"
        out.append(line)
    return out
