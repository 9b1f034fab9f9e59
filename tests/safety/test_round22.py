"""Round 22 of the input screen: blind batches 41-44 (each measured once on round 21, 182aad3: 41 recall 0.9136, FPR
0.365; 42 recall 0.9364, FPR 0.305; 43 recall 0.9091, FPR 0.20; 44 recall 0.9773, FPR 0.395) became dev and are trained
on (all 420 rows of each, CV groups "batch41" to "batch44"; four batches in one round, since the numbers 39 and 40 were
lost unread). The rule, written before any work of the session (2026-12-04 10:18 UTC, runs/safety25/rule.txt): "B22 =
round 21's recipe (empathic/safety/training.py unchanged) with blind 41-44 merged as dev (the surviving change; checked
by tests/safety/test_merged_batches.py), trained with build_shipped_weights ... Ships only if it finishes in time, its
median latency < 50 ms, and the unit tests pass (tests/safety tests/test_safety_*.py tests/chat, not benchmark); then
its pins go into tests/safety/test_round22.py. If it does not finish in time, the merge is committed only together with
weights trained on it (not before)." Otherwise round 21 stays.

B22 ships: median latency per message on the benchmark (tests/safety/test_screen_latency.py, other jobs paused) 3.9 ms,
everyday (learned path) 5.0, with a 4-user-turn history 4.7 (round 21: 3.1 / 3.8 / 3.5 on an idle machine); the unit
tests pass. Threshold 0.3691 (the recall target's; round 21 0.4357). Pooled out of group: own rows 0.9401 / 0.1147
(round 21 0.9401 / 0.0932); over the 37 dev-batch groups recall 0.9416 (7259/7709), FPR 0.1169 (835/7142). Per new batch,
out of group: batch 41 0.9091 (200/220) / 0.37 (74/200), batch 42 0.9273 (204/220) / 0.255 (51/200), batch 43 0.8864
(195/220) / 0.185 (37/200), batch 44 0.9818 (216/220) / 0.315 (63/200) (blind on round 21: 0.9136 / 0.365, 0.9364 /
0.305, 0.9091 / 0.20, 0.9773 / 0.395). Over the same 33 older dev-batch groups, B22 against round 21: unweighted mean
of the per-group out-of-group numbers recall 0.9465 / FPR 0.0935 (round 21 0.9444 / 0.0927); pooled 0.9436
(6444/6829) / 0.0962 (610/6342) (round 21 0.9425 (6436/6829) / 0.0946 (600/6342)). Fast apart from the check-set
test."""

from __future__ import annotations

import pytest

from empathic.safety import build_default_screener, encoder, load_redteam, training
from empathic.safety.learned import load_model, shipped_weights_path

# The merge itself (batches 41-44 unchanged in the dev split, each its own CV group) is checked with the other merged
# blind batches in tests/safety/test_merged_batches.py.


def test_shipped_weights_come_from_the_round22_recipe():
    # The recipe's shape, pinned once here (round 11's recipe, retrained from round 12 on with two more blind batches
    # each: 17-18, 19-20 (and the threshold step fixed), 21-22, 23-24, 25-26, 27-28, 31-32, 33-34, 35-36, 37-38; round
    # 22 with four: 41-44).
    assert shipped_weights_path().stat().st_size < 140_000
    m = load_model()
    assert (training.BAG, training.HIDDEN, training.RECALL_TARGET, training.FEATURES) == (1, 128, 0.94, "use")
    assert training.TWO_SENTENCE_WEIGHT == 0.25 and m.two_sentence_weight == 0.25
    assert training.MIN_WINDOW_WORDS == 0 and m.meta["min_window_words"] == 0 and m.min_window_words == 0  # not N18
    assert training.POST_LABEL_COPIES is False and m.meta["post_label_copies"] is False  # not L19
    assert m.features == "use" and m.hidden_w.shape == (encoder.DIM, 128)
    assert m.meta["shippable"] and m.meta["recall_target"] == 0.94
    v = m.meta["validation"]
    assert all(v[f"own:batch{b}"]["n"] == 420 for b in [*range(16, 29), *range(31, 39), *range(41, 45)])
    assert "own:written_r11" not in v
    cands = m.meta["threshold_candidates"]
    assert m.threshold == pytest.approx(training.combine_thresholds(cands), abs=1e-4)


def test_round22_operating_point_and_grouped_cv():
    # The threshold is the recall target's (0.3691; candidates own 0.7764, own_everyday 0.3559, own_long 0.1666,
    # hypo_hyperbole 0.038, own_recall 0.3691), by the rule of rounds 13-21 (round 21 0.4357, the recall target's).
    # Length slope 2.2643 (round 21 2.2283), cap 3.7298 (3.7009). Out of group at that point: pooled 0.9401 / 0.1147
    # (round 21 0.9401 / 0.0932), pooled over the 37 dev-batch groups 0.9416 (7259/7709) / 0.1169 (835/7142), over the
    # 33 older ones 0.9436 (6444/6829) / 0.0962 (610/6342) (round 21 over them: 0.9425 / 0.0946), everyday negatives
    # 0.055 (0.0492), long rows 0.9428 / 0.2133 (0.9376 / 0.1812); batch 41 0.9091 (200/220) / 0.37 (74/200), batch 42
    # 0.9273 (204/220) / 0.255 (51/200), batch 43 0.8864 (195/220) / 0.185 (37/200), batch 44 0.9818 (216/220) / 0.315
    # (63/200) (their blind measurements on round 21: 0.9136 / 0.365, 0.9364 / 0.305, 0.9091 / 0.20, 0.9773 / 0.395);
    # batch 37 0.9364 / 0.20, batch 38 0.9045 / 0.115, batch 35 0.9818 / 0.225, batch 36 0.7455 / 0.16, batch 33 0.9091
    # / 0.055, batch 34 0.8955 / 0.195, batch 31 0.9545 / 0.26, batch 32 0.8318 / 0.07.
    m = load_model()
    cands = m.meta["threshold_candidates"]
    assert abs(m.threshold - 0.3691) < 1e-3 and abs(cands["own"] - 0.7764) < 1e-3
    assert abs(m.length_slope - 2.2643) < 1e-3 and abs(m.length_cap - 3.7298) < 1e-3
    v = m.meta["validation"]
    assert v["own:batch41"]["recall"] >= 0.9091 and v["own:batch41"]["fpr"] <= 0.37
    assert v["own:batch42"]["recall"] >= 0.9273 and v["own:batch42"]["fpr"] <= 0.255
    assert v["own:batch43"]["recall"] >= 0.8864 and v["own:batch43"]["fpr"] <= 0.185
    assert v["own:batch44"]["recall"] >= 0.9818 and v["own:batch44"]["fpr"] <= 0.315
    assert v["own:everyday_negatives"]["fpr"] <= 0.055 and v["own:long"]["fpr"] <= 0.2133
    pooled = m.meta["validation_pooled_own"]
    assert pooled["recall"] >= 0.9401 and pooled["fpr"] <= 0.1147


@pytest.mark.slow
def test_round11_check_rows_regression_floor():
    # Our round-11 rows (`crisis_written_r11.jsonl`), never trained on, with the chat default (rules + learned): round
    # 22 catches 38/50 and flags 11/84 (round 21: 36/50, 11/84; round 20: 36/50, 13/84; round 19: 35/50, 11/84; round
    # 18: 40/50, 13/84; round 17: 35/50, 11/84; round 16: 37/50, 10/84; round 15: 36/50, 10/84; round 14: 37/50,
    # 11/84; round 13: 38/50, 15/84; round 12: 37/50, 12/84; round 11: 36/50, 17/84). Hard on purpose: preparatory acts
    # without risk words, violent idioms, recovery stories and the same acts for ordinary reasons. A regression floor,
    # one message of slack each way.
    screen = build_default_screener()
    rows = load_redteam(training.written_r11_path())
    caught = sum(1 for r in rows if r["crisis"] and screen(r["text"]).crisis)
    flagged = sum(1 for r in rows if not r["crisis"] and screen(r["text"]).crisis)
    assert caught >= 37 and flagged <= 12
