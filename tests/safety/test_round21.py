"""Round 21 of the input screen: blind batches 37 and 38 (each measured once on round 20, e4e1723: 37 recall 0.9455,
FPR 0.185; 38 recall 0.9182, FPR 0.135) became dev and are trained on (all 420 rows of each, CV groups "batch37" and
"batch38"; none repeats a held-out row or, for 38, a batch-37 row; a German batch-38 row repeats an earlier dev row with
the same label and is kept, as the standing rule keeps such rows). The rule, written before any work (18:04 UTC,
runs/safety22/rule.txt; the session ran on a fresh machine, the previous session's lost round-21 merge was redone from
the committed record files): "INPUT round 21 (redo). B21 = round 20's recipe (empathic/safety/training.py unchanged from
cd606cf) with blind batches 37 and 38 merged into redteam.jsonl as dev by the standing rule ... No other candidate. B21
ships if its screen's median latency stays < 50 ms and the unit tests pass ... Otherwise round 20 stays. Report pooled
out-of-group recall/FPR over the dev batches and per new batch."

B21 ships (median latency 3.1 ms per message on the benchmark, everyday 3.8, with a 4-turn history 3.5; the unit tests
pass). Pooled out of group over the 33 dev-batch groups: recall 0.9425 (6436/6829), FPR 0.0946 (600/6342) (round 20 over
its 31: 0.9421 (6019/6389), 0.0885 (526/5942)); batch 37 0.95 (209/220) / 0.235 (47/200), batch 38 0.9136 (201/220) /
0.11 (22/200) out of group (blind on round 20: 0.9455 / 0.185 and 0.9182 / 0.135). Fast apart from the check-set test."""

from __future__ import annotations

import pytest

from empathic.safety import build_default_screener, encoder, load_redteam, training
from empathic.safety.learned import load_model, shipped_weights_path

# The merge itself (batches 37 and 38 unchanged in the dev split, each its own CV group) is checked with the other
# merged blind batches in tests/safety/test_merged_batches.py.


def test_shipped_weights_come_from_the_round21_recipe():
    # The recipe's shape, pinned once here (round 11's recipe, retrained from round 12 on with two more blind batches
    # each: 17-18, 19-20 (and the threshold step fixed), 21-22, 23-24, 25-26, 27-28, 31-32, 33-34, 35-36, 37-38).
    assert shipped_weights_path().stat().st_size < 140_000
    m = load_model()
    assert (training.BAG, training.HIDDEN, training.RECALL_TARGET, training.FEATURES) == (1, 128, 0.94, "use")
    assert training.TWO_SENTENCE_WEIGHT == 0.25 and m.two_sentence_weight == 0.25
    assert training.MIN_WINDOW_WORDS == 0 and m.meta["min_window_words"] == 0 and m.min_window_words == 0  # not N18
    assert training.POST_LABEL_COPIES is False and m.meta["post_label_copies"] is False  # not L19
    assert m.features == "use" and m.hidden_w.shape == (encoder.DIM, 128)
    assert m.meta["shippable"] and m.meta["recall_target"] == 0.94
    v = m.meta["validation"]
    assert all(v[f"own:batch{b}"]["n"] == 420 for b in [*range(16, 29), *range(31, 39)])
    assert "own:written_r11" not in v
    cands = m.meta["threshold_candidates"]
    assert m.threshold == pytest.approx(training.combine_thresholds(cands), abs=1e-4)


def test_round21_operating_point_and_grouped_cv():
    # The threshold is the recall target's (0.4357; candidates own 0.6704, own_everyday 0.3408, own_long 0.1258,
    # hypo_hyperbole 0.0729, own_recall 0.4357), by the rule of rounds 13-20 (round 20 0.4508, the recall target's).
    # Length slope 2.2283 (round 20 2.3075), cap 3.7009 (3.6481). Out of group at that point: pooled 0.9401 / 0.0932
    # (round 20 0.94 / 0.0883), pooled over the 33 dev-batch groups only 0.9425 (6436/6829) / 0.0946 (600/6342) (round
    # 20 over its 31: 0.9421 / 0.0885), everyday negatives 0.0492 (0.0462), long rows 0.9376 / 0.1812 (0.9366 /
    # 0.1654); batch 37 0.95 (209/220) / 0.235 (47/200) and batch 38 0.9136 (201/220) / 0.11 (22/200) (their blind
    # measurements on round 20: 0.9455 / 0.185 and 0.9182 / 0.135); batch 35 0.9727 / 0.18, batch 36 0.75 / 0.125,
    # batch 33 0.9182 / 0.065, batch 34 0.9091 / 0.19, batch 31 0.9727 / 0.335, batch 32 0.85 / 0.095.
    m = load_model()
    cands = m.meta["threshold_candidates"]
    assert abs(m.threshold - 0.4357) < 1e-3 and abs(cands["own"] - 0.6704) < 1e-3
    assert abs(m.length_slope - 2.2283) < 1e-3 and abs(m.length_cap - 3.7009) < 1e-3
    v = m.meta["validation"]
    assert v["own:batch37"]["recall"] >= 0.95 and v["own:batch37"]["fpr"] <= 0.235
    assert v["own:batch38"]["recall"] >= 0.9136 and v["own:batch38"]["fpr"] <= 0.11
    assert v["own:everyday_negatives"]["fpr"] <= 0.0492 and v["own:long"]["fpr"] <= 0.1812
    pooled = m.meta["validation_pooled_own"]
    assert pooled["recall"] >= 0.9401 and pooled["fpr"] <= 0.0932


@pytest.mark.slow
def test_round11_check_rows_regression_floor():
    # Our round-11 rows (`crisis_written_r11.jsonl`), never trained on, with the chat default (rules + learned): round
    # 21 catches 36/50 and flags 11/84 (round 20: 36/50, 13/84; round 19: 35/50, 11/84; round 18: 40/50, 13/84; round
    # 17: 35/50, 11/84; round 16: 37/50, 10/84; round 15: 36/50, 10/84; round 14: 37/50, 11/84; round 13: 38/50, 15/84;
    # round 12: 37/50, 12/84; round 11: 36/50, 17/84). Hard on purpose: preparatory acts without risk words, violent
    # idioms, recovery stories and the same acts for ordinary reasons. A regression floor, one message of slack each way.
    screen = build_default_screener()
    rows = load_redteam(training.written_r11_path())
    caught = sum(1 for r in rows if r["crisis"] and screen(r["text"]).crisis)
    flagged = sum(1 for r in rows if not r["crisis"] and screen(r["text"]).crisis)
    assert caught >= 35 and flagged <= 12
