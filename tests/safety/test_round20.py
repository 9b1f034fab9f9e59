"""Round 20 of the input screen: blind batches 35 and 36 (each measured once on round 19, ffe534a: 35 recall 0.9773,
FPR 0.175; 36 recall 0.7591, FPR 0.14) became dev and are trained on (all 420 rows of each, CV groups "batch35" and
"batch36"; none repeats a held-out row or, for 36, a batch-35 row; one batch-35 row, "my dog died yesterday and the
house feels so empty", repeats a batch-9 dev row with the same label and is kept, as the standing rule keeps such rows).
The rule, written before any work (12:04 UTC, runs/safety20/rule.txt): "INPUT round 20. B20 = round 19's recipe
(empathic/safety/training.py as at 02bb57b, POST_LABEL_COPIES False) with blind batches 35 and 36 merged as dev by the
standing rule (CV groups batch35 and batch36; rows repeating a held-out row stay held out). No other candidate. B20
ships if its screen's median latency stays < 50 ms and the unit tests pass; otherwise round 19 stays. Report pooled
out-of-group recall/FPR over the dev batches and per new batch."

B20 ships (median latency 8.4 ms per message on the benchmark and the unit tests pass). Pooled out of group over the 31
dev-batch groups: recall 0.9421 (6019/6389), FPR 0.0885 (526/5942) (round 19 over its 29: 0.9430 (5610/5949), 0.0832
(461/5542)); batch 35 0.9909 (218/220) / 0.19 (38/200), batch 36 0.7545 (166/220) / 0.135 (27/200) out of group (blind
on round 19: 0.9773 / 0.175 and 0.7591 / 0.14). Fast apart from the check-set test."""

from __future__ import annotations

import pytest

from empathic.safety import build_default_screener, encoder, load_redteam, training
from empathic.safety.learned import load_model, shipped_weights_path

# The merge itself (batches 35 and 36 unchanged in the dev split, each its own CV group) is checked with the other
# merged blind batches in tests/safety/test_merged_batches.py.


def test_shipped_weights_come_from_the_round20_recipe():
    # The recipe's shape, pinned once here (round 11's recipe, retrained in round 12 with batches 17 and 18, in round 13
    # with batches 19 and 20 and the threshold step fixed, in round 14 with batches 21 and 22, in round 15 with 23 and
    # 24, in round 16 with 25 and 26, in round 17 with 27 and 28, in round 18 with 31 and 32, in round 19 with 33 and
    # 34, in round 20 with 35 and 36).
    assert shipped_weights_path().stat().st_size < 140_000
    m = load_model()
    assert (training.BAG, training.HIDDEN, training.RECALL_TARGET, training.FEATURES) == (1, 128, 0.94, "use")
    assert training.TWO_SENTENCE_WEIGHT == 0.25 and m.two_sentence_weight == 0.25
    assert training.MIN_WINDOW_WORDS == 0 and m.meta["min_window_words"] == 0 and m.min_window_words == 0  # not N18
    assert training.POST_LABEL_COPIES is False and m.meta["post_label_copies"] is False  # not L19
    assert m.features == "use" and m.hidden_w.shape == (encoder.DIM, 128)
    assert m.meta["shippable"] and m.meta["recall_target"] == 0.94
    v = m.meta["validation"]
    assert all(v[f"own:batch{b}"]["n"] == 420 for b in [*range(16, 29), *range(31, 37)])
    assert "own:written_r11" not in v
    cands = m.meta["threshold_candidates"]
    assert m.threshold == pytest.approx(training.combine_thresholds(cands), abs=1e-4)


def test_round20_operating_point_and_grouped_cv():
    # The threshold is the recall target's (0.4508; candidates own 0.641, own_everyday 0.3658, own_long 0.1174,
    # hypo_hyperbole 0.1104, own_recall 0.4508), by the rule of rounds 13-19 (round 19 0.4848, the recall target's).
    # Length slope 2.3075 (round 19 2.2450), cap 3.6481 (3.5111). Out of group at that point: pooled 0.94 / 0.0883
    # (round 19 0.9401 / 0.0814), pooled over the 31 dev-batch groups only 0.9421 (6019/6389) / 0.0885 (526/5942) (round
    # 19 over its 29: 0.9430 / 0.0832), everyday negatives 0.0462 (0.0418), long rows 0.9366 / 0.1654 (0.936 / 0.1725);
    # batch 35 0.9909 (218/220) / 0.19 (38/200) and batch 36 0.7545 (166/220) / 0.135 (27/200) (their blind measurements
    # on round 19: 0.9773 / 0.175 and 0.7591 / 0.14); batch 33 0.8955 / 0.06, batch 34 0.8864 / 0.215, batch 31 0.9682 /
    # 0.315, batch 32 0.8591 / 0.09, batch 27 0.9091 / 0.085, batch 28 0.9545 / 0.125.
    m = load_model()
    cands = m.meta["threshold_candidates"]
    assert abs(m.threshold - 0.4508) < 1e-3 and abs(cands["own"] - 0.641) < 1e-3
    assert abs(m.length_slope - 2.3075) < 1e-3 and abs(m.length_cap - 3.6481) < 1e-3
    v = m.meta["validation"]
    assert v["own:batch35"]["recall"] >= 0.9909 and v["own:batch35"]["fpr"] <= 0.19
    assert v["own:batch36"]["recall"] >= 0.7545 and v["own:batch36"]["fpr"] <= 0.135
    assert v["own:everyday_negatives"]["fpr"] <= 0.0462 and v["own:long"]["fpr"] <= 0.1654
    pooled = m.meta["validation_pooled_own"]
    assert pooled["recall"] >= 0.94 and pooled["fpr"] <= 0.0883


@pytest.mark.slow
def test_round11_check_rows_regression_floor():
    # Our round-11 rows (`crisis_written_r11.jsonl`), never trained on, with the chat default (rules + learned): round
    # 20 catches 36/50 and flags 13/84 (round 19: 35/50, 11/84; round 18: 40/50, 13/84; round 17: 35/50, 11/84; round
    # 16: 37/50, 10/84; round 15: 36/50, 10/84; round 14: 37/50, 11/84; round 13: 38/50, 15/84; round 12: 37/50, 12/84;
    # round 11: 36/50, 17/84). Hard on purpose: preparatory acts without risk words, violent idioms, recovery stories
    # and the same acts for ordinary reasons. A regression floor, one message of slack each way.
    screen = build_default_screener()
    rows = load_redteam(training.written_r11_path())
    caught = sum(1 for r in rows if r["crisis"] and screen(r["text"]).crisis)
    flagged = sum(1 for r in rows if not r["crisis"] and screen(r["text"]).crisis)
    assert caught >= 35 and flagged <= 14
