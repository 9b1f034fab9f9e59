"""Round 12 of the input screen: blind batches 17 and 18 (each measured once on round 11, 3bd1eb4: 17 recall 0.977,
FPR 0.095; 18 recall 0.932, FPR 0.105) became dev and are trained on (all 420 rows of each, CV groups "batch17" and
"batch18"; none repeats a held-out row). The round-11 recipe unchanged (USE features, one 128-unit MLP, risk windows,
recall target 0.94, two-sentence weight 0.25); the rule, written before any result: "recipe unchanged, batches 17 and
18 added; no candidates". Fast apart from the check-set test."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from empathic.safety import build_default_screener, encoder, load_redteam, training
from empathic.safety.learned import load_model, shipped_weights_path

RESOURCES = Path(__file__).parents[2] / "empathic" / "resources"
NEW_BATCHES = (17, 18)


@pytest.mark.parametrize("batch", NEW_BATCHES)
def test_batch_is_merged_into_the_dev_split_unchanged(batch):
    path = RESOURCES / f"redteam_batch{batch}.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 420 and {r["split"] for r in rows} == {"heldout"}  # the record file stays as measured
    heldout = {r["text"].lower() for r in load_redteam(split="heldout")}
    merged = load_redteam(split="dev", batch=batch)
    # All 420 rows are dev now (none repeats a held-out row); unchanged apart from the split and the benign category.
    # (One row of each repeats an earlier dev row - batch 17 "my feet are killing me ...", batch 18 "we had to put our
    # dog down today ..." - and is kept, as earlier batches' repeats of dev rows were.)
    assert len(merged) == 420 and not heldout & {r["text"].lower() for r in merged}
    assert [dict(r, split="dev", category=r["category"] if r["crisis"] else None) for r in rows] == merged


def test_batches_17_and_18_are_their_own_cv_groups(monkeypatch):
    monkeypatch.setattr(encoder, "encode", lambda texts: np.zeros((len(texts), encoder.DIM), np.float32))
    own = training.own_rows()
    assert sum(g == "batch17" for g in own.groups) == 420 and sum(g == "batch18" for g in own.groups) == 420
    assert {"batch16", "batch15", "written_r6"} <= set(own.groups) and "written_r11" not in set(own.groups)


def test_shipped_weights_come_from_the_round12_recipe():
    # The recipe's shape, pinned once here (round 11's recipe, retrained unchanged with batches 17 and 18).
    assert shipped_weights_path().stat().st_size < 140_000
    m = load_model()
    assert (training.BAG, training.HIDDEN, training.RECALL_TARGET, training.FEATURES) == (1, 128, 0.94, "use")
    assert training.TWO_SENTENCE_WEIGHT == 0.25 and m.two_sentence_weight == 0.25
    assert m.features == "use" and m.hidden_w.shape == (encoder.DIM, 128)
    assert m.meta["shippable"] and m.meta["recall_target"] == 0.94
    v = m.meta["validation"]
    assert v["own:batch17"]["n"] == 420 and v["own:batch18"]["n"] == 420 and v["own:batch16"]["n"] == 420
    assert "own:written_r11" not in v


def test_round12_operating_point_and_grouped_cv():
    # The recipe's own operating point (pooled out-of-group recall target 0.94 over all own rows, batches 17 and 18
    # included): p >= 0.4878 for 1-2 sentences (round 11: 0.4225), length slope 2.158 (2.141), cap 3.529 (3.479). Out of
    # group at that point: pooled 0.9400 / 0.0670 (round 11: 0.9402 / 0.0770), everyday negatives 0.0491, long rows
    # 0.938 / 0.1357; batch 17 0.968 / 0.080 and batch 18 0.932 / 0.110 (their blind measurements on round 11: 0.977 /
    # 0.095 and 0.932 / 0.105). Same recipe, all own rows: learned-only AUC 0.9770, FPR at pooled recall 0.95 0.0779
    # (round 11 on its fewer rows: 0.9743, 0.0884). The threshold is the pooled recall target's (0.4878): the FPR
    # budgets alone gave 0.4367, but the second pass of `pick_threshold` also counts the first pass's recall threshold
    # among the budgets, so the recall threshold wins (unchanged code; see Notes/decisions/safety.md, round 12).
    m = load_model()
    assert abs(m.threshold - 0.4878) < 1e-3
    assert abs(m.length_slope - 2.1581) < 1e-3 and abs(m.length_cap - 3.5294) < 1e-3
    v = m.meta["validation"]
    assert v["own:batch17"]["recall"] >= 0.968 and v["own:batch17"]["fpr"] <= 0.08
    assert v["own:batch18"]["recall"] >= 0.9318 and v["own:batch18"]["fpr"] <= 0.11
    assert v["own:everyday_negatives"]["fpr"] <= 0.0491 and v["own:long"]["fpr"] <= 0.1357
    pooled = m.meta["validation_pooled_own"]
    assert pooled["recall"] >= 0.94 and pooled["fpr"] <= 0.067


@pytest.mark.slow
def test_round11_check_rows_regression_floor():
    # Our round-11 rows (`crisis_written_r11.jsonl`), never trained on, with the chat default (rules + learned):
    # round 12 catches 37/50 and flags 12/84 (round 11: 36/50, 17/84; round 10: 33/50, 15/84). Hard on purpose:
    # preparatory acts without risk words, violent idioms, recovery stories and the same acts for ordinary reasons.
    # A regression floor, one message of slack each way.
    screen = build_default_screener()
    rows = load_redteam(training.written_r11_path())
    caught = sum(1 for r in rows if r["crisis"] and screen(r["text"]).crisis)
    flagged = sum(1 for r in rows if not r["crisis"] and screen(r["text"]).crisis)
    assert caught >= 36 and flagged <= 13
