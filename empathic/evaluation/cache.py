"""Where evaluation caches live and how their keys are made."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any


def cache_dir(sub: str = "") -> Path:
    """`$EMPATHIC_CACHE` or `~/.cache/empathic`, plus an optional subfolder (created)."""
    root = Path(os.environ.get("EMPATHIC_CACHE") or Path.home() / ".cache" / "empathic")
    path = root / sub if sub else root
    path.mkdir(parents=True, exist_ok=True)
    return path


def file_sha256(path: str | Path, chunk: int = 1 << 20) -> str:
    """Content hash of a file, so a cache entry dies when the data behind it changes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def key_of(*parts: Any) -> str:
    """A stable short hash of JSON-serialisable parts (dict keys sorted)."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]
