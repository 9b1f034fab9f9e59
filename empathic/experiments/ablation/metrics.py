"""Ablation metrics: per-item results of an arm, accuracy and macro-F1 with bootstrap intervals,
majority-class baselines, and paired differences between arms."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np


@dataclass(frozen=True)
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

