"""`empathic chat --input IN.jsonl --output OUT.jsonl`: one JSON reply line per input line, same order.

A bad input line becomes an {"line", "error"} output line and does not stop the rest.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
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


def answer_file(model: Any, tokenizer: Any, settings: GenerationSettings, safety: Safety, system_prompt: str | None,
                args: argparse.Namespace, stderr: TextIO, signals: Signals = None) -> int:
    """One output line per input line, same order; bad lines get {"line", "error"} and do not stop the rest."""
    from tqdm import tqdm

    lines = args.input.read_bytes().split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()  # the newline ending the last line does not start another
    results: list[dict] = []
    good: list[tuple[int, Any, list[dict]]] = []
    for n, raw in enumerate(lines, start=1):
        try:
            item_id, messages = parse_batch_line(raw, system_prompt)
            fits_template(tokenizer, messages)
        except ValueError as err:
            results.append({"line": n, "error": str(err)})
            continue
        results.append({})
        good.append((n, item_id, messages))
    with tqdm(total=len(good), desc="replies", unit="msg", file=stderr, disable=None) as bar:
        responses = respond_batch(model, tokenizer, [m for _, _, m in good], settings, safety,
                                  batch_size=args.batch_size, on_progress=bar.update)
    for (n, item_id, messages), response in zip(good, responses, strict=True):
        results[n - 1] = {
            "id": item_id if item_id is not None else n,
            "reply": response.text,
            "crisis": response.crisis,
            "category": response.category,
            "stopped": response.stopped,
            "notice": response.notice,
        }
        if signals is not None:
            results[n - 1]["signals"] = signals(messages).removeprefix("[signals] ")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as out:
        for row in results:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    errors = sum("error" in r for r in results)
    print(f"wrote {len(results)} lines to {args.output} ({len(good)} replies, {errors} bad input lines)", file=stderr)
    return 0
