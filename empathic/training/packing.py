"""Padding-free batches for CPU LoRA SFT: a batch's examples laid end to end in a few rows, each
example attending only to itself.

Why not TRL's own `padding_free=True`: TRL flattens the whole batch into ONE row, documents it for
FlashAttention only, and refuses `max_length` without packing. Why not `packing=True` with
`packing_strategy="bfd"`: it packs the whole dataset into `max_length` bins before batching, so an
optimizer step sees a different number of conversations than the unpacked recipe (a different
training run). `PackedCollator` instead packs exactly the examples the sampler put in the batch, so
every step holds the same conversations, labels and loss normaliser as the padded run.

How attention stays inside each example without FlashAttention: no `attention_mask` is passed and
`position_ids` restart at 0 for every example. transformers 5 (`masking_utils.find_packed_sequence_indices`)
then builds a block-diagonal causal mask from the position ids for every attention implementation,
SDPA on CPU included, and RoPE sees each example's own positions. It does so only without a KV
cache: the forward must get `use_cache=False`, as TRL's `compute_loss` passes it (with a cache,
transformers assumes generation and falls back to one causal sequence per row). Each example's first label is -100,
so the last token of one example never learns to predict the next example's first token (it is a
prompt token in chat data, whose label is -100 anyway). `tests/training/test_packing.py` checks the
per-example loss and the LoRA gradients against the padded batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

IGNORE = -100


def best_fit_decreasing(lengths: Sequence[int], capacity: int) -> list[list[int]]:
    """Indices grouped into bins of at most `capacity` tokens: longest first, each into the fullest bin
    it still fits (a new bin when none). An example longer than `capacity` gets a bin of its own.
    """
    bins: list[list[int]] = []
    room: list[int] = []
    for i in sorted(range(len(lengths)), key=lambda i: (-lengths[i], i)):
        n = lengths[i]
        fits = [b for b, free in enumerate(room) if free >= n]
        if fits:
            best = min(fits, key=lambda b: room[b])
            bins[best].append(i)
            room[best] -= n
        else:
            bins.append([i])
            room.append(capacity - n)
    return bins


def pack_rows(lengths: Sequence[int], max_row_tokens: int) -> list[list[int]]:
    """Rows for one batch that minimise the positions the model runs over (rows x widest row).

    Bin packing minimises the number of rows, but the batch is as wide as its fullest row, so a
    tight capacity can cost more than padding (five 50-token examples in bins of 256: rows 220 + 40,
    440 positions for 250 tokens). So every row width from the longest example up to
    `max_row_tokens` is tried and the cheapest plan kept; ties go to the narrower width (attention
    cost grows with row width). Batches are a few examples, so this is microseconds.
    """
    if not lengths:
        return []
    longest = max(lengths)
    best: tuple[int, int, list[list[int]]] | None = None
    for capacity in range(longest, max(longest, max_row_tokens) + 1):
        bins = best_fit_decreasing(lengths, capacity)
        width = max(sum(lengths[i] for i in b) for b in bins)
        if width < capacity:  # wider capacities up to the next used width give the same plan
            continue
        cost = (len(bins) * width, width)
        if best is None or cost < best[:2]:
            best = (*cost, bins)
    assert best is not None  # capacity == longest always gives width == longest
    return best[2]


@dataclass(frozen=True)
class PackedCollator:
    """Collates TRL-prepared examples (`input_ids`, `labels`) into packed rows with restarting positions.

    Rows hold up to `row_tokens` tokens (at least the batch's longest example), planned by `pack_rows`
    to run the model over as few positions as possible; the batch is as wide as its fullest row, and the few tail positions of the other rows are pad tokens with position 0
    (each its own one-token sequence, label -100). Examples are in the same rows in every call with
    the same examples: bin packing is deterministic.
    """

    pad_token_id: int
    row_tokens: int = 512

    def __call__(self, examples: list[dict[str, Any]]) -> dict[str, Any]:
        import torch

        ids = [list(e["input_ids"]) for e in examples]
        labels = [list(e.get("labels", e["input_ids"])) for e in examples]
        lengths = [len(x) for x in ids]
        bins = pack_rows(lengths, self.row_tokens)
        width = max(sum(lengths[i] for i in b) for b in bins)
        input_ids = torch.full((len(bins), width), self.pad_token_id, dtype=torch.long)
        out_labels = torch.full((len(bins), width), IGNORE, dtype=torch.long)
        positions = torch.zeros((len(bins), width), dtype=torch.long)
        for row, members in enumerate(bins):
            start = 0
            for i in sorted(members):  # the batch's order within a row
                n = lengths[i]
                input_ids[row, start : start + n] = torch.tensor(ids[i])
                out_labels[row, start + 1 : start + n] = torch.tensor(labels[i][1:])
                positions[row, start : start + n] = torch.arange(n)
                start += n
        return {"input_ids": input_ids, "labels": out_labels, "position_ids": positions}


def packed_collator(tokenizer: Any, max_length: int | None) -> PackedCollator:
    """The collator for a trainer whose prepared examples are already truncated to `max_length`."""
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    return PackedCollator(pad_token_id=int(pad), row_tokens=int(max_length or 512))

