"""Round 7 of the input screen: blind batch 12 (measured once on round 6, c9786d5) became dev and is trained on,
with the round-6 recipe otherwise unchanged. All fast: no retraining here."""

from __future__ import annotations

from empathic.safety import encoder, training
from empathic.safety.learned import load_model, shipped_weights_path


def test_shipped_weights_keep_the_round7_recipe():
    # Round 7 = the round-6 recipe (one 128-unit MLP, risk windows, recall target 0.94) with batch 12 trained on. Round 8
    # keeps it and adds batch 13 and MiniLM features (tests/safety/test_round8.py pins the shipped numbers). Round 7's
    # own operating point (its weights at 890a058): p >= 0.2981 for 1-2 sentences, slope 2.254, cap 3.526; batch 12 out
    # of group 0.936 / 0.14.
    assert shipped_weights_path().stat().st_size < 1_000_000
    m = load_model()
    assert (training.BAG, training.HIDDEN, training.RECALL_TARGET) == (1, 128, 0.94)
    assert m.hidden_w.shape == (encoder.feature_dim(m.features), 128)
    assert m.meta["shippable"] and m.meta["recall_target"] == 0.94
    assert {"own:batch11", "own:batch12", "own:written_r6"} <= set(m.meta["validation"])
    assert m.meta["validation"]["own:batch12"]["n"] == 420
    assert m.meta["validation_pooled_own"]["recall"] >= 0.94
