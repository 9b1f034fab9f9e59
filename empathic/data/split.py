"""Groups, leak-free splits, de-duplication and the one-split-per-reply rule.

Groups are connected components over each example's links (conversation id, question id,
normalised question text), so one question under two ids, or asked again in MHCC, is one group.
A group goes wholly to one split: its given split (ED/ESConv, when respected) or a seeded hash
of its name. Then no normalised assistant text may appear in two splits: it stays in the most
held-out split it occurs in, and is trimmed (at pair boundaries) from the others.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from empathic.data.clean import normalise_key
from empathic.data.records import SPLIT_PRIORITY, SPLITS, Example, Ledger
from empathic.data.tokens import sub_example


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]  # path halving
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # Smaller name wins so the result never depends on insertion order.
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def assign_groups(examples: Iterable[Example]) -> None:
    """Set each example's `group` to the smallest primary link (links[0]) in its component."""
    examples = list(examples)
    uf = UnionFind()
    for example in examples:
        for link in example.links[1:]:
            uf.union(example.links[0], link)
    names: dict[str, str] = {}
    for example in examples:
        root = uf.find(example.links[0])
        names[root] = min(names.get(root, example.links[0]), example.links[0])
    for example in examples:
        example.group = names[uf.find(example.links[0])]


def hash_unit(seed: int, key: str) -> float:
    """A deterministic number in [0, 1) for (seed, key); unlike hash() it is the same in every process."""
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def split_for(seed: int, group: str, fractions: dict[str, float]) -> str:
    u = hash_unit(seed, group)
    edge = 0.0
    for split in SPLITS:
        edge += fractions[split]
        if u < edge:
            return split
    return "train" if fractions["train"] > 0 else max(SPLITS, key=lambda s: fractions[s])


def assign_splits(
    examples: list[Example], fractions: dict[str, float], seed: int, respect_given: frozenset[str]
) -> None:
    """One split per group: the most held-out given split of its members (for sources in
    `respect_given`), else a seeded hash of the group name."""
    given: dict[str, str] = {}
    for example in examples:
        if example.source in respect_given and example.given_split in SPLIT_PRIORITY:
            current = given.get(example.group)
            if current is None or SPLIT_PRIORITY[example.given_split] < SPLIT_PRIORITY[current]:
                given[example.group] = example.given_split
    for example in examples:
        example.split = given.get(example.group) or split_for(seed, example.group, fractions)


def dedup_keys(example: Example, multi_turn: frozenset[str]) -> tuple[str, str | None]:
    """(exact, normalised) keys: the whole conversation for multi-turn sources, else the reply
    (the same answer pasted under two questions is one example). The normalised key is None when
    the text is all punctuation (":((" and ":^(" must not count as the same text)."""
    if example.source in multi_turn:
        exact = "conv:" + "\x1f".join(f"{m['role']}\x1e{m['content']}" for m in example.messages)
        parts = [normalise_key(m["content"]) for m in example.messages]
        norm = "conv:" + "\x1f".join(
            f"{m['role']}\x1e{p}" for m, p in zip(example.messages, parts, strict=True)
        )
        return exact, norm if any(parts) else None
    reply = example.messages[-1]["content"]
    key = normalise_key(reply)
    return "reply:" + reply, ("reply:" + key) if key else None


def deduplicate(
    examples: list[Example], ledgers: dict[str, Ledger], multi_turn: frozenset[str], source_order: list[str]
) -> list[Example]:
    """Exact, then normalised-text duplicates, within and across sources. The copy kept is the
    one in the most held-out split, then the earlier source, then the earlier row."""
    rank = {name: i for i, name in enumerate(source_order)}
    ordered = sorted(examples, key=lambda e: (SPLIT_PRIORITY[e.split], rank[e.source], e.order))
    seen_exact: set[str] = set()
    seen_norm: set[str] = set()
    kept: list[Example] = []
    for example in ordered:
        exact, norm = dedup_keys(example, multi_turn)
        if exact in seen_exact:
            ledgers[example.source].drop("duplicate_exact", example.id)
            continue
        if norm in seen_norm:
            ledgers[example.source].drop("duplicate_normalised", example.id)
            continue
        seen_exact.add(exact)
        if norm is not None:
            seen_norm.add(norm)
        kept.append(example)
    kept.sort(key=lambda e: (rank[e.source], e.order))
    return kept


def drop_cross_source_replies(
    examples: list[Example], reply_keys: set[str], source: str, reason: str, ledger: Ledger
) -> list[Example]:
    """Drop `source` examples whose normalised reply is one of another source's (MHCC vs CounselChat)."""
    kept = []
    for example in examples:
        if example.source == source and normalise_key(example.messages[-1]["content"]) in reply_keys:
            ledger.drop(reason, example.id)
        else:
            kept.append(example)
    return kept


def enforce_reply_splits(examples: list[Example], ledgers: dict[str, Ledger]) -> list[Example]:
    """No normalised assistant text in two splits: keep it where it is most held out; elsewhere
    remove the (user, assistant) pairs holding it, splitting a conversation into the runs of pairs
    left (each still user-first, assistant-last). An example with nothing left is dropped."""
    owner: dict[str, int] = {}
    for example in examples:
        rank = SPLIT_PRIORITY[example.split]
        for text in example.assistant_texts():
            key = normalise_key(text)
            owner[key] = min(owner.get(key, rank), rank)
    out: list[Example] = []
    for example in examples:
        rank = SPLIT_PRIORITY[example.split]
        replies = example.assistant_texts()
        clash = [owner[normalise_key(t)] < rank for t in replies]
        if not any(clash):
            out.append(example)
            continue
        ledger = ledgers[example.source]
        runs: list[list[int]] = [[]]
        for i, bad in enumerate(clash):
            if bad:
                runs.append([])
            else:
                runs[-1].append(i)
        runs = [r for r in runs if r]
        if not runs:
            ledger.drop("reply_in_other_split", example.id)
            continue
        ledger.fix("turn_pairs_dropped_reply_in_other_split", sum(clash))
        out.extend(sub_example(example, run, f"#s{k}") for k, run in enumerate(runs))
    return out
