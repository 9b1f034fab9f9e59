"""File formats the project reads and writes (JSON, JSON Lines, YAML) and its cache folder.

Every write is atomic: the text goes to a temporary file in the same folder, then `os.replace` puts
it in place, so a killed process leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def cache_dir(sub: str = "") -> Path:
    """`$EMPATHIC_CACHE` (an empty value counts as unset) or `~/.cache/empathic`, plus `sub` (created)."""
    root = Path(os.environ.get("EMPATHIC_CACHE") or Path.home() / ".cache" / "empathic")
    path = root / sub if sub else root
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_text(path: str | Path, text: str) -> Path:
    """Write `text` (UTF-8) atomically, creating the parent folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_json(path: str | Path) -> Any:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def write_json(path: str | Path, data: Any, *, indent: int | None = 2, default: Any = None) -> Path:
    return write_text(path, json.dumps(data, indent=indent, ensure_ascii=False, default=default) + "\n")


def read_jsonl(path: str | Path) -> list[dict]:
    """One JSON object per non-blank line."""
    with Path(path).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_jsonl(path: str | Path, rows: Iterable[Any]) -> Path:
    return write_text(path, "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))


def read_yaml(path: str | Path) -> Any:
    """The YAML document in `path` (None for an empty file); yaml.YAMLError on bad YAML."""
    import yaml

    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def write_yaml(path: str | Path, data: Any, *, header: str = "") -> Path:
    """`data` as block YAML in file order, after an optional comment `header`."""
    import yaml

    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return write_text(path, header + body)
