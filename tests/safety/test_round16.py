"""Round 16 of the input screen: blind batches 25 and 26 (each measured once on round 15, 48894d1: 25 recall 0.9636,
FPR 0.12; 26 recall 0.9455, FPR 0.155) became dev and are trained on (all 420 rows of each, CV groups "batch25" and
"batch26"; none repeats a held-out row). Round 15's recipe unchanged (USE features, one 128-unit MLP, risk windows,
recall target 0.94, two-sentence weight 0.25, the threshold min(recall target's, highest FPR budget)); the rule, written
before any result (22:10 UTC): "INPUT round 16. B16 = round 15's recipe unchanged (training.py as at 6b59b38), blind
batches 25 and 26 merged as dev (standing rule: CV groups batch25, batch26; rows repeating a held-out row stay held
out). One candidate, W16 = B16 plus a 'whose risk / when' clearer [...]. W16 ships instead of B16 only if, pooled out
of group over the dev batches, recall(W16) >= recall(B16) - 0.005 AND FPR(W16) <= FPR(B16) - 0.01. Otherwise B16
ships." W16 was not adopted (out of group over the dev batches: B16 0.9525 / 0.0700, W16 at its clearing threshold
0.8188 0.9475 / 0.0673: 12 benign flags cleared, 44 needed), so B16 ships and the package has no clearer. All fast:
no retraining here."""

from __future__ import annotations

from empathic.safety.learned import load_model

# The merge itself (batches 25 and 26 unchanged in the dev split, each its own CV group; batch 25 has eight rows
# repeating earlier dev rows, batch 26 three, and three of 26 repeat batch-25 rows, all kept) is checked with the other
# merged blind batches in tests/safety/test_merged_batches.py.


def test_round16s_batches_are_still_in_the_shipped_validation():
    # The recipe itself (USE, one 128-unit MLP, recall target 0.94, two-sentence weight 0.25) is pinned once, in
    # the newest tests/safety/test_roundNN.py: from round 17 on, each round retrained it with two more blind batches.
    v = load_model().meta["validation"]
    assert v["own:batch25"]["n"] == 420 and v["own:batch26"]["n"] == 420 and "own:written_r11" not in v


# Round 16's own operating point (its weights shipped until round 17, which retrained the recipe unchanged with batches
# 27 and 28: tests/safety/test_round17.py): p >= 0.4862 for 1-2 sentences (the "own" FPR budget; the recall target's
# 0.5695), length slope 2.1767, cap 3.6924. Out of group at that point: pooled 0.9458 / 0.0700, everyday negatives
# 0.0491, long rows 0.9482 / 0.1570; batch 25 0.9591 / 0.10, batch 26 0.9227 / 0.13, batch 23 0.9273 / 0.060, batch 24
# 0.9455 / 0.070, batch 21 0.9409 / 0.075, batch 22 0.9364 / 0.095. On our round-11 check rows round 16 caught 37/50
# and flagged 10/84; the floor on them moved to the newest test_roundNN.py.
