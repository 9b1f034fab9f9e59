"""Training concern v2's learned part (`concern_learned`): data, the grouped-CV threshold, the keep rule.

`python -m empathic.safety.concern_training` rebuilds `empathic/resources/concern_use.npz` and prints the CV
report. The rule was written (22:10 UTC, before any work) as:

    CONCERN v2 = v1's rules OR a learned 'helper' model: class-balanced LR over the USE message embedding;
    positives = messages worried about someone else (a new written training file by another writer, concern blind
    set 1's helper rows, red-team benign rows whose kind names a helper/friend concern); negatives = the writer at
    risk while mentioning someone else (the new file, concern blind set 1's at-risk rows) and all red-team crisis
    rows. Routing to concern_for_other only for messages the crisis screen flagged [...], when P(helper) >= t;
    t = the smallest value at which, by grouped CV (one group per file/batch), out of group NO at-risk row of the
    written files and <= 0.2% of red-team crisis rows are routed away. Kept only if in sample no crisis row of any
    committed red-team file is routed away and targeted tests pass.

Data (own written rows only; nothing from /work/shared):

* "written_train": `empathic/resources/concern_written_train.jsonl` (300 rows, 150 helpers / 150 at risk, six
  languages, by another writer, copied unchanged);
* "blind1": `tests/safety/data/concern_blind1.jsonl` (60/60, measured once on v1: 1/60 helpers routed, 0/60 at
  risk routed);
* "redteam:<batch>": `redteam.jsonl` (all splits) and every `redteam_batch*.jsonl`, rows de-duplicated by text
  (the batch files repeat rows of redteam.jsonl): every crisis row a negative, every benign row whose `kind`
  matches `HELPER_KIND` a positive; one group per batch.

"Routed away" is what chat does: the crisis screen (rules + the shipped learned screen, `concern=False`) flags the
row, and v1's rules or (condition 1 and P(helper) >= t) route it to concern_for_other. Each group is scored by a
model fitted without it (out of group); t is the smallest out-of-group probability at which no at-risk row of the
written files and at most `REDTEAM_CRISIS_MAX` of the red-team crisis rows are routed away. The shipped model is
then fitted on all rows (`C` is scikit-learn's default, not tuned) and kept only if, in sample, no red-team crisis
row is routed away.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from empathic.io import read_jsonl
from empathic.safety.concern import clearable, concern_by_rules
from empathic.safety.concern_learned import ConcernModel, shipped_weights_path
from empathic.safety.emergency_training import embed, file_sha256, fit
from empathic.safety.redteam import load_redteam

REPO = Path(__file__).resolve().parents[2]
RESOURCES = Path(__file__).resolve().parents[1] / "resources"
WRITTEN_FILES = {
    "written_train": RESOURCES / "concern_written_train.jsonl",
    "blind1": REPO / "tests" / "safety" / "data" / "concern_blind1.jsonl",
}
# Written and saved (22:17 UTC) before any CV number was read; searched in the red-team benign rows' `kind`.
HELPER_KIND = re.compile(
    r"^(?:help(?:ing)?_(?:friend|partner|parent|others)|friend_(?:concern|worried)|worried_|concern_question|"
    r"partner_worry|parent_(?:concern|worry)|supporting_friend|how_to_talk|asking_warning_signs|long_helping)"
)
REDTEAM_CRISIS_MAX = 0.002
C = 1.0
V1_BLIND1 = {
    "helpers_routed": 1,
    "helpers": 60,
    "at_risk_routed": 0,
    "at_risk": 60,
}  # measured once on 4401c15


def redteam_files() -> list[Path]:
    return [RESOURCES / "redteam.jsonl", *sorted(RESOURCES.glob("redteam_batch*.jsonl"))]


@dataclass(frozen=True)
class Data:
    texts: list[str]
    labels: np.ndarray  # bool: a worried helper (positive)
    groups: list[str]
    redteam_crisis: np.ndarray  # bool
    sha256: dict


def load_data() -> Data:
    texts: list[str] = []
    labels: list[bool] = []
    groups: list[str] = []
    crisis: list[bool] = []
    sha: dict = {}
    for group, path in WRITTEN_FILES.items():
        sha[path.name] = file_sha256(path)
        for row in read_jsonl(path):
            texts.append(row["text"])
            labels.append(not row["writer_at_risk"])
            groups.append(group)
            crisis.append(False)
    seen: set[str] = set()
    for path in redteam_files():
        for r in load_redteam(path):
            if r["text"] in seen:
                continue
            seen.add(r["text"])
            helper = not r["crisis"] and bool(HELPER_KIND.search(str(r.get("kind", ""))))
            if r["crisis"] or helper:
                texts.append(r["text"])
                labels.append(helper)
                groups.append(f"redteam:{r.get('batch')}")
                crisis.append(bool(r["crisis"]))
    sha["redteam_rows"] = hashlib.sha256(
        "\n".join(t for t, g in zip(texts, groups, strict=True) if g.startswith("redteam:")).encode("utf-8")
    ).hexdigest()
    return Data(texts, np.array(labels), groups, np.array(crisis), sha)


@dataclass(frozen=True)
class Screened:
    flagged: np.ndarray  # bool: the crisis screen (concern off) flags the row
    rules: np.ndarray  # bool: flagged and v1's rules route it to concern_for_other
    clearable: np.ndarray  # bool: flagged and condition 1 holds (the learned part may route it)


def screen(texts: list[str], opinion=None) -> Screened:
    """How chat's crisis screen and concern v1 see each text (`opinion`: the crisis screen's learned second opinion,
    default the shipped one)."""
    from empathic.safety.defaults import default_second_opinion
    from empathic.safety.screening import screen_user_message

    opinion = opinion if opinion is not None else default_second_opinion()
    flagged, rules, clear = [], [], []
    for text in texts:
        s = screen_user_message(text, second_opinion=opinion, concern=False)
        flagged.append(s.crisis)
        ok = s.crisis and clearable(text, s.category)
        clear.append(ok)
        rules.append(ok and concern_by_rules(text, second_opinion=opinion, category=s.category) is not None)
    return Screened(np.array(flagged), np.array(rules), np.array(clear))


def routed(p: np.ndarray, s: Screened, t: float | None) -> np.ndarray:
    learned = (p >= t) if t is not None else np.zeros(len(p), bool)
    return s.flagged & (s.rules | (s.clearable & learned))


def out_of_group(x: np.ndarray, data: Data) -> np.ndarray:
    """Each row's P(helper) from a model fitted without its group."""
    groups = np.array(data.groups)
    p = np.zeros(len(groups))
    for g in sorted(set(data.groups)):
        held = groups == g
        coef, bias = fit(x[~held], data.labels[~held])
        p[held] = ConcernModel(coef, bias, 1.0).probabilities(x[held])
    return p


def _written_at_risk(data: Data) -> np.ndarray:
    return ~data.labels & np.isin(np.array(data.groups), list(WRITTEN_FILES))


def choose_threshold(p: np.ndarray, data: Data, s: Screened) -> float | None:
    """The smallest out-of-group probability at which no written at-risk row and at most `REDTEAM_CRISIS_MAX` of the
    red-team crisis rows are routed away; None if none is."""
    at_risk, crisis = _written_at_risk(data), data.redteam_crisis
    for t in np.unique(p):
        r = routed(p, s, float(t))
        if not r[at_risk].any() and r[crisis].mean() <= REDTEAM_CRISIS_MAX:
            return float(t)
    return None


def report(p: np.ndarray, data: Data, s: Screened, t: float | None) -> dict:
    """Per group at threshold t: helpers routed (v2, v1 alone), at-risk / crisis rows routed away, flagged counts."""
    groups = np.array(data.groups)
    r, r1 = routed(p, s, t), routed(p, s, None)
    out = {}
    for g in [*WRITTEN_FILES, "redteam"]:
        m = np.char.startswith(groups.astype(str), "redteam:") if g == "redteam" else groups == g
        pos, neg = m & data.labels, m & ~data.labels
        out[g] = {
            "helpers": int(pos.sum()),
            "helpers_flagged": int(s.flagged[pos].sum()),
            "helpers_routed": int(r[pos].sum()),
            "helpers_routed_v1": int(r1[pos].sum()),
            "negatives": int(neg.sum()),
            "negatives_flagged": int(s.flagged[neg].sum()),
            "negatives_routed": int(r[neg].sum()),
            "negatives_routed_v1": int(r1[neg].sum()),
        }
    return out


def train() -> tuple[ConcernModel, dict]:
    data = load_data()
    s = screen(data.texts)
    x = embed(data.texts)
    p = out_of_group(x, data)
    t = choose_threshold(p, data, s)
    cv = report(p, data, s, t)
    coef, bias = fit(x, data.labels)
    threshold = t if t is not None else 1.1
    p_in = ConcernModel(coef, bias, threshold).probabilities(x)
    in_sample = routed(p_in, s, threshold)
    in_sample_crisis = int(in_sample[data.redteam_crisis].sum())
    kept = t is not None and in_sample_crisis == 0
    meta = {
        "recipe": "class-balanced logistic regression (C=1.0) over the USE whole-message embedding; routes a "
        "flagged message meeting concern condition 1 when P(helper) >= threshold; threshold: smallest out-of-group "
        "probability with no written at-risk row and <= 0.2% of red-team crisis rows routed away (grouped CV: the "
        "written file, blind set 1, red-team rows by batch)",
        "C": C,
        "redteam_crisis_max": REDTEAM_CRISIS_MAX,
        "helper_kind": HELPER_KIND.pattern,
        "rows": len(data.texts),
        "positives": int(data.labels.sum()),
        "redteam_crisis_rows": int(data.redteam_crisis.sum()),
        "groups": sorted(set(data.groups)),
        "sha256": data.sha256,
        "cv": cv,
        "threshold_found": t is not None,
        "in_sample_redteam_crisis_routed": in_sample_crisis,
        "in_sample_written_at_risk_routed": int(in_sample[_written_at_risk(data)].sum()),
        "v1_blind1": V1_BLIND1,
        "kept": bool(kept),
    }
    return ConcernModel(coef, bias, threshold, meta), cv


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=shipped_weights_path())
    args = parser.parse_args(argv)
    model, cv = train()
    model.save(args.out)
    json.dump(
        {
            "threshold": model.threshold,
            "kept": model.meta["kept"],
            "in_sample_redteam_crisis_routed": model.meta["in_sample_redteam_crisis_routed"],
            "cv": cv,
        },
        sys.stdout,
        indent=1,
    )
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
