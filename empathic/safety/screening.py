"""`screen_user_message`: is this message a crisis, and which kind?"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from empathic.safety.rules import CATEGORIES, THRESHOLD, rule_scores


@dataclass
class Screening:
    """Result of screening one user message. `score` is in [0, 1]; crisis iff score >= 0.5."""

    crisis: bool
    category: str | None
    score: float
    reasons: list[str] = field(default_factory=list)


class SecondOpinion(Protocol):
    """An optional extra detector (e.g. the embedding classifier) consulted after the rules."""

    def __call__(self, text: str) -> tuple[float, str | None, str]: ...


def _pick_category(scores: dict[str, float]) -> str | None:
    # Immediate danger outranks everything: the reply must lead with the emergency number.
    if scores.get("immediate_danger", 0.0) >= THRESHOLD:
        return "immediate_danger"
    best = max(scores.items(), key=lambda kv: (kv[1], -CATEGORIES.index(kv[0])), default=None)
    return best[0] if best else None


def screen_user_message(text: str, *, second_opinion: SecondOpinion | None = None) -> Screening:
    """Screen one user message with the rules, then (optionally) a second opinion.

    The second opinion can only raise a flag, never clear one the rules raised: a missed crisis
    costs far more than an extra, gentle escalation.
    """
    scores, reasons = rule_scores(text or "")
    category = _pick_category(scores)
    score = round(max(scores.values(), default=0.0), 4)
    if score < THRESHOLD and second_opinion is not None:
        extra, extra_category, why = second_opinion(text or "")
        if extra >= THRESHOLD and extra_category:
            score, category = round(extra, 4), extra_category
            reasons.append(why)
    crisis = score >= THRESHOLD
    return Screening(crisis=crisis, category=category if crisis else None, score=score, reasons=reasons)
