"""Batched greedy replies for evaluation through the chat loop (`empathic.chat.generate_batch`).

Base and tuned replies come from the same loaded PEFT model: tuned with the adapter on, base inside
`empathic.modeling.adapters.adapter_disabled`. Same weights in memory, same tokenizer and chat template,
same settings. Settings are the chat defaults (so eval measures what `empathic chat` users get) except
greedy decoding and the token budget.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from empathic.chat import GenerationSettings, Reply, generate_batch

__all__ = ["GenSettings", "generate"]


@dataclass(frozen=True)
class GenSettings:
    """What changes the text of a reply (and so the cache key)."""

    max_new_tokens: int = 128
    batch_size: int = 32  # left padding can shift greedy outputs by rounding, so it is part of the key
    repetition_penalty: float | None = None  # None = the chat default

    def chat_settings(self) -> GenerationSettings:
        extra = {} if self.repetition_penalty is None else {"repetition_penalty": self.repetition_penalty}
        return GenerationSettings(max_new_tokens=self.max_new_tokens, temperature=0.0, **extra)

    def as_dict(self) -> dict[str, Any]:
        # "batching" names the batch plan (which prompts share a batch), which padding rounding depends on.
        return {**self.chat_settings().as_dict(), "batch_size": self.batch_size, "batching": "continuous"}


def generate(model: Any, tokenizer: Any, conversations: Sequence[list[dict]], s: GenSettings,
             on_batch: Callable[[list[int], list[Reply]], None] | None = None) -> list[Reply]:
    """Replies in input order, prompts shortest first, at most `s.batch_size` rows at a time.

    `on_batch(indices, replies)` is called as replies finish (the runner caches and advances its bar there).
    """
    # Continuous batching: a reply that ends early frees its row for the next prompt (greedy replies
    # equal the one-at-a-time loop's; tests/chat/test_generate.py, Notes/performance.md).
    return generate_batch(model, tokenizer, conversations, s.chat_settings(), batch_size=s.batch_size,
                          on_batch=on_batch, continuous=True)
