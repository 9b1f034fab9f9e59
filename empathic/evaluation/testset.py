"""Read held-out chat examples: the prompt is every turn before the last assistant turn, the reference is that turn."""

from __future__ import annotations

import json
import logging
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from empathic.errors import UserError

log = logging.getLogger(__name__)

ROLES = {"system", "user", "assistant"}


@dataclass
class Example:
    """One held-out prompt with its human reference reply and the metadata the data step kept."""

    prompt: list[dict]
    reference: str
    source: str | None = None
    group: str | None = None
    emotion: str | None = None
    strategies: list | None = None
    line: int = 0

    @property
    def last_user(self) -> str:
        """The message being answered (EPITOME's 'seeker post', the text screened for distress)."""
        return next((m["content"] for m in reversed(self.prompt) if m["role"] == "user"), "")


@dataclass
class LoadResult:
    examples: list[Example]
    skipped: Counter = field(default_factory=Counter)

    @property
    def n_skipped(self) -> int:
        return sum(self.skipped.values())


def parse_row(row: object) -> Example | str:
    """An Example, or the reason (a short string) the row cannot be used."""
    if not isinstance(row, dict):
        return "not a JSON object"
    messages = row.get("messages")
    if not isinstance(messages, list) or not messages:
        return "no messages list"
    for m in messages:
        if not isinstance(m, dict) or m.get("role") not in ROLES or not isinstance(m.get("content"), str):
            return "malformed message"
    last_assistant = max((i for i, m in enumerate(messages) if m["role"] == "assistant"), default=None)
    if last_assistant is None:
        return "no assistant turn"
    prompt = [{"role": m["role"], "content": m["content"]} for m in messages[:last_assistant]]
    reference = messages[last_assistant]["content"].strip()
    if not reference:
        return "empty reference"
    if not any(m["role"] == "user" and m["content"].strip() for m in prompt):
        return "no user turn before the reply"
    emotion = row.get("emotion")
    strategies = row.get("strategies")
    return Example(
        prompt=prompt,
        reference=reference,
        source=row.get("source") if isinstance(row.get("source"), str) else None,
        group=str(row["group"]) if row.get("group") is not None else None,
        emotion=emotion if isinstance(emotion, str) and emotion.strip() else None,
        strategies=strategies if isinstance(strategies, list) else None,
    )


def load_examples(path: str | Path, limit: int | None = None, seed: int = 0) -> LoadResult:
    """Read a chat JSONL file; bad rows are counted by reason and skipped.

    With `limit`, a seeded random sample of that many rows is kept (in file order), so a limited run is
    not just the first source in a file sorted by source, and the same limit always picks the same rows.
    """
    path = Path(path)
    if not path.is_file():
        raise UserError(f"test data not found: {path} (pass --data the test.jsonl written by `empathic data`)")
    examples: list[Example] = []
    skipped: Counter = Counter()
    with path.open(encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                row = json.loads(raw)
            except json.JSONDecodeError:
                skipped["invalid JSON"] += 1
                continue
            parsed = parse_row(row)
            if isinstance(parsed, str):
                skipped[parsed] += 1
                continue
            parsed.line = lineno
            examples.append(parsed)
    if skipped:
        log.warning("skipped %d bad rows of %s: %s", sum(skipped.values()), path, dict(skipped))
    if not examples:
        raise UserError(f"no usable rows in {path}: each line needs messages ending with an assistant turn")
    if limit is not None:
        examples = [examples[i] for i in limited(len(examples), limit, seed)]
    return LoadResult(examples, skipped)


def limited(n: int, limit: int, seed: int) -> list[int]:
    """Which of `n` usable rows `--limit limit --seed seed` keeps: a seeded random sample, in file order."""
    if not 0 < limit < n:
        return list(range(n))
    return sorted(random.Random(seed).sample(range(n), limit))


def evaluated_lines(path: str | Path, limit: int, seed: int = 0) -> list[int]:
    """Line numbers of the rows `empathic eval --limit limit --seed seed` evaluates, in file order."""
    examples = load_examples(path).examples
    return [examples[i].line for i in limited(len(examples), limit, seed)]


def fresh_lines(path: str | Path, n: int, seed: int, avoid_limit: int, avoid_seed: int = 0,
                avoid_files: tuple[str | Path, ...] = ()) -> list[int]:
    """Line numbers of `n` usable rows of `path` (a seeded sample, in file order) whose groups share nothing with the
    rows `empathic eval --limit avoid_limit --seed avoid_seed` evaluates, nor with the rows of `avoid_files` (earlier
    fresh sets): a further held-out set from the same split that cannot overlap the earlier ones, e.g. the fresh 200
    test prompts beside the standard 200 (Notes/eval/empathy.md)."""
    examples = load_examples(path).examples
    used = {examples[i].group for i in limited(len(examples), avoid_limit, avoid_seed)}
    for other in avoid_files:
        used |= {e.group for e in load_examples(other).examples}
    if None in used:
        raise UserError(f"{path}: some rows have no \"group\", so a disjoint sample cannot be drawn")
    pool = [e.line for e in examples if e.group not in used]
    if len(pool) < n:
        raise UserError(f"{path}: only {len(pool)} usable rows lie outside the groups of the {avoid_limit} "
                        f"evaluated ones{' and the --avoid sets' if avoid_files else ''}; ask for at most that many")
    return sorted(random.Random(seed).sample(pool, n))
