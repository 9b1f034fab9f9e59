"""Streaming one reply: generation in a thread, text released as soon as it cannot become a role marker."""

from __future__ import annotations

import dataclasses
import queue
import threading
from collections.abc import Generator, Sequence
from typing import Any

from empathic.chat.generate import encode_left_padded, prepare_prompts, seed_generation
from empathic.chat.settings import GenerationSettings
from empathic.chat.turns import Reply, finish_reply, split_new_turn, tidy, turn_marker_criteria

# Streaming holds back a line (or a "<...") this short: it may still become a role marker.
HOLD_CHARS = 16


def releasable(text: str, special_tokens: Sequence[str]) -> str:
    """The part of a partial reply that can be shown now: never a piece of a possible role marker."""
    body, cut = split_new_turn(text)
    if not cut:
        hold = max(body.rfind("\n"), body.rfind("<"))  # -1: the reply's start counts as a line start
        if len(body) - hold <= HOLD_CHARS:
            body = body[: max(hold, 0)]
        if "\ufffd" in body[-4:]:  # half of a multi-byte character
            body = body[: body.find("\ufffd", len(body) - 4)]
    # Stripped like the final reply (so trailing spaces wait for the next word): shown text is
    # always a prefix of the final text.
    return tidy(body, special_tokens)


def stream_reply(
    model: Any,
    tokenizer: Any,
    messages: list[dict],
    settings: GenerationSettings | None = None,
    *,
    cancel: threading.Event | None = None,
) -> Generator[str, None, Reply]:
    """Yield the reply's text as it is generated; return the final Reply (same text, concatenated).

    Generation runs in a thread; text that might become a role marker is held back until it is
    clearly not one. Setting `cancel` (or closing the generator, e.g. on Ctrl-C) stops generation
    at the next token.
    """
    import torch
    from transformers import StoppingCriteriaList
    from transformers.generation.streamers import BaseStreamer

    settings = settings or GenerationSettings()
    cancel = cancel or threading.Event()
    prompts = prepare_prompts(model, tokenizer, [messages], settings)
    stop_ids = prompts.stop_ids
    batch = encode_left_padded(tokenizer, prompts.texts, model.device)
    markers = turn_marker_criteria(tokenizer, batch["input_ids"].shape[1], cancel)
    tokens: queue.Queue = queue.Queue()
    done = object()
    failure: list[BaseException] = []

    class Streamer(BaseStreamer):
        prompt_seen = False

        def put(self, value: Any) -> None:
            if not self.prompt_seen:  # generate() first pushes the prompt
                self.prompt_seen = True
                return
            tokens.put(value.reshape(-1).tolist())

        def end(self) -> None:
            pass

    def work() -> None:
        try:
            with torch.no_grad():
                model.generate(
                    **batch,
                    **settings.generate_kwargs(),
                    eos_token_id=stop_ids,
                    pad_token_id=prompts.pad_id,
                    stopping_criteria=StoppingCriteriaList([markers]),
                    streamer=Streamer(),
                )
        except BaseException as err:  # re-raised in the caller's thread
            failure.append(err)
        finally:
            tokens.put(done)

    seed_generation(settings)
    thread = threading.Thread(target=work, name="empathic-generate", daemon=True)
    thread.start()
    ids: list[int] = []
    shown = ""
    try:
        while True:
            try:
                item = tokens.get(timeout=0.1)  # a timeout keeps Ctrl-C responsive
            except queue.Empty:
                continue
            if item is done:
                break
            ids.extend(item)
            end = next((i for i, tok in enumerate(ids) if tok in stop_ids), len(ids))
            ready = releasable(tokenizer.decode(ids[:end], skip_special_tokens=False), tokenizer.all_special_tokens)
            if len(ready) > len(shown) and ready.startswith(shown):
                yield ready[len(shown) :]
                shown = ready
    finally:
        cancel.set()
        thread.join()
    if failure:
        raise failure[0]
    reply = finish_reply(tokenizer, ids, stop_ids, markers.stopped_at.get(0), prompts.notices[0])
    if reply.text.startswith(shown) and len(reply.text) > len(shown):
        yield reply.text[len(shown) :]
    elif not reply.text.startswith(shown):  # cannot happen by construction; keep the shown text honest
        reply = dataclasses.replace(reply, text=shown)
    return reply
