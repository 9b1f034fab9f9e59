"""`empathic data prepare` (build the JSONL splits), `empathic data describe` (stats -> markdown),
`empathic data pairs` (DPO preference pairs from an SFT run's own replies), `empathic data fresh` (a disjoint
second held-out sample)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from empathic.errors import UserError

DEFAULT_CONFIG = Path("finetuning/configs/data.yaml")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="data_command", metavar="ACTION")
    prep = sub.add_parser(
        "prepare", help="write OUT/{train,valid,test}.jsonl, OUT/classification/, OUT/stats.json"
    )
    prep.add_argument(
        "--config",
        type=Path,
        default=None,
        help=f"data config YAML (default: {DEFAULT_CONFIG} if present, else built-in)",
    )
    prep.add_argument("--data-dir", type=Path, default=None, help="folder in the layout of ../shared/data")
    prep.add_argument("--out", type=Path, required=True, help="output folder")
    prep.add_argument(
        "--description", type=Path, default=None, help="also write the markdown description here"
    )
    prep.add_argument(
        "--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
        help="override a config key, e.g. --set sources.esconv.cap=500 (repeatable)",
    )  # fmt: skip
    prep.add_argument("--sources", default=None, help="comma-separated subset of sources to enable")
    prep.add_argument("--tokenizer", default=None, help="tokenizer ref for token counts, or 'whitespace'")
    fresh = sub.add_parser(
        "fresh", help="a second held-out sample of a split, disjoint by group from the rows `empathic eval --limit` takes"
    )
    fresh.add_argument("--data", type=Path, required=True, help="the split JSONL, e.g. OUT/test.jsonl")
    fresh.add_argument("--avoid-limit", type=int, required=True,
                       help="the --limit of the evaluation to stay disjoint from (e.g. 200)")
    fresh.add_argument("--avoid-seed", type=int, default=0, help="that evaluation's --seed (default 0)")
    fresh.add_argument("--avoid", type=Path, action="append", default=[], metavar="JSONL",
                       help="also stay disjoint by group from this earlier set's rows (repeatable; e.g. an earlier "
                            "`data fresh` output)")
    fresh.add_argument("--n", type=int, required=True, help="rows to write")
    fresh.add_argument("--seed", type=int, required=True, help="seed of this sample")
    fresh.add_argument("--out", type=Path, required=True, help="JSONL to write (the rows unchanged, in file order)")
    fresh.add_argument("--with-evaluated", action="store_true",
                       help="write the --avoid-limit evaluated rows first, then the fresh ones: one pooled set "
                            "(e.g. the 400 test prompts of Notes/eval/empathy.md, round 43)")
    desc = sub.add_parser("describe", help="regenerate the markdown description from a stats.json")
    desc.add_argument("--stats", type=Path, required=True, help="OUT/stats.json from `data prepare`")
    desc.add_argument("--description", type=Path, required=True, help="markdown file to write")
    pairs = sub.add_parser(
        "pairs", help="DPO pairs: an SFT run's greedy replies to its train prompts, missing mechanisms spliced in "
                      "(or --trim, or --best-of N sampled replies)"
    )
    pairs.add_argument("--adapter", type=Path, required=True, help="the SFT run folder (holds data/train.jsonl)")
    pairs.add_argument("--out", type=Path, required=True, help="pairs JSONL to write (stats beside it)")
    pairs.add_argument("--prompts", type=int, default=640, help="train prompts to sample (default 640)")
    pairs.add_argument("--seed", type=int, default=42, help="sampling and tie-break seed (default 42)")
    pairs.add_argument("--splice", default="emotional_reactions,interpretations",
                       help="mechanisms to splice in where missing (default both; a second stage: interpretations)")
    pairs.add_argument("--max-added-words", type=int, default=7,
                       help="chosen at most this many words longer than rejected (default 7)")
    pairs.add_argument("--trust-splices", action="store_true",
                       help="a spliced opener/clause counts as its mechanism; the curation scorer only vetoes a fall")
    pairs.add_argument("--keep-reactions", action="store_true",
                       help="a clause never replaces a sentence with a reaction of its own (e.g. 'that sounds tough'), "
                            "so length-neutral clause pairs cannot trade emotional reactions for interpretations")
    pairs.add_argument("--replace-closers", action="store_true",
                       help="a clause may also replace a final well-wish ('I hope you're doing well.'), which ends ~30%% "
                            "of the reference chain's replies; other final sentences stay untouched")
    pairs.add_argument("--trim", action="store_true",
                       help="conciseness pairs: chosen = an over-long own reply with whole sentences removed "
                            "(never a question or reflective clause); --splice and --max-added-words do not apply")
    pairs.add_argument("--best-of", type=int, default=0, metavar="N",
                       help="on-policy pairs from N sampled own replies per prompt: chosen = the best-scoring reply "
                            "inside the length band, rejected = the lowest-scoring one at least as long; --splice, "
                            "--max-added-words and --trim do not apply")
    pairs.add_argument("--min-score-gap", type=float, default=0.5,
                       help="--best-of: chosen's curation score (ER + IP + 0.5 EX expected levels) at least this "
                            "much above rejected's (default 0.5)")
    pairs.add_argument("--score-weights", default="1,1,0.5", metavar="ER,IP,EX",
                       help="weights of the curation score's ER, IP and EX expected levels (default 1,1,0.5); a "
                            "later stage that lacks one mechanism weights it up, e.g. 1,2,0.5")
    pairs.add_argument("--max-longer-words", type=int, default=None, metavar="N",
                       help="--best-of: the rejected reply at most N words longer than the chosen (default: any "
                            "length at least the chosen's)")
    pairs.add_argument("--similarity-weight", type=float, default=0.0, metavar="W",
                       help="--best-of: choose on curation score + W x MiniLM similarity to the train reference, so "
                            "the chosen reply also stays on the reference's content (default 0)")
    pairs.add_argument("--continuous", action="store_true",
                       help="--best-of: draw the samples with the continuous decoding loop (~1.45x faster than "
                            "model.generate batches; same processors)")
    pairs.add_argument("--max-new-tokens", type=int, default=48, metavar="N",
                       help="own replies longer than this count as not stopped (default 48; a best-of stage whose "
                            "band ends at ~21 words loses nothing at 32)")
    pairs.add_argument("--turn-valence", action="store_true",
                       help="read each EmpatheticDialogues prompt's valence from its last user turn (a classifier "
                            "fitted on opening turns) instead of the conversation's label: splice openers follow it, "
                            "best-of never chooses a reply whose tone contradicts it")
    pairs.add_argument("--valence-data", type=Path, action="append", default=[], metavar="JSONL",
                       help="prepared rows whose EmpatheticDialogues opening turns fit the --turn-valence classifier "
                            "(repeatable; default: the SFT run's train split)")
    pairs.add_argument("--valence-avoid", type=Path, action="append", default=[], metavar="JSONL",
                       help="rows whose conversations (groups) the classifier must not read, e.g. evaluation sets "
                            "(repeatable)")
    pairs.add_argument("--replies", type=Path, default=None,
                       help="reuse own replies an earlier run kept beside its pairs (<out>.replies.jsonl; "
                            "with --best-of, <out>.samples.jsonl)")
    pairs.add_argument("--train-from", type=Path, default=None,
                       help="the SFT run whose train prompts to use when --adapter is a DPO run (default: --adapter)")
    where = pairs.add_mutually_exclusive_group()
    where.add_argument("--epitome-dir", type=Path, default=None, help="EPITOME CSV folder (the curation scorer)")
    where.add_argument("--data-dir", type=Path, default=None,
                       help="folder with epitome/ (default: ../shared/data if present)")


def _only(sources: str, overrides: list[str]) -> list[str]:
    """--sources a,b -> enable exactly those (unknown names are a UserError with a suggestion)."""
    from empathic.data.registry import ALL_SOURCES
    from empathic.errors import check_known_keys

    wanted = [s.strip() for s in sources.split(",") if s.strip()]
    check_known_keys(wanted, ALL_SOURCES, "", what="dataset", otherwise=f"known: {', '.join(ALL_SOURCES)}")
    return [
        *overrides,
        *(f"sources.{name}.enabled={'true' if name in wanted else 'false'}" for name in ALL_SOURCES),
    ]


def _command(args: argparse.Namespace) -> str:
    parts = ["empathic data prepare"]
    if args.config is not None:
        parts.append(f"--config {args.config}")
    if args.data_dir is not None:
        parts.append(f"--data-dir {args.data_dir}")
    parts.append(f"--out {args.out}")
    parts += [f"--set {o}" for o in args.overrides]
    if args.sources:
        parts.append(f"--sources {args.sources}")
    if args.tokenizer:
        parts.append(f"--tokenizer {args.tokenizer}")
    if args.description is not None:
        parts.append(f"--description {args.description}")
    return " ".join(parts)


def run(args: argparse.Namespace) -> int:
    if args.data_command == "describe":
        from empathic.data.describe import write_description

        if not args.stats.is_file():
            raise UserError(f"stats file not found: {args.stats}; run `empathic data prepare` first")
        write_description(json.loads(args.stats.read_text(encoding="utf-8")), args.description)
        return 0
    if args.data_command == "fresh":
        return _fresh(args)
    if args.data_command == "pairs":
        return _pairs(args)
    if args.data_command != "prepare":
        raise UserError(
            "choose an action: `empathic data prepare --out OUT ...`, `empathic data describe ...` "
            "or `empathic data pairs --adapter RUN --out FILE`"
        )
    from empathic.data.config import load_config
    from empathic.data.pipeline import broken_rows, prepare

    config_path = (
        args.config if args.config is not None else (DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None)
    )
    overrides = list(args.overrides)
    if args.sources:
        overrides = _only(args.sources, overrides)
    if args.tokenizer:
        overrides.append(f"tokenizer={args.tokenizer}")
    config = load_config(config_path, overrides)
    stats = prepare(config, args.data_dir, args.out, description=args.description, command=_command(args))
    for line in broken_rows(stats):
        print(line)
    counts = {
        s: sum(src["written"][s] for src in stats["sources"].values() if src["task"] == "sft")
        for s in ("train", "valid", "test")
    }
    print(
        f"wrote {args.out}: train {counts['train']}, valid {counts['valid']}, test {counts['test']} (stats: {args.out / 'stats.json'})"
    )
    return 0


def _pairs(args: argparse.Namespace) -> int:
    """`empathic data pairs`: checks the paths, then empathic.training.pair_builder does the work."""
    from empathic.evaluation.classifiers import EPITOME_FILES
    from empathic.evaluation.cli import default_data_dir
    from empathic.training.pair_builder import (
        ER,
        IP,
        PairRules,
        build_pairs,
        check_replies_kind,
        stats_path,
        train_split_path,
    )

    if args.prompts < 1:
        raise UserError(f"--prompts must be at least 1, got {args.prompts}")
    if args.best_of and args.trim:
        raise UserError("--best-of and --trim are two modes: pass one")
    splice = tuple(m.strip() for m in args.splice.split(",") if m.strip())
    mode = "best_of" if args.best_of else "trim" if args.trim else "splice"
    try:
        weights = tuple(float(w) for w in args.score_weights.split(","))
    except ValueError:
        raise UserError(f"--score-weights must be three numbers ER,IP,EX (e.g. 1,2,0.5), got {args.score_weights!r}") from None
    try:  # PairRules holds the mode rules (e.g. best_of's sample count); the message names the flag
        rules = PairRules(prompts=args.prompts, seed=args.seed, splice=splice, max_added_words=args.max_added_words,
                          curation_must_rise=not args.trust_splices, keep_reactions=args.keep_reactions,
                          replace_closers=args.replace_closers, mode=mode, samples=args.best_of,
                          min_score_gap=args.min_score_gap, score_weights=weights,
                          similarity_weight=args.similarity_weight, max_longer_words=args.max_longer_words,
                          continuous=args.continuous, max_new_tokens=args.max_new_tokens,
                          turn_valence=args.turn_valence)
    except ValueError as error:
        raise UserError(str(error).replace("best_of", "--best-of").replace("score weights", "--score-weights")
                        .replace("similarity weight", "--similarity-weight")
                        .replace("max longer words", "--max-longer-words")
                        .replace("continuous sampling", "--continuous")
                        .replace("replace closers", "--replace-closers")
                        .replace("max new tokens", "--max-new-tokens")
                        .replace("turn valence", "--turn-valence")) from None
    if args.min_score_gap < 0:
        raise UserError(f"--min-score-gap must be 0 or more, got {args.min_score_gap}")
    if (args.valence_data or args.valence_avoid) and not args.turn_valence:
        raise UserError("--valence-data and --valence-avoid configure --turn-valence: pass it too")
    for path in (*args.valence_data, *args.valence_avoid):
        if not path.is_file():
            raise UserError(f"no JSONL file at {path}")
    if args.replies is not None and not args.replies.is_file():
        raise UserError(f"no replies file at {args.replies}")
    if args.replies is not None:  # before loading anything: a file of the other mode's kind fails at once
        check_replies_kind(args.replies, samples=rules.mode == "best_of")
    train_run = args.train_from or args.adapter
    if train_split_path(train_run) is None:
        raise UserError(f"{train_run} is not an SFT run folder with data/train.jsonl (or a data_prepared folder in its "
                        "config.yaml); pass the folder `empathic train` wrote (e.g. runs/smollm2-135m-empathy), or "
                        "--train-from it for a DPO run")
    if not splice or not set(splice) <= {ER, IP}:
        raise UserError(f"--splice takes emotional_reactions and/or interpretations, got {args.splice!r}")
    if args.max_added_words < 0:
        raise UserError(f"--max-added-words must be 0 or more, got {args.max_added_words}")
    data_dir = args.data_dir or default_data_dir()
    epitome = args.epitome_dir or (data_dir / "epitome" if data_dir is not None else None)
    if epitome is None or not all((epitome / f).is_file() for f in EPITOME_FILES.values()):
        raise UserError(f"no EPITOME CSVs in {epitome or '(no data folder found)'}; pass --epitome-dir DIR or "
                        "--data-dir DIR (a folder with epitome/)")
    if not (args.adapter / "adapter_config.json").is_file():
        raise UserError(f"{args.adapter} holds no adapter (adapter_config.json); pass a finished `empathic train` run")
    stats = build_pairs(args.adapter, args.out, epitome, rules, train_run=train_run, replies_from=args.replies,
                        valence_data=args.valence_data, valence_avoid=args.valence_avoid)
    print(f"wrote {args.out}: {stats['pairs']} pairs from {stats['prompts']} train prompts "
          f"(stats: {stats_path(args.out)})")
    return 0


def _fresh(args: argparse.Namespace) -> int:
    from empathic.evaluation.testset import evaluated_lines, fresh_lines
    from empathic.io import write_jsonl

    if args.n < 1 or args.avoid_limit < 1:
        raise UserError("--n and --avoid-limit must be positive")
    lines = fresh_lines(args.data, args.n, args.seed, args.avoid_limit, args.avoid_seed, tuple(args.avoid))
    first = evaluated_lines(args.data, args.avoid_limit, args.avoid_seed) if args.with_evaluated else []
    raw = args.data.read_text(encoding="utf-8").splitlines()
    write_jsonl(args.out, [json.loads(raw[i - 1]) for i in first + lines])
    print(f"wrote {args.out}: {f'the {len(first)} evaluated rows, then ' if first else ''}{len(lines)} rows of "
          f"{args.data} outside the groups of its --limit {args.avoid_limit} --seed {args.avoid_seed} sample"
          f"{''.join(f' and of {a}' for a in args.avoid)} "
          f"(seed {args.seed})")
    return 0
