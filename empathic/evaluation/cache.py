"""How evaluation cache keys are made (the cache folder itself is empathic.io.cache_dir)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from empathic.io import cache_dir as cache_dir  # one project cache; evaluation uses its subfolders


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
