"""Batched greedy replies for evaluation through the chat engine (`empathic.chat.engine.generate_batch`).

Base and tuned replies come from the same loaded PEFT model: tuned with the adapter on, base inside
`model.disable_adapter()`. Same weights in memory, same tokenizer and chat template, same settings.
Settings are the chat defaults (so eval measures what `empathic chat` users get) except greedy decoding
and the token budget.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["GenSettings", "adapter_disabled", "generate"]


@dataclass(frozen=True)
class GenSettings:
    """What changes the text of a reply (and so the cache key)."""

    max_new_tokens: int = 128
    batch_size: int = 16  # left padding can shift greedy outputs by rounding, so it is part of the key
    repetition_penalty: float | None = None  # None = the chat default

    def chat_settings(self):
        from empathic.chat.engine import GenerationSettings

        extra = {} if self.repetition_penalty is None else {"repetition_penalty": self.repetition_penalty}
        return GenerationSettings(max_new_tokens=self.max_new_tokens, temperature=0.0, **extra)

    def as_dict(self) -> dict:
        # "batching" names the batch plan (which prompts share a batch), which padding rounding depends on.
        return {**self.chat_settings().as_dict(), "batch_size": self.batch_size, "batching": "length-buckets"}


def adapter_disabled(model):
    """Context manager running the bare base model (PEFT's disable_adapter), or a no-op for plain models."""
    if hasattr(model, "disable_adapter"):
        return model.disable_adapter()
    return contextlib.nullcontext()


def generate(model, tokenizer, conversations: Sequence[list[dict]], s: GenSettings,
             on_batch: Callable[[list[int], list], None] | None = None) -> list:
    """`empathic.chat.engine.Reply`s in input order; batches hold prompts of similar length (little padding).

    `on_batch(indices, replies)` is called after each batch (the runner caches and advances its bar there).
    """
    from empathic.chat.engine import generate_batch, length_batches

    settings = s.chat_settings()
    out: list = [None] * len(conversations)
    for idx in length_batches(tokenizer, conversations, s.batch_size, model):
        replies = generate_batch(model, tokenizer, [list(conversations[i]) for i in idx], settings)
        for i, r in zip(idx, replies, strict=True):
            out[i] = r
        if on_batch is not None:
            on_batch(idx, replies)
    return out
