"""Empathy within reply-length bands: a model that only got longer shows no length-adjusted gain."""

import numpy as np
import pytest

from empathic.evaluation.length_bands import band_of, banded_comparison, reference_band


def test_band_edges_are_inclusive():
    assert [band_of(w) for w in (0, 15, 16, 40, 41, 80, 81, 500)] == [0, 0, 1, 1, 2, 2, 3, 3]


def test_longer_replies_with_the_same_per_band_scores_show_no_adjusted_difference():
    rng = np.random.default_rng(0)
    # Score depends on length only: short replies score 0, long ones 1, for both models.
    base_words = rng.integers(5, 15, 60).tolist() + rng.integers(50, 70, 20).tolist()
    tuned_words = rng.integers(5, 15, 20).tolist() + rng.integers(50, 70, 60).tolist()
    base = [0 if w <= 15 else 1 for w in base_words]
    tuned = [0 if w <= 15 else 1 for w in tuned_words]
    res = banded_comparison(base, tuned, base_words, tuned_words, n_resamples=500)
    assert np.mean(tuned) - np.mean(base) == pytest.approx(0.5)  # raw means differ a lot...
    assert res["adjusted"]["diff"] == pytest.approx(0.0)  # ...length-adjusted they do not
    assert res["adjusted"]["ci_low"] <= 0 <= res["adjusted"]["ci_high"]


def test_a_real_within_band_gain_is_found():
    words = [10] * 40
    res = banded_comparison([0] * 40, [1] * 20 + [2] * 20, words, words, n_resamples=500)
    row = res["rows"][0]
    assert row["diff"] == pytest.approx(1.5) and row["ci_low"] > 0
    assert res["adjusted"]["diff"] == pytest.approx(1.5)


def test_sparse_bands_are_reported_but_left_out_of_the_adjusted_difference():
    res = banded_comparison([1] * 10 + [0] * 2, [1] * 10 + [2] * 2, [10] * 10 + [90] * 2, [10] * 10 + [90] * 2,
                            n_resamples=200, min_count=5)
    assert res["rows"][3]["n_base"] == 2 and res["rows"][3]["diff"] is None
    assert res["adjusted"]["bands_used"] == ["0-15 words"]


def test_reference_band_is_the_interquartile_range():
    assert reference_band([1, 2, 3, 4, 5]) == (2.0, 4.0)
