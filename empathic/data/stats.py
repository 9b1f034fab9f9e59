"""Summaries written to OUT/stats.json: token-length percentiles and label distributions."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from typing import Any

from empathic.data.records import ClassificationRow, Example


def percentiles(values: Iterable[int], points: tuple[int, ...] = (50, 90, 99)) -> dict[str, int]:
    """Nearest-rank percentiles plus max; zeros for an empty list."""
    ordered = sorted(values)
    if not ordered:
        return {**{f"p{p}": 0 for p in points}, "max": 0, "n": 0}
    out = {f"p{p}": ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] for p in points}
    return {**out, "max": ordered[-1], "n": len(ordered)}


def distribution(labels: Iterable[str | None]) -> dict[str, int]:
    """Counts, most common first (ties by name), None shown as 'null'."""
    counts = Counter("null" if label is None else label for label in labels)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def sft_split_stats(examples: list[Example]) -> dict[str, Any]:
    return {
        "examples": len(examples),
        "by_source": distribution(e.source for e in examples),
        "turn_pairs": sum(len(e.messages) // 2 for e in examples),
        "tokens": percentiles(e.n_tokens for e in examples),
        "tokens_by_source": {
            source: percentiles(e.n_tokens for e in examples if e.source == source)
            for source in sorted({e.source for e in examples})
        },
        "emotions": distribution(e.emotion for e in examples if e.emotion is not None),
        "strategies": distribution(s for e in examples if e.strategies is not None for s in e.strategies),
    }


def classification_split_stats(rows: list[ClassificationRow]) -> dict[str, Any]:
    multi = sum(len(r.labels) > 1 for r in rows)
    return {
        "rows": len(rows),
        "multi_label_rows": multi,
        "multi_label_fraction": round(multi / len(rows), 4) if rows else 0.0,
        "labels": distribution(label for r in rows for label in r.labels),
    }
