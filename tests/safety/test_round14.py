"""Round 14 of the input screen: blind batches 21 and 22 (each measured once on round 13, f82fcf9: 21 recall 0.9545,
FPR 0.095; 22 recall 0.9455, FPR 0.12) became dev and are trained on (all 420 rows of each, CV groups "batch21" and
"batch22"; none repeats a held-out row). Round 13's recipe unchanged (USE features, one 128-unit MLP, risk windows,
recall target 0.94, two-sentence weight 0.25, the threshold min(recall target's, highest FPR budget)); the rule, written
before any result: "Round 14 = round 13's recipe unchanged, batches 21 and 22 merged as dev (CV groups batch21,
batch22). No candidates, no other change." All fast: no retraining here."""

from __future__ import annotations

from empathic.safety.learned import load_model

# The merge itself (batches 21 and 22 unchanged in the dev split, each its own CV group) is checked with the other
# merged
# blind batches in tests/safety/test_merged_batches.py.


def test_round14s_batches_are_still_in_the_shipped_validation():
    # The recipe itself (USE, one 128-unit MLP, recall target 0.94, two-sentence weight 0.25) is pinned once, in
    # the newest tests/safety/test_roundNN.py: from round 15 on, each round retrained it with two more blind batches.
    v = load_model().meta["validation"]
    assert v["own:batch21"]["n"] == 420 and v["own:batch22"]["n"] == 420 and "own:written_r11" not in v


# Round 14's own operating point (its weights shipped until round 15, which retrained the recipe unchanged with batches
# 23 and 24: tests/safety/test_round15.py): p >= 0.4734 for 1-2 sentences (the "own" FPR budget; the recall target's
# 0.5709), length slope 2.1955, cap 3.6401. Out of group at that point: pooled 0.9473 / 0.0700, everyday negatives
# 0.0497, long rows 0.9473 / 0.1517; batch 21 0.9455 / 0.080, batch 22 0.9364 / 0.100, batch 19 0.9727 / 0.055, batch
# 20 0.9545 / 0.050. Learned-only AUC 0.9817, FPR at pooled recall 0.95 0.0719. On our round-11 check rows round 14
# caught 37/50 and flagged 11/84; the floor on them moved to the newest test_roundNN.py.
