"""The in-memory records the pipeline passes between steps, and the per-reason drop ledger."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tqdm.auto import tqdm

T = TypeVar("T")

SPLITS = ("train", "valid", "test")
# Held-out splits win conflicts: a duplicate or shared reply is kept where it is most held out.
SPLIT_PRIORITY = {"test": 0, "valid": 1, "train": 2}

_SPLIT_ALIASES = {
    "train": "train",
    "training": "train",
    "valid": "valid",
    "validation": "valid",
    "val": "valid",
    "dev": "valid",
    "test": "test",
    "testing": "test",
}


def progress(items: Iterable[T], desc: str, **kwargs: Any) -> Iterable[T]:
    """A progress bar that only appears for steps taking over a second, and clears itself."""
    return tqdm(items, desc=desc, leave=False, delay=1.0, **kwargs)


def short_hash(text: str, n: int = 12) -> str:
    """Stable short hex digest (Python's hash() is salted per process)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def canonical_split(name: str | None) -> str | None:
    """'validation', 'dev', 'val' -> 'valid'; unknown names -> None (the pipeline splits by hash)."""
    if not name:
        return None
    return _SPLIT_ALIASES.get(str(name).strip().lower())


@dataclass
class Example:
    """One SFT conversation (no system message; it is added when formatting and counting)."""

    id: str
    source: str
    messages: list[dict[str, str]]
    emotion: str | None = None
    strategies: list[str | None] | None = None
    # Union-find nodes that tie examples into one group (conversation id, question id, question text).
    links: list[str] = field(default_factory=list)
    given_split: str | None = None
    group: str = ""
    split: str = ""
    n_tokens: int = 0
    order: int = 0  # position in its source, for deterministic "keep the first" rules

    def assistant_texts(self) -> list[str]:
        return [m["content"] for m in self.messages if m["role"] == "assistant"]


@dataclass
class LoadResult:
    """A loader's output. `reply_keys`: normalised replies of every row read, kept or not, so a
    later source can be checked against all of them (MHCC answers copied from CounselChat)."""

    examples: list[Example]
    reply_keys: set[str] = field(default_factory=set)


@dataclass
class ClassificationRow:
    """One GoEmotions comment: text and its (possibly several) emotion names."""

    id: str
    text: str
    labels: list[str]
    given_split: str | None = None
    split: str = ""
    order: int = 0


class Ledger:
    """Per-source counts of dropped rows (with one example id per reason) and of in-place fixes."""

    def __init__(self) -> None:
        self.read = 0
        self.dropped: Counter[str] = Counter()
        self.examples: dict[str, str] = {}
        self.fixes: Counter[str] = Counter()
        self.given_split_respected: bool | None = None  # True: given splits used; False: split by group hash

    def drop(self, reason: str, example_id: str, n: int = 1) -> None:
        self.dropped[reason] += n
        self.examples.setdefault(reason, example_id)

    def fix(self, what: str, n: int = 1) -> None:
        if n:
            self.fixes[what] += n

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows_read": self.read,
            "dropped": {
                reason: {"count": self.dropped[reason], "example_id": self.examples[reason]}
                for reason in sorted(self.dropped)
            },
            "fixes": dict(sorted(self.fixes.items())),
            "given_split_respected": self.given_split_respected,
        }
