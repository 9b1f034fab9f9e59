"""`screen_user_message`: is this message a crisis, which kind, and in which language?

The rules (`rules.py`, high precision, every category) run first; optional second opinions (the
learned screen by default in chat, see `defaults.py`) can only *raise* a flag, never clear one the
rules raised: a missed crisis costs far more than an extra, gentle escalation. In the other
direction, a second opinion may not overrule an explicit clearance: when the rules matched crisis
wording and explained every match away (negated, past, idiom, joke), the message stays clear.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from empathic.safety.lang import detect_language
from empathic.safety.rules import CATEGORIES, THRESHOLD, rule_scores, rules_cleared


@dataclass(frozen=True)
class Screening:
    """Result of screening a user message. `score` is in [0, 1]; crisis iff score >= 0.5, except that a
    worried helper's message (`empathic.safety.concern`) keeps its score but is not crisis, category
    "concern_for_other".

    `language` is the message's language (ISO 639-1 among en, es, fr, de, pt, hi = Hindi in Latin
    letters), so the escalation reply can be given in it.
    """

    crisis: bool
    category: str | None
    score: float
    reasons: tuple[str, ...] = ()
    language: str = "en"


class Screener(Protocol):
    """A pluggable crisis detector: `text -> (score on the 0.5-threshold scale, category, reason)`."""

    def __call__(self, text: str) -> tuple[float, str | None, str]: ...


SecondOpinion = Screener  # the older name


def _pick_category(scores: dict[str, float]) -> str | None:
    # Immediate danger outranks everything: the reply must lead with the emergency number.
    if scores.get("immediate_danger", 0.0) >= THRESHOLD:
        return "immediate_danger"
    best = max(scores.items(), key=lambda kv: (kv[1], -CATEGORIES.index(kv[0])), default=None)
    return best[0] if best else None


def _as_list(opinions: Screener | Sequence[Screener] | None) -> list[Screener]:
    if opinions is None:
        return []
    if callable(opinions):
        return [opinions]
    return list(opinions)


def screen_user_message(text: str, *, second_opinion: Screener | Sequence[Screener] | None = None,
                        concern: bool = True) -> Screening:
    """Screen one user message with the rules, then (optionally) one or more second opinions.

    A flagged message in which the writer is worried about someone else's suicide or self-harm risk and
    asks how to help, with no risk of their own (`empathic.safety.concern`), is reported as not crisis with
    category "concern_for_other" (chat answers it with the fixed 'helping someone' reply); `concern=False`
    turns that path off."""
    text = text or ""
    scores, reasons = rule_scores(text)
    category = _pick_category(scores)
    score = round(max(scores.values(), default=0.0), 4)
    cleared = second_opinion is not None and score < THRESHOLD and rules_cleared(text)
    for opinion in _as_list(second_opinion):
        if score >= THRESHOLD or cleared:
            break
        extra, extra_category, why = opinion(text)
        if extra >= THRESHOLD and extra_category:
            score, category = round(extra, 4), extra_category
            reasons.append(why)
    crisis = score >= THRESHOLD
    if crisis and concern:
        from empathic.safety.concern import CATEGORY, concern_for_other

        found = concern_for_other(text, second_opinion=second_opinion, category=category)
        if found is not None:
            return Screening(crisis=False, category=CATEGORY, score=score, reasons=(*reasons, *found.reasons),
                             language=found.language)
    return Screening(crisis=crisis, category=category if crisis else None, score=score,
                     reasons=tuple(reasons), language=detect_language(text))
