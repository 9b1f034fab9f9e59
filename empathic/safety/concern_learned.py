"""Concern v2's learned part: P(helper), a class-balanced logistic regression over the message's USE embedding.

`concern.concern_for_other` asks it only for a message the crisis screen flagged as suicidal ideation or self-harm
alone (v1's first condition) that v1's rules did not already route: when P(helper) reaches the shipped threshold the
message is a worried helper's (category "concern_for_other"). The embedding is the whole-message vector the crisis
screen has just computed (`encoder.message_embedding`), so chat does not encode the message twice.

Weights ship as `empathic/resources/concern_use.npz` (the emergency part's file format, `emergency_learned`),
written by `python -m empathic.safety.concern_training`, which fixes the threshold by grouped cross-validation and
records whether the rule written before the work kept the learned part (`meta["kept"]`). When it is not kept, or
the file is absent, concern stays v1 (rules only).
"""

from __future__ import annotations

import functools
from importlib import resources as _pkg
from pathlib import Path

from empathic.safety.emergency_learned import EmergencyModel, load_model

SHIPPED_FILE = "concern_use.npz"
# The learned part's model: the same logistic-regression container as the emergency part's (coef, bias, threshold,
# meta; whole message only).
ConcernModel = EmergencyModel


def shipped_weights_path() -> Path:
    return Path(str(_pkg.files("empathic") / "resources" / SHIPPED_FILE))


def load(path: Path | str | None = None) -> ConcernModel:
    return load_model(path if path is not None else shipped_weights_path())


@functools.cache
def shipped_model() -> ConcernModel | None:
    """The shipped model when the rule kept it, else None (concern v1)."""
    if not shipped_weights_path().is_file():
        return None
    model = load()
    return model if model.meta.get("kept", False) else None


def is_helper(text: str, model: ConcernModel | None = None) -> tuple[bool, float]:
    """(P(helper) >= threshold, P(helper)) for `text`; (False, 0.0) when no learned part is kept."""
    model = model if model is not None else shipped_model()
    if model is None or not (text or "").strip():
        return False, 0.0
    p = model.probability(text)
    return p >= model.threshold, p
