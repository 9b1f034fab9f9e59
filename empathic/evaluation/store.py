"""A small persistent key -> JSON store (sqlite) for generations and judgements, so re-runs skip done work."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from empathic.evaluation.cache import file_sha256


class Store:
    def __init__(self, path: Path | None):
        """`path=None` keeps nothing (a store that always misses)."""
        self._db = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), timeout=30)
            self._db.execute("CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._db.commit()

    def get_many(self, keys: list[str]) -> dict[str, object]:
        if self._db is None or not keys:
            return {}
        found: dict[str, object] = {}
        for start in range(0, len(keys), 500):  # sqlite's bound-parameter limit
            chunk = keys[start : start + 500]
            q = f"SELECT key, value FROM kv WHERE key IN ({','.join('?' * len(chunk))})"
            found.update((k, json.loads(v)) for k, v in self._db.execute(q, chunk))
        return found

    def put_many(self, items: dict[str, object]) -> None:
        if self._db is None or not items:
            return
        self._db.executemany("INSERT OR REPLACE INTO kv VALUES (?, ?)",
                             [(k, json.dumps(v, ensure_ascii=False)) for k, v in items.items()])
        self._db.commit()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def folder_fingerprint(path: str | Path, content_hash_below: int = 64 << 20) -> str:
    """Identity of a model or adapter folder: small files by content, big weight files by name, size and
    mtime (hashing gigabytes on every run would cost more than it saves). A Hub id is its own identity."""
    p = Path(path)
    if not p.is_dir():
        return f"id:{path}"
    digest = hashlib.sha256()
    for f in sorted(p.rglob("*")):
        if not f.is_file() or f.name.startswith(".") or "__pycache__" in f.parts:
            continue  # bytecode follows the source it was compiled from
        rel = f.relative_to(p).as_posix()
        if f.suffix in (".md", ".txt") and f.name != "merges.txt" or rel.startswith(("checkpoint-", "runs/")):
            continue  # READMEs and training logs do not change outputs
        st = f.stat()
        if st.st_size <= content_hash_below:
            digest.update(f"{rel}:{file_sha256(f)}".encode())
        else:
            digest.update(f"{rel}:{st.st_size}:{st.st_mtime_ns}".encode())
    return digest.hexdigest()[:32]
