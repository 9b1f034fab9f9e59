"""`screen_conversation`: crisis screening that sees the conversation, not only the last message.

Stateless: everything is derived from the message history the caller passes (so it works behind
a stateless HTTP API as well as in the chat loop). Three checks, in order:

1. The last user message on its own (`screen_user_message`).
2. After an escalation: if an earlier user turn (within `lookback` user turns) screens as a
   crisis and the user has not clearly moved on since, a follow-up about means, methods, amounts,
   places, speed or "how many" stays on the crisis path, with the earlier turn's category.
   "Moved on" means an explicit statement (safe now, called/texted a line, talking to someone,
   a change of subject) or `CALM_TURNS` user turns in a row since the crisis turn with neither a
   follow-up cue nor elevated risk.
3. Risk across turns: the last two user turns are screened joined; if that is a crisis and the
   last turn itself carries some risk (a follow-up cue, or a score of at least `ELEVATED`), the
   message is a crisis ("I can't do this anymore." then "I bought rope today").

See Notes/decisions/safety.md ("Conversation-level risk") for why.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import replace

from empathic.safety.normalize import deobfuscate
from empathic.safety.patterns import CATEGORIES
from empathic.safety.screening import Screener, Screening, screen_user_message

LOOKBACK = 6
CALM_TURNS = 3
ELEVATED = 0.3  # on the screener's scale (crisis at 0.5)

_DEFAULT = object()

# Questions and statements about means, methods, amounts, places and speed, in the five languages.
FOLLOW_UP = re.compile(
    r"\bhow (?:many|much|long|fast|quick(?:ly)?|high|tall|deep|far|strong|exactly)\b|"
    r"\b(?:what|which) (?:dose|amount|kind|type|one|bridge|building|floor|pills?|meds|drug|way|method)\b|"
    r"\b(?:enough|lethal|fatal|deadly|painless|quick(?:est)?|fast(?:est)?|surest|certain|overdose)\b|"
    r"\bwould (?:it|that|this|\d+|[a-z]+ pills?) (?:work|hurt|be enough|kill|do it)\b|"
    r"\bwhat (?:about|if i took|if i take)\b|\b(?:is|are|would) \d+\b|\b\d+\s*(?:pills?|tablets?|mg|g)\b|"
    r"\bwhere (?:can|could|do|would|should) i (?:get|buy|find|go|jump)\b|"
    r"\b(?:rope|noose|gun|knife|razor|blade|pills?|tablets?|bridge|roof|train|tracks|cliff)\b|"
    # es / pt
    r"\bcu[aá]nt[oa]s?\b|\bd[oó]nde (?:puedo|consigo|compro)\b|\bqu[eé] (?:dosis|cantidad)\b|\bpastillas\b|"
    r"\bquant[oa]s?\b|\bonde (?:posso|consigo|compro)\b|\bcomprimidos\b|\brem[eé]dios\b|"
    # fr / de / hi
    r"\bcombien\b|\bo[uù] (?:acheter|trouver|sauter)\b|\bcachets\b|\bwie (?:viele?|lange|hoch|schnell)\b|"
    r"\bwo (?:kann|bekomme|kaufe)\b|\btabletten\b|\bkitn[aie]\b|\bkahan (?:mil|se)\b|\bgoliy[aā]n?\b"
)
# The user clearly moved on: safe, reached help, or a new subject.
MOVED_ON = re.compile(
    r"\b(?:i'?m|i am|i feel|feeling) (?:safe|safer|okay now|ok now|better now|a bit better)\b|"
    r"\b(?:i )?(?:called|texted|rang|contacted|talked to|spoke to|am talking to|reached out to|will call|"
    r"i'll call|going to call)\b|\b(?:different|another|other) (?:topic|subject|thing)\b|"
    r"\b(?:change|changing) the subject\b|\bthat'?s not what i meant\b|\bi was (?:only )?(?:joking|kidding)\b|"
    r"\bestoy a salvo\b|\bje suis en s[eé]curit[eé]\b|\bich bin (?:in )?sicher(?:heit)?\b|\bestou (?:em )?segur[oa]\b"
)


@functools.lru_cache(maxsize=2048)
def _screen_cached(text: str, opinions: tuple) -> Screening:
    """Screenings are deterministic, so earlier turns are not re-screened at every new message
    (chat calls this once per turn with the whole history). The key holds the opinion objects."""
    return screen_user_message(text, second_opinion=list(opinions) or None)


def _as_tuple(second_opinion) -> tuple:
    if second_opinion is None:
        return ()
    if callable(second_opinion):
        return (second_opinion,)
    return tuple(second_opinion)


def _user_turns(messages: Sequence[dict], lookback: int) -> list[str]:
    turns = [str(m.get("content") or "") for m in messages if m.get("role") == "user"]
    return turns[-lookback:]


def _is_follow_up(text: str) -> bool:
    return bool(FOLLOW_UP.search(deobfuscate(text).lower()))


def _rules_flagged(s: Screening) -> bool:
    return any(r.split(":", 1)[0] in CATEGORIES for r in s.reasons)


def _active_escalation(earlier: list[str], last_text: str, screen) -> tuple[int, Screening] | None:
    """(how many user turns back, its screening) for the latest earlier crisis turn the user has
    not clearly moved on from; None when there is none."""
    for i in range(len(earlier) - 1, -1, -1):
        before = screen(earlier[i])
        if not before.crisis:
            continue
        since = earlier[i + 1:]
        if any(MOVED_ON.search(deobfuscate(t).lower()) for t in [*since, last_text]):
            return None
        calm = 0
        for t in since:
            calm = 0 if (_is_follow_up(t) or screen(t).score >= ELEVATED) else calm + 1
            if calm >= CALM_TURNS:
                return None
        return len(earlier) - i, before
    return None


def screen_conversation(
    messages: Sequence[dict],
    *,
    second_opinion: Screener | Sequence[Screener] | None | object = _DEFAULT,
    lookback: int = LOOKBACK,
) -> Screening:
    """Screen the last user message in the light of the recent user turns (`messages`: chat format).

    `second_opinion` defaults to the chat default (the learned screen); pass None for rules only.
    """
    if second_opinion is _DEFAULT:
        from empathic.safety.defaults import default_second_opinion

        second_opinion = default_second_opinion()

    opinions = _as_tuple(second_opinion)

    def screen(text: str) -> Screening:
        return _screen_cached(text, opinions)

    turns = _user_turns(messages, lookback)
    if not turns:
        return screen("")
    last_text, earlier = turns[-1], turns[:-1]
    last = screen(last_text)
    follow_up = _is_follow_up(last_text)
    escalation = _active_escalation(earlier, last_text, screen)
    if last.crisis:
        if escalation is not None and not _rules_flagged(last):
            # A learned-only flag on a short follow-up: the earlier, explicit turn knows the category.
            return replace(last, category=escalation[1].category)
        return last
    # 2. after an escalation
    if escalation is not None and (follow_up or last.score >= ELEVATED):
        back, before = escalation
        return Screening(True, before.category, max(before.score, 0.5),
                         (*last.reasons, f"conversation: follow-up {back} user turn(s) after a crisis message"),
                         last.language)
    # 3. risk across the last two turns
    if earlier and (follow_up or last.score >= ELEVATED):
        joined = screen(f"{earlier[-1].rstrip()} {last_text.lstrip()}")
        if joined.crisis:
            return Screening(True, joined.category, joined.score,
                             (*joined.reasons, "conversation: risk across the last two user turns"), last.language)
    return last
