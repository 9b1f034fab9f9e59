"""Round 8 of the input screen: blind batch 13 (measured once on round 7, 890a058) became dev and is trained on; the
MLP reads USE and all-MiniLM-L6-v2 features side by side (`training.FEATURES = "use+minilm"`). All fast: no
retraining here."""

from __future__ import annotations

import numpy as np

from empathic.safety import encoder, training
from empathic.safety.learned import LearnedModel, LearnedScreen, load_model, shipped_weights_path


def test_features_are_use_then_minilm_and_old_files_read_use():
    texts = ["I had a long week.", "Je suis fatigué."]
    x = encoder.featurize(texts, encoder.USE_MINILM)
    assert x.shape == (2, 896)
    assert np.allclose(np.linalg.norm(x[:, :512], axis=1), 1, atol=1e-3)  # USE part, as before
    assert np.allclose(np.linalg.norm(x[:, 512:], axis=1), 1, atol=1e-3)  # MiniLM part
    assert np.allclose(x[:, :512], encoder.featurize(texts, encoder.USE), atol=1e-5)
    # A weights file without a "features" entry (rounds 1-7) reads USE alone.
    old = LearnedModel(np.zeros(512, np.float32), 0.0, 0.5, np.zeros((5, 512), np.float32), {})
    assert old.features == encoder.USE


def test_shipped_weights_come_from_the_round8_recipe():
    # Round 8 = the round-7 recipe (one 128-unit MLP, risk windows, recall target 0.94) with batch 13 trained on and
    # the MLP reading USE + MiniLM (896 inputs).
    assert shipped_weights_path().stat().st_size < 256_000
    m = load_model()
    assert (training.BAG, training.HIDDEN, training.RECALL_TARGET, training.FEATURES) == (1, 128, 0.94, "use+minilm")
    assert m.features == "use+minilm" and m.meta["features"] == "use+minilm"
    assert m.hidden_w.shape == (896, 128) and m.centroids.shape[1] == 896
    assert m.meta["shippable"] and m.meta["recall_target"] == 0.94
    assert {"own:batch12", "own:batch13", "own:written_r6"} <= set(m.meta["validation"])
    assert m.meta["validation"]["own:batch13"]["n"] == 420


def test_round8_operating_point_and_grouped_cv():
    # The recipe's own operating point (pooled out-of-group recall target 0.94 over all own rows, batch 13 included):
    # p >= 0.4006 for 1-2 sentences (round 7: 0.2981; the probabilities of the new model are on another scale), length
    # slope 2.372 (2.254), cap 3.597 (3.526). Out of group at that point: pooled 0.9401 / 0.0913 (the round-7 recipe on
    # the same rows: 0.9423 / 0.1114), everyday negatives 0.076, long rows 0.935 / 0.151; batch 13 0.977 / 0.15 (its
    # blind measurement on round 7: 0.959 / 0.135).
    m = load_model()
    assert abs(m.threshold - 0.4006) < 1e-3
    assert abs(m.length_slope - 2.3717) < 1e-3 and abs(m.length_cap - 3.597) < 1e-3
    v = m.meta["validation"]
    assert v["own:batch13"]["recall"] >= 0.97 and v["own:batch13"]["fpr"] <= 0.15
    assert v["own:everyday_negatives"]["fpr"] <= 0.076 and v["own:long"]["fpr"] <= 0.151
    pooled = m.meta["validation_pooled_own"]
    assert pooled["recall"] >= 0.94 and pooled["fpr"] <= 0.0913


def test_the_learned_screen_reads_both_encoders_on_a_message():
    screen = LearnedScreen()
    score, category, why = screen("I've written the letters and I'm giving my dog to my sister on Friday, after that it won't matter.")
    assert score >= 0.5 and category is not None
    assert screen("We had soup for dinner and I fell asleep on the sofa.")[0] < 0.5
