"""Round 15 of the input screen: blind batches 23 and 24 (each measured once on round 14, 6f4db0e: 23 recall 0.927,
FPR 0.060; 24 recall 0.936, FPR 0.060) became dev and are trained on (all 420 rows of each, CV groups "batch23" and
"batch24"; none repeats a held-out row). Round 14's recipe unchanged (USE features, one 128-unit MLP, risk windows,
recall target 0.94, two-sentence weight 0.25, the threshold min(recall target's, highest FPR budget)); the rule, written
before any result: "INPUT round 15 = round 14's recipe unchanged (empathic/safety/training.py as at commit ddc5205),
blind batches 23 and 24 merged as dev (CV groups batch23, batch24; rows repeating a held-out row stay held out; rows
repeating earlier dev rows kept). No candidates, no other change." Fast apart from the check-set test."""

from __future__ import annotations

import pytest

from empathic.safety import build_default_screener, encoder, load_redteam, training
from empathic.safety.learned import load_model, shipped_weights_path

# The merge itself (batches 23 and 24 unchanged in the dev split, each its own CV group; batch 23 has one row repeating
# an earlier dev row, batch 24 eleven, all kept) is checked with the other merged blind batches in
# tests/safety/test_merged_batches.py.


def test_shipped_weights_come_from_the_round15_recipe():
    # The recipe's shape, pinned once here (round 11's recipe, retrained in round 12 with batches 17 and 18, in round 13
    # with batches 19 and 20 and the threshold step fixed, in round 14 with batches 21 and 22, in round 15 with 23 and
    # 24).
    assert shipped_weights_path().stat().st_size < 140_000
    m = load_model()
    assert (training.BAG, training.HIDDEN, training.RECALL_TARGET, training.FEATURES) == (1, 128, 0.94, "use")
    assert training.TWO_SENTENCE_WEIGHT == 0.25 and m.two_sentence_weight == 0.25
    assert m.features == "use" and m.hidden_w.shape == (encoder.DIM, 128)
    assert m.meta["shippable"] and m.meta["recall_target"] == 0.94
    v = m.meta["validation"]
    assert all(v[f"own:batch{b}"]["n"] == 420 for b in (16, 17, 18, 19, 20, 21, 22, 23, 24))
    assert "own:written_r11" not in v
    cands = m.meta["threshold_candidates"]
    assert m.threshold == pytest.approx(training.combine_thresholds(cands), abs=1e-4)


def test_round15_operating_point_and_grouped_cv():
    # The threshold is the FPR budget's on all own negatives ("own" 0.4197), below the recall target's (0.5644):
    # min(recall target, highest budget), as in rounds 13 and 14 (0.4734; the recall target's 0.5709). Length slope
    # 2.1668 (round 14 2.1955), cap 3.9297 (3.6401). Out of group at that point: pooled 0.9520 / 0.0700 (round 14
    # 0.9473 / 0.0700), everyday negatives 0.0524, long rows 0.9476 / 0.1443; batch 23 0.9318 / 0.060 and batch 24
    # 0.9364 / 0.070 (their blind measurements on round 14: 0.927 / 0.060 and 0.936 / 0.060); batch 21 0.9636 / 0.090,
    # batch 22 0.9545 / 0.115, batch 19 0.9773 / 0.045, batch 20 0.9682 / 0.060.
    m = load_model()
    cands = m.meta["threshold_candidates"]
    assert abs(m.threshold - 0.4197) < 1e-3 and abs(cands["own_recall"] - 0.5644) < 1e-3
    assert abs(m.length_slope - 2.1668) < 1e-3 and abs(m.length_cap - 3.9297) < 1e-3
    v = m.meta["validation"]
    assert v["own:batch23"]["recall"] >= 0.9318 and v["own:batch23"]["fpr"] <= 0.06
    assert v["own:batch24"]["recall"] >= 0.9363 and v["own:batch24"]["fpr"] <= 0.07
    assert v["own:everyday_negatives"]["fpr"] <= 0.0524 and v["own:long"]["fpr"] <= 0.1443
    pooled = m.meta["validation_pooled_own"]
    assert pooled["recall"] >= 0.952 and pooled["fpr"] <= 0.07


@pytest.mark.slow
def test_round11_check_rows_regression_floor():
    # Our round-11 rows (`crisis_written_r11.jsonl`), never trained on, with the chat default (rules + learned):
    # round 15 catches 36/50 and flags 10/84 (round 14: 37/50, 11/84; round 13: 38/50, 15/84; round 12: 37/50, 12/84;
    # round 11: 36/50, 17/84): the retrained weights (threshold 0.4197, round 14 0.4734) catch one fewer and flag one
    # fewer. Hard on purpose: preparatory acts without risk words, violent idioms, recovery stories and the same acts for
    # ordinary reasons. A regression floor, one message of slack each way.
    screen = build_default_screener()
    rows = load_redteam(training.written_r11_path())
    caught = sum(1 for r in rows if r["crisis"] and screen(r["text"]).crisis)
    flagged = sum(1 for r in rows if not r["crisis"] and screen(r["text"]).crisis)
    assert caught >= 35 and flagged <= 11
