"""GoEmotions (classification only): Reddit comments with one or more of 28 emotion labels.

Local: headerless TSV `text<TAB>comma-separated label ids<TAB>comment id` plus `emotions.txt`
(names of ids 0..27). Hub (`simplified` config): columns `text, labels (list of ints), id`.
Multi-label rows stay multi-label.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from empathic.data.clean import clean_text, replace_name_placeholder, unquote_csv
from empathic.data.records import ClassificationRow, Ledger, progress
from empathic.data.sources import Location, files_in, hub_label_names, load_hub, split_from_filename
from empathic.errors import UserError
from empathic.labels import GOEMOTIONS

NAME = "goemotions"
HUB_ID = "google-research-datasets/go_emotions"
HUB_CONFIG = "simplified"
DIR_NAMES = ("goemotions", "go_emotions")
LICENSE = "Apache-2.0"
# GoEmotions masks people as "[NAME]"; None keeps the placeholder as written.
OPTIONS: dict[str, Any] = {"name_placeholder": None}


def read_emotion_names(folder: Path) -> tuple[str, ...]:
    path = folder / "emotions.txt"
    if not path.is_file():
        return GOEMOTIONS
    names = tuple(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return names or GOEMOTIONS


def _tsv_rows(path: Path, ledger: Ledger) -> Iterable[tuple[str | None, str, dict[str, Any]]]:
    split = split_from_filename(path)
    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            fields = line.rstrip("\n").split("\t")
            row_id = f"{NAME}:{path.name}:{line_no}"
            if len(fields) != 3:
                ledger.read += 1
                ledger.drop("malformed_row", row_id)
                continue
            yield split, row_id, {"text": fields[0], "labels": fields[1], "id": fields[2]}


def _rows(
    location: Location, ledger: Ledger
) -> tuple[Iterable[tuple[str | None, str, dict[str, Any]]], tuple[str, ...]]:
    if location.hub_id is not None:
        per_split = load_hub(location)
        names = hub_label_names(location, "labels") or GOEMOTIONS
        rows = [(s, f"{NAME}:{s}:{i}", r) for s, items in per_split.items() for i, r in enumerate(items)]
        return rows, tuple(names)
    assert location.path is not None
    paths = files_in(location.path, (".tsv",))
    if not paths:
        raise UserError(
            f"{NAME}: no .tsv files in {location.path}; pass the GoEmotions folder (train/dev/test.tsv)"
        )
    folder = location.path if location.path.is_dir() else location.path.parent
    return (row for path in paths for row in _tsv_rows(path, ledger)), read_emotion_names(folder)


def _label_ids(value: Any) -> list[int] | None:
    if isinstance(value, str):
        parts = [p.strip() for p in value.split(",")]
        if not all(p.isdigit() for p in parts):
            return None
        return [int(p) for p in parts]
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, int) for v in value):
        return list(value)
    return None


def load(location: Location, options: dict[str, Any], ledger: Ledger) -> list[ClassificationRow]:
    name = options.get("name_placeholder", OPTIONS["name_placeholder"])
    rows, names = _rows(location, ledger)
    out: list[ClassificationRow] = []
    for order, (split, row_id, row) in enumerate(progress(rows, NAME)):
        ledger.read += 1
        comment_id = row.get("id")
        if not isinstance(comment_id, str) or not comment_id.strip():
            ledger.drop("missing_comment_id", row_id)
            continue
        if not isinstance(row.get("text"), str):
            ledger.drop("missing_text", row_id)
            continue
        ids = _label_ids(row.get("labels"))
        if not ids or any(i < 0 or i >= len(names) for i in ids):
            ledger.drop("bad_labels", row_id)
            continue
        raw = row["text"]
        unquoted = unquote_csv(raw)
        if unquoted != raw:
            ledger.fix("csv_quotes_undone")
        text = clean_text(unquoted)
        if text != unquoted.strip():
            ledger.fix("whitespace_or_html_cleaned")
        text = replace_name_placeholder(text, name)
        if not text:
            ledger.drop("empty_text", row_id)
            continue
        labels = sorted({names[i] for i in ids}, key=names.index)
        out.append(
            ClassificationRow(id=comment_id.strip(), text=text, labels=labels, given_split=split, order=order)
        )
    return out
