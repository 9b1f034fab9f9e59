"""Round 16 of the input screen: blind batches 25 and 26 (each measured once on round 15, 48894d1: 25 recall 0.9636,
FPR 0.12; 26 recall 0.9455, FPR 0.155) became dev and are trained on (all 420 rows of each, CV groups "batch25" and
"batch26"; none repeats a held-out row). Round 15's recipe unchanged (USE features, one 128-unit MLP, risk windows,
recall target 0.94, two-sentence weight 0.25, the threshold min(recall target's, highest FPR budget)); the rule, written
before any result (22:10 UTC): "INPUT round 16. B16 = round 15's recipe unchanged (training.py as at 6b59b38), blind
batches 25 and 26 merged as dev (standing rule: CV groups batch25, batch26; rows repeating a held-out row stay held
out). One candidate, W16 = B16 plus a 'whose risk / when' clearer [...]. W16 ships instead of B16 only if, pooled out
of group over the dev batches, recall(W16) >= recall(B16) - 0.005 AND FPR(W16) <= FPR(B16) - 0.01. Otherwise B16
ships." W16 was not adopted (out of group over the dev batches: B16 0.9525 / 0.0700, W16 at its clearing threshold
0.8188 0.9475 / 0.0673: 12 benign flags cleared, 44 needed), so B16 ships and the package has no clearer. Fast apart
from the check-set test."""

from __future__ import annotations

import pytest

from empathic.safety import build_default_screener, encoder, load_redteam, training
from empathic.safety.learned import load_model, shipped_weights_path

# The merge itself (batches 25 and 26 unchanged in the dev split, each its own CV group; batch 25 has eight rows
# repeating earlier dev rows, batch 26 three, and three of 26 repeat batch-25 rows, all kept) is checked with the other
# merged blind batches in tests/safety/test_merged_batches.py.


def test_shipped_weights_come_from_the_round16_recipe():
    # The recipe's shape, pinned once here (round 11's recipe, retrained in round 12 with batches 17 and 18, in round 13
    # with batches 19 and 20 and the threshold step fixed, in round 14 with batches 21 and 22, in round 15 with 23 and
    # 24, in round 16 with 25 and 26).
    assert shipped_weights_path().stat().st_size < 140_000
    m = load_model()
    assert (training.BAG, training.HIDDEN, training.RECALL_TARGET, training.FEATURES) == (1, 128, 0.94, "use")
    assert training.TWO_SENTENCE_WEIGHT == 0.25 and m.two_sentence_weight == 0.25
    assert m.features == "use" and m.hidden_w.shape == (encoder.DIM, 128)
    assert m.meta["shippable"] and m.meta["recall_target"] == 0.94
    v = m.meta["validation"]
    assert all(v[f"own:batch{b}"]["n"] == 420 for b in (16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26))
    assert "own:written_r11" not in v
    cands = m.meta["threshold_candidates"]
    assert m.threshold == pytest.approx(training.combine_thresholds(cands), abs=1e-4)


def test_round16_operating_point_and_grouped_cv():
    # The threshold is the FPR budget's on all own negatives ("own" 0.4862), below the recall target's (0.5695):
    # min(recall target, highest budget), as in rounds 13-15 (0.4197; the recall target's 0.5644). Length slope 2.1767
    # (round 15 2.1668), cap 3.6924 (3.9297). Out of group at that point: pooled 0.9458 / 0.0700 (round 15 0.9520 /
    # 0.0700: the two new groups are harder, and the budget threshold rose with them), everyday negatives 0.0491, long
    # rows 0.9482 / 0.1570; batch 25 0.9591 / 0.10 and batch 26 0.9227 / 0.13 (their blind measurements on round 15:
    # 0.9636 / 0.12 and 0.9455 / 0.155); batch 23 0.9273 / 0.060, batch 24 0.9455 / 0.070, batch 21 0.9409 / 0.075,
    # batch 22 0.9364 / 0.095.
    m = load_model()
    cands = m.meta["threshold_candidates"]
    assert abs(m.threshold - 0.4862) < 1e-3 and abs(cands["own_recall"] - 0.5695) < 1e-3
    assert abs(m.length_slope - 2.1767) < 1e-3 and abs(m.length_cap - 3.6924) < 1e-3
    v = m.meta["validation"]
    assert v["own:batch25"]["recall"] >= 0.959 and v["own:batch25"]["fpr"] <= 0.10
    assert v["own:batch26"]["recall"] >= 0.9227 and v["own:batch26"]["fpr"] <= 0.13
    assert v["own:everyday_negatives"]["fpr"] <= 0.0491 and v["own:long"]["fpr"] <= 0.157
    pooled = m.meta["validation_pooled_own"]
    assert pooled["recall"] >= 0.9458 and pooled["fpr"] <= 0.07


@pytest.mark.slow
def test_round11_check_rows_regression_floor():
    # Our round-11 rows (`crisis_written_r11.jsonl`), never trained on, with the chat default (rules + learned):
    # round 16 catches 37/50 and flags 10/84 (round 15: 36/50, 10/84; round 14: 37/50, 11/84; round 13: 38/50,
    # 15/84; round 12: 37/50, 12/84; round 11: 36/50, 17/84). Hard on purpose: preparatory acts without risk words,
    # violent idioms, recovery stories and the same acts for ordinary reasons. A regression floor, one message of slack
    # each way.
    screen = build_default_screener()
    rows = load_redteam(training.written_r11_path())
    caught = sum(1 for r in rows if r["crisis"] and screen(r["text"]).crisis)
    flagged = sum(1 for r in rows if not r["crisis"] and screen(r["text"]).crisis)
    assert caught >= 36 and flagged <= 11
