"""Round 8 of the input screen: blind batch 13 (measured once on round 7, 890a058) became dev and is trained on; the
MLP read USE and all-MiniLM-L6-v2 features side by side (`"use+minilm"`, weights at 87d4f7e). Round 9 went back to USE
alone (tests/safety/test_round9.py pins the shipped numbers); the two-encoder path stays for weight files that name
it. All fast: no retraining here, and MiniLM is replaced by zeros where only the plumbing is checked."""

from __future__ import annotations

import numpy as np

from empathic.safety import encoder, learned
from empathic.safety.learned import LearnedModel, LearnedScreen, load_model
from empathic.safety.patterns import CATEGORIES


def test_features_are_use_then_minilm_and_old_files_read_use(monkeypatch):
    texts = ["I had a long week.", "Je suis fatigué."]
    monkeypatch.setattr(encoder, "encode_minilm", lambda ts: np.full((len(ts), encoder.MINILM_DIM), 0.05, np.float32))
    x = encoder.featurize(texts, encoder.USE_MINILM)
    assert x.shape == (2, 896)
    assert np.allclose(np.linalg.norm(x[:, :512], axis=1), 1, atol=1e-3)  # USE part, as before
    assert np.allclose(x[:, :512], encoder.featurize(texts, encoder.USE), atol=1e-5)
    # A weights file without a "features" entry (rounds 1-7) reads USE alone.
    old = LearnedModel(np.zeros(512, np.float32), 0.0, 0.5, np.zeros((5, 512), np.float32), {})
    assert old.features == encoder.USE


def test_a_round8_style_weights_file_is_scored_on_both_encoders(tmp_path, monkeypatch):
    # Round 8's shipped file (87d4f7e): features "use+minilm", hidden_w (896, 128), p >= 0.4006 for 1-2 sentences,
    # slope 2.372, cap 3.597; out of group pooled 0.9401 / 0.0913 at its recall target 0.94, batch 13 0.977 / 0.15.
    seen = []

    def fake_minilm(ts):
        seen.append(list(ts))
        return np.zeros((len(ts), encoder.MINILM_DIM), np.float32)

    monkeypatch.setattr(encoder, "encode_minilm", fake_minilm)
    rng = np.random.default_rng(0)
    m = LearnedModel(rng.normal(size=8).astype(np.float32), 0.0, 0.4006, np.zeros((len(CATEGORIES), 896), np.float32),
                     {"features": "use+minilm"}, rng.normal(size=(896, 8)).astype(np.float32) * 0.01,
                     np.zeros(8, np.float32), 2.3717, 3.597)
    path = m.save(tmp_path / "r8.npz")
    assert load_model(path).features == "use+minilm"
    learned._cached_model.cache_clear()
    try:
        score, _category, _why = LearnedScreen(path)("We had soup for dinner.")
    finally:
        learned._cached_model.cache_clear()
    assert 0.0 <= score <= 1.0 and seen == [["We had soup for dinner."]]
