"""`empathic compare A B`: two `empathic eval` runs of different adapters on the same prompts (an ablation),
paired over prompts: EPITOME judge levels, similarity to the reference, reply length, stop rate.

Each run's `generations.jsonl` holds the tuned adapter's replies; both runs must have judged the same
prompts in the same order (same `--data`, `--limit` and `--seed`), which is checked. Differences are B − A
with a paired bootstrap interval, the same estimator `empathic eval` uses for base vs tuned.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from empathic.errors import UserError

Levels = Callable[[list[str], list[str]], dict[str, np.ndarray]]  # (seekers, replies) -> mechanism -> levels
Encode = Callable[[list[str]], np.ndarray]  # texts -> unit-norm embeddings


def read_generations(folder: Path) -> list[dict[str, Any]]:
    """The rows `empathic eval` wrote to FOLDER/generations.jsonl."""
    path = Path(folder) / "generations.jsonl"
    if not path.is_file():
        raise UserError(f"{folder} has no generations.jsonl: pass a folder written by `empathic eval --out`")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _last_user(prompt: list[dict[str, str]]) -> str:
    return next(m["content"] for m in reversed(prompt) if m["role"] == "user")


def compare_runs(a: list[dict[str, Any]], b: list[dict[str, Any]], levels: Levels, encode: Encode,
                 resamples: int = 2000, seed: int = 0) -> dict[str, Any]:
    """Per metric: A's mean, B's mean and B − A with its paired 95% interval."""
    from empathic.evaluation.bootstrap import paired_bootstrap

    if [r["prompt"] for r in a] != [r["prompt"] for r in b]:
        raise UserError("the two runs judged different prompts: run both with the same --data, --limit and --seed")
    seekers = [_last_user(r["prompt"]) for r in a]
    replies = {"a": [r["tuned"] for r in a], "b": [r["tuned"] for r in b]}
    per_run: dict[str, dict[str, np.ndarray]] = {side: {} for side in replies}
    reference = encode([r["reference"] for r in a])
    for side, texts in replies.items():
        per_run[side].update({m: v.astype(float) for m, v in levels(seekers, texts).items()})
        per_run[side]["similarity"] = (encode(texts) * reference).sum(axis=1)
        per_run[side]["reply_words"] = np.array([len(t.split()) for t in texts], dtype=float)
        per_run[side]["stopped"] = np.array([float(r["tuned_stopped"]) for r in (a if side == "a" else b)])
    out: dict[str, Any] = {"n": len(a)}
    for metric in per_run["a"]:
        d = paired_bootstrap(per_run["a"][metric], per_run["b"][metric], n_resamples=resamples, seed=seed)
        out[metric] = {"a": d.base, "b": d.tuned, "diff": d.diff, "low": d.ci_low, "high": d.ci_high}
    out["median_words"] = {side: float(np.median(per_run[side]["reply_words"])) for side in per_run}
    return out


def markdown_table(result: dict[str, Any], name_a: str, name_b: str) -> str:
    rows = [f"| metric | {name_a} | {name_b} | {name_b} − {name_a} [95% CI] |", "| --- | ---: | ---: | --- |"]
    for metric, cell in result.items():
        if isinstance(cell, dict) and "a" in cell and "b" in cell and "low" in cell:
            rows.append(f"| {metric} | {cell['a']:.3f} | {cell['b']:.3f} | "
                        f"{cell['diff']:+.3f} [{cell['low']:+.3f}, {cell['high']:+.3f}] |")
    return "\n".join(rows) + f"\n\n{result['n']} prompts, paired bootstrap.\n"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("run_a", type=Path, help="first `empathic eval --out` folder (e.g. the old-mix adapter)")
    p.add_argument("run_b", type=Path, help="second one, same prompts (e.g. the curated adapter)")
    p.add_argument("--out", type=Path, help="also write the JSON result here")
    p.add_argument("--data-dir", type=Path, help="folder with epitome/ (default: ../shared/data if present)")
    p.add_argument("--resamples", type=int, default=2000)
    p.add_argument("--seed", type=int, default=0)


def run(args: argparse.Namespace) -> int:
    from empathic.evaluation.cli import default_data_dir
    from empathic.evaluation.embeddings import Embedder
    from empathic.evaluation.pair_judge import load_or_train_pair_judge
    from empathic.io import write_json

    a, b = read_generations(args.run_a), read_generations(args.run_b)
    data_dir = args.data_dir or default_data_dir()
    if data_dir is None or not (Path(data_dir) / "epitome").is_dir():
        raise UserError("compare needs the EPITOME CSVs for its judge: pass --data-dir holding epitome/")
    embedder = Embedder()
    judge = load_or_train_pair_judge(Path(data_dir) / "epitome", embedder)
    result = compare_runs(a, b, lambda s, r: judge.predict_levels_with(embedder.encode, s, r), embedder.encode,
                          resamples=args.resamples, seed=args.seed)
    if args.out:
        write_json(args.out, result)
    print(markdown_table(result, args.run_a.name, args.run_b.name))
    return 0
