"""`empathic bench`: training and generation throughput, project pipeline vs plain TRL/transformers.

Both sides run in one process on the same data and seeds, interleaved when repeated, because
on a shared machine only same-process ratios are trustworthy. Numbers go to stdout as JSON.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from empathic.io import write_json


def add_arguments(parser: Any) -> None:
    sub = parser.add_subparsers(dest="bench", metavar="WHAT", required=True)
    t = sub.add_parser("train", help="project training vs TRL SFTTrainer defaults: tokens/s, MFU, held-out loss")
    t.add_argument("--config", required=True, help="training recipe, e.g. finetuning/configs/smollm2-135m-cpu.yaml")
    t.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE")
    t.add_argument("--steps", type=int, default=10, help="optimizer steps per pass over the data; each arm runs a warm-up pass, then the timed pass")
    t.add_argument("--data", default=None, help="prepared data folder (default: the recipe's data_prepared, else runs/data)")
    t.add_argument("--eval-examples", type=int, default=32, help="held-out (valid) conversations for the loss check")
    t.add_argument("--out", help="also write the JSON result here (the Trainer logs to stdout too)")
    t.add_argument("--repeats", type=int, default=1, help="baseline/project pairs, interleaved")
    t.add_argument("--arms", default="baseline,project",
                   help="comma list of arms: baseline (TRL defaults), project, project-v2 (before the bf16-held "
                        "weights, lean head and widened outputs), project-padded (no packing), project-fp32 (no bf16), "
                        "project-fullhead (LM head on all positions), project-castweights, project-trlhead, "
                        "project-mixedops (each without one v3 speed-up), project-nodropout (LoRA dropout 0: changes "
                        "training)")
    g = sub.add_parser("generate", help="batched generate_batch vs a one-prompt-at-a-time generate loop")
    g.add_argument("--model", default=None, help="base model (default: the project default)")
    g.add_argument("--data", default="runs/data", help="prepared data folder; prompts from test.jsonl")
    g.add_argument("--prompts", type=int, default=32)
    g.add_argument("--max-new-tokens", type=int, default=64)
    g.add_argument("--batch-sizes", default="1,8,32")
    g.add_argument("--loops", default="continuous",
                   help="comma list: continuous (finished rows leave, queue refills), generate (model.generate batches)")
    g.add_argument("--out", help="also write the JSON result here")
    s = sub.add_parser("sample", help="best-of sampling: the continuous loop vs model.generate batches, replies/s")
    s.add_argument("--adapter", default=None, help="adapter run folder to sample from (default: the base model)")
    s.add_argument("--data", default="runs/data", help="prepared data folder; prompts from test.jsonl")
    s.add_argument("--prompts", type=int, default=32)
    s.add_argument("--samples", type=int, default=6, help="sampled replies per prompt (as --best-of N)")
    s.add_argument("--max-new-tokens", type=int, default=48)
    s.add_argument("--temperature", type=float, default=0.8)
    s.add_argument("--top-p", type=float, default=0.95)
    s.add_argument("--batch-size", type=int, default=32)
    s.add_argument("--repeats", type=int, default=2, help="interleaved generate/continuous pairs")
    s.add_argument("--out", help="also write the JSON result here")


def run(args: Any) -> int:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    if args.bench == "train":
        from empathic.experiments.bench.train import bench_train

        result = bench_train(
            args.config, args.overrides, steps=args.steps, data=args.data, eval_examples=args.eval_examples,
            repeats=args.repeats, arms=args.arms.split(","), out=Path(args.out) if args.out else None,
        )
    elif args.bench == "sample":
        from empathic.experiments.bench.sample import bench_sample

        result = bench_sample(
            args.adapter, Path(args.data), n_prompts=args.prompts, samples=args.samples,
            max_new_tokens=args.max_new_tokens, temperature=args.temperature, top_p=args.top_p,
            batch_size=args.batch_size, repeats=args.repeats,
        )
    else:
        from empathic.experiments.bench.generate import bench_generate

        result = bench_generate(
            args.model, Path(args.data), n_prompts=args.prompts, max_new_tokens=args.max_new_tokens,
            batch_sizes=[int(b) for b in args.batch_sizes.split(",")], loops=tuple(args.loops.split(",")),
        )
    if args.out:
        write_json(args.out, result)
    print(json.dumps(result, indent=2))
    return 0

