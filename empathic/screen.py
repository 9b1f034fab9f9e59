"""`empathic screen [FILE]`: screen messages for crisis risk, one JSON line out per line in.

Input lines are plain text, or JSON objects with a "text" field. A bad line (not UTF-8, or a line
that starts with "{" but is not valid JSON) gets an error record and the rest go on.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from empathic.errors import UserError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", type=Path, help="input file (default: standard input)")
    parser.add_argument("--redteam", action="store_true",
                        help="print recall / false-positive metrics on the packaged red-team set instead")
    parser.add_argument("--split", choices=["dev", "heldout"], help="red-team split (with --redteam)")
    parser.add_argument("--batch", type=int, help="red-team writing batch, e.g. 5 (with --redteam)")
    parser.add_argument("--redteam-file", type=Path, help="a red-team JSONL of your own (with --redteam)")
    parser.add_argument("--embeddings", action="store_true",
                        help="also ask the embedding classifier (slower: loads all-MiniLM-L6-v2)")


def _parse_line(raw: bytes, n: int) -> tuple[str | None, dict | None]:
    """(text, None) for a usable line, (None, error record) for a bad one."""
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
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            return None, {"line": n, "error": 'JSON line needs a string "text" field'}
        return obj["text"], None
    return line, None


def _lines(stream: BinaryIO) -> Iterator[tuple[int, bytes]]:
    for n, raw in enumerate(stream, start=1):
        if raw.strip():
            yield n, raw


def _second_opinion(args):
    if not args.embeddings:
        return None
    from empathic.safety.embedding import EmbeddingScreener

    return EmbeddingScreener()


def run(args: argparse.Namespace) -> int:
    from empathic.safety import load_redteam, redteam_metrics, screen_user_message

    opinion = _second_opinion(args)

    def detect(text: str):
        return screen_user_message(text, second_opinion=opinion)

    if args.redteam:
        if opinion is not None:
            opinion.warm([r["text"] for r in load_redteam(args.redteam_file, args.split, args.batch)])
        if args.file is not None:
            raise UserError("--redteam reads the red-team set, not FILE; pass --redteam-file for your own set")
        print(json.dumps(redteam_metrics(detect, path=args.redteam_file, split=args.split, batch=args.batch), indent=2))
        return 0
    if args.split or args.redteam_file or args.batch is not None:
        raise UserError("--split, --batch and --redteam-file only apply with --redteam")

    if args.file is None:
        stream, close = sys.stdin.buffer, False
    else:
        if not args.file.is_file():
            raise UserError(f"input file not found: {args.file}; pass an existing file, or pipe lines on stdin")
        stream, close = args.file.open("rb"), True
    errors = 0
    try:
        for n, raw in _lines(stream):
            text, error = _parse_line(raw, n)
            if error is not None:
                errors += 1
                out = error
            else:
                s = detect(text)
                out = {"text": text, "crisis": s.crisis, "category": s.category, "score": s.score}
            print(json.dumps(out, ensure_ascii=False), flush=True)
    finally:
        if close:
            stream.close()
    # Bad lines were reported inline; a non-zero exit lets scripts notice them.
    return 1 if errors else 0
