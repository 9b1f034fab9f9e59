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
0.11 (22/200) out of group (blind on round 20: 0.9455 / 0.185 and 0.9182 / 0.135). All fast: no retraining here."""

from __future__ import annotations

from empathic.safety.learned import load_model

# The merge itself (batches 37 and 38 unchanged in the dev split, each its own CV group) is checked with the other
# merged blind batches in tests/safety/test_merged_batches.py.


def test_round21s_batches_are_still_in_the_shipped_validation():
    # The recipe itself (USE, one 128-unit MLP, recall target 0.94, two-sentence weight 0.25, MIN_WINDOW_WORDS 0,
    # POST_LABEL_COPIES False) is pinned once, in the newest tests/safety/test_roundNN.py: round 22 retrained it with
    # four more blind batches (41-44).
    v = load_model().meta["validation"]
    assert v["own:batch37"]["n"] == 420 and v["own:batch38"]["n"] == 420 and "own:written_r11" not in v


# Round 21's own operating point (its weights, 182aad3, sha256 fbee753a..., shipped until round 22, which retrained
# with batches 41-44: the newest tests/safety/test_roundNN.py): p >= 0.4357 for 1-2 sentences (the recall target's;
# candidates own 0.6704, own_everyday 0.3408, own_long 0.1258, hypo_hyperbole 0.0729, own_recall 0.4357), length slope
# 2.2283, cap 3.7009. Out of group at that point: pooled 0.9401 / 0.0932, pooled over the 33 dev-batch groups only
# 0.9425 (6436/6829) / 0.0946 (600/6342), everyday negatives 0.0492, long rows 0.9376 / 0.1812; batch 37 0.95
# (209/220) / 0.235 (47/200), batch 38 0.9136 (201/220) / 0.11 (22/200), batch 35 0.9727 / 0.18, batch 36 0.75 /
# 0.125, batch 33 0.9182 / 0.065, batch 34 0.9091 / 0.19, batch 31 0.9727 / 0.335, batch 32 0.85 / 0.095. On our
# round-11 check rows round 21 caught 36/50 and flagged 11/84; the floor on them moved to the newest test_roundNN.py.
# Blind 41-44, 47 and 48, measured once on round 21: 0.9136 (201/220) / 0.365 (73/200), 0.9364 (206/220) / 0.305
# (61/200), 0.9091 (200/220) / 0.20 (40/200), 0.9773 (215/220) / 0.395 (79/200), 0.9773 (215/220) / 0.27 (54/200)
# and 0.8818 (194/220) / 0.235 (47/200) (tests/test_safety_redteam.py).
