"""Embeddings of a crisis-data source, cached on disk (`.cache/crisis_emb/`, never committed).

Encoding the 55k rows (about 500k windows) takes long on 2 shared cores; training and the per-source
evaluation then re-use the cache. The cache key is the source file's size and mtime plus the
windowing settings, so an edited file or a changed window size is re-encoded.
"""

from __future__ import annotations

import hashlib
import logging
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from empathic.io import write_file_via
from empathic.safety import encoder
from empathic.safety.crisis_data import SOURCES, Row, load_source
from empathic.safety.normalize import deobfuscate

log = logging.getLogger(__name__)
DEFAULT_CACHE = "default"  # EMPATHIC_CRISIS_CACHE, else .cache/crisis_emb under the working directory


def default_cache_dir() -> Path:
    return Path(os.environ.get("EMPATHIC_CRISIS_CACHE", str(Path(".cache") / "crisis_emb")))


@dataclass(frozen=True)
class Embedded:
    rows: list[Row]
    whole: np.ndarray    # (n_rows, 512): the whole text
    windows: np.ndarray  # (n_windows, 512)
    owner: np.ndarray    # (n_windows,): row index of each window


def _key(path: Path, features: str = encoder.USE) -> str:
    st = path.stat()
    raw = f"{path.name}:{st.st_size}:{int(st.st_mtime)}:{encoder.WINDOW_SENTENCES}:{encoder.MAX_WINDOWS}:v2"
    if features != encoder.USE:
        raw += f":{features}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def embed_rows(rows: list[Row], batch: int = 512, features: str = encoder.USE) -> Embedded:
    dim = encoder.feature_dim(features)
    texts = [deobfuscate(r.text) for r in rows]
    whole = np.concatenate([encoder.featurize(texts[i:i + batch], features) for i in range(0, len(texts), batch)] or
                           [np.zeros((0, dim), np.float32)])
    win_texts: list[str] = []
    owner: list[int] = []
    for i, t in enumerate(texts):
        ws = encoder.windows(t)[1:]  # the whole text is already in `whole`
        win_texts += ws
        owner += [i] * len(ws)
    wins = np.concatenate([encoder.featurize(win_texts[i:i + batch], features) for i in range(0, len(win_texts), batch)] or
                          [np.zeros((0, dim), np.float32)])
    return Embedded(rows, whole, wins, np.asarray(owner, dtype=np.int64))


def subsample_rows(rows: list[Row], max_rows: int | None) -> list[Row]:
    """A fixed, seeded subsample (in file order) of at most `max_rows` rows."""
    if not max_rows or len(rows) <= max_rows:
        return rows
    keep = np.sort(np.random.default_rng(0).choice(len(rows), size=max_rows, replace=False))
    return [rows[i] for i in keep]


def _select(emb: Embedded, rows: list[Row]) -> Embedded:
    """The part of a full `emb` that belongs to `rows` (a subsample of its rows)."""
    index = {id(r): i for i, r in enumerate(emb.rows)}
    pick = np.array([index[id(r)] for r in rows], dtype=np.int64)
    where = np.full(len(emb.rows), -1, dtype=np.int64)
    where[pick] = np.arange(len(pick))
    w = where[emb.owner] >= 0
    return Embedded(rows, emb.whole[pick], emb.windows[w], where[emb.owner[w]])


def _load(cache: Path, rows: list[Row]) -> Embedded | None:
    if not cache.is_file():
        return None
    try:
        with np.load(cache) as d:
            if len(d["whole"]) != len(rows):
                return None
            return Embedded(rows, d["whole"].astype(np.float32), d["windows"].astype(np.float32), d["owner"])
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        log.warning("embedding cache %s is damaged; encoding again", cache)
        return None


def embedded_source(data_dir: Path | str, source: str, cache_dir: Path | str | None = DEFAULT_CACHE,
                    max_rows: int | None = None, features: str = encoder.USE) -> Embedded:
    """Rows of `source` with their embeddings; `max_rows` takes a seeded subsample (long sources
    cost minutes to encode on 2 shared cores)."""
    all_rows = load_source(data_dir, source)
    rows = subsample_rows(all_rows, max_rows)
    if cache_dir is None:
        return embed_rows(rows, features=features)
    if cache_dir == DEFAULT_CACHE:
        cache_dir = default_cache_dir()
    path = Path(data_dir) / SOURCES[source]
    full = _load(Path(cache_dir) / f"{source}-{_key(path, features)}.npz", all_rows)
    if full is not None:
        return full if rows is all_rows else _select(full, rows)
    cache = Path(cache_dir) / f"{source}-{_key(path, features)}{'' if rows is all_rows else f'-n{max_rows}'}.npz"
    part = _load(cache, rows)
    if part is not None:
        return part
    log.info("encoding %s (%d rows); cached in %s", source, len(rows), cache)
    emb = embed_rows(rows, features=features)
    # A file of this writer's own, renamed into place: another process reading or writing the same entry
    # (a tuning job, a test worker) never sees half a file.
    write_file_via(cache, lambda tmp: np.savez(tmp, whole=emb.whole.astype(np.float16),
                                                windows=emb.windows.astype(np.float16), owner=emb.owner),
                   suffix=".npz")
    return emb
