"""Whether a seeker's turn reads as good or bad news: a logistic regression on MiniLM embeddings of
EmpatheticDialogues opening turns, each labelled with its conversation's valence.

Why: an EmpatheticDialogues emotion label belongs to the whole conversation, not to the turn being answered. Read
from the label, the splice stage's openers met later turns such as "He died 5 years ago." with "How exciting!", and
the reference chain learned to answer good news with "I'm so sorry" (Notes/eval/empathy.md, rounds 49-50). The
opening turn is where the speaker states the labelled situation, so it is the one turn whose valence the label gives;
the classifier carries that to any turn. It only ever labels train prompts for pair building.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from empathic.data.empathetic_dialogues import NAME as SOURCE
from empathic.errors import UserError
from empathic.evaluation.cache import cache_dir, file_sha256, key_of
from empathic.io import iter_jsonl
from empathic.labels import ED_EMOTIONS
from empathic.training.pair_builder import VALENCE, Embed, TrainPrompt, last_user_turn

VERSION = 2  # 2: the fitted model no longer carries the embedder name (it is in the cache key)
MIN_PER_CLASS = 20  # fewer opening turns of one valence than this cannot give a usable boundary


@dataclass(frozen=True)
class TurnValence:
    """A fitted turn-valence model and its abstention band: P(positive) in (low, high) gives no valence."""

    model: Any                   # sklearn LogisticRegression over unit-length sentence embeddings
    low: float = 0.3
    high: float = 0.7
    rows: int = 0                # opening turns it was fitted on

    def label(self, vectors: np.ndarray) -> list[str | None]:
        """'positive', 'negative' or None (unsure) for each embedded turn."""
        if len(vectors) == 0:
            return []
        p = self.model.predict_proba(vectors)[:, 1]
        return ["positive" if x >= self.high else "negative" if x <= self.low else None for x in p]


def opening_turns(data: Sequence[Path], avoid: Sequence[Path] = ()) -> tuple[list[str], list[bool]]:
    """(text, is_positive) of the first user turn of each EmpatheticDialogues conversation in the prepared JSONL files
    `data` whose emotion label has a valence; conversations (groups) found in any `avoid` file are skipped, so a
    judged conversation is never read."""
    skip = {row.get("group") for path in avoid for _, row in iter_jsonl(path) if isinstance(row, dict)}
    seen: set[str] = set()
    texts: list[str] = []
    positive: list[bool] = []
    for path in data:
        for _, row in iter_jsonl(path):
            if not isinstance(row, dict) or row.get("source") != SOURCE:
                continue
            group, messages = row.get("group"), row.get("messages") or []
            valence = VALENCE.get(str(row.get("emotion") or "").lower())
            if valence is None or not group or group in skip or group in seen:
                continue
            first = messages[0] if messages and isinstance(messages[0], dict) else {}
            if first.get("role") != "user" or not str(first.get("content") or "").strip():
                continue
            seen.add(group)
            texts.append(first["content"].strip())
            positive.append(valence == "positive")
    return texts, positive


def fit_turn_valence(texts: list[str], positive: list[bool], embed: Embed, low: float = 0.3, high: float = 0.7,
                     c: float = 1.0) -> TurnValence:
    """Fit the classifier (classes balanced: the negative emotions outnumber the positive two to one)."""
    from sklearn.linear_model import LogisticRegression

    n_pos = sum(positive)
    if min(n_pos, len(positive) - n_pos) < MIN_PER_CLASS:
        raise UserError(f"turn valence needs at least {MIN_PER_CLASS} EmpatheticDialogues opening turns of each "
                        f"valence; found {n_pos} positive and {len(positive) - n_pos} negative")
    if not 0.0 < low <= 0.5 <= high < 1.0:
        raise ValueError(f"turn valence band must satisfy 0 < low <= 0.5 <= high < 1, got ({low}, {high})")
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    model.fit(embed(texts), np.asarray(positive, dtype=int))
    return TurnValence(model, low, high, len(texts))


def load_or_train_turn_valence(data: Sequence[Path], embedder: Any, avoid: Sequence[Path] = (),
                               cache: Path | None = None) -> TurnValence:
    """The cached classifier for these files (content-hashed), avoid files and embedder; fits on a miss."""
    import joblib

    from empathic.evaluation.classifiers import _dump, _sklearn_version

    cache = cache or cache_dir("classifiers")
    key = key_of("turn-valence", VERSION, [file_sha256(p) for p in data], [file_sha256(p) for p in avoid],
                 embedder.model_id, _sklearn_version())
    path = cache / f"turn-valence-{key}.joblib"
    if path.is_file():
        return joblib.load(path)
    texts, positive = opening_turns(data, avoid)
    model = fit_turn_valence(texts, positive, embedder.encode)
    _dump(model, path)
    return model


def label_prompts(prompts: Sequence[TrainPrompt], model: TurnValence, embed: Embed) -> list[TrainPrompt]:
    """The EmpatheticDialogues train prompts with their last user turn's valence set ("" where the model is unsure);
    other sources' prompts unchanged (their labels name a problem, not a turn's news)."""
    index = [i for i, p in enumerate(prompts) if (p.emotion or "").lower() in ED_EMOTIONS]
    labels = model.label(embed([last_user_turn(prompts[i].messages) for i in index])) if index else []
    out = list(prompts)
    for i, valence in zip(index, labels, strict=True):
        out[i] = replace(prompts[i], turn_valence=valence or "")
    return out
