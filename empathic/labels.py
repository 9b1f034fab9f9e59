"""Label sets shared by the data loaders, the auxiliary heads and the evaluation classifiers."""

from __future__ import annotations

# Target id that PyTorch's cross-entropy (and TRL's collators) skip: no loss on this position or item.
IGNORE_INDEX = -100

# GoEmotions' 28 labels in id order (27 = neutral), as in the dataset's emotions.txt.
GOEMOTIONS = (
    "admiration", "amusement", "anger", "annoyance", "approval", "caring", "confusion", "curiosity",
    "desire", "disappointment", "disapproval", "disgust", "embarrassment", "excitement", "fear",
    "gratitude", "grief", "joy", "love", "nervousness", "optimism", "pride", "realization", "relief",
    "remorse", "sadness", "surprise", "neutral",
)  # fmt: skip

# EmpatheticDialogues' 32 situation emotions (the `emotion` field of ED records), sorted.
ED_EMOTIONS = (
    "afraid", "angry", "annoyed", "anticipating", "anxious", "apprehensive", "ashamed", "caring",
    "confident", "content", "devastated", "disappointed", "disgusted", "embarrassed", "excited",
    "faithful", "furious", "grateful", "guilty", "hopeful", "impressed", "jealous", "joyful", "lonely",
    "nostalgic", "prepared", "proud", "sad", "sentimental", "surprised", "terrified", "trusting",
)  # fmt: skip
