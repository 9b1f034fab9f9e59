"""The texts the package and its tests commit (red-team messages, written crisis rows, written replies) are the
project's own writing: none of them is a copy of a row of the real datasets in ../shared/data, which are read at run
time and never committed (licences; see Notes/design_decisions.md, "What text the repository commits")."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
COMMITTED = sorted([*(REPO / "empathic" / "resources").rglob("*.jsonl"), *(REPO / "tests" / "safety" / "data").glob("*.jsonl")])
# Short lines recur by themselves ("i want to die i want to die i want to die" was written here in batch 2 and also
# stands in a public tweet set); a copied post or reply is longer than this.
MIN_CHARS = 60


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _dataset_texts(root: Path) -> Iterator[str]:
    csv.field_size_limit(1 << 30)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        suffix = path.suffix.lower()
        if suffix in (".json", ".jsonl"):
            raw = path.read_text(encoding="utf-8", errors="replace")
            try:
                yield from _strings(json.loads(raw))
            except json.JSONDecodeError:  # JSON lines (some .json files are too)
                for line in raw.splitlines():
                    try:
                        yield from _strings(json.loads(line))
                    except json.JSONDecodeError:
                        yield line
        elif suffix in (".csv", ".tsv"):
            with path.open(encoding="utf-8", errors="replace", newline="") as f:
                for row in csv.reader(f, delimiter="\t" if suffix == ".tsv" else ","):
                    yield from row
        elif suffix == ".txt":
            yield from path.read_text(encoding="utf-8", errors="replace").splitlines()
        elif suffix == ".parquet":
            import pyarrow.parquet as pq

            for column in pq.read_table(path).to_pylist():
                yield from _strings(column)


@pytest.mark.integration
@pytest.mark.slow
def test_no_committed_text_is_a_copy_of_a_dataset_row(shared_data):
    ours: dict[str, str] = {}
    for path in COMMITTED:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                for text in _strings(json.loads(line)):
                    if len(text) >= MIN_CHARS:
                        ours[_key(text)] = path.name
    assert len(ours) > 5000  # the red-team and reply files were read
    theirs = [t for t in _dataset_texts(shared_data) if len(t) >= MIN_CHARS]
    assert len(theirs) > 50_000  # every dataset format was read
    copies = {(ours[k], t[:80]) for t in theirs if (k := _key(t)) in ours}
    assert not copies, sorted(copies)[:10]
