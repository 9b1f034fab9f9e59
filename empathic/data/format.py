"""The SFT line format and the optional system message (folding it for Gemma: `empathic.modeling.templates`)."""

from __future__ import annotations

import json
from typing import Any

from empathic.data.records import ClassificationRow, Example


def with_system(messages: list[dict[str, str]], system_prompt: str | None) -> list[dict[str, str]]:
    """`messages` with a leading system message when a system prompt is configured."""
    if not system_prompt:
        return messages
    return [{"role": "system", "content": system_prompt}, *messages]


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
