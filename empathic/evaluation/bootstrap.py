"""Paired bootstrap over prompts: a 95% interval for every tuned-minus-base difference.

Base and tuned answered the same prompts, so each resample draws prompt indices once and uses them for
both systems; the interval is the 2.5/97.5 percentiles of (statistic(tuned) - statistic(base)).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np

Statistic = Callable[[np.ndarray], np.ndarray]


def mean_stat(x: np.ndarray) -> np.ndarray:
    """Mean over the example axis (axis 1 of a (resamples, n) array)."""
    return x.mean(axis=1)


def ratio_stat(x: np.ndarray) -> np.ndarray:
    """sum(column 0) / sum(column 1) over examples, for (resamples, n, 2) arrays (token-weighted means)."""
    return x[..., 0].sum(axis=1) / x[..., 1].sum(axis=1)


def perplexity_stat(x: np.ndarray) -> np.ndarray:
    """exp(total NLL / total tokens) from per-example [nll_sum, n_tokens]."""
    return np.exp(ratio_stat(x))


def bleu_stat(x: np.ndarray) -> np.ndarray:
    """Corpus BLEU of each resample from per-example sufficient statistics (n, 10)."""
    from empathic.evaluation.text_metrics import bleu_from_stats

    return bleu_from_stats(x.sum(axis=1))


@dataclass
class Diff:
    """Base value, tuned value, their difference (tuned - base) and its paired-bootstrap 95% interval."""

    base: float
    tuned: float
    diff: float
    ci_low: float
    ci_high: float
    within_noise: bool
    n: int

    def to_dict(self) -> dict:
        return asdict(self)


def paired_bootstrap(
    base: np.ndarray,
    tuned: np.ndarray,
    statistic: Statistic = mean_stat,
    n_resamples: int = 2000,
    seed: int = 0,
    confidence: float = 0.95,
    chunk: int = 500,
) -> Diff:
    """Paired bootstrap of statistic(tuned) - statistic(base).

    `base`/`tuned` are per-example arrays of shape (n,) or (n, k) aligned by prompt. Pairs where either
    side has a NaN are dropped (n reports how many remain). `statistic` maps a (resamples, n, ...) array
    to (resamples,). `within_noise` is True when the interval contains 0 (or when nothing is left).
    """
    base, tuned = np.asarray(base, dtype=float), np.asarray(tuned, dtype=float)
    if base.shape != tuned.shape:
        raise ValueError(f"base and tuned must be aligned by prompt, got shapes {base.shape} and {tuned.shape}")
    flat_b = base.reshape(len(base), -1)
    flat_t = tuned.reshape(len(tuned), -1)
    keep = np.isfinite(flat_b).all(axis=1) & np.isfinite(flat_t).all(axis=1)
    base, tuned = base[keep], tuned[keep]
    n = len(base)
    if n == 0:
        nan = float("nan")
        return Diff(nan, nan, nan, nan, nan, True, 0)
    b_point = float(statistic(base[None])[0])
    t_point = float(statistic(tuned[None])[0])
    rng = np.random.default_rng(seed)
    diffs = []
    # Chunked so 2000 x n x k indices never sit in memory at once for big k (BLEU has k=10).
    for start in range(0, n_resamples, chunk):
        idx = rng.integers(0, n, size=(min(chunk, n_resamples - start), n))
        diffs.append(statistic(tuned[idx]) - statistic(base[idx]))
    d = np.concatenate(diffs)
    d = d[np.isfinite(d)]
    alpha = (1 - confidence) / 2
    lo, hi = (np.quantile(d, [alpha, 1 - alpha]) if len(d) else (np.nan, np.nan))
    lo, hi = float(lo), float(hi)
    within = not (lo > 0 or hi < 0)  # also True for NaN bounds: no evidence of a difference
    return Diff(b_point, t_point, t_point - b_point, lo, hi, within, n)


def bootstrap_ci(values: np.ndarray, statistic: Statistic = mean_stat, n_resamples: int = 2000,
                 seed: int = 0, confidence: float = 0.95) -> tuple[float, float, float]:
    """(point, low, high) for one system alone (e.g. an EQ-Bench score), NaN rows dropped."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values.reshape(len(values), -1)).all(axis=1)]
    if len(values) == 0:
        return float("nan"), float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(values), size=(n_resamples, len(values)))
    stats = statistic(values[idx])
    alpha = (1 - confidence) / 2
    lo, hi = np.quantile(stats, [alpha, 1 - alpha])
    return float(statistic(values[None])[0]), float(lo), float(hi)
