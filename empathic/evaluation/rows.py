"""Headline rows (a metric's paired difference with its direction) and how numbers are printed."""

from __future__ import annotations

import math

from empathic.evaluation.bootstrap import Diff


def metric_row(key: str, label: str, d: Diff, better: str | None, digits: int = 3, note: str = "") -> dict:
    """A headline row: `better` is "higher", "lower" or None (a property, not a goal, e.g. length)."""
    return {"key": key, "label": label, "better": better, "digits": digits, "note": note, **d.to_dict()}


def _num(x, digits: int = 3) -> str:
    if x is None or (isinstance(x, float) and (math.isnan(x) or math.isinf(x))):
        return "n/a"
    return f"{x:.{digits}f}"


def _signed(x, digits: int = 3) -> str:
    return "n/a" if _num(x) == "n/a" else f"{x:+.{digits}f}"
