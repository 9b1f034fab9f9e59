"""Round 10 of the input screen: blind batch 15 (measured once on round 9, 026418d) became dev and is trained on
(tests/safety/test_merged_batches.py; 419 of its 420 rows, one repeats a held-out batch-1 row and stays held out).
Round 9's recipe otherwise: USE features, one 128-unit MLP, risk windows, recall target 0.94, two-sentence messages
read whole first (TWO_SENTENCE_WEIGHT 0.25). All fast: no retraining here."""

from __future__ import annotations

from empathic.safety.learned import load_model


def test_round10s_batches_are_still_in_the_shipped_validation():
    # The recipe itself (USE, one 128-unit MLP, recall target 0.94, two-sentence weight 0.25) is pinned once, in
    # tests/safety/test_round11.py: round 11 retrained it unchanged.
    v = load_model().meta["validation"]
    assert {"own:batch13", "own:batch14", "own:batch15", "own:written_r6"} <= set(v)
    assert v["own:batch15"]["n"] == 419 and v["own:batch14"]["n"] == 420


# Round 10's own operating point (its weights shipped until round 11, which retrained the same recipe with batch 16:
# tests/safety/test_round11.py): p >= 0.4124 for 1-2 sentences, length slope 2.192, cap 3.539; out of group pooled
# 0.9402 / 0.0757, everyday negatives 0.0619, long rows 0.943 / 0.1436; batch 15 0.959 / 0.125.
