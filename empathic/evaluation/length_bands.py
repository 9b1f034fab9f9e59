"""Empathy scores within reply-length bands, so "more empathic" is not just "longer".

A judge sees more mechanisms in a 60-word reply than in a 12-word one, so a tuned model that answers
shorter can look less empathic only because of length (and a longer one more). Each reply (base or
tuned) falls into a band by its own word count; within a band, the mean level of base and tuned replies
is compared (unpaired: the same prompt's two replies may sit in different bands), with a percentile
bootstrap interval of the difference. The length-adjusted difference averages the band differences
weighted by how many replies (both models) each band holds; bands where either model has fewer than
`min_count` replies are left out of it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

BANDS = ((0, 15), (16, 40), (41, 80), (81, 10_000))  # words, inclusive


@dataclass(frozen=True)
class BandRow:
    band: str
    n_base: int
    n_tuned: int
    base: float | None
    tuned: float | None
    diff: float | None
    ci_low: float | None
    ci_high: float | None


def band_of(words: int, bands=BANDS) -> int:
    return next(i for i, (lo, hi) in enumerate(bands) if lo <= words <= hi)


def _label(lo: int, hi: int) -> str:
    return f"{lo}-{hi} words" if hi < 10_000 else f"{lo}+ words"


def _boot_diff(a: np.ndarray, b: np.ndarray, n: int, rng: np.random.Generator) -> tuple[float, float]:
    """95% percentile interval of mean(b) - mean(a), each resampled independently."""
    ia = rng.integers(0, len(a), size=(n, len(a)))
    ib = rng.integers(0, len(b), size=(n, len(b)))
    d = b[ib].mean(axis=1) - a[ia].mean(axis=1)
    return float(np.percentile(d, 2.5)), float(np.percentile(d, 97.5))


def banded_comparison(base_scores, tuned_scores, base_words, tuned_words, n_resamples: int = 2000, seed: int = 0,
                      min_count: int = 5, bands=BANDS) -> dict:
    """{"rows": [BandRow...], "adjusted": {diff, ci_low, ci_high, bands_used}} for one metric."""
    rng = np.random.default_rng(seed)
    bs, ts = np.asarray(base_scores, float), np.asarray(tuned_scores, float)
    bb = np.array([band_of(int(w), bands) for w in base_words])
    tb = np.array([band_of(int(w), bands) for w in tuned_words])
    rows, used, weights = [], [], []
    for i, (lo, hi) in enumerate(bands):
        a, b = bs[bb == i], ts[tb == i]
        row = BandRow(_label(lo, hi), len(a), len(b), float(a.mean()) if len(a) else None,
                      float(b.mean()) if len(b) else None, None, None, None)
        if len(a) >= min_count and len(b) >= min_count:
            low, high = _boot_diff(a, b, n_resamples, rng)
            row = BandRow(row.band, row.n_base, row.n_tuned, row.base, row.tuned, float(b.mean() - a.mean()), low, high)
            used.append(i)
            weights.append(len(a) + len(b))
        rows.append(row)
    adjusted = {"diff": None, "ci_low": None, "ci_high": None, "bands_used": [rows[i].band for i in used]}
    if used:
        w = np.array(weights, float) / sum(weights)
        point = float(sum(wi * rows[i].diff for wi, i in zip(w, used, strict=True)))
        # Bootstrap the weighted sum: resample within each used band, both models independently.
        draws = np.zeros(n_resamples)
        for wi, i in zip(w, used, strict=True):
            a, b = bs[bb == i], ts[tb == i]
            ia = rng.integers(0, len(a), size=(n_resamples, len(a)))
            ib = rng.integers(0, len(b), size=(n_resamples, len(b)))
            draws += wi * (b[ib].mean(axis=1) - a[ia].mean(axis=1))
        adjusted = {"diff": point, "ci_low": float(np.percentile(draws, 2.5)),
                    "ci_high": float(np.percentile(draws, 97.5)), "bands_used": [rows[i].band for i in used]}
    return {"rows": [asdict(r) for r in rows], "adjusted": adjusted}


def reference_band(reference_words) -> tuple[float, float]:
    """The middle half (25th-75th percentile) of the reference replies' word counts."""
    q1, q3 = np.percentile(np.asarray(reference_words, float), [25, 75])
    return float(q1), float(q3)
