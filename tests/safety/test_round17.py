"""Round 17 of the input screen: blind batches 27 and 28 (each measured once on round 16, 59b0441: 27 recall 0.85,
FPR 0.055; 28 recall 0.9545, FPR 0.14) became dev and are trained on (all 420 rows of each, CV groups "batch27" and
"batch28"; none repeats a held-out row). Round 16's recipe unchanged (USE features, one 128-unit MLP, risk windows,
recall target 0.94, two-sentence weight 0.25, the threshold min(recall target's, highest FPR budget)); the rule, written
before any result (05:32 UTC): "INPUT round 17. B17 = round 16's recipe unchanged (empathic/safety/training.py as at
1d91ff8), blind batches 27 and 28 merged as dev (standing rule: CV groups batch27 and batch28; rows repeating a
held-out row stay held out). No candidate this round: B17 ships if its training completes and the committed tests
pass; the measured regressions it brings on committed sets are recorded (floors one message of slack), not tuned
away." All fast: no retraining here."""

from __future__ import annotations

from empathic.safety.learned import load_model

# The merge itself (batches 27 and 28 unchanged in the dev split, each its own CV group; each has one row repeating an
# earlier dev row, kept) is checked with the other merged blind batches in tests/safety/test_merged_batches.py.


def test_round17s_batches_are_still_in_the_shipped_validation():
    # The recipe itself (USE, one 128-unit MLP, recall target 0.94, two-sentence weight 0.25) is pinned once, in
    # the newest tests/safety/test_roundNN.py: from round 18 on, each round retrained it with two more blind batches.
    v = load_model().meta["validation"]
    assert v["own:batch27"]["n"] == 420 and v["own:batch28"]["n"] == 420 and "own:written_r11" not in v


# Round 17's own operating point (its weights shipped until round 18, which retrained with batches 31 and 32:
# tests/safety/test_round18.py): p >= 0.5155 for 1-2 sentences (the "own" FPR budget; the recall target's 0.5633),
# length slope 2.2237, cap 3.4993. Out of group at that point: pooled 0.9440 / 0.0700, pooled over the 25 dev-batch
# groups only 0.9491 (4811/5069) / 0.0692 (328/4742), everyday negatives 0.0420, long rows 0.9410 / 0.1485; batch 27
# 0.8636 (190/220) / 0.070 (14/200), batch 28 0.9591 (211/220) / 0.145 (29/200), batch 25 0.9591 / 0.090, batch 26
# 0.9227 / 0.135, batch 23 0.9273 / 0.060, batch 24 0.9227 / 0.050. On our round-11 check rows round 17 caught 35/50
# and flagged 11/84; the floor on them moved to the newest test_roundNN.py.
