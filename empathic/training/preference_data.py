"""Preference pairs for the DPO stage: JSONL rows checked, capped and shaped as TRL's DPOTrainer reads them.

A row is TRL's preference format with an explicit prompt: `prompt` is a list of chat messages (or a
string), `chosen` and `rejected` are assistant messages (or strings); every row of a run is of one
kind. Other keys are ignored. A bad row is a UserError naming the file and the line.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from empathic.errors import UserError
from empathic.io import iter_jsonl
from empathic.training.data import ROLES, seeded_subset

FIELDS = ("prompt", "chosen", "rejected")
EXAMPLE_ROW = ('{"prompt": [{"role": "user", "content": "..."}], "chosen": [{"role": "assistant", "content": "..."}], '
               '"rejected": [{"role": "assistant", "content": "..."}]}')


def _is_messages(value: Any, roles: Sequence[str]) -> bool:
    return isinstance(value, list) and bool(value) and all(
        isinstance(m, dict) and m.get("role") in roles and isinstance(m.get("content"), str) for m in value
    )


def check_pair(row: Any, where: str) -> str:
    """'conversational' or 'text' for a valid row; else a UserError starting with `where`."""
    if not isinstance(row, dict):
        raise UserError(f"{where}: expected a JSON object with {', '.join(FIELDS)}, e.g. {EXAMPLE_ROW}")
    missing = [key for key in FIELDS if key not in row]
    if missing:
        raise UserError(f"{where}: no {missing[0]!r} field; every pair needs {', '.join(FIELDS)} "
                        f"(e.g. {EXAMPLE_ROW})")
    if isinstance(row["prompt"], str):
        for key in ("chosen", "rejected"):
            if not isinstance(row[key], str) or not row[key].strip():
                raise UserError(f"{where}: the prompt is a string, so {key!r} must be a non-empty string too")
        return "text"
    if not _is_messages(row["prompt"], ROLES):
        raise UserError(f"{where}: 'prompt' must be a string or a list of messages, each with a role "
                        f"({', '.join(ROLES)}) and a text content")
    if row["prompt"][-1]["role"] != "user":
        raise UserError(f"{where}: the prompt's last message must be the user's (the reply answers it)")
    for key in ("chosen", "rejected"):
        if not _is_messages(row[key], ("assistant",)) or not "".join(m["content"] for m in row[key]).strip():
            raise UserError(f"{where}: {key!r} must be a non-empty list of assistant messages "
                            f"(e.g. [{{\"role\": \"assistant\", \"content\": \"...\"}}])")
    return "conversational"


def read_pairs(files: Sequence[Path]) -> list[dict[str, Any]]:
    """Every pair of `files`, in order, checked; only prompt/chosen/rejected are kept."""
    rows: list[dict[str, Any]] = []
    kinds: dict[str, str] = {}
    for path in files:
        before = len(rows)
        for line, row in iter_jsonl(path):
            where = f"{path} line {line}"
            kind = check_pair(row, where)
            if kinds and kind not in kinds:
                other = next(iter(kinds))
                raise UserError(f"{where}: a {kind} pair, but {kinds[other]} holds {other} pairs; every pair of a run "
                                "must be conversational (message lists) or text (strings)")
            kinds.setdefault(kind, where)
            rows.append({key: row[key] for key in FIELDS})
        if len(rows) == before:
            raise UserError(f"{path} holds no pairs; write {', '.join(FIELDS)} rows into it")
    return rows


def shape_pairs(rows: list[dict[str, Any]], family: str, system_prompt: str | None) -> list[dict[str, Any]]:
    """Conversational prompts as the chat template expects them: the system prompt added where a prompt
    has none, folded into the first user turn for Gemma (the SFT data's rule, empathic.training.data)."""
    from empathic.training.data import chat_messages

    out = []
    for row in rows:
        if isinstance(row["prompt"], list):
            row = {**row, "prompt": chat_messages({"messages": row["prompt"]}, family, system_prompt)}
        out.append(row)
    return out


def load_pairs(files: Sequence[Path], limit: int | None, seed: int, family: str,
               system_prompt: str | None) -> list[dict[str, Any]]:
    """The run's pairs: read and checked, a seeded subset of `limit` (file order kept), shaped for the template."""
    return shape_pairs(seeded_subset(read_pairs(files), limit, seed), family, system_prompt)
