"""The safety stack around generation: empty and crisis messages answered without the model, replies screened.

Crisis messages get a fixed escalation reply without calling the model, so do messages describing a
general emergency (someone not breathing, a fire: the emergency number) and a worried helper's question
about someone else's suicide or self-harm risk (a 'helping someone' reply), and replies that fail the
output screen are replaced. `screen_input` and `screen_output` are the only calls into
`empathic.safety`, so a new screen plugs in there.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

from empathic.chat.generate import generate_batch
from empathic.chat.settings import GenerationSettings, Safety
from empathic.chat.stream import stream_reply
from empathic.chat.turns import FALLBACK_REPLY, Reply, check_conversation

# Shown instead of calling the model when the message is empty or only whitespace.
ASK_FOR_MORE = "I'm here and listening. Take your time: what's on your mind?"
# Where streamed text may be released with safety on: after a sentence or a line.
_SENTENCE_END = re.compile(r"(?:[.!?…][\"')\]]*\s|\n)")


@dataclass(frozen=True)
class Response:
    """What the user is shown for one message, and why.

    kind: "reply" (the model's), "replaced" (model reply failed the output screen), "escalation"
    (crisis message: fixed reply, model not called), "emergency" (a general emergency happening now,
    e.g. someone not breathing or a fire: fixed reply with the emergency number, model not called),
    "concern" (the writer is worried about someone else's suicide or self-harm risk and asks how to help:
    fixed 'helping someone' reply with the crisis lines and the emergency number, model not called),
    "ask_more" (empty message, model not called).
    crisis/category: the user-message screening (None when safety is off); an emergency is not a
    crisis (crisis=False) and has category "medical_emergency", its kind ("fire", ...) in `reasons`;
    a concern is not a crisis either (crisis=False), category "concern_for_other".
    """

    text: str
    kind: str
    crisis: bool | None
    category: str | None
    stopped: bool = True
    new_tokens: int = 0
    notice: str | None = None
    output_category: str | None = None  # why a reply was replaced
    model_text: str | None = None  # the replaced model reply, for audits; never shown
    reasons: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# The calls into the safety layer


def screen_input(messages: list[dict], safety: Safety) -> Response | None:
    """The escalation Response when the conversation's latest message is a crisis, the concern Response when
    the writer is worried about someone else's suicide or self-harm risk and asks how to help (no risk of their
    own, `empathic.safety.concern`: the screen reports it as not crisis, category "concern_for_other"), the
    emergency Response when it describes a general emergency happening now, else None.

    The crisis screen sees the recent user turns, not only the last one: after an escalation, follow-ups
    about means, amounts or places stay on the crisis path (`empathic.safety.screen_conversation`).
    Only when it does not flag, the latest message alone goes to the general-emergency check
    (`empathic.safety.emergency_learned.detect_emergency_default`: collapse, not breathing, fire, ...; v1's rules,
    OR the learned part over the embedding the crisis screen just computed when the shipped file says v2 was
    adopted). Either way the model is not called for that turn, and the reply is in the language the user wrote in.
    """
    from empathic.safety import concern_reply, emergency_reply, escalation_reply, screen_conversation
    from empathic.safety.concern import CATEGORY as CONCERN_CATEGORY
    from empathic.safety.emergency import CATEGORY as EMERGENCY_CATEGORY
    from empathic.safety.emergency_learned import detect_emergency_default

    screening = screen_conversation(messages, second_opinion=safety.second_opinion)
    if not screening.crisis and screening.category == CONCERN_CATEGORY:
        reply = concern_reply(safety.locale, safety.resources_file, lang=screening.language)
        return Response(reply, "concern", False, CONCERN_CATEGORY, reasons=list(screening.reasons))
    if not screening.crisis:
        found = detect_emergency_default(messages[-1]["content"]) if messages else None
        if found is None:
            return None
        reply = emergency_reply(safety.locale, safety.resources_file, lang=found.language)
        return Response(reply, "emergency", False, EMERGENCY_CATEGORY, reasons=[f"emergency: {found.kind}"])
    reply = escalation_reply(screening.category, safety.locale, safety.resources_file, lang=screening.language)
    return Response(reply, "escalation", True, screening.category, reasons=list(screening.reasons))


def screen_output(text: str, safety: Safety) -> Any | None:
    """The failed output check (with `category` and `replacement`), or None when `text` may be shown."""
    from empathic.safety import screen_model_output

    check = screen_model_output(text, safety.locale, safety.resources_file)
    return None if check.ok else check


def warm_up(safety: Safety) -> None:
    """Load (and on a first run, train into the cache) every model both screens use, so the first user's request
    does not pay for it: on a fresh cache that is minutes on a small CPU, past a typical client timeout."""
    if safety.enabled:
        screen_input([{"role": "user", "content": "I had a long day at work."}], safety)
        screen_output("That sounds tiring. What helped you get through it?", safety)


# ---------------------------------------------------------------------------------------------
# Before and after the model


def _before_model(messages: list[dict], safety: Safety) -> Response | None:
    """The response when the model must not be called (empty, crisis, concern or emergency message), else None."""
    if not messages[-1]["content"].strip():
        return Response(ASK_FOR_MORE, "ask_more", crisis=False if safety.enabled else None, category=None)
    return screen_input(messages, safety) if safety.enabled else None


def _after_model(reply: Reply, safety: Safety) -> Response:
    failed = screen_output(reply.text, safety) if safety.enabled else None
    crisis = False if safety.enabled else None
    if failed is None:
        return Response(reply.text, "reply", crisis, None, reply.stopped, reply.new_tokens, reply.notice)
    return Response(
        failed.replacement or FALLBACK_REPLY, "replaced", crisis, None, reply.stopped, reply.new_tokens, reply.notice,
        output_category=failed.category, model_text=reply.text,
    )


def respond_batch(
    model: Any,
    tokenizer: Any,
    conversations: list[list[dict]],
    settings: GenerationSettings | None = None,
    safety: Safety | None = None,
    *,
    batch_size: int = 8,
    on_progress: Callable[[int], None] | None = None,
) -> list[Response]:
    """The full stack for many conversations; only those that need the model are generated, in
    batches of similar prompt length. `on_progress(n)` is called as n more are answered."""
    safety = safety or Safety()
    conversations = [check_conversation(c) for c in conversations]
    out: list[Response | None] = [_before_model(c, safety) for c in conversations]
    if on_progress is not None and any(out):
        on_progress(sum(r is not None for r in out))
    todo = [i for i, r in enumerate(out) if r is None]

    def answered(indices: list[int], replies: list[Reply]) -> None:
        for j, reply in zip(indices, replies, strict=True):
            out[todo[j]] = _after_model(reply, safety)
        if on_progress is not None:
            on_progress(len(indices))

    generate_batch(model, tokenizer, [conversations[i] for i in todo], settings, batch_size=batch_size, on_batch=answered)
    return out  # type: ignore[return-value]


def respond(
    model: Any,
    tokenizer: Any,
    messages: list[dict],
    settings: GenerationSettings | None = None,
    safety: Safety | None = None,
) -> Response:
    """The full stack for one conversation ending with the user's message."""
    return respond_batch(model, tokenizer, [messages], settings, safety)[0]


def stream_respond(
    model: Any,
    tokenizer: Any,
    messages: list[dict],
    settings: GenerationSettings | None = None,
    safety: Safety | None = None,
) -> Generator[str, None, Response]:
    """Like `respond`, yielding the text as it comes.

    With safety on, text is released a sentence at a time, each time after the reply so far passes
    the output screen; when it fails, generation stops and the fixed replacement follows what was
    already shown (the response's text is exactly what was shown).
    """
    safety = safety or Safety()
    messages = check_conversation(messages)
    early = _before_model(messages, safety)
    if early is not None:
        yield early.text
        return early
    if not safety.enabled:
        reply = yield from stream_reply(model, tokenizer, messages, settings)
        return _after_model(reply, safety)

    cancel = threading.Event()
    stream = stream_reply(model, tokenizer, messages, settings, cancel=cancel)
    shown, pending, blocked = "", "", None
    try:
        while True:
            try:
                pending += next(stream)
            except StopIteration as stop:
                reply: Reply = stop.value
                break
            if blocked is not None:
                continue  # draining: generation was cancelled
            ends = [m.end() for m in _SENTENCE_END.finditer(pending)]
            if ends:
                candidate = shown + pending[: ends[-1]]
                blocked = screen_output(candidate, safety)
                if blocked is None:
                    yield pending[: ends[-1]]
                    shown, pending = candidate, pending[ends[-1] :]
                else:
                    cancel.set()
    finally:
        stream.close()
    if blocked is None:
        blocked = screen_output(reply.text, safety)
        if blocked is None and reply.text.startswith(shown):
            if len(reply.text) > len(shown):
                yield reply.text[len(shown) :]
            return _after_model(reply, safety)
    replacement = (blocked.replacement if blocked is not None else None) or FALLBACK_REPLY
    joiner = "\n" if shown else ""
    yield joiner + replacement
    return Response(
        shown + joiner + replacement,
        "replaced",
        crisis=False,
        category=None,
        stopped=reply.stopped,
        new_tokens=reply.new_tokens,
        notice=reply.notice,
        output_category=blocked.category if blocked is not None else None,
        model_text=reply.text,
    )
