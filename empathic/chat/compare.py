"""Base-vs-tuned replies for training reports: side-by-side samples and how often replies stop by themselves.

Side-by-side samples go through `empathic.chat.engine.generate_batch` (what a user of `empathic chat` sees,
greedy) when that module is present. The stop rate uses its own strict measure: plain greedy
decoding, and a reply counts as stopped only if the model itself emitted its end-of-turn token (or
EOS) within the budget; the chat layer's cut at an invented new turn does not count.
"""

from __future__ import annotations

import textwrap
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any


@dataclass
class Reply:
    text: str
    stopped: bool  # ended on an end-of-turn/EOS token before the token budget ran out
    new_tokens: int


def prompt_messages(messages: list[dict]) -> list[dict]:
    """The conversation up to (not including) its last assistant turn: what the model must answer."""
    last = max((i for i, m in enumerate(messages) if m["role"] == "assistant"), default=len(messages))
    return list(messages[:last])


def strict_generate(model: Any, tokenizer: Any, conversations: list[list[dict]], max_new_tokens: int) -> list[Reply]:
    """Greedy replies; `stopped` only when the model emitted end-of-turn/EOS before the budget ran out."""
    import torch

    from empathic.modeling.templates import detect_family, end_of_turn_token_ids, prepare_messages

    family = detect_family(tokenizer)
    stop_ids = end_of_turn_token_ids(tokenizer, family)
    texts = [
        tokenizer.apply_chat_template(prepare_messages(c, family), tokenize=False, add_generation_prompt=True)
        for c in conversations
    ]
    side = tokenizer.padding_side
    tokenizer.padding_side = "left"  # decoder-only batches must be left-padded for generation
    try:
        batch = tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False)
    finally:
        tokenizer.padding_side = side
    batch = {k: v.to(model.device) for k, v in batch.items()}
    with torch.no_grad():
        out = model.generate(
            **batch,
            max_new_tokens=max_new_tokens,
            do_sample=False,
            eos_token_id=stop_ids,
            pad_token_id=tokenizer.pad_token_id,
        )
    replies = []
    for row in out[:, batch["input_ids"].shape[1] :].tolist():
        ends = [i for i, tok in enumerate(row) if tok in stop_ids]
        cut = ends[0] if ends else len(row)
        replies.append(Reply(tokenizer.decode(row[:cut], skip_special_tokens=True).strip(), bool(ends), cut))
    return replies


def generate_replies(
    model: Any, tokenizer: Any, conversations: list[list[dict]], max_new_tokens: int = 160, batch_size: int = 8,
    strict: bool = False,
) -> list[Reply]:
    """Greedy single-turn replies for each conversation (which ends on a user turn)."""
    generate_batch = None
    if not strict:
        try:
            from empathic.chat.engine import generate_batch  # the chat module owns generation when it exists
        except ImportError:
            pass
    replies: list[Reply] = []
    for start in range(0, len(conversations), batch_size):
        chunk = conversations[start : start + batch_size]
        if generate_batch is not None:
            settings = _chat_settings(max_new_tokens)
            got = generate_batch(model, tokenizer, chunk, settings)
            replies += [Reply(r.text, bool(r.stopped), int(r.new_tokens)) for r in got]
        else:
            replies += strict_generate(model, tokenizer, chunk, max_new_tokens)
    return replies


def _chat_settings(max_new_tokens: int) -> Any:
    """Greedy settings for empathic.chat.engine (temperature 0); its other defaults as a chat user gets them."""
    from empathic.chat.engine import GenerationSettings

    return GenerationSettings(max_new_tokens=max_new_tokens, temperature=0.0)


def base_and_tuned_replies(
    model: Any, tokenizer: Any, conversations: list[list[dict]], max_new_tokens: int = 160, strict: bool = False
) -> tuple[list[Reply], list[Reply]]:
    """Replies of the base model (adapter disabled) and of the tuned model, from one PeftModel."""
    was_training = model.training
    model.eval()
    disable = getattr(model, "disable_adapter", None)
    with disable() if disable is not None else nullcontext():
        base = generate_replies(model, tokenizer, conversations, max_new_tokens, strict=strict)
    tuned = generate_replies(model, tokenizer, conversations, max_new_tokens, strict=strict)
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
