"""Mixing sources into the train set: caps, then temperature sampling p_i ∝ n_i^alpha.

alpha = 1 keeps natural proportions, alpha = 0 is uniform, 0.5 (default) lifts small sources.
A small source is repeated at most `max_repeat` times over (1 = never); a source that cannot
fill its share gives what it can and the rest of the target is shared among the others in the
same proportions ("water-filling"). Valid and test are never repeated.
"""

from __future__ import annotations

import math
from dataclasses import replace

from empathic.data.records import Example
from empathic.data.split import hash_unit


def mixing_weights(
    counts: dict[str, int], alpha: float, weights: dict[str, float | None]
) -> dict[str, float]:
    """p_i ∝ n_i**alpha (or the configured weight); sources with no examples get 0."""
    raw = {}
    for name, n in counts.items():
        override = weights.get(name)
        raw[name] = 0.0 if n <= 0 else float(override) if override is not None else float(n) ** alpha
    total = sum(raw.values())
    return {name: (r / total if total > 0 else 0.0) for name, r in raw.items()}


def allocate(counts: dict[str, int], probs: dict[str, float], total: int) -> dict[str, int]:
    """Integer per-source counts summing to min(total, what is available), proportional to probs."""
    alloc = {name: 0 for name in counts}
    active = {name for name, n in counts.items() if n > 0 and probs.get(name, 0) > 0}
    budget = min(total, sum(counts[n] for n in active))
    shares: dict[str, float] = {}
    while active:
        mass = sum(probs[n] for n in active)
        left = budget - sum(alloc.values())
        shares = {n: left * probs[n] / mass for n in active}
        full = {n for n in active if shares[n] >= counts[n]}
        if not full:
            break
        for n in full:
            alloc[n] = counts[n]
        active -= full
        shares = {}
    # Largest remainder rounding, ties broken by name so the result is deterministic.
    floors = {n: math.floor(s) for n, s in shares.items()}
    for n, f in floors.items():
        alloc[n] = f
    short = budget - sum(alloc.values())
    for n in sorted(shares, key=lambda n: (-(shares[n] - floors[n]), n))[: max(0, short)]:
        alloc[n] += 1
    return alloc


def seeded_order(examples: list[Example], seed: int, salt: str) -> list[Example]:
    return sorted(examples, key=lambda e: (hash_unit(seed, f"{salt}:{e.id}"), e.id))


def take(examples: list[Example], n: int, seed: int, salt: str) -> list[Example]:
    """n examples in seeded order; past the end, extra passes whose copies are marked `#r1`, `#r2`..."""
    order = seeded_order(examples, seed, salt)
    if not order:
        return []
    out = order[:n]
    copy = 0
    while len(out) < n:
        copy += 1
        out.extend(replace(e, id=f"{e.id}#r{copy}") for e in order[: n - len(out)])
    return out


def mix(
    by_split: dict[str, dict[str, list[Example]]],
    caps: dict[str, int | None],
    weights: dict[str, float | None],
    alpha: float,
    target_total: int,
    seed: int,
    eval_mix: str,
    max_repeat: float = 1.0,
) -> tuple[dict[str, list[Example]], dict[str, dict[str, float | int]]]:
    """Sample train by temperature; valid/test keep each source's train keep-rate, at most 1
    ("proportional"), or everything ("all"). Returns examples per split and the realised mix."""
    train = by_split["train"]
    available = {name: len(items) for name, items in train.items()}
    # p_i uses distinct examples (after the cap); capacity allows repeats up to max_repeat.
    distinct = {name: n if caps.get(name) is None else min(n, caps[name]) for name, n in available.items()}
    capacity = {
        name: math.floor(n * max_repeat)
        if caps.get(name) is None
        else min(math.floor(n * max_repeat), caps[name])
        for name, n in available.items()
    }
    probs = mixing_weights(distinct, alpha, weights)
    counts = allocate(capacity, probs, target_total)
    chosen: dict[str, list[Example]] = {split: [] for split in by_split}
    info: dict[str, dict[str, float | int]] = {}
    total = sum(counts.values())
    for name in train:
        keep_rate = min(1.0, counts[name] / available[name]) if available[name] else 1.0
        chosen["train"].extend(take(train[name], counts[name], seed, "mix"))
        info[name] = {
            "train_available": available[name],
            "train_after_cap": distinct[name],
            "train_capacity": capacity[name],
            "p": round(probs[name], 6),
            "train_selected": counts[name],
            "train_repeats": round(counts[name] / available[name], 3) if available[name] else 0.0,
            "train_share": round(counts[name] / total, 6) if total else 0.0,
            "keep_rate": round(keep_rate, 6),
        }
        for split in by_split:
            if split == "train":
                continue
            items = by_split[split].get(name, [])
            n = len(items) if eval_mix == "all" else round(keep_rate * len(items))
            chosen[split].extend(take(items, n, seed, f"mix-{split}"))
            info[name][f"{split}_available"] = len(items)
            info[name][f"{split}_selected"] = n
    return chosen, info
