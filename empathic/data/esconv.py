"""ESConv: emotional-support conversations with a support strategy on every supporter turn.

Two layouts: the Hub's text files (one JSON conversation per line, `dialog[{text, speaker:
usr|sys, strategy}]`) and the raw `ESConv.json` list (`dialog[{content, speaker: seeker|supporter,
annotation{strategy}}]`). `strategy.json` brackets the 8 names ("[Question]"); the data does not.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from empathic.data.clean import clean_text, normalise_key, normalise_turns
from empathic.data.records import Example, Ledger, LoadResult, progress, short_hash
from empathic.data.sources import Location, files_in, iter_json_records, load_hub, split_from_filename
from empathic.errors import UserError

NAME = "esconv"
HUB_ID = "thu-coai/esconv"
HUB_CONFIG = None
DIR_NAMES = ("esconv", "ESConv")
LICENSE = "CC BY-NC 4.0, research use only"
OPTIONS: dict[str, Any] = {}
STRATEGIES = (
    "Question",
    "Restatement or Paraphrasing",
    "Reflection of feelings",
    "Self-disclosure",
    "Affirmation and Reassurance",
    "Providing Suggestions",
    "Information",
    "Others",
)
_ROLES = {"usr": "user", "seeker": "user", "sys": "assistant", "supporter": "assistant"}


def strip_brackets(name: str) -> str:
    """'[Question]' (strategy.json) and 'Question' (the data) are the same strategy."""
    return name.strip().removeprefix("[").removesuffix("]").strip()


def read_strategy_names(folder: Path) -> tuple[str, ...]:
    """The canonical names from strategy.json when the folder has one, else the 8 built-in names."""
    path = folder / "strategy.json"
    if not path.is_file():
        return STRATEGIES
    try:
        names = json.loads(path.read_text(encoding="utf-8"))
        return tuple(strip_brackets(n) for n in names if isinstance(n, str)) or STRATEGIES
    except json.JSONDecodeError:
        return STRATEGIES


def _records(location: Location, ledger: Ledger) -> Iterable[tuple[str | None, str, Any]]:
    if location.hub_id is not None:
        for split, rows in load_hub(location).items():
            for i, row in enumerate(rows):
                yield split, f"{NAME}:{split or 'all'}:{i}", row
        return
    assert location.path is not None
    paths = files_in(location.path, (".txt", ".jsonl"))
    if not paths:  # the raw release: one ESConv.json list
        paths = [p for p in files_in(location.path, (".json",)) if p.name != "strategy.json"]
    if not paths:
        raise UserError(
            f"{NAME}: no ESConv .txt/.jsonl/.json files in {location.path}; pass the ESConv folder or file"
        )
    for path in paths:
        split = split_from_filename(path)
        for line_no, record in iter_json_records(path, ledger, NAME):
            yield split, f"{NAME}:{split or path.stem}:{line_no}", record


def _parse(record: Any) -> Any:
    # The Hub's load_dataset hands each conversation over as a JSON string in a `text` column.
    if isinstance(record, dict) and "dialog" not in record and isinstance(record.get("text"), str):
        try:
            return json.loads(record["text"])
        except json.JSONDecodeError:
            return None
    return record


def load(location: Location, options: dict[str, Any], ledger: Ledger) -> LoadResult:
    folder = (
        None if location.path is None else location.path if location.path.is_dir() else location.path.parent
    )
    names = read_strategy_names(folder) if folder is not None else STRATEGIES
    canonical = {n.casefold(): n for n in names}
    examples: list[Example] = []
    for order, (split, row_id, raw) in enumerate(progress(_records(location, ledger), NAME)):
        ledger.read += 1
        record = _parse(raw)
        dialog = record.get("dialog") if isinstance(record, dict) else None
        if not isinstance(dialog, list):
            ledger.drop("missing_dialog", row_id)
            continue
        messages: list[dict[str, str]] = []
        strategies: list[str | None] = []
        bad = False
        for turn in dialog:
            role = _ROLES.get(turn.get("speaker")) if isinstance(turn, dict) else None
            if role is None:
                bad = True
                break
            messages.append({"role": role, "content": clean_text(turn.get("text", turn.get("content")))})
            strategies.append(_strategy(turn, canonical, ledger) if role == "assistant" else None)
        if bad:
            ledger.drop("bad_turn", row_id)
            continue
        messages, turn_strategies = normalise_turns(messages, strategies, ledger)
        conversation_key = short_hash(normalise_key(" ".join(m["content"] for m in messages)))
        examples.append(
            Example(
                id=row_id,
                source=NAME,
                messages=messages,
                emotion=clean_text(record.get("emotion_type")).lower() or None,
                strategies=turn_strategies,
                links=[f"{NAME}:{conversation_key}"],
                given_split=split,
                order=order,
            )
        )
    return LoadResult(examples)


def _strategy(turn: dict[str, Any], canonical: dict[str, str], ledger: Ledger) -> str | None:
    annotation = turn.get("annotation")
    raw = turn.get("strategy")
    if raw is None and isinstance(annotation, dict):
        raw = annotation.get("strategy")
    if not isinstance(raw, str) or not raw.strip():
        ledger.fix("supporter_turn_without_strategy")
        return None
    name = canonical.get(strip_brackets(raw).casefold())
    if name is None:
        ledger.fix("unknown_strategy_set_to_null")
    return name
