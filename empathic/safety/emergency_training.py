"""Training emergency v2-v4's learned part (`emergency_learned`): data, the grouped-CV threshold, the adoption rule.

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

v3 (rule written 22:10 UTC, before any v3 work):

    EMERGENCY v3 = v2 (rules OR learned, threshold rule of v2) with blind emergency sets 1 and 2 as training rows
    (one CV group each) and the learned part also applied per sentence for messages of 2+ sentences (max over the
    whole message and its sentences). v3 becomes the default only if, out of group, it catches more of blind set 2
    than v2's 63/80 with at most 3/80 false alarms there, and raises no more false alarms out of group on the
    red-team benign rows than v2's threshold rule allows (0.5%).

Group "blind2" (`tests/safety/data/emergency_blind2.jsonl`, 80/80, measured once on v2: 63/80 caught, 2/80 false)
is added; the model is still fitted on whole messages, and each row's out-of-group probability is the maximum over
the whole message and its sentences (`emergency_learned.sentence_windows`). `--whole-only` builds the v2 recipe.

First v3 build: threshold 0.94554 (the 3% budget binds: 13/459 pooled emergency negatives; red-team benign
1/3678). Out of group: blind2 64/80 caught, 2/80 false (v2: 63/80, 2/80), red-team benign 0.027%: adopted, chat
runs v3. Also blind1 60/80, 3/80 (v2 56, 3); written_train 136/240, 7/240; written_v1 60/60, 1/59. The margin on
blind 2 is one message, and it comes from the lower threshold (blind 2's negatives joined the pool), not from the
sentences: the whole-only recipe on the same groups also gives 64/80, 2/80 there (blind1 58/80, red-team 0/3678).

v4 (rule written 05:32 UTC, before any v4 work):

    EMERGENCY v4. v3's recipe unchanged with blind set 3 added as a training group; the threshold by v3's rule.
    Adopted if out of group on blind 3 it catches at least v3's blind-3 number (56/80) with at most 3/80 false
    alarms and no red-team benign row alarms more than at v3; else v3 stays.

Group "blind3" (`tests/safety/data/emergency_blind3.jsonl`, 80/80, measured once on v3's freeze 2830489: 56/80
caught, 3/80 false) is added; nothing else changes. "No red-team benign row alarms more than at v3" is read on the
out-of-group red-team benign rows, both as a count (v3: 1/3678) and row by row (the rows that alarm out of group
are among v3's: `V3_REDTEAM_ALARMS`, the sha256 of the one row, a long post about a nervous rescue greyhound).

First v4 build: threshold 0.93743 (the 3% budget binds: 16/539 pooled emergency negatives; red-team benign
1/3678, the same greyhound row as v3). Out of group: blind3 59/80 caught, 3/80 false (v3 as measured: 56/80,
3/80): adopted, chat runs v4. Also blind1 62/80, 3/80 (v3 60, 3); blind2 68/80, 2/80 (v3 64, 2); written_train
147/240, 7/240 (v3 136, 7); written_v1 60/60, 1/59 (unchanged).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from empathic.io import read_jsonl
from empathic.safety import encoder
from empathic.safety.emergency import detect_emergency
from empathic.safety.emergency_learned import EmergencyModel, sentence_windows, shipped_weights_path
from empathic.safety.normalize import deobfuscate
from empathic.safety.redteam import default_redteam_path, load_redteam

REPO = Path(__file__).resolve().parents[2]
RESOURCES = Path(__file__).resolve().parents[1] / "resources"
WRITTEN_FILES = {
    "written_train": RESOURCES / "emergency_written_train.jsonl",
    "written_v1": RESOURCES / "emergency_written_v1.jsonl",
    "blind1": REPO / "tests" / "safety" / "data" / "emergency_blind1.jsonl",
    "blind2": REPO / "tests" / "safety" / "data" / "emergency_blind2.jsonl",
    "blind3": REPO / "tests" / "safety" / "data" / "emergency_blind3.jsonl",
}
REDTEAM_BATCHES = tuple(range(1, 23))
REDTEAM_FOLDS = 3
EMERGENCY_FPR = 0.03
REDTEAM_FPR = 0.005
C = 1.0
V1_BLIND1 = {"caught": 42, "false_alarms": 3}  # measured once on bd5eb33
V2_BLIND1 = {"caught": 56, "false_alarms": 3}  # v2 out of group (a6e2909)
V2_BLIND2 = {"caught": 63, "false_alarms": 2}  # measured once on v2's freeze (a6e2909, chat's default)
V3_BLIND2 = {"caught": 64, "false_alarms": 2}  # v3 out of group (2830489)
V3_BLIND3 = {"caught": 56, "false_alarms": 3}  # measured once on v3's freeze (2830489, chat's default)
# v3's out-of-group red-team benign alarms (1/3678): the sha256 of each row's text
V3_REDTEAM_ALARMS = frozenset({"611381bcccf2251154196e9118e76c64a477e4aa5e1452091f7bcc905351dfe1"})
ADOPT_GROUP = "blind3"  # v4's adoption reads this group, out of group
ADOPT_MAX_FALSE = 3  # of blind set 3's 80 negatives
PER_SENTENCE = True  # v3: the learned part also reads each sentence of a message of 2+ sentences
VERSION = 4  # v3's recipe (per sentence) on one more group


@dataclass(frozen=True)
class Data:
    texts: list[str]
    labels: np.ndarray  # bool
    groups: list[str]
    rules: np.ndarray  # bool: v1's rules fire
    sha256: dict


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fold(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % REDTEAM_FOLDS


def load_data(redteam_path: Path | str | None = None) -> Data:
    texts: list[str] = []
    labels: list[bool] = []
    groups: list[str] = []
    sha: dict = {}
    for group, path in WRITTEN_FILES.items():
        sha[path.name] = file_sha256(path)
        for row in read_jsonl(path):
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


def _encode(texts: list[str], batch: int = 256) -> np.ndarray:
    if not texts:
        return np.zeros((0, encoder.DIM), dtype=np.float32)
    return np.concatenate([encoder.encode(texts[i : i + batch]) for i in range(0, len(texts), batch)])


def embed(texts: list[str], batch: int = 256) -> np.ndarray:
    """Whole-message USE embeddings, as `encoder.message_embedding` computes them in chat."""
    return _encode([encoder.windows(deobfuscate(t))[0] for t in texts], batch)


@dataclass(frozen=True)
class Sentences:
    """The sentence windows of every row (`emergency_learned.sentence_windows`): row `owner[i]`'s embedding `x[i]`."""

    x: np.ndarray  # (n, 512)
    owner: np.ndarray  # (n,) int: the row each sentence belongs to


def embed_sentences(texts: list[str], batch: int = 256) -> Sentences:
    owner: list[int] = []
    sents: list[str] = []
    for i, t in enumerate(texts):
        for s in sentence_windows(deobfuscate(t)):
            sents.append(s)
            owner.append(i)
    return Sentences(_encode(sents, batch), np.array(owner, dtype=np.int64))


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
    clf.fit(x, y)
    return clf.coef_[0].astype(np.float32), float(clf.intercept_[0])


def _prob(x: np.ndarray, coef: np.ndarray, bias: float) -> np.ndarray:
    return EmergencyModel(coef, bias, 1.0).probabilities(x)


def out_of_group(x: np.ndarray, data: Data, sentences: Sentences | None = None) -> np.ndarray:
    """Each row's probability from a model fitted (on whole messages) without its group; with `sentences`, the
    maximum over the whole message and its sentences (v3)."""
    groups = np.array(data.groups)
    p = np.zeros(len(groups))
    for g in sorted(set(data.groups)):
        held = groups == g
        coef, bias = fit(x[~held], data.labels[~held])
        p[held] = _prob(x[held], coef, bias)
        if sentences is not None:
            mine = held[sentences.owner]
            if mine.any():
                np.maximum.at(p, sentences.owner[mine], _prob(sentences.x[mine], coef, bias))
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


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def redteam_alarms(p: np.ndarray, data: Data, t: float | None) -> list[str]:
    """The sha256 of each red-team benign row that alarms out of group (rules OR learned) at threshold t."""
    learned = p >= t if t is not None else np.zeros(len(p), bool)
    flag = data.rules | learned
    return sorted(
        text_sha256(data.texts[i]) for i, g in enumerate(data.groups) if g.startswith("redteam:") and flag[i]
    )


def adoption(cv: dict, t: float | None, alarms: list[str] | None = None) -> bool:
    """v4's rule: out of group it catches at least v3's 56/80 of blind set 3 with at most 3/80 false alarms there,
    and no red-team benign row alarms more than at v3 (out of group: no more rows than v3's, and, given `alarms`,
    only rows that alarmed at v3)."""
    b3 = cv[ADOPT_GROUP]
    return (
        t is not None
        and b3["caught"] >= V3_BLIND3["caught"]
        and b3["false_alarms"] <= ADOPT_MAX_FALSE
        and cv["redteam"]["false_alarms"] <= len(V3_REDTEAM_ALARMS)
        and (alarms is None or set(alarms) <= V3_REDTEAM_ALARMS)
    )


def train(
    redteam_path: Path | str | None = None, per_sentence: bool = PER_SENTENCE
) -> tuple[EmergencyModel, dict]:
    data = load_data(redteam_path)
    x = embed(data.texts)
    sentences = embed_sentences(data.texts) if per_sentence else None
    p = out_of_group(x, data, sentences)
    t = choose_threshold(p, data)
    cv = report(p, data, t)
    alarms = redteam_alarms(p, data, t)
    adopted = adoption(cv, t, alarms)
    coef, bias = fit(x, data.labels)
    meta = {
        "recipe": "class-balanced logistic regression (C=1.0) over the USE whole-message embedding"
        + (", applied to the whole message and each of its sentences (maximum)" if per_sentence else "")
        + "; threshold: lowest out-of-group probability with rules OR learned <= 3% false alarms on the "
        "emergency negatives and <= 0.5% on the red-team benign rows (grouped CV, one group per file, "
        "red-team benign rows in 3 hash folds)",
        "version": VERSION if per_sentence else 2,
        "per_sentence": bool(per_sentence),
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
        "v2_blind1": V2_BLIND1,
        "v2_blind2": V2_BLIND2,
        "v3_blind2": V3_BLIND2,
        "v3_blind3": V3_BLIND3,
        "redteam_alarms": alarms,
        "adopted": bool(adopted),
    }
    return EmergencyModel(coef, bias, t if t is not None else 1.1, meta), cv


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=shipped_weights_path())
    parser.add_argument("--redteam", type=Path, default=default_redteam_path())
    parser.add_argument("--whole-only", action="store_true", help="v2's recipe: the whole message only")
    args = parser.parse_args(argv)
    model, cv = train(args.redteam, per_sentence=not args.whole_only)
    model.save(args.out)
    json.dump({"threshold": model.threshold, "adopted": model.adopted, "cv": cv}, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
