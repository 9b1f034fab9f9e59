"""`empathic screen`: crisis screening from the command line.

    empathic screen [FILE]                 one JSON line out per line in (blank lines included)
    empathic screen --redteam [--split S]  recall / false-positive metrics on the red-team set
    empathic screen train --data-dir DIR --out FILE      retrain the learned screen locally
    empathic screen eval-sources --data-dir DIR [--loso] per-source evaluation (a benchmark)
    empathic screen eval-sources --data-dir DIR --in-domain   what each hand-labelled source's labels allow
    empathic screen train-encoder --data-dir DIR --out DIR   refit the fine-tuned crisis encoder (~16 min)

The default detector is exactly chat's (`defaults.build_default_screener`: rules + the learned
screen); `--rules-only` is the fast path. Input lines are plain text, JSON objects with a "text"
field, or JSON objects with a chat "messages" list (screened as a conversation). A bad line (not
UTF-8, or a line that starts with "{" but is not valid JSON) gets an error record and the rest go on.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from empathic.errors import UserError
from empathic.io import write_json

SUBCOMMANDS = ("train", "eval-sources", "train-encoder")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="input file (default: standard input), or one of: "
                        + ", ".join(SUBCOMMANDS) + " (use ./train for a file named train)")
    parser.add_argument("--rules-only", action="store_true", help="rules only (fast; weaker than the chat default)")
    parser.add_argument("--embeddings", action="store_true",
                        help="also ask the MiniLM nearest-neighbour opinion (slower: loads all-MiniLM-L6-v2)")
    parser.add_argument("--weights", type=Path, help="learned-screen weights from `empathic screen train`")
    parser.add_argument("--redteam", action="store_true",
                        help="print recall / false-positive metrics on the packaged red-team set instead")
    parser.add_argument("--split", choices=["dev", "heldout"], help="red-team split (with --redteam)")
    parser.add_argument("--batch", type=int, help="red-team writing batch, e.g. 5 (with --redteam)")
    parser.add_argument("--redteam-file", type=Path, help="a red-team JSONL of your own (with --redteam)")
    parser.add_argument("--obfuscate", type=int, metavar="SEED",
                        help="disguise every red-team message first (seeded; with --redteam): robustness check")
    parser.add_argument("--data-dir", type=Path, help="crisis data folder (train, eval-sources, train-encoder)")
    parser.add_argument("--out", type=Path, help="weights file to write (train), encoder folder (train-encoder) "
                        "or JSON report (eval-sources)")
    parser.add_argument("--sources", help="comma-separated source names to train on (train; default: all found)")
    parser.add_argument("--max-rows", type=int, help="eval-sources: seeded subsample of at most N rows per "
                        "evaluated source (encoding all 55k rows takes long on 2 cores)")
    parser.add_argument("--loso", action="store_true", help="eval-sources: leave-one-source-out instead of "
                        "the shipped recipe")
    parser.add_argument("--in-domain", action="store_true", help="eval-sources: each hand-labelled source "
                        "cross-validated on itself, oracle threshold (the ceiling its labels allow)")


def _parse_line(raw: bytes, n: int) -> tuple[str | list | None, dict | None]:
    """(text or messages, None) for a usable line, (None, error record) for a bad one."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return None, {"line": n, "error": f"not valid UTF-8 (byte {err.start}); re-encode the file as UTF-8"}
    line = line.rstrip("\r\n")
    if line.lstrip().startswith("{"):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            return None, {"line": n, "error": f"malformed JSON ({err.msg} at column {err.colno})"}
        if isinstance(obj, dict) and isinstance(obj.get("messages"), list):
            return obj["messages"], None
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            return None, {"line": n, "error": 'JSON line needs a string "text" field or a "messages" list'}
        return obj["text"], None
    return line, None


def _lines(stream: BinaryIO) -> Iterator[tuple[int, bytes]]:
    # Every line, blank ones included, so output row k answers input line k.
    yield from enumerate(stream, start=1)


def _opinions(args: argparse.Namespace) -> list | None:
    if args.rules_only:
        if args.weights or args.embeddings:
            raise UserError("--rules-only cannot be combined with --weights or --embeddings")
        return None
    from empathic.safety.defaults import default_second_opinion

    opinions = [default_second_opinion(str(args.weights) if args.weights else None)]
    if args.embeddings:
        from empathic.safety.embedding import EmbeddingScreener

        opinions.append(EmbeddingScreener())
    return opinions


def _record(s, text) -> dict:
    return {"text": text, "crisis": s.crisis, "category": s.category, "score": s.score, "language": s.language}


def _screen_file(args: argparse.Namespace, detect: Callable, converse: Callable) -> int:
    if args.file is None:
        stream, close = sys.stdin.buffer, False
    else:
        path = Path(args.file)
        if not path.is_file():
            raise UserError(f"input file not found: {path}; pass an existing file, or pipe lines on stdin")
        stream, close = path.open("rb"), True
    errors = 0
    try:
        for n, raw in _lines(stream):
            item, error = _parse_line(raw, n)
            if error is not None:
                errors += 1
                out = error
            elif isinstance(item, list):
                last = next((m.get("content", "") for m in reversed(item) if isinstance(m, dict)
                             and m.get("role") == "user"), "")
                out = _record(converse(item), last)
            else:
                out = _record(detect(item), item)
            print(json.dumps(out, ensure_ascii=False), flush=True)
    finally:
        if close:
            stream.close()
    # Bad lines were reported inline; a non-zero exit lets scripts notice them.
    return 1 if errors else 0


def _train(args: argparse.Namespace) -> int:
    from empathic.safety.crisis_data import available_sources
    from empathic.safety.training import train_model

    if args.data_dir is None or args.out is None:
        raise UserError("screen train needs --data-dir DIR and --out FILE")
    found = available_sources(args.data_dir)
    sources = [s.strip() for s in args.sources.split(",")] if args.sources else found
    unknown = sorted(set(sources) - set(found))
    if unknown:
        raise UserError(f"unknown or missing sources {unknown}; found in {args.data_dir}: {', '.join(found)}")
    model, report = train_model(args.data_dir, sources)
    model.save(args.out)
    print(json.dumps(report | {"out": str(args.out)}, indent=2))
    return 0


def _train_encoder(args: argparse.Namespace) -> int:
    from empathic.safety.crisis_data import available_sources
    from empathic.safety.finetune_training import train_encoder

    if args.data_dir is None or args.out is None:
        raise UserError("screen train-encoder needs --data-dir DIR (for HYPO's hyperboles) and --out DIR")
    if "hypo_hyperbole" not in available_sources(args.data_dir):
        raise UserError(f"no HYPO file in {args.data_dir}; the encoder's hard negatives come from it")
    meta = train_encoder(args.out, args.data_dir)
    print(json.dumps(meta | {"out": str(args.out)}, indent=2))
    return 0


def _eval_sources(args: argparse.Namespace) -> int:
    from empathic.safety.source_eval import (
        evaluate_leave_one_source_out,
        evaluate_shipped_recipe,
        format_table,
    )

    if args.data_dir is None:
        raise UserError("screen eval-sources needs --data-dir DIR (the crisis data folder)")
    if args.loso and args.in_domain:
        raise UserError("pass one of --loso and --in-domain, not both")
    if args.in_domain:
        from empathic.safety.source_ceiling import evaluate_in_domain, format_ceiling_table

        result, show = evaluate_in_domain(args.data_dir, max_rows=args.max_rows), format_ceiling_table
    else:
        evaluate = evaluate_leave_one_source_out if args.loso else evaluate_shipped_recipe
        result, show = evaluate(args.data_dir, max_rows=args.max_rows), format_table
    if args.out:
        write_json(args.out, result)  # atomic: an interrupted run leaves the old report whole
    print(show(result))
    return 0


def run(args: argparse.Namespace) -> int:
    if args.file in SUBCOMMANDS:
        return {"train": _train, "eval-sources": _eval_sources, "train-encoder": _train_encoder}[args.file](args)
    if args.data_dir or args.out or args.sources or args.loso or args.in_domain or args.max_rows:
        raise UserError("--data-dir, --out, --sources, --loso and --in-domain only apply to `screen train`, "
                        "`screen eval-sources` and `screen train-encoder`")
    from empathic.safety import load_redteam, redteam_metrics, screen_conversation, screen_user_message

    opinions = _opinions(args)

    def detect(text: str):
        if args.obfuscate is not None:
            from empathic.safety.obfuscate import obfuscate

            text = obfuscate(text, args.obfuscate)
        return screen_user_message(text, second_opinion=opinions)

    def converse(messages: list):
        return screen_conversation(messages, second_opinion=opinions)

    if args.redteam:
        if args.file is not None:
            raise UserError("--redteam reads the red-team set, not FILE; pass --redteam-file for your own set")
        for o in opinions or []:
            if hasattr(o, "warm"):
                o.warm([r["text"] for r in load_redteam(args.redteam_file, args.split, args.batch)])
        print(json.dumps(redteam_metrics(detect, path=args.redteam_file, split=args.split, batch=args.batch), indent=2))
        return 0
    if args.split or args.redteam_file or args.batch is not None or args.obfuscate is not None:
        raise UserError("--split, --batch, --obfuscate and --redteam-file only apply with --redteam")
    return _screen_file(args, detect, converse)
