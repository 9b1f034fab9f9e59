"""`empathic eval` end to end: generate (cached), score, bootstrap, write metrics.json / report.md / plots."""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

import numpy as np

from empathic.errors import UserError
from empathic.evaluation.cache import cache_dir
from empathic.evaluation.context import EvalConfig, Loaded, cached_generate, load
from empathic.evaluation.generation import GenSettings
from empathic.evaluation.report import write_report
from empathic.evaluation.safety_section import safety_section
from empathic.evaluation.sections import (
    classifier_sections,
    eqbench_section,
    judge_section,
    paired_diff,
    perplexity_section,
    text_section,
)
from empathic.evaluation.store import Store
from empathic.evaluation.testset import Example, load_examples

__all__ = ["EvalConfig", "Loaded", "load", "run"]

log = logging.getLogger(__name__)


# ---------------------------------------------------------------- orchestration
def choose_threads(requested: int | None) -> int | None:
    """Torch CPU threads for this run. On a machine already busier than its core count, torch's spinning
    worker threads fight other processes and generation got about 20x slower than with one thread
    (measured, see Notes/decisions/eval.md), so a busy machine gets 1 unless the user says otherwise."""
    if requested is not None:
        return requested
    try:
        busy = os.getloadavg()[0] >= (os.cpu_count() or 1)
    except OSError:
        return None
    return 1 if busy else None


def run(cfg: EvalConfig) -> dict:
    import torch

    threads = choose_threads(cfg.threads)
    previous = torch.get_num_threads()
    if threads is not None:
        log.info("using %d CPU thread(s) (--threads to change)", threads)
        torch.set_num_threads(threads)
    try:
        return _run(cfg, torch.get_num_threads())
    finally:
        torch.set_num_threads(previous)


def _run(cfg: EvalConfig, threads: int) -> dict:
    """Every output goes to a staged sibling of --out, moved in at the end with a COMPLETE marker
    (empathic.durable), under the one-writer lock: a killed or failed run leaves the previous results."""
    from empathic.durable import run_lock, staged_files

    with run_lock(cfg.out), staged_files(cfg.out, command="empathic eval") as work:
        return _evaluate(cfg, threads, work)


def _evaluate(cfg: EvalConfig, threads: int, out: Path) -> dict:
    t0 = time.time()
    timing: dict[str, float] = {}
    loaded_examples = load_examples(cfg.data, cfg.limit, cfg.seed)
    examples = loaded_examples.examples
    store = Store(cache_dir("eval") / "results.sqlite" if cfg.use_cache else None)

    def lap(name: str, since: float) -> float:
        now = time.time()
        timing[name] = round(now - since, 1)
        return now

    loaded = load(cfg)
    t = lap("load_model", t0)
    settings = GenSettings(cfg.max_new_tokens, cfg.batch_size)
    gens = cached_generate(loaded, [e.prompt for e in examples], settings, store, "generating")
    t = lap("generate", t)
    _write_generations(out / "generations.jsonl", examples, gens)

    embedder = None
    try:
        from empathic.evaluation.embeddings import Embedder

        embedder = Embedder(cfg.embedder)
    except UserError:
        if cfg.embedder:
            raise
        cfg.notes.append("no sentence embedder available: similarity and classifiers skipped")
    headline, corpus = text_section(cfg, examples, gens, embedder)
    t = lap("text_metrics", t)
    if cfg.perplexity:
        row = perplexity_section(cfg, loaded, examples, store)
        if row is not None:
            headline.insert(0, row)
        t = lap("perplexity", t)
    epi, emo = classifier_sections(cfg, examples, gens, embedder)
    t = lap("classifiers", t)
    eq, eq_outputs = eqbench_section(cfg, loaded, store)
    if eq_outputs:
        with (out / "eqbench_outputs.jsonl").open("w", encoding="utf-8") as fh:
            for role, rows in eq_outputs.items():
                for r in rows:
                    fh.write(json.dumps({"model": role, **r}, ensure_ascii=False) + "\n")
    t = lap("eqbench", t)
    judge = judge_section(cfg, examples, gens, store)
    t = lap("judge", t)
    safety = (safety_section(cfg, loaded, gens, store, paired_diff(cfg)) if cfg.safety
              else {"reason": "disabled"})
    lap("safety", t)
    store.close()

    metrics = {
        "meta": {
            "base": cfg.base, "adapter": cfg.adapter, "data": str(cfg.data), "n_examples": len(examples),
            "n_skipped": loaded_examples.n_skipped, "skipped": dict(loaded_examples.skipped),
            "generation": f"greedy, max_new_tokens={cfg.max_new_tokens}, batch_size={cfg.batch_size}, other "
                          "settings the chat defaults; same chat template; base = adapter disabled on the same "
                          "loaded model",
            "n_resamples": cfg.n_resamples, "seed": cfg.seed, "limit": cfg.limit, "threads": threads,
            "chat_settings": GenSettings(cfg.max_new_tokens, cfg.batch_size).as_dict(),
            "embedder": embedder.model_id if embedder else None,
            "timing_seconds": {**timing, "total": round(time.time() - t0, 1)},
        },
        "headline": headline,
        "corpus": corpus,
        "epitome": epi,
        "emotions": emo,
        "eqbench": eq,
        "judge": {k: v for k, v in judge.items() if k != "judgements"},
        "safety": safety,
        "examples": _pick_examples(examples, gens, cfg.n_report_examples, cfg.seed),
        "notes": cfg.notes,
    }
    if judge.get("judgements"):
        (out / "judgements.json").write_text(json.dumps(judge["judgements"], indent=1), encoding="utf-8")
    write_report(metrics, out)  # adds metrics["plots"]
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2, default=_json_default), encoding="utf-8")
    return metrics


def _json_default(x):
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, np.ndarray):
        return x.tolist()
    raise TypeError(type(x))


def _write_generations(path: Path, examples: list[Example], gens: dict) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for e, b, t in zip(examples, gens["base"], gens["tuned"], strict=True):
            fh.write(json.dumps({
                "prompt": e.prompt, "reference": e.reference, "base": b.text, "tuned": t.text,
                "base_stopped": b.stopped, "tuned_stopped": t.stopped,
                "base_new_tokens": b.new_tokens, "tuned_new_tokens": t.new_tokens,
                "source": e.source, "emotion": e.emotion, "line": e.line,
            }, ensure_ascii=False) + "\n")


def _pick_examples(examples: list[Example], gens: dict, k: int, seed: int) -> list[dict]:
    """A seeded random handful (not cherry-picked) for the report."""
    if k <= 0 or not examples:
        return []
    idx = sorted(np.random.default_rng(seed).choice(len(examples), size=min(k, len(examples)), replace=False))
    return [{"prompt": examples[i].last_user, "reference": examples[i].reference,
             "base": gens["base"][i].text, "tuned": gens["tuned"][i].text} for i in idx]
