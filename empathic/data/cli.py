"""`empathic data prepare` (build the JSONL splits) and `empathic data describe` (stats -> markdown)."""

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
    desc = sub.add_parser("describe", help="regenerate the markdown description from a stats.json")
    desc.add_argument("--stats", type=Path, required=True, help="OUT/stats.json from `data prepare`")
    desc.add_argument("--description", type=Path, required=True, help="markdown file to write")


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
    if args.data_command != "prepare":
        raise UserError(
            "choose an action: `empathic data prepare --out OUT ...` or `empathic data describe ...`"
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
