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
on round 19: 0.9773 / 0.175 and 0.7591 / 0.14). All fast: no retraining here."""

from __future__ import annotations

from empathic.safety.learned import load_model

# The merge itself (batches 35 and 36 unchanged in the dev split, each its own CV group) is checked with the other
# merged blind batches in tests/safety/test_merged_batches.py.


def test_round20s_batches_are_still_in_the_shipped_validation():
    # The recipe itself (USE, one 128-unit MLP, recall target 0.94, two-sentence weight 0.25, MIN_WINDOW_WORDS 0,
    # POST_LABEL_COPIES False) is pinned once, in the newest tests/safety/test_roundNN.py: from round 21 on, each round
    # retrained it with two more blind batches.
    v = load_model().meta["validation"]
    assert v["own:batch35"]["n"] == 420 and v["own:batch36"]["n"] == 420 and "own:written_r11" not in v


# Round 20's own operating point (its weights shipped until round 21, which retrained with batches 37 and 38: the newest
# tests/safety/test_roundNN.py): p >= 0.4508 for 1-2 sentences (the recall target's; candidates own 0.641, own_everyday
# 0.3658, own_long 0.1174, hypo_hyperbole 0.1104, own_recall 0.4508), length slope 2.3075, cap 3.6481. Out of group at
# that point: pooled 0.94 / 0.0883, pooled over the 31 dev-batch groups only 0.9421 (6019/6389) / 0.0885 (526/5942),
# everyday negatives 0.0462, long rows 0.9366 / 0.1654; batch 35 0.9909 (218/220) / 0.19 (38/200), batch 36 0.7545
# (166/220) / 0.135 (27/200), batch 33 0.8955 / 0.06, batch 34 0.8864 / 0.215, batch 31 0.9682 / 0.315, batch 32 0.8591
# / 0.09, batch 27 0.9091 / 0.085, batch 28 0.9545 / 0.125. On our round-11 check rows round 20 caught 36/50 and
# flagged 13/84; the floor on them moved to the newest test_roundNN.py. Blind 37 and 38, measured once on round 20:
# 0.9455 (208/220) / 0.185 (37/200) and 0.9182 (202/220) / 0.135 (27/200) (tests/test_safety_redteam.py).
