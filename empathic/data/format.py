"""The SFT line format, the optional system message, and folding it for templates without one."""

from __future__ import annotations

import json
from typing import Any

from empathic.data.records import ClassificationRow, Example


def with_system(messages: list[dict[str, str]], system_prompt: str | None) -> list[dict[str, str]]:
    """`messages` with a leading system message when a system prompt is configured."""
    if not system_prompt:
        return messages
    return [{"role": "system", "content": system_prompt}, *messages]


def fold_system_prompt(messages: list[dict[str, str]], separator: str = "\n\n") -> list[dict[str, str]]:
    """Merge a leading system message into the first user turn (for templates with no system role, e.g. Gemma).

    Returns a new list; messages without a system message come back unchanged (as a copy).
    """
    if not messages or messages[0].get("role") != "system":
        return list(messages)
    system, rest = messages[0]["content"], list(messages[1:])
    for i, message in enumerate(rest):
        if message.get("role") == "user":
            rest[i] = {
                **message,
                "content": f"{system}{separator}{message['content']}" if system else message["content"],
            }
            return rest
    # No user turn to carry it: keep the instruction as a user turn rather than lose it.
    return [{"role": "user", "content": system}, *rest]


def sft_record(example: Example, system_prompt: str | None) -> dict[str, Any]:
    """One line of {train,valid,test}.jsonl; `id` is extra, for tracing a line back to its source row."""
    return {
        "messages": with_system(example.messages, system_prompt),
        "source": example.source,
        "group": example.group,
        "emotion": example.emotion,
        "strategies": example.strategies,
        "id": example.id,
    }


def classification_record(row: ClassificationRow, source: str) -> dict[str, Any]:
    return {"text": row.text, "labels": row.labels, "group": row.id, "source": source}


def dumps(record: dict[str, Any]) -> str:
    """Stable serialisation: same record, same bytes."""
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))
