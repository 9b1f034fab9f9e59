"""`empathic chat --input IN.jsonl --output OUT.jsonl`: one JSON reply line per input line, same order.

A bad input line becomes an {"line", "error"} output line and does not stop the rest. Replies are
streamed to OUT.partial as they are made, so an interrupted batch continues with --resume; an
existing OUT is replaced only with --overwrite, and only once the new one is complete.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from empathic.chat.respond import respond_batch
from empathic.chat.settings import GenerationSettings, Safety
from empathic.chat.turns import check_conversation, render_prompt

# A function from the conversation so far to one "[signals] ..." line, or None when not asked for.
Signals = Callable[[list[dict]], str] | None


def with_system(messages: list[dict], system_prompt: str | None) -> list[dict]:
    """The conversation with the system prompt first, unless it already has one."""
    if system_prompt and messages and messages[0]["role"] != "system":
        return [{"role": "system", "content": system_prompt}, *messages]
    return messages


def parse_batch_line(raw: bytes, system_prompt: str | None) -> tuple[Any, list[dict]]:
    """(id or None, conversation) from one input line; ValueError with a readable reason."""
    try:
        text = raw.decode("utf-8").rstrip("\r")
    except UnicodeDecodeError as err:
        raise ValueError(f"not valid UTF-8 (byte {err.start})") from None
    if not text.strip():
        raise ValueError("empty line")
    try:
        item = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"malformed JSON: {err.msg} at column {err.colno}") from None
    if not isinstance(item, dict):
        raise ValueError('each line must be a JSON object with "prompt" or "messages"')
    if "messages" in item:
        messages = check_conversation(item["messages"])
    elif isinstance(item.get("prompt"), str):
        messages = [{"role": "user", "content": item["prompt"]}]
    elif "prompt" in item:
        raise ValueError('"prompt" must be a string')
    else:
        raise ValueError('missing field: each line needs "prompt" (a string) or "messages" (a list)')
    return item.get("id"), with_system(messages, system_prompt)


def fits_template(tokenizer: Any, messages: list[dict]) -> None:
    """ValueError when the chat template refuses the conversation (Gemma: roles must alternate)."""
    from jinja2 import TemplateError

    try:
        render_prompt(tokenizer, messages)
    except TemplateError as err:
        raise ValueError(f"the model's chat template rejects this conversation: {err}") from None


def partial_path(output: Path) -> Path:
    """Where replies stream while a batch runs; renamed to the output once every line is answered."""
    return output.with_name(output.name + ".partial")


def check_output(args: argparse.Namespace) -> None:
    """Refuse an output that would lose work or cannot be written, before any model is loaded."""
    from empathic.errors import UserError

    out: Path = args.output
    if args.resume and args.overwrite:
        raise UserError("--resume and --overwrite contradict each other; pass one")
    if out.is_dir():
        raise UserError(f"--output {out} is a folder; pass a file path, e.g. {out / 'replies.jsonl'}")
    partial = partial_path(out)
    if not (args.resume or args.overwrite):
        if out.exists():
            raise UserError(f"{out} already exists; pass --overwrite to replace it (kept until the new one is "
                            "complete) or --resume to answer only the lines it lacks")
        if partial.is_file() and partial.stat().st_size:
            raise UserError(f"{partial} holds the replies of an interrupted batch; pass --resume to continue it "
                            "or --overwrite to start again")
    out.parent.mkdir(parents=True, exist_ok=True)
    # Can we write there? A read-only folder is found now, not after every reply has been generated.
    try:
        with tempfile.NamedTemporaryFile(dir=out.parent, prefix=f".{out.name}.", suffix=".probe"):
            pass
    except OSError as err:
        raise OSError(err.errno, err.strerror, str(out.parent)) from None


def answered_lines(partial: Path) -> int:
    """Complete, valid lines at the start of a partial output; a torn last line is cut off."""
    keep, count = 0, 0
    with partial.open("rb") as handle:
        for raw in handle:
            if not raw.endswith(b"\n"):
                break
            try:
                json.loads(raw)
            except ValueError:
                break
            keep += len(raw)
            count += 1
    with partial.open("r+b") as handle:
        handle.truncate(keep)
    return count


def answer_file(model: Any, tokenizer: Any, settings: GenerationSettings, safety: Safety, system_prompt: str | None,
                args: argparse.Namespace, stderr: TextIO, signals: Signals = None) -> int:
    """One output line per input line, same order; bad lines get {"line", "error"} and do not stop the rest.

    Replies stream into OUT.partial (flushed per line) and it becomes OUT when every line is answered,
    so --overwrite keeps the old OUT until then and --resume skips the lines already answered."""
    from empathic.durable import run_lock

    out: Path = args.output
    partial = partial_path(out)
    lines = args.input.read_bytes().split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()  # the newline ending the last line does not start another
    with run_lock(out):
        if args.resume and out.is_file() and not (partial.is_file() and partial.stat().st_size):
            shutil.copyfile(out, partial)  # a finished output: continue it (the input may have grown)
        if not (args.resume and partial.is_file()):
            partial.write_bytes(b"")
        done = answered_lines(partial) if args.resume else 0
        if done >= len(lines) and args.resume:
            os.replace(partial, out)
            print(f"{out} already answers all {len(lines)} lines; nothing to do", file=stderr)
            return 0
        counts = _stream(model, tokenizer, settings, safety, system_prompt, args, stderr, signals,
                         lines, done, partial)
        os.replace(partial, out)
    print(f"wrote {len(lines)} lines to {out} ({counts[0]} replies, {counts[1]} bad input lines"
          + (f", {done} already answered" if done else "") + ")", file=stderr)
    return 0


def _stream(model: Any, tokenizer: Any, settings: GenerationSettings, safety: Safety, system_prompt: str | None,
            args: argparse.Namespace, stderr: TextIO, signals: Signals, lines: list[bytes], done: int,
            partial: Path) -> tuple[int, int]:
    """Answer lines[done:] in generation batches, appending each batch's lines in input order."""
    from tqdm import tqdm

    from empathic.errors import UserError, os_error_message

    replies = errors = 0
    written = done
    try:
        with partial.open("a", encoding="utf-8") as sink, \
                tqdm(total=len(lines) - done, desc="replies", unit="msg", file=stderr, disable=None) as bar:
            for chunk in _chunks(lines, done, args.batch_size, tokenizer, system_prompt):
                good = [(n, item_id, messages) for n, item_id, messages, _ in chunk if messages is not None]
                responses = respond_batch(model, tokenizer, [m for _, _, m in good], settings, safety,
                                          batch_size=args.batch_size)
                by_line = dict(zip([n for n, _, _ in good], responses, strict=True))
                for n, item_id, messages, error in chunk:
                    if error is not None:
                        row: dict[str, Any] = {"line": n, "error": error}
                        errors += 1
                    else:
                        row = _reply_row(n, item_id, by_line[n], messages, signals)
                        replies += 1
                    sink.write(json.dumps(row, ensure_ascii=False) + "\n")
                    sink.flush()  # a kill loses at most the line being written; --resume cuts it off
                    written += 1
                    bar.update(1)
    except KeyboardInterrupt:
        raise UserError(f"interrupted: {written} of {len(lines)} lines answered in {partial}; "
                        "continue with --resume") from None
    except OSError as err:
        raise UserError(f"{os_error_message(err, partial)}; {written} of {len(lines)} lines kept in {partial}: "
                        "fix that, then continue with --resume") from None
    return replies, errors


def _chunks(lines: list[bytes], start: int, size: int, tokenizer: Any, system_prompt: str | None):
    """Groups of input lines (number, id, messages or None, error or None) holding `size` good ones each."""
    chunk: list[tuple[int, Any, list[dict] | None, str | None]] = []
    good = 0
    for n in range(start + 1, len(lines) + 1):
        try:
            item_id, messages = parse_batch_line(lines[n - 1], system_prompt)
            fits_template(tokenizer, messages)
        except ValueError as err:
            chunk.append((n, None, None, str(err)))
            continue
        chunk.append((n, item_id, messages, None))
        good += 1
        if good == size:
            yield chunk
            chunk, good = [], 0
    if chunk:
        yield chunk


def _reply_row(n: int, item_id: Any, response: Any, messages: list[dict], signals: Signals) -> dict[str, Any]:
    row = {
        "id": item_id if item_id is not None else n,
        "reply": response.text,
        "crisis": response.crisis,
        "category": response.category,
        "stopped": response.stopped,
        "notice": response.notice,
    }
    if signals is not None:
        row["signals"] = signals(messages).removeprefix("[signals] ")
    return row
