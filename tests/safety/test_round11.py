"""Round 11 of the input screen: blind batch 16 (measured once on round 10, a9896fd: recall 0.927, FPR 0.115) became
dev and is trained on (all 420 rows, CV group "batch16"; none repeats a held-out row). Round 10's recipe otherwise (USE
features, one 128-unit MLP, risk windows, recall target 0.94, two-sentence weight 0.25): the four candidates tried
(our round-11 rows as training data, HYPO weighted 3x, the multi-sentence aggregation, per-language thresholds) did not
pass the grouped-CV rule set before their results (training.py module doc). Our round-11 rows
(`crisis_written_r11.jsonl`) are a check set, never trained on. All fast: no retraining here."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from empathic.safety import encoder, load_redteam, training
from empathic.safety.learned import load_model

RESOURCES = Path(__file__).parents[2] / "empathic" / "resources"
LANGS = {"en", "es", "fr", "de", "pt", "hi-latn"}


def test_batch16_is_merged_into_the_dev_split_unchanged():
    rows = [json.loads(line) for line in (RESOURCES / "redteam_batch16.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 420 and {r["split"] for r in rows} == {"heldout"}  # the record file stays as measured
    heldout = {r["text"].lower() for r in load_redteam(split="heldout")}
    merged = load_redteam(split="dev", batch=16)
    # All 420 rows are dev now (none repeats a held-out row); unchanged apart from the split and the benign category.
    assert len(merged) == 420 and not heldout & {r["text"].lower() for r in merged}
    assert [dict(r, split="dev", category=r["category"] if r["crisis"] else None) for r in rows] == merged


def test_batch16_is_its_own_cv_group_and_the_round11_rows_are_not_trained_on(monkeypatch):
    monkeypatch.setattr(encoder, "encode", lambda texts: np.zeros((len(texts), encoder.DIM), np.float32))
    own = training.own_rows()
    assert sum(g == "batch16" for g in own.groups) == 420
    assert {"batch15", "written_r6"} <= set(own.groups) and "written_r11" not in set(own.groups)
    written = load_redteam(training.written_r11_path())
    assert len(written) == 134 and {r["split"] for r in written} == {"check"} and {r["lang"] for r in written} == LANGS
    assert not {r["text"] for r in written} & set(own.texts)


def test_round11s_batch_is_still_in_the_shipped_validation():
    # The recipe itself (USE, one 128-unit MLP, recall target 0.94, two-sentence weight 0.25) is pinned once, in
    # the newest tests/safety/test_roundNN.py: from round 12 on, each round retrained it with two more blind batches.
    v = load_model().meta["validation"]
    assert v["own:batch16"]["n"] == 420 and v["own:batch15"]["n"] == 419 and "own:written_r11" not in v


# Round 11's own operating point (its weights shipped until round 12, which retrained the same recipe with batches 17
# and 18: tests/safety/test_merged_batches.py; round 12's numbers: tests/safety/test_round13.py): p >= 0.4225 for 1-2
# sentences, length slope 2.141, cap 3.479; out of group
# pooled 0.9402 / 0.0770, everyday negatives 0.0607, long rows 0.937 / 0.1374; batch 16 0.923 / 0.110. Same rows, round
# 10 as frozen -> round 11: AUC 0.9731 -> 0.9743, FPR at pooled recall 0.95 0.0940 -> 0.0884. On our round-11 check rows
# round 11 caught 36/50 and flagged 17/84 (round 10: 33/50, 15/84); the floor on them is in the newest test_roundNN.py.
