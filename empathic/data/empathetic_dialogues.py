"""EmpatheticDialogues: the `Estwld/empathetic_dialogues_llm` parquet schema and Facebook's CSV.

Estwld: `conv_id, situation, emotion, conversations[{role, content}]` (role user = ED speaker).
Facebook: one row per utterance, `conv_id, utterance_idx, context (emotion), prompt, speaker_idx,
utterance, selfeval, tags`, commas written `_comma_`; odd utterance_idx = speaker (user), even =
listener (assistant).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from empathic.data.clean import clean_text, normalise_turns
from empathic.data.records import Example, Ledger, LoadResult, progress
from empathic.data.sources import Location, files_in, load_hub, split_from_filename
from empathic.errors import UserError

NAME = "empathetic_dialogues"
HUB_ID = "Estwld/empathetic_dialogues_llm"
HUB_CONFIG = None
DIR_NAMES = ("empathetic_dialogues_llm", "empathetic_dialogues", "empatheticdialogues")
LICENSE = "CC BY-NC 4.0 (upstream EmpatheticDialogues)"
OPTIONS: dict[str, Any] = {}
FACEBOOK_COLUMNS = (
    "conv_id",
    "utterance_idx",
    "context",
    "prompt",
    "speaker_idx",
    "utterance",
    "selfeval",
    "tags",
)


def _text(value: Any) -> str:
    return clean_text(value.replace("_comma_", ",") if isinstance(value, str) else value)


def _from_llm_rows(rows: Iterable[tuple[str | None, str, dict[str, Any]]], ledger: Ledger) -> list[Example]:
    examples: list[Example] = []
    for split, row_id, row in rows:
        ledger.read += 1
        conv_id = row.get("conv_id")
        turns = row.get("conversations")
        if not isinstance(conv_id, str) or not conv_id:
            ledger.drop("missing_conv_id", row_id)
            continue
        if turns is None or isinstance(turns, (str, bytes)) or not hasattr(turns, "__iter__"):
            ledger.drop("missing_conversations", f"{NAME}:{conv_id}")
            continue
        messages = []
        bad = False
        for turn in turns:
            role = turn.get("role") if isinstance(turn, dict) else None
            if role not in ("user", "assistant"):
                bad = True
                break
            messages.append({"role": role, "content": _text(turn.get("content"))})
        if bad:
            ledger.drop("bad_turn", f"{NAME}:{conv_id}")
            continue
        emotion = row.get("emotion")
        examples.append(_example(conv_id, split, messages, emotion, ledger, len(examples)))
    return examples


def _example(
    conv_id: str, split: str | None, messages: list[dict[str, str]], emotion: Any, ledger: Ledger, order: int
) -> Example:
    messages, _ = normalise_turns(messages, None, ledger)
    return Example(
        id=f"{NAME}:{conv_id}",
        source=NAME,
        messages=messages,
        emotion=clean_text(emotion) or None,
        links=[f"{NAME}:{conv_id}"],
        given_split=split,
        order=order,
    )


def _from_facebook_rows(
    rows: Iterable[tuple[str | None, str, dict[str, Any]]], ledger: Ledger
) -> list[Example]:
    """Group utterance rows into conversations; a bad utterance row is dropped, not its conversation."""
    conversations: dict[tuple[str | None, str], list[tuple[int, str]]] = defaultdict(list)
    emotions: dict[tuple[str | None, str], str] = {}
    for split, row_id, row in rows:
        ledger.read += 1
        conv_id = row.get("conv_id")
        if not isinstance(conv_id, str) or not conv_id:
            ledger.drop("missing_conv_id", row_id)
            continue
        try:
            idx = int(row.get("utterance_idx"))
        except (TypeError, ValueError):
            ledger.drop("bad_utterance_idx", row_id)
            continue
        if not isinstance(row.get("utterance"), str):
            ledger.drop("missing_utterance", row_id)
            continue
        conversations[(split, conv_id)].append((idx, _text(row["utterance"])))
        emotions.setdefault((split, conv_id), row.get("context"))
    examples = []
    for (split, conv_id), utterances in conversations.items():
        utterances.sort()
        messages = [
            {"role": "user" if idx % 2 == 1 else "assistant", "content": text} for idx, text in utterances
        ]
        examples.append(_example(conv_id, split, messages, emotions[(split, conv_id)], ledger, len(examples)))
    return examples


def _read_facebook_csv(path: Path, ledger: Ledger) -> Iterable[tuple[str | None, str, dict[str, Any]]]:
    """Facebook's CSVs are not quoted (commas are `_comma_`), so a plain split is the reader."""
    split = split_from_filename(path)
    with path.open(encoding="utf-8") as handle:
        header = handle.readline().strip().split(",")
        if tuple(header[: len(FACEBOOK_COLUMNS)]) != FACEBOOK_COLUMNS:
            raise UserError(f"{NAME}: {path} has columns {header[:8]}, expected {list(FACEBOOK_COLUMNS)}")
        for line_no, line in enumerate(handle, start=2):
            fields = line.rstrip("\n").split(",")
            row_id = f"{NAME}:{path.name}:{line_no}"
            if len(fields) < 6:
                ledger.read += 1
                ledger.drop("malformed_row", row_id)
                continue
            yield split, row_id, dict(zip(FACEBOOK_COLUMNS, fields, strict=False))


def _read_parquet(path: Path) -> Iterable[tuple[str | None, str, dict[str, Any]]]:
    import pyarrow.parquet as pq

    split = split_from_filename(path)
    for i, row in enumerate(pq.read_table(path).to_pylist()):
        yield split, f"{NAME}:{path.name}:{i}", row


def load(location: Location, options: dict[str, Any], ledger: Ledger) -> LoadResult:
    return LoadResult(_load_examples(location, ledger))


def _load_examples(location: Location, ledger: Ledger) -> list[Example]:
    if location.hub_id is not None:
        per_split = load_hub(location)
        rows = [
            (split, f"{NAME}:{split}:{i}", row)
            for split, items in per_split.items()
            for i, row in enumerate(items)
        ]
        facebook = bool(rows) and "utterance" in rows[0][2]
        return (_from_facebook_rows if facebook else _from_llm_rows)(progress(rows, NAME), ledger)
    assert location.path is not None
    parquet = files_in(location.path, (".parquet",))
    if parquet:
        rows_iter = (row for path in parquet for row in _read_parquet(path))
        return _from_llm_rows(progress(rows_iter, NAME), ledger)
    csvs = files_in(location.path, (".csv",))
    if csvs:
        rows_iter = (row for path in csvs for row in _read_facebook_csv(path, ledger))
        return _from_facebook_rows(progress(rows_iter, NAME), ledger)
    raise UserError(
        f"{NAME}: no .parquet or .csv files in {location.path}; pass the EmpatheticDialogues folder"
    )
