"""Token counting (after chat templating) and length limits that never cut a turn.

A token counter is any `Callable[[list[dict]], int]` over a message list; if it also has a
`batch(list_of_message_lists) -> list[int]` method the pipeline uses that (one tokenizer call per
chunk instead of per conversation). Single-exchange examples over the limit are dropped;
multi-turn conversations are cut into windows at (user, assistant) pair boundaries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from empathic.data.format import with_system
from empathic.data.records import Example, Ledger, progress

TokenCounter = Callable[[list[dict[str, str]]], int]


def whitespace_counter(messages: list[dict[str, str]]) -> int:
    """Words across all message contents: no tokenizer needed (tests; a rough lower bound)."""
    return sum(len(m["content"].split()) for m in messages)


class TokenizerCounter:
    """Exact counts: each conversation rendered as training renders it, then tokenized, in batches.

    The rendering rule is `empathic.modeling.templates.prepare_messages` for the tokenizer's template
    family (detected unless given), so a count here is the length training sees for the same row.
    """

    def __init__(self, tokenizer: Any, batch_size: int = 1024, family: str | None = None) -> None:
        from empathic.modeling.templates import detect_family

        self.tokenizer = tokenizer
        self.batch_size = batch_size
        self.family = family or detect_family(tokenizer)

    def __call__(self, messages: list[dict[str, str]]) -> int:
        return self.batch([messages])[0]

    def _render(self, conversations: list[list[dict[str, str]]]) -> list[str]:
        from empathic.modeling.templates import prepare_messages

        return self.tokenizer.apply_chat_template([prepare_messages(c, self.family) for c in conversations], tokenize=False)

    def batch(self, conversations: Sequence[list[dict[str, str]]]) -> list[int]:
        counts: list[int] = []
        for start in range(0, len(conversations), self.batch_size):
            texts = self._render(list(conversations[start : start + self.batch_size]))
            ids = self.tokenizer(texts, add_special_tokens=False)["input_ids"]
            counts.extend(len(x) for x in ids)
        return counts


def load_counter(ref: str) -> TokenCounter:
    """`whitespace`, or a tokenizer ref for `empathic.modeling.loading.load_tokenizer` (local folder or Hub id)."""
    if ref == "whitespace":
        return whitespace_counter
    from empathic.modeling.loading import load_tokenizer

    return TokenizerCounter(load_tokenizer(ref))


def count_many(counter: TokenCounter, conversations: Sequence[list[dict[str, str]]], desc: str) -> list[int]:
    batch = getattr(counter, "batch", None)
    if batch is None:
        return [counter(c) for c in progress(conversations, desc)]
    chunk = 4096
    counts: list[int] = []
    for start in progress(range(0, len(conversations), chunk), desc, unit="chunk"):
        counts.extend(batch(conversations[start : start + chunk]))
    return counts


def pair_overhead(counter: TokenCounter, system_prompt: str | None) -> int:
    """Tokens counted once per conversation (default system prompt, BOS...): c(p) + c(p) - c(p+p)."""
    pair = [{"role": "user", "content": "Hello."}, {"role": "assistant", "content": "Hi."}]
    one = count_many(
        counter, [with_system(pair, system_prompt), with_system(pair + pair, system_prompt)], "probe"
    )
    return max(0, 2 * one[0] - one[1])


def sub_example(example: Example, pair_ids: list[int], suffix: str) -> Example:
    """The example restricted to some of its (user, assistant) pairs, strategies kept aligned."""
    messages = [m for i in pair_ids for m in example.messages[2 * i : 2 * i + 2]]
    strategies = None if example.strategies is None else [example.strategies[i] for i in pair_ids]
    return replace(example, id=f"{example.id}{suffix}", messages=messages, strategies=strategies, n_tokens=0)


def _greedy_windows(costs: list[int], overhead: int, max_tokens: int) -> tuple[list[list[int]], list[int]]:
    """Consecutive pair-index windows whose estimated size fits; pairs too long alone are returned apart."""
    windows: list[list[int]] = []
    too_long: list[int] = []
    current: list[int] = []
    size = 0
    for i, cost in enumerate(costs):
        if cost > max_tokens:
            if current:
                windows.append(current)
            current, size = [], 0
            too_long.append(i)
            continue
        if current and size + cost - overhead > max_tokens:
            windows.append(current)
            current, size = [], 0
        size = cost if not current else size + cost - overhead
        current.append(i)
    if current:
        windows.append(current)
    return windows, too_long


def fit_to_length(
    examples: list[Example],
    counter: TokenCounter,
    max_tokens: int,
    system_prompt: str | None,
    ledgers: dict[str, Ledger],
    multi_turn: frozenset[str],
) -> list[Example]:
    """Keep examples within `max_tokens` (system prompt included); set each kept one's n_tokens."""
    counts = count_many(
        counter, [with_system(e.messages, system_prompt) for e in examples], "counting tokens"
    )
    kept: list[Example] = []
    long_conversations: list[Example] = []
    for example, n in zip(examples, counts, strict=True):
        if n <= max_tokens:
            example.n_tokens = n
            kept.append(example)
        elif example.source in multi_turn and len(example.messages) > 2:
            long_conversations.append(example)
        else:
            ledgers[example.source].drop("too_long", example.id)
    if long_conversations:
        kept.extend(_window(long_conversations, counter, max_tokens, system_prompt, ledgers))
    return kept


def _window(
    examples: list[Example],
    counter: TokenCounter,
    max_tokens: int,
    system_prompt: str | None,
    ledgers: dict[str, Ledger],
) -> list[Example]:
    pairs = [(e, i) for e in examples for i in range(len(e.messages) // 2)]
    costs = count_many(
        counter, [with_system(e.messages[2 * i : 2 * i + 2], system_prompt) for e, i in pairs], "windowing"
    )
    overhead = pair_overhead(counter, system_prompt)
    by_example: dict[str, list[int]] = {}
    for (example, _), cost in zip(pairs, costs, strict=True):
        by_example.setdefault(example.id, []).append(cost)
    pending: list[tuple[Example, list[int]]] = []
    for example in examples:
        windows, too_long = _greedy_windows(by_example[example.id], overhead, max_tokens)
        ledger = ledgers[example.source]
        ledger.fix("conversations_windowed")
        ledger.fix("turn_pairs_dropped_too_long", len(too_long))
        if not windows:
            ledger.drop("too_long", example.id)
        pending.extend((example, w) for w in windows)
    # The estimate assumes per-pair costs add up; verify exactly and split any window that overflows.
    done: list[tuple[Example, list[int], int]] = []
    while pending:
        counts = count_many(
            counter,
            [with_system(sub_example(e, w, "").messages, system_prompt) for e, w in pending],
            "verifying windows",
        )
        retry: list[tuple[Example, list[int]]] = []
        for (example, window), n in zip(pending, counts, strict=True):
            if n <= max_tokens:
                done.append((example, window, n))
            elif len(window) == 1:
                ledgers[example.source].fix("turn_pairs_dropped_too_long")
            else:
                half = len(window) // 2
                retry.extend([(example, window[:half]), (example, window[half:])])
        pending = retry
    out: list[Example] = []
    numbering: dict[str, int] = {}
    for example, window, n in sorted(done, key=lambda d: (d[0].order, d[0].id, d[1][0])):
        j = numbering.get(example.id, 0)
        numbering[example.id] = j + 1
        piece = sub_example(example, window, f"#w{j}")
        piece.n_tokens = n
        out.append(piece)
        ledgers[example.source].fix("windows_created")
    return out
