"""Which prompts are distressed, and what emotions the replies express (GoEmotions labels).

"Distressed" prompt: the row's own emotion label when the data step kept one we know (EmpatheticDialogues'
32 labels, ESConv's emotion types), otherwise the GoEmotions classifier on the last user message
predicting any label of the GoEmotions paper's negative-sentiment group. A human label beats a classifier
trained on Reddit comments, so it wins when present.

For replies to distressed prompts we report the share carrying SUPPORTIVE emotions (caring, approval) and
the share carrying MISMATCHED ones (amusement, excitement: laughing at or cheering someone's distress) or
HOSTILE ones (anger, annoyance, disapproval, disgust).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# GoEmotions (Demszky et al. 2020) sentiment grouping, negative group.
GOEMOTIONS_NEGATIVE = frozenset(
    "anger annoyance disappointment disapproval disgust embarrassment fear grief nervousness remorse sadness".split()
)
SUPPORTIVE = ("caring", "approval")
MISMATCHED = ("amusement", "excitement")
HOSTILE = ("anger", "annoyance", "disapproval", "disgust")

# EmpatheticDialogues' 32 situation labels split by valence, plus ESConv emotion types (all negative).
LABEL_NEGATIVE = frozenset(
    "afraid angry annoyed anxious apprehensive ashamed devastated disappointed disgusted embarrassed furious "
    "guilty jealous lonely sad terrified anxiety depression sadness anger fear shame disgust nervousness pain "
    "jealousy guilt".split()
)
LABEL_NOT_DISTRESSED = frozenset(
    "anticipating caring confident content excited faithful grateful hopeful impressed joyful nostalgic "
    "prepared proud sentimental surprised trusting".split()
)


@dataclass
class Distress:
    flags: np.ndarray  # (n,) bool
    from_label: int  # how many were decided by the row's own emotion label
    from_classifier: int


def distress_flags(emotions: list[str | None], user_labels: np.ndarray | None, names: list[str]) -> Distress:
    """Per prompt: distressed or not. `user_labels` is the (n, 28) GoEmotions prediction on the last user
    message (None when the classifier is unavailable: unlabelled prompts then count as not distressed)."""
    neg_cols = [i for i, name in enumerate(names) if name in GOEMOTIONS_NEGATIVE]
    flags = np.zeros(len(emotions), dtype=bool)
    by_label = by_clf = 0
    for i, emo in enumerate(emotions):
        key = (emo or "").strip().lower()
        if key in LABEL_NEGATIVE or key in LABEL_NOT_DISTRESSED:
            flags[i] = key in LABEL_NEGATIVE
            by_label += 1
        elif user_labels is not None:
            flags[i] = bool(user_labels[i, neg_cols].any())
            by_clf += 1
    return Distress(flags, by_label, by_clf)


def carries(labels: np.ndarray, names: list[str], wanted: tuple[str, ...]) -> np.ndarray:
    """(n,) 0/1: the reply's predicted label set contains any of `wanted`."""
    cols = [names.index(w) for w in wanted if w in names]
    return labels[:, cols].any(axis=1).astype(float) if cols else np.zeros(len(labels))
