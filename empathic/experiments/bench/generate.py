"""`empathic bench generate`: batched `generate_batch` vs a one-prompt-at-a-time `generate` loop."""

from __future__ import annotations

import math
import os
import random
import time
from pathlib import Path
from typing import Any

from empathic.errors import UserError
from empathic.experiments.bench.machine import machine_info
from empathic.io import read_jsonl


def first_user_turns(folder: Path, n: int) -> list[list[dict]]:
    """The first user turn of the first `n` test conversations (fixed order, seeded if sampled)."""
    path = folder / "test.jsonl"
    if not path.is_file():
        raise UserError(f"{path} not found; pass --data with a prepared data folder")
    records = read_jsonl(path)
    random.Random(0).shuffle(records)
    out = []
    for r in records:
        first = next((m for m in r["messages"] if m["role"] == "user"), None)
        if first:
            out.append([{"role": "user", "content": first["content"]}])
        if len(out) == n:
            break
    return out


def sequential_generate(model: Any, tokenizer: Any, conversations: list, max_new_tokens: int) -> tuple[list[str], int]:
    """The reference scripts' loop: one prompt at a time through plain `generate`, greedy."""
    import torch

    from empathic.chat.turns import finish_reply, render_prompt, stop_token_ids

    stop = stop_token_ids(tokenizer)
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    texts, new = [], 0
    for messages in conversations:
        enc = tokenizer(render_prompt(tokenizer, messages), return_tensors="pt", add_special_tokens=False)
        with torch.no_grad():
            out = model.generate(**enc, max_new_tokens=max_new_tokens, do_sample=False, eos_token_id=stop,
                                 pad_token_id=pad, temperature=None, top_p=None, top_k=None)
        ids = out[0, enc["input_ids"].shape[1]:].tolist()
        reply = finish_reply(tokenizer, ids, stop, None, None)
        texts.append(reply.text)
        new += reply.new_tokens
    return texts, new


def bench_generate(
    model_ref: str | None, data: Path, *, n_prompts: int, max_new_tokens: int, batch_sizes: list[int],
    loops: tuple[str, ...] = ("continuous",),
) -> dict[str, Any]:
    """Tokens/s of sequential generate vs generate_batch at each batch size; identical-greedy share; latency.

    `loops`: "continuous" (finished rows leave, the queue refills; result key "batched") and/or
    "generate" (length-bucketed `model.generate` batches, the previous loop; key "batched_generate").
    """
    import torch

    from empathic.chat import GenerationSettings, generate_batch
    from empathic.modeling.loading import DEFAULT_BASE, load_model_and_tokenizer

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    model, tokenizer = load_model_and_tokenizer(model_ref or DEFAULT_BASE)
    conversations = first_user_turns(data, n_prompts)
    settings = GenerationSettings(max_new_tokens=max_new_tokens, temperature=0.0, repetition_penalty=1.0)
    generate_batch(model, tokenizer, conversations[:1], GenerationSettings(max_new_tokens=4, temperature=0.0))  # warm-up
    before = machine_info()
    start = time.perf_counter()
    ref_texts, ref_tokens = sequential_generate(model, tokenizer, conversations, max_new_tokens)
    seq_s = time.perf_counter() - start
    result: dict[str, Any] = {
        "command": "bench generate",
        "model": model_ref or DEFAULT_BASE,
        "prompts": len(conversations),
        "max_new_tokens": max_new_tokens,
        "machine_before": before,
        "sequential": {"seconds": seq_s, "new_tokens": ref_tokens, "tokens_per_s": ref_tokens / seq_s},
        "continuous_decode_step": decode_path(model),
    }
    for bs in batch_sizes:  # the loops interleaved at each batch size
        for loop in loops:
            start = time.perf_counter()
            replies = generate_batch(model, tokenizer, conversations, settings, batch_size=bs,
                                     continuous=loop == "continuous")
            secs = time.perf_counter() - start
            tokens = sum(r.new_tokens for r in replies)
            same = sum(r.text == ref for r, ref in zip(replies, ref_texts, strict=True)) / len(replies)
            key = "batched" if loop == "continuous" else "batched_generate"
            result.setdefault(key, {})[str(bs)] = {
                "seconds": secs, "new_tokens": tokens, "tokens_per_s": tokens / secs,
                "speedup_vs_sequential": (tokens / secs) / (ref_tokens / seq_s), "identical_greedy_share": same,
                "load_avg_after": [round(x, 2) for x in os.getloadavg()],
            }
    result["interactive"] = _latency(model, tokenizer, conversations[0], max_new_tokens)
    result["machine_after"] = machine_info()
    rows = [v for key in ("batched", "batched_generate") for v in result.get(key, {}).values()]
    if not all(math.isfinite(v["tokens_per_s"]) for v in rows):
        raise UserError("a generation measurement was not finite")
    torch.set_grad_enabled(True)
    return result


def decode_path(model: Any) -> str:
    """Which decode step the continuous loop uses for `model` (its weights are packed inside the timed call)."""
    from empathic.chat.llama_step import fast_step_supported
    from empathic.chat.packed import mkl_packing_available

    if fast_step_supported(model):
        return "LlamaStep: fused q|k|v and gate|up, MKL-packed fp32 weights (packing timed)"
    if mkl_packing_available():
        return "model forward, MKL-packed fp32 Linear weights (packing timed)"
    return "model forward"


def _latency(model: Any, tokenizer: Any, messages: list[dict], max_new_tokens: int) -> dict[str, float]:
    """Time to first token (1-token generate) and decode tokens/s of one reply, batch 1."""
    from empathic.chat import GenerationSettings, generate_batch

    start = time.perf_counter()
    generate_batch(model, tokenizer, [messages], GenerationSettings(max_new_tokens=1, temperature=0.0, repetition_penalty=1.0))
    ttft = time.perf_counter() - start
    start = time.perf_counter()
    reply = generate_batch(model, tokenizer, [messages], GenerationSettings(max_new_tokens=max_new_tokens, temperature=0.0, repetition_penalty=1.0))[0]
    total = time.perf_counter() - start
    decode = max(total - ttft, 1e-9)
    return {"time_to_first_token_s": ttft, "reply_tokens": reply.new_tokens,
            "decode_tokens_per_s": max(reply.new_tokens - 1, 0) / decode}
