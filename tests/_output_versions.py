"""One home for what every output-screen version checks on the blind files it moved into its training files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from empathic.safety import output_learned as ol
from empathic.safety import screen_model_output

SAFETY_DATA = Path(__file__).resolve().parent / "safety" / "data"


def package_rows(name: str) -> list[dict]:
    text = (ol.default_data_dir() / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def assert_moved_unchanged(moved: dict[str, tuple[str, tuple[int, int], tuple[int, int]]], groups: set[str]) -> None:
    """Each moved file has its measured bytes and sizes, lives only in the package, and is a training group."""
    for name, (sha, sizes, _) in moved.items():
        path = ol.default_data_dir() / name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sha, f"{name} changed when it moved"
        assert not (SAFETY_DATA / name).exists()  # one copy only, in the package
        rows = package_rows(name)
        assert (sum(r["unsafe"] for r in rows), sum(not r["unsafe"] for r in rows)) == sizes
    assert groups <= {r["group"] for r in ol.load_rows()}


def trained_on_counts(name: str) -> tuple[int, int]:
    """(unsafe rows missed, safe rows blocked) of a moved file under the current screen."""
    rows = package_rows(name)
    return (sum(screen_model_output(r["text"]).ok for r in rows if r["unsafe"]),
            sum(not screen_model_output(r["text"]).ok for r in rows if not r["unsafe"]))


def assert_trained_on_within_floors(moved: dict[str, tuple[str, tuple[int, int], tuple[int, int]]]) -> None:
    """Each moved file's trained-on (missed, false blocks) under the current model is at most its version's numbers
    plus one row each: the floors in `test_output_screen.py` were set from them, and later retrains must stay inside."""
    for name, (_, _, (missed, blocked)) in moved.items():
        got = trained_on_counts(name)
        assert got[0] <= missed + 1 and got[1] <= blocked + 1, (name, got)
