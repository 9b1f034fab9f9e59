"""Embeddings of a crisis-data source, cached on disk (`.cache/crisis_emb/`, never committed).

Encoding the 55k rows (about 280k windows) takes minutes on 2 cores; training and the per-source
evaluation then re-use the cache. The cache key is the source file's size and mtime plus the
windowing settings, so an edited file or a changed window size is re-encoded.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from empathic.safety import encoder
from empathic.safety.crisis_data import SOURCES, Row, load_source
from empathic.safety.normalize import deobfuscate

log = logging.getLogger(__name__)
DEFAULT_CACHE = Path(".cache") / "crisis_emb"


@dataclass(frozen=True)
class Embedded:
    rows: list[Row]
    whole: np.ndarray    # (n_rows, 512): the whole text
    windows: np.ndarray  # (n_windows, 512)
    owner: np.ndarray    # (n_windows,): row index of each window


def _key(path: Path) -> str:
    st = path.stat()
    raw = f"{path.name}:{st.st_size}:{int(st.st_mtime)}:{encoder.WINDOW_SENTENCES}:{encoder.MAX_WINDOWS}:v2"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def embed_rows(rows: list[Row], batch: int = 512) -> Embedded:
    texts = [deobfuscate(r.text) for r in rows]
    whole = np.concatenate([encoder.encode(texts[i:i + batch]) for i in range(0, len(texts), batch)] or
                           [np.zeros((0, encoder.DIM), np.float32)])
    win_texts: list[str] = []
    owner: list[int] = []
    for i, t in enumerate(texts):
        ws = encoder.windows(t)[1:]  # the whole text is already in `whole`
        win_texts += ws
        owner += [i] * len(ws)
    wins = np.concatenate([encoder.encode(win_texts[i:i + batch]) for i in range(0, len(win_texts), batch)] or
                          [np.zeros((0, encoder.DIM), np.float32)])
    return Embedded(rows, whole, wins, np.asarray(owner, dtype=np.int64))


def embedded_source(data_dir: Path | str, source: str, cache_dir: Path | str | None = DEFAULT_CACHE) -> Embedded:
    rows = load_source(data_dir, source)
    if cache_dir is None:
        return embed_rows(rows)
    path = Path(data_dir) / SOURCES[source]
    cache = Path(cache_dir) / f"{source}-{_key(path)}.npz"
    if cache.is_file():
        with np.load(cache) as d:
            if len(d["whole"]) == len(rows):
                return Embedded(rows, d["whole"].astype(np.float32), d["windows"].astype(np.float32), d["owner"])
    log.info("encoding %s (%d rows); cached in %s", source, len(rows), cache)
    emb = embed_rows(rows)
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.savez(cache, whole=emb.whole.astype(np.float16), windows=emb.windows.astype(np.float16), owner=emb.owner)
    return emb
