"""`empathic eval`: base vs tuned on the same held-out prompts, with 95% intervals on every difference."""

from __future__ import annotations

import argparse
from pathlib import Path


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, got {value}")
    return value


def default_data_dir() -> Path | None:
    """../shared/data next to the project (where the real datasets live on the dev machine), if present."""
    for cand in (Path.cwd().parent / "shared" / "data", Path(__file__).resolve().parents[3] / "shared" / "data"):
        if cand.is_dir():
            return cand
    return None


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--base", help="base model: local folder or Hub id (default: the adapter's base model)")
    p.add_argument("--adapter", help="trained LoRA adapter folder (default: runs/demo)")
    p.add_argument("--data", required=True, type=Path, help="held-out chat JSONL (test.jsonl from `empathic data`)")
    p.add_argument("--out", required=True, type=Path, help="folder for metrics.json, report.md, plots, generations")
    p.add_argument("--limit", type=_positive_int, help="evaluate a seeded random sample of N prompts")
    p.add_argument("--max-new-tokens", type=_positive_int, default=128, help="reply budget (default 128)")
    p.add_argument("--batch-size", type=_positive_int, default=32,
                   help="generation batch size: rows the continuous loop runs at once (default 32)")
    p.add_argument("--threads", type=_positive_int,
                   help="torch CPU threads (default: 1 when the machine is already busy, else torch's default)")
    eq = p.add_mutually_exclusive_group()
    eq.add_argument("--eqbench-limit", type=_positive_int, default=20,
                    help="EQ-Bench v2 questions to ask, in id order (default 20 of 171; 171 = all)")
    eq.add_argument("--no-eqbench", action="store_true", help="skip EQ-Bench")
    p.add_argument("--eqbench-file", type=Path, help="eq_bench_v2_questions_171.json (default: DATA_DIR/eqbench/)")
    p.add_argument("--eqbench-max-new-tokens", type=_positive_int, default=320,
                   help="EQ-Bench answer budget (EQ-Bench itself allows 600; default 320)")
    p.add_argument("--judge-url", help="OpenAI-compatible server for the optional LLM judge (key: EMPATHIC_JUDGE_API_KEY)")
    p.add_argument("--judge-model", help="model name to ask the judge server for")
    p.add_argument("--data-dir", type=Path, default=None,
                   help="folder with epitome/, goemotions/, eqbench/ (default: ../shared/data if present)")
    p.add_argument("--epitome-dir", type=Path, help="EPITOME CSV folder (overrides --data-dir)")
    p.add_argument("--goemotions-dir", type=Path, help="GoEmotions TSV folder (overrides --data-dir)")
    p.add_argument("--no-classifiers", action="store_true", help="skip the EPITOME and GoEmotions classifiers")
    p.add_argument("--epitome-judge", choices=("pair-lr", "cross-encoder", "embedding-lr"),
                   default="pair-lr",
                   help="EPITOME judge, trained once and cached: pair-lr (default: MiniLM pair embeddings + "
                        "response TF-IDF), cross-encoder (fine-tuned MiniLM, ~13 min on 2 cores; weaker than pair-lr) or the older "
                        "embedding regressions")
    p.add_argument("--pairwise", action="store_true",
                   help="with --judge-url: also judge base vs tuned pairwise, both orders, win/tie/loss")
    p.add_argument("--classifier-max-rows", type=_positive_int, help="cap training rows of each classifier")
    p.add_argument("--embedder", help="sentence-transformers folder (default: all-MiniLM-L6-v2 offline wheel)")
    p.add_argument("--no-perplexity", action="store_true", help="skip held-out perplexity")
    p.add_argument("--no-safety", action="store_true", help="skip the red-team run through the chat stack")
    p.add_argument("--safety-benign-limit", type=int, default=24,
                   help="benign red-team messages to answer per model (they need generation; default 24)")
    p.add_argument("--resamples", type=_positive_int, default=2000, help="bootstrap resamples (default 2000)")
    p.add_argument("--seed", type=int, default=0, help="seed for --limit sampling and the bootstrap")
    p.add_argument("--no-cache", action="store_true", help="regenerate everything (ignore the results cache)")


def run(args: argparse.Namespace) -> int:
    from empathic.evaluation.runner import EvalConfig
    from empathic.evaluation.runner import run as run_eval

    cfg = EvalConfig(
        data=args.data, out=args.out, base=args.base, adapter=args.adapter, limit=args.limit,
        max_new_tokens=args.max_new_tokens, batch_size=args.batch_size, threads=args.threads,
        safety=not args.no_safety, safety_benign_limit=max(0, args.safety_benign_limit),
        eqbench=not args.no_eqbench, eqbench_file=args.eqbench_file, eqbench_limit=args.eqbench_limit,
        eqbench_max_new_tokens=args.eqbench_max_new_tokens, judge_url=args.judge_url, judge_model=args.judge_model,
        data_dir=args.data_dir or default_data_dir(), epitome_dir=args.epitome_dir,
        goemotions_dir=args.goemotions_dir, classifiers=not args.no_classifiers,
        classifier_max_rows=args.classifier_max_rows, epitome_judge=args.epitome_judge, pairwise=args.pairwise, embedder=args.embedder, perplexity=not args.no_perplexity,
        n_resamples=args.resamples, seed=args.seed, use_cache=not args.no_cache,
    )
    metrics = run_eval(cfg)
    print(f"wrote {cfg.out / 'report.md'} and {cfg.out / 'metrics.json'}")
    for row in metrics["headline"]:
        from empathic.evaluation.report import verdict

        print(f"  {row['label']}: base {row['base']:.4g} -> tuned {row['tuned']:.4g} ({verdict(row)})")
    return 0
