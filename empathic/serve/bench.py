"""Load test of `empathic serve` on loopback: one client vs N concurrent ones, same prompts, greedy.

    python -m empathic.serve.bench --clients 8 --requests 32 --max-tokens 48 [--base M] [--adapter RUN]

Each prompt is distinct and decoded greedily, so every reply can be checked against the one the
same server gave that prompt when it was the only request: a reply that matches another prompt's
reference is "mixed up", one that matches none is "diverged" (batching changes the arithmetic
slightly: left padding, bucketed prefill); a request with no reply is "dropped". The run is
bounded (a fixed number of requests) and stops by itself. Prints one JSON report.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

FEELINGS = ["tired", "lonely", "anxious", "sad", "angry", "lost", "overwhelmed", "nervous"]
REASONS = ["my exams start next week", "my best friend moved away", "work keeps piling up",
           "I had a fight with my sister", "nobody at home listens to me", "I did not get the job",
           "my cat is sick", "I cannot sleep at night"]


def prompts(n: int) -> list[str]:
    """n distinct support messages (up to 64)."""
    if not 1 <= n <= len(FEELINGS) * len(REASONS):
        raise ValueError(f"between 1 and {len(FEELINGS) * len(REASONS)} requests, got {n}")
    return [f"I feel {FEELINGS[i % 8]} because {REASONS[(i // 8 + i) % 8]}." for i in range(n)]


@dataclass
class Phase:
    """One measured phase: every request's latency, token count and reply (None: dropped)."""

    clients: int
    wall_s: float = 0.0
    latencies_s: list[float] = field(default_factory=list)
    tokens: int = 0
    replies: dict[str, str | None] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        lat = sorted(self.latencies_s)
        return {
            "clients": self.clients, "requests": len(self.replies), "wall_s": round(self.wall_s, 2),
            "completion_tokens": self.tokens, "tokens_per_s": round(self.tokens / self.wall_s, 2),
            "latency_p50_s": round(statistics.median(lat), 3),
            "latency_p95_s": round(lat[min(len(lat) - 1, int(0.95 * len(lat)))], 3),
            "errors": len(self.errors),
        }


def run_phase(base_url: str, model: str, todo: list[str], clients: int, max_tokens: int) -> Phase:
    """`clients` threads, each sending its share of `todo` one request after another."""
    from openai import OpenAI

    phase = Phase(clients)
    lock = threading.Lock()
    ready = threading.Barrier(clients + 1)  # clients are built first: the clock measures requests only

    def client_loop(share: list[str]) -> None:
        api = OpenAI(base_url=base_url + "/v1", api_key="bench", max_retries=0, timeout=600)
        ready.wait()
        for prompt in share:
            start = time.perf_counter()
            try:
                reply = api.chat.completions.create(model=model, messages=[{"role": "user", "content": prompt}],
                                                    temperature=0, max_tokens=max_tokens)
            except Exception as err:  # noqa: BLE001 - counted as dropped, reported
                with lock:
                    phase.replies[prompt] = None
                    phase.errors.append(f"{type(err).__name__}: {err}")
                continue
            with lock:
                phase.latencies_s.append(time.perf_counter() - start)
                phase.tokens += reply.usage.completion_tokens
                phase.replies[prompt] = reply.choices[0].message.content

    threads = [threading.Thread(target=client_loop, args=(todo[i::clients],)) for i in range(clients)]
    for t in threads:
        t.start()
    ready.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    phase.wall_s = time.perf_counter() - start
    return phase


def compare(reference: dict[str, str | None], replies: dict[str, str | None]) -> dict[str, list[str]]:
    """Prompts whose concurrent reply is dropped, mixed up (another prompt's reply) or diverged."""
    others = {text: p for p, text in reference.items() if text is not None}
    out: dict[str, list[str]] = {"dropped": [], "mixed_up": [], "diverged": []}
    for prompt, text in replies.items():
        if text is None:
            out["dropped"].append(prompt)
        elif text != reference.get(prompt):
            out["mixed_up" if others.get(text, prompt) != prompt else "diverged"].append(prompt)
    return out


def bench(model: Any, tokenizer: Any, *, clients: int = 8, requests: int = 32, max_tokens: int = 48,
          max_batch: int = 8, batch_window_ms: float = 50.0, name: str = "bench") -> dict[str, Any]:
    """Serve `model` on a loopback ephemeral port, measure one client then `clients`, and compare."""
    from empathic.chat import GenerationSettings, Safety
    from empathic.serve.app import create_app
    from empathic.serve.cli import build_backend
    from empathic.serve.config import ServeConfig
    from empathic.serve.server import serve_in_thread

    backend = build_backend(model, tokenizer, model_name=name, safety=Safety(),
                            defaults=GenerationSettings(temperature=0, max_new_tokens=max_tokens))
    config = ServeConfig(max_queue=max(32, clients), max_batch=max_batch, batch_window_ms=batch_window_ms,
                         max_tokens_limit=max(512, max_tokens))
    app = create_app(backend, config)
    todo = prompts(requests)
    with serve_in_thread(app) as url:
        run_phase(url, name, todo[:1], 1, 8)  # warm-up: first-call costs are not the server's
        worker = app.state.worker
        worker.batches = []
        single = run_phase(url, name, todo, 1, max_tokens)
        single_batches, worker.batches = worker.batches, []
        concurrent = run_phase(url, name, todo, clients, max_tokens)
        batches = worker.batches
    checks = compare(single.replies, concurrent.replies)
    return {
        "requests": requests, "max_tokens": max_tokens, "max_batch": max_batch, "batch_window_ms": batch_window_ms,
        "one_client": single.summary() | {"mean_batch": round(statistics.mean(single_batches), 2)},
        f"{clients}_clients": concurrent.summary() | {"mean_batch": round(statistics.mean(batches), 2),
                                                       "batch_sizes": batches},
        "speedup_tokens_per_s": round(concurrent.tokens / concurrent.wall_s / (single.tokens / single.wall_s), 2),
        "dropped": len(checks["dropped"]) + sum(v is None for v in single.replies.values()),
        "mixed_up": len(checks["mixed_up"]),
        "diverged": len(checks["diverged"]),
        "diverged_prompts": checks["diverged"],
        "errors": single.errors + concurrent.errors,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m empathic.serve.bench", description=__doc__.splitlines()[0])
    p.add_argument("--base", help="base model (default: the offline SmolLM2-135M-Instruct)")
    p.add_argument("--adapter", help="LoRA adapter folder")
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--requests", type=int, default=32, help="distinct prompts, sent once per phase (at most 64)")
    p.add_argument("--max-tokens", type=int, default=48)
    p.add_argument("--max-batch", type=int, default=8)
    p.add_argument("--batch-window-ms", type=float, default=50.0)
    p.add_argument("--threads", type=int, default=1, help="torch threads (default 1: the machine is shared)")
    p.add_argument("--out", help="also write the JSON report here")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)

    import torch
    from transformers.utils import logging as hf_logging

    from empathic.modeling.loading import load_model_and_tokenizer, offline_default_model

    torch.set_num_threads(args.threads)
    hf_logging.disable_progress_bar()
    base = args.base or (None if args.adapter else str(offline_default_model()))
    model, tokenizer = load_model_and_tokenizer(base, args.adapter)
    report = bench(model, tokenizer, clients=args.clients, requests=args.requests, max_tokens=args.max_tokens,
                   max_batch=args.max_batch, batch_window_ms=args.batch_window_ms)
    report |= {"model": args.adapter or base, "torch_threads": args.threads}
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    return 0 if report["dropped"] == 0 and report["mixed_up"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
