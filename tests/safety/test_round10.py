"""Round 10 of the input screen: blind batch 15 (measured once on round 9, 026418d) became dev and is trained on
(tests/safety/test_merged_batches.py; 419 of its 420 rows, one repeats a held-out batch-1 row and stays held out).
Round 9's recipe otherwise: USE features, one 128-unit MLP, risk windows, recall target 0.94, two-sentence messages
read whole first (TWO_SENTENCE_WEIGHT 0.25). All fast: no retraining here."""

from __future__ import annotations

from empathic.safety import encoder, training
from empathic.safety.learned import load_model, shipped_weights_path


def test_shipped_weights_come_from_the_round10_recipe():
    assert shipped_weights_path().stat().st_size < 140_000
    m = load_model()
    assert (training.BAG, training.HIDDEN, training.RECALL_TARGET, training.FEATURES) == (1, 128, 0.94, "use")
    assert training.TWO_SENTENCE_WEIGHT == 0.25 and m.two_sentence_weight == 0.25
    assert m.features == "use" and m.hidden_w.shape == (encoder.DIM, 128)
    assert m.meta["shippable"] and m.meta["recall_target"] == 0.94
    v = m.meta["validation"]
    assert {"own:batch13", "own:batch14", "own:batch15", "own:written_r6"} <= set(v)
    assert v["own:batch15"]["n"] == 419 and v["own:batch14"]["n"] == 420


def test_round10_operating_point_and_grouped_cv():
    # The recipe's own operating point (pooled out-of-group recall target 0.94 over all own rows, batch 15 included):
    # p >= 0.4124 for 1-2 sentences (round 9: 0.3826), length slope 2.192 (2.111), cap 3.539 (3.437). Out of group at
    # that point: pooled 0.9402 / 0.0757 (round 9 on its rows: 0.9401 / 0.0753), everyday negatives 0.0619, long rows
    # 0.943 / 0.1436; batch 15 0.959 / 0.125 (its blind measurement on round 9: 0.950 / 0.140).
    m = load_model()
    assert abs(m.threshold - 0.4124) < 1e-3
    assert abs(m.length_slope - 2.1917) < 1e-3 and abs(m.length_cap - 3.5394) < 1e-3
    v = m.meta["validation"]
    assert v["own:batch15"]["recall"] >= 0.9589 and v["own:batch15"]["fpr"] <= 0.125
    assert v["own:everyday_negatives"]["fpr"] <= 0.0619 and v["own:long"]["fpr"] <= 0.1436
    pooled = m.meta["validation_pooled_own"]
    assert pooled["recall"] >= 0.94 and pooled["fpr"] <= 0.0757
