"""Round 15 of the input screen: blind batches 23 and 24 (each measured once on round 14, 6f4db0e: 23 recall 0.927,
FPR 0.060; 24 recall 0.936, FPR 0.060) became dev and are trained on (all 420 rows of each, CV groups "batch23" and
"batch24"; none repeats a held-out row). Round 14's recipe unchanged (USE features, one 128-unit MLP, risk windows,
recall target 0.94, two-sentence weight 0.25, the threshold min(recall target's, highest FPR budget)); the rule, written
before any result: "INPUT round 15 = round 14's recipe unchanged (empathic/safety/training.py as at commit ddc5205),
blind batches 23 and 24 merged as dev (CV groups batch23, batch24; rows repeating a held-out row stay held out; rows
repeating earlier dev rows kept). No candidates, no other change." All fast: no retraining here."""

from __future__ import annotations

from empathic.safety.learned import load_model

# The merge itself (batches 23 and 24 unchanged in the dev split, each its own CV group; batch 23 has one row repeating
# an earlier dev row, batch 24 eleven, all kept) is checked with the other merged blind batches in
# tests/safety/test_merged_batches.py.


def test_round15s_batches_are_still_in_the_shipped_validation():
    # The recipe itself (USE, one 128-unit MLP, recall target 0.94, two-sentence weight 0.25) is pinned once, in
    # the newest tests/safety/test_roundNN.py: from round 16 on, each round retrained it with two more blind batches.
    v = load_model().meta["validation"]
    assert v["own:batch23"]["n"] == 420 and v["own:batch24"]["n"] == 420 and "own:written_r11" not in v


# Round 15's own operating point (its weights shipped until round 16, which retrained the recipe unchanged with batches
# 25 and 26: tests/safety/test_round16.py): p >= 0.4197 for 1-2 sentences (the "own" FPR budget; the recall target's
# 0.5644), length slope 2.1668, cap 3.9297. Out of group at that point: pooled 0.9520 / 0.0700, everyday negatives
# 0.0524, long rows 0.9476 / 0.1443; batch 23 0.9318 / 0.060, batch 24 0.9364 / 0.070, batch 21 0.9636 / 0.090, batch
# 22 0.9545 / 0.115, batch 19 0.9773 / 0.045, batch 20 0.9682 / 0.060. On our round-11 check rows round 15 caught 36/50
# and flagged 10/84; the floor on them moved to the newest test_roundNN.py.
