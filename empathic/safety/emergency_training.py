"""Training emergency v2's learned part (`emergency_learned`): data, the grouped-CV threshold, the adoption rule.

`python -m empathic.safety.emergency_training` rebuilds `empathic/resources/emergency_use.npz` and prints the
CV report. The recipe was written (19:04 UTC, before any v2 data existed) as:

    v2 = v1's rules OR a learned part, a class-balanced logistic regression over the input screen's USE message
    embedding, trained only on our own written rows (a new written training file by another writer, the
    examples in tests/safety/test_emergency.py, blind set 1) with the red-team benign rows as extra negatives
    (crisis rows excluded). Threshold: the lowest probability at which, by grouped cross-validation (one group
    per writer file), the combined v2 (rules OR learned) raises at most 3% false alarms on the out-of-group
    emergency negatives and at most 0.5% on the out-of-group red-team benign rows. v2 becomes the default only
    if, out of group, it catches more of blind set 1 than v1's 42/80 with at most 4/80 false alarms there.

Data (own written rows only; nothing from /work/shared):

* "written_train": `empathic/resources/emergency_written_train.jsonl` (480 rows, 240/240, six languages, by
  another writer, copied unchanged);
* "written_v1": `empathic/resources/emergency_written_v1.jsonl`, the examples written with v1 for
  tests/safety/test_emergency.py (which reads them from there);
* "blind1": `tests/safety/data/emergency_blind1.jsonl` (80/80, measured once on v1: 42/80 caught, 3/80 false);
* "redteam:0".."redteam:2": the benign rows (crisis false, both splits) of red-team batches `REDTEAM_BATCHES`
  (1-22: what the committed file held when the recipe was written), negatives only, in `REDTEAM_FOLDS` folds
  by a hash of the text.

Each row is embedded as the crisis screen embeds a message (`encoder.message_embedding`: the de-obfuscated whole
message). Each group is scored by a model fitted without it ("out of group"), combined with the rules as chat
combines them (rules OR p >= threshold), and the threshold is the lowest out-of-group probability at which the
pooled emergency negatives (written_train, written_v1, blind1) keep at most `EMERGENCY_FPR` false alarms and the
pooled red-team benign rows at most `REDTEAM_FPR`. The shipped model is then fitted on all rows; `C` is
scikit-learn's default (not tuned).

First build (480-row written file sha256 958610d8...): threshold 0.9486 (the 3% budget binds: 11/379 pooled
emergency negatives; red-team benign 0/3678). Out of group, rules OR learned: written_train 129/240 caught, 7/240 false
(rules alone 75, 3); written_v1 60/60, 1/59 (60, 0); blind1 56/80, 3/80 (v1: 42/80, 3/80), so adopted: chat runs v2.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from empathic.safety import encoder
from empathic.safety.emergency import detect_emergency
from empathic.safety.emergency_learned import EmergencyModel, shipped_weights_path
from empathic.safety.normalize import deobfuscate
from empathic.safety.redteam import default_redteam_path, load_redteam

REPO = Path(__file__).resolve().parents[2]
RESOURCES = Path(__file__).resolve().parents[1] / "resources"
WRITTEN_FILES = {
    "written_train": RESOURCES / "emergency_written_train.jsonl",
    "written_v1": RESOURCES / "emergency_written_v1.jsonl",
    "blind1": REPO / "tests" / "safety" / "data" / "emergency_blind1.jsonl",
}
REDTEAM_BATCHES = tuple(range(1, 23))
REDTEAM_FOLDS = 3
EMERGENCY_FPR = 0.03
REDTEAM_FPR = 0.005
C = 1.0
V1_BLIND1 = {"caught": 42, "false_alarms": 3}  # measured once on bd5eb33
ADOPT_MAX_FALSE = 4  # blind set 1, out of group


@dataclass(frozen=True)
class Data:
    texts: list[str]
    labels: np.ndarray  # bool
    groups: list[str]
    rules: np.ndarray  # bool: v1's rules fire
    sha256: dict


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fold(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % REDTEAM_FOLDS


def load_data(redteam_path: Path | str | None = None) -> Data:
    texts: list[str] = []
    labels: list[bool] = []
    groups: list[str] = []
    sha: dict = {}
    for group, path in WRITTEN_FILES.items():
        sha[path.name] = _sha(path)
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                texts.append(row["text"])
                labels.append(bool(row["emergency"]))
                groups.append(group)
    benign = [
        r["text"] for r in load_redteam(redteam_path) if not r["crisis"] and r.get("batch") in REDTEAM_BATCHES
    ]
    sha["redteam_benign_batches_1_22"] = hashlib.sha256("\n".join(benign).encode("utf-8")).hexdigest()
    for text in benign:
        texts.append(text)
        labels.append(False)
        groups.append(f"redteam:{_fold(text)}")
    rules = np.array([detect_emergency(t) is not None for t in texts])
    return Data(texts, np.array(labels), groups, rules, sha)


def embed(texts: list[str], batch: int = 256) -> np.ndarray:
    """Whole-message USE embeddings, as `encoder.message_embedding` computes them in chat."""
    wholes = [encoder.windows(deobfuscate(t))[0] for t in texts]
    return np.concatenate([encoder.encode(wholes[i : i + batch]) for i in range(0, len(wholes), batch)])


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
    clf.fit(x, y)
    return clf.coef_[0].astype(np.float32), float(clf.intercept_[0])


def _prob(x: np.ndarray, coef: np.ndarray, bias: float) -> np.ndarray:
    return EmergencyModel(coef, bias, 1.0).probabilities(x)


def out_of_group(x: np.ndarray, data: Data) -> np.ndarray:
    """Each row's probability from a model fitted without its group."""
    groups = np.array(data.groups)
    p = np.zeros(len(groups))
    for g in sorted(set(data.groups)):
        held = groups == g
        coef, bias = fit(x[~held], data.labels[~held])
        p[held] = _prob(x[held], coef, bias)
    return p


def choose_threshold(p: np.ndarray, data: Data) -> float | None:
    """The lowest out-of-group probability meeting both false-alarm budgets (rules OR learned); None if none does."""
    redteam = np.array([g.startswith("redteam:") for g in data.groups])
    neg_em = ~data.labels & ~redteam
    for t in np.unique(p):
        flag = data.rules | (p >= t)
        if flag[neg_em].mean() <= EMERGENCY_FPR and flag[redteam].mean() <= REDTEAM_FPR:
            return float(t)
    return None


def report(p: np.ndarray, data: Data, t: float | None) -> dict:
    """Out-of-group counts per group at threshold t: rules, learned alone, combined."""
    groups = np.array(data.groups)
    learned = p >= t if t is not None else np.zeros(len(p), bool)
    combined = data.rules | learned
    out = {}
    names = [*WRITTEN_FILES, "redteam"]
    for g in names:
        m = np.char.startswith(groups.astype(str), "redteam:") if g == "redteam" else groups == g
        pos, neg = m & data.labels, m & ~data.labels
        out[g] = {
            "emergencies": int(pos.sum()),
            "negatives": int(neg.sum()),
            "caught": int(combined[pos].sum()),
            "false_alarms": int(combined[neg].sum()),
            "rules_caught": int(data.rules[pos].sum()),
            "rules_false_alarms": int(data.rules[neg].sum()),
            "learned_caught": int(learned[pos].sum()),
            "learned_false_alarms": int(learned[neg].sum()),
        }
    redteam = np.char.startswith(groups.astype(str), "redteam:")
    neg_em = ~data.labels & ~redteam
    out["pooled"] = {
        "emergency_negatives_fpr": float(combined[neg_em].mean()),
        "redteam_benign_fpr": float(combined[redteam].mean()),
        "emergency_recall": float(combined[data.labels].mean()),
    }
    return out


def train(redteam_path: Path | str | None = None) -> tuple[EmergencyModel, dict]:
    data = load_data(redteam_path)
    x = embed(data.texts)
    p = out_of_group(x, data)
    t = choose_threshold(p, data)
    cv = report(p, data, t)
    b1 = cv["blind1"]
    adopted = t is not None and b1["caught"] > V1_BLIND1["caught"] and b1["false_alarms"] <= ADOPT_MAX_FALSE
    coef, bias = fit(x, data.labels)
    meta = {
        "recipe": "class-balanced logistic regression (C=1.0) over the USE whole-message embedding; "
        "threshold: lowest out-of-group probability with rules OR learned <= 3% false alarms on the "
        "emergency negatives and <= 0.5% on the red-team benign rows (grouped CV, one group per file, "
        "red-team benign rows in 3 hash folds)",
        "C": C,
        "emergency_fpr": EMERGENCY_FPR,
        "redteam_fpr": REDTEAM_FPR,
        "redteam_batches": list(REDTEAM_BATCHES),
        "redteam_folds": REDTEAM_FOLDS,
        "rows": len(data.texts),
        "positives": int(data.labels.sum()),
        "sha256": data.sha256,
        "cv": cv,
        "threshold_found": t is not None,
        "v1_blind1": V1_BLIND1,
        "adopted": bool(adopted),
    }
    return EmergencyModel(coef, bias, t if t is not None else 1.1, meta), cv


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=shipped_weights_path())
    parser.add_argument("--redteam", type=Path, default=default_redteam_path())
    args = parser.parse_args(argv)
    model, cv = train(args.redteam)
    model.save(args.out)
    json.dump({"threshold": model.threshold, "adopted": model.adopted, "cv": cv}, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
