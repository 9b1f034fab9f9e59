"""Paired bootstrap: intervals cover true differences, identical systems are within noise."""

import math

import numpy as np
import pytest

from empathic.evaluation import bootstrap as bs


def test_identical_systems_are_within_noise_with_a_zero_interval():
    x = np.random.default_rng(1).normal(size=50)
    d = bs.paired_bootstrap(x, x.copy(), n_resamples=300)
    assert (d.diff, d.ci_low, d.ci_high) == (0.0, 0.0, 0.0)
    assert d.within_noise and d.n == 50


def test_clear_improvement_is_outside_noise_and_interval_covers_truth():
    rng = np.random.default_rng(2)
    base = rng.normal(size=200)
    tuned = base + 0.5 + rng.normal(scale=0.3, size=200)  # true paired difference 0.5
    d = bs.paired_bootstrap(base, tuned, n_resamples=2000, seed=0)
    assert d.ci_low < 0.5 < d.ci_high
    assert d.ci_low > 0 and not d.within_noise
    assert d.diff == pytest.approx(tuned.mean() - base.mean())


def test_coverage_is_close_to_95_percent_over_many_synthetic_datasets():
    rng = np.random.default_rng(3)
    covered = 0
    for seed in range(120):
        base = rng.normal(size=60)
        tuned = base + 0.2 + rng.normal(size=60)
        d = bs.paired_bootstrap(base, tuned, n_resamples=400, seed=seed)
        covered += d.ci_low <= 0.2 <= d.ci_high
    # percentile bootstrap at n=60 under-covers slightly; 120 trials give a binomial sd of about 2 points
    assert 0.85 <= covered / 120 <= 0.99


def test_pairing_makes_a_small_consistent_gain_significant():
    rng = np.random.default_rng(4)
    base = rng.normal(scale=5.0, size=100)  # huge spread between prompts...
    tuned = base + 0.1  # ...but every prompt gains exactly 0.1
    d = bs.paired_bootstrap(base, tuned, n_resamples=500)
    assert d.ci_low == pytest.approx(0.1) and d.ci_high == pytest.approx(0.1)
    assert not d.within_noise


def test_nan_pairs_are_dropped_and_counted():
    base = np.array([1.0, np.nan, 3.0, 4.0])
    tuned = np.array([2.0, 5.0, np.nan, 5.0])
    d = bs.paired_bootstrap(base, tuned, n_resamples=200)
    assert d.n == 2
    assert (d.base, d.tuned) == (2.5, 3.5)


def test_nothing_left_is_reported_as_no_evidence():
    d = bs.paired_bootstrap(np.array([np.nan]), np.array([1.0]), n_resamples=10)
    assert d.n == 0 and d.within_noise and math.isnan(d.diff)


def test_perplexity_statistic_is_token_weighted():
    # [nll_sum, tokens]: (2 + 4) / (1 + 3) = 1.5 -> perplexity e^1.5, not the mean of per-row perplexities
    stats = np.array([[2.0, 1.0], [4.0, 3.0]])
    assert bs.perplexity_stat(stats[None])[0] == pytest.approx(math.exp(1.5))


def test_bleu_statistic_point_value_is_corpus_bleu():
    from empathic.evaluation.text_metrics import bleu_stats, corpus_bleu

    hyps, refs = ["a b c d e", "x y z w"], ["a b c d f", "x y z w"]
    s, _ = bleu_stats(hyps, refs)
    d = bs.paired_bootstrap(s, s, bs.bleu_stat, n_resamples=50)
    assert d.base == pytest.approx(corpus_bleu(hyps, refs))


def test_misaligned_inputs_are_rejected():
    with pytest.raises(ValueError):
        bs.paired_bootstrap(np.zeros(3), np.zeros(4))


def test_single_system_interval():
    point, lo, hi = bs.bootstrap_ci(np.array([1.0, 2.0, 3.0, np.nan]), n_resamples=500)
    assert point == 2.0 and 1.0 <= lo <= 2.0 <= hi <= 3.0
