"""Round 17 of the input screen: blind batches 27 and 28 (each measured once on round 16, 59b0441: 27 recall 0.85,
FPR 0.055; 28 recall 0.9545, FPR 0.14) became dev and are trained on (all 420 rows of each, CV groups "batch27" and
"batch28"; none repeats a held-out row). Round 16's recipe unchanged (USE features, one 128-unit MLP, risk windows,
recall target 0.94, two-sentence weight 0.25, the threshold min(recall target's, highest FPR budget)); the rule, written
before any result (05:32 UTC): "INPUT round 17. B17 = round 16's recipe unchanged (empathic/safety/training.py as at
1d91ff8), blind batches 27 and 28 merged as dev (standing rule: CV groups batch27 and batch28; rows repeating a
held-out row stay held out). No candidate this round: B17 ships if its training completes and the committed tests
pass; the measured regressions it brings on committed sets are recorded (floors one message of slack), not tuned
away." Fast apart from the check-set test."""

from __future__ import annotations

import pytest

from empathic.safety import build_default_screener, encoder, load_redteam, training
from empathic.safety.learned import load_model, shipped_weights_path

# The merge itself (batches 27 and 28 unchanged in the dev split, each its own CV group; each has one row repeating an
# earlier dev row, kept) is checked with the other merged blind batches in tests/safety/test_merged_batches.py.


def test_shipped_weights_come_from_the_round17_recipe():
    # The recipe's shape, pinned once here (round 11's recipe, retrained in round 12 with batches 17 and 18, in round 13
    # with batches 19 and 20 and the threshold step fixed, in round 14 with batches 21 and 22, in round 15 with 23 and
    # 24, in round 16 with 25 and 26, in round 17 with 27 and 28).
    assert shipped_weights_path().stat().st_size < 140_000
    m = load_model()
    assert (training.BAG, training.HIDDEN, training.RECALL_TARGET, training.FEATURES) == (1, 128, 0.94, "use")
    assert training.TWO_SENTENCE_WEIGHT == 0.25 and m.two_sentence_weight == 0.25
    assert m.features == "use" and m.hidden_w.shape == (encoder.DIM, 128)
    assert m.meta["shippable"] and m.meta["recall_target"] == 0.94
    v = m.meta["validation"]
    assert all(v[f"own:batch{b}"]["n"] == 420 for b in range(16, 29))
    assert "own:written_r11" not in v
    cands = m.meta["threshold_candidates"]
    assert m.threshold == pytest.approx(training.combine_thresholds(cands), abs=1e-4)


def test_round17_operating_point_and_grouped_cv():
    # The threshold is the FPR budget's on all own negatives ("own" 0.5155), below the recall target's (0.5633):
    # min(recall target, highest budget), as in rounds 13-16 (round 16 0.4862; the recall target's 0.5695). Length slope
    # 2.2237 (round 16 2.1767), cap 3.4993 (3.6924). Out of group at that point: pooled 0.9440 / 0.0700 (round 16
    # 0.9458 / 0.0700), pooled over the 25 dev-batch groups only 0.9491 (4811/5069) / 0.0692 (328/4742), everyday
    # negatives 0.0420, long rows 0.9410 / 0.1485; batch 27 0.8636 (190/220) / 0.070 (14/200) and batch 28 0.9591
    # (211/220) / 0.145 (29/200) (their blind measurements on round 16: 0.85 / 0.055 and 0.9545 / 0.14); batch 25
    # 0.9591 / 0.090, batch 26 0.9227 / 0.135, batch 23 0.9273 / 0.060, batch 24 0.9227 / 0.050.
    m = load_model()
    cands = m.meta["threshold_candidates"]
    assert abs(m.threshold - 0.5155) < 1e-3 and abs(cands["own_recall"] - 0.5633) < 1e-3
    assert abs(m.length_slope - 2.2237) < 1e-3 and abs(m.length_cap - 3.4993) < 1e-3
    v = m.meta["validation"]
    assert v["own:batch27"]["recall"] >= 0.8636 and v["own:batch27"]["fpr"] <= 0.07
    assert v["own:batch28"]["recall"] >= 0.9591 and v["own:batch28"]["fpr"] <= 0.145
    assert v["own:everyday_negatives"]["fpr"] <= 0.042 and v["own:long"]["fpr"] <= 0.1485
    pooled = m.meta["validation_pooled_own"]
    assert pooled["recall"] >= 0.944 and pooled["fpr"] <= 0.07


@pytest.mark.slow
def test_round11_check_rows_regression_floor():
    # Our round-11 rows (`crisis_written_r11.jsonl`), never trained on, with the chat default (rules + learned):
    # round 17 catches 35/50 and flags 11/84 (round 16: 37/50, 10/84; round 15: 36/50, 10/84; round 14: 37/50, 11/84;
    # round 13: 38/50, 15/84; round 12: 37/50, 12/84; round 11: 36/50, 17/84): two fewer caught and one more flagged
    # than round 16 (threshold 0.4862 -> 0.5155 by the unchanged FPR-budget rule), a measured regression kept by round
    # 17's rule. Hard on purpose: preparatory acts without risk words, violent idioms, recovery stories and the same
    # acts for ordinary reasons. A regression floor, one message of slack each way.
    screen = build_default_screener()
    rows = load_redteam(training.written_r11_path())
    caught = sum(1 for r in rows if r["crisis"] and screen(r["text"]).crisis)
    flagged = sum(1 for r in rows if not r["crisis"] and screen(r["text"]).crisis)
    assert caught >= 34 and flagged <= 12
