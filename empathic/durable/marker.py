"""The COMPLETE marker: written last into a finished output folder, listing every file and its size.

Readers check it: a folder without it (or whose files no longer match it) was not finished.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from empathic.io import read_json, write_json

MARKER = "COMPLETE"


def _listed(folder: Path, skip_prefixes: tuple[str, ...]) -> list[Path]:
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and p.name != MARKER and not p.name.startswith(".")
        and not p.relative_to(folder).parts[0].startswith(skip_prefixes)
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_complete(folder: str | Path, *, skip_prefixes: tuple[str, ...] = (), only: list[str] | None = None,
                   **info: Any) -> Path:
    """Write FOLDER/COMPLETE (atomically, last): each file's size and sha256 (all files, or `only`
    these relative names), plus `info`."""
    folder = Path(folder)
    paths = [folder / name for name in only] if only is not None else _listed(folder, skip_prefixes)
    files = {p.relative_to(folder).as_posix(): {"bytes": p.stat().st_size, "sha256": _sha256(p)} for p in paths}
    return write_json(folder / MARKER, {**info, "files": files})


def is_complete(folder: str | Path) -> bool:
    return (Path(folder) / MARKER).is_file()


def manifest_problems(folder: str | Path, *, hashes: bool = False) -> list[str]:
    """What no longer matches the marker (missing files, other sizes; sha256 too with `hashes`)."""
    folder = Path(folder)
    if not is_complete(folder):
        return [f"no {MARKER} marker"]
    problems = []
    for name, expected in read_json(folder / MARKER)["files"].items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{name} missing")
        elif path.stat().st_size != expected["bytes"] or (hashes and _sha256(path) != expected["sha256"]):
            problems.append(f"{name} changed")
    return problems
