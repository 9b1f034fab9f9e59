"""Base-vs-tuned replies for training reports: side-by-side samples and how often replies stop by themselves.

Both go through the chat loop (`generate_batch`, greedy). Side-by-side samples are what a user of
`empathic chat` sees. The stop rate (`strict=True`) lets the model run to its own end-of-turn: a
reply counts as stopped only if the model emitted its end-of-turn token (or EOS) within the budget;
the chat layer's cut at an invented new turn does not count.
"""

from __future__ import annotations

import textwrap
from typing import Any

from empathic.chat.generate import generate_batch
from empathic.chat.settings import GenerationSettings
from empathic.chat.turns import Reply


def prompt_messages(messages: list[dict]) -> list[dict]:
    """The conversation up to (not including) its last assistant turn: what the model must answer."""
    last = max((i for i, m in enumerate(messages) if m["role"] == "assistant"), default=len(messages))
    return list(messages[:last])


def base_and_tuned_replies(
    model: Any, tokenizer: Any, conversations: list[list[dict]], max_new_tokens: int = 160, strict: bool = False,
    batch_size: int = 8,
) -> tuple[list[Reply], list[Reply]]:
    """Greedy replies of the base model (adapter disabled) and of the tuned model, from one PeftModel."""
    from empathic.modeling.adapters import adapter_disabled

    # strict: plain greedy decoding (no repetition penalty), as `generate` does without settings.
    settings = GenerationSettings(max_new_tokens=max_new_tokens, temperature=0.0,
                                  **({"repetition_penalty": 1.0} if strict else {}))

    def replies() -> list[Reply]:
        return generate_batch(model, tokenizer, conversations, settings, batch_size=batch_size, single_turn=not strict)

    was_training = model.training
    model.eval()
    with adapter_disabled(model):
        base = replies()
    tuned = replies()
    model.train(was_training)
    return base, tuned


def stop_fraction(replies: list[Reply]) -> float:
    return sum(r.stopped for r in replies) / len(replies) if replies else float("nan")


def side_by_side(prompts: list[str], base: list[Reply], tuned: list[Reply], width: int = 100) -> str:
    """Plain-text report: each prompt, then the base and the tuned reply."""
    out = []
    for prompt, b, t in zip(prompts, base, tuned, strict=True):
        out.append("=" * width)
        out.append(textwrap.fill(f"USER: {prompt}", width))
        for label, reply in (("BASE", b), ("TUNED", t)):
            status = "stopped by itself" if reply.stopped else f"cut at {reply.new_tokens} tokens"
            out.append(f"--- {label} ({status})")
            out.append(textwrap.fill(reply.text or "(empty)", width, replace_whitespace=False))
    out.append("=" * width)
    return "\n".join(out)
