"""`empathic bench sample`: best-of sampling (n sampled replies per prompt) through the continuous loop vs
`model.generate` batches — the step that dominates `empathic data pairs --best-of`.

Same process, same prompts and settings, the two loops interleaved over repeats. Samples are random, so there
is no identity check: each loop's reply length and stopped share are reported side by side (the per-step
processors are checked equal in tests/chat/test_continuous_sampling.py; whole replies are compared here).
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path
from typing import Any

from empathic.errors import UserError
from empathic.experiments.bench.generate import first_user_turns
from empathic.experiments.bench.machine import machine_info

LOOPS = ("generate", "continuous")


def bench_sample(
    adapter: str | None, data: Path, *, n_prompts: int, samples: int, max_new_tokens: int, temperature: float,
    top_p: float, batch_size: int, repeats: int, seed: int = 42, base: str | None = None,
) -> dict[str, Any]:
    """Replies/s of each loop (the median over `repeats` interleaved passes), their ratio, and per-loop reply
    length and stopped share."""
    import torch

    from empathic.chat import GenerationSettings, generate_batch
    from empathic.modeling.loading import load_model_and_tokenizer

    settings = GenerationSettings(max_new_tokens=max_new_tokens, temperature=temperature, top_p=top_p, seed=None)
    if not settings.do_sample:
        raise UserError(f"sampling needs a temperature above 0, got {temperature}")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    prompts = first_user_turns(data, n_prompts)
    conversations = [p for p in prompts for _ in range(samples)]  # as pair_builder.own_samples: copies adjacent
    model, tokenizer = load_model_and_tokenizer(base, adapter=adapter)  # base None: the adapter's, else the default
    generate_batch(model, tokenizer, conversations[:2], settings, batch_size=2, continuous=True)  # warm-up
    result: dict[str, Any] = {
        "command": "bench sample", "base": base, "adapter": adapter, "prompts": len(prompts), "samples_per_prompt": samples,
        "replies": len(conversations), "max_new_tokens": max_new_tokens, "temperature": temperature,
        "top_p": top_p, "batch_size": batch_size, "repeats": repeats, "machine_before": machine_info(),
    }
    runs: dict[str, list[dict[str, Any]]] = {loop: [] for loop in LOOPS}
    for r in range(repeats):
        for loop in LOOPS:
            torch.manual_seed(seed + r)
            start = time.perf_counter()
            replies = generate_batch(model, tokenizer, conversations, settings, batch_size=batch_size,
                                     continuous=loop == "continuous")
            secs = time.perf_counter() - start
            runs[loop].append({
                "seconds": secs, "replies_per_s": len(replies) / secs,
                "new_tokens": sum(x.new_tokens for x in replies),
                "mean_words": statistics.fmean(len(x.text.split()) for x in replies),
                "stopped_share": sum(bool(x.stopped) for x in replies) / len(replies),
                "load_avg_after": [round(x, 2) for x in os.getloadavg()],
            })
    for loop in LOOPS:
        rate = statistics.median(x["replies_per_s"] for x in runs[loop])
        result[loop] = {"replies_per_s_median": rate, "runs": runs[loop]}
    result["speedup_continuous_vs_generate"] = [c["replies_per_s"] / g["replies_per_s"]
                                                for g, c in zip(runs["generate"], runs["continuous"], strict=True)]
    result["machine_after"] = machine_info()
    torch.set_grad_enabled(True)
    return result
