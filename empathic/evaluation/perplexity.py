"""Held-out perplexity on assistant tokens only, with the training mask, per example for the bootstrap.

Each conversation (prompt + reference) is tokenised by `empathic.modeling.templates.tokenize_for_training`, the
function that builds the training labels, so base and tuned are scored on the same text, the same chat
template and the same tokens (every assistant turn, end-of-turn token included) that training optimises.
Perplexity = exp(total NLL / total label tokens) over the set; per example we keep [NLL sum, tokens].
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from empathic.labels import IGNORE_INDEX

log = logging.getLogger(__name__)


def tokenize_all(tokenizer, conversations: Sequence[list[dict]], max_length: int | None = None) -> list[dict | None]:
    """Training-style encodings; None for a conversation the template rejects (counted, not fatal)."""
    from empathic.modeling.templates import tokenize_for_training

    out: list[dict | None] = []
    for messages in conversations:
        try:
            enc = tokenize_for_training(tokenizer, messages, max_length)
        except Exception as err:  # a template that rejects a row must not end the evaluation
            log.debug("cannot tokenise a conversation for perplexity: %s", err)
            out.append(None)
            continue
        out.append(enc if any(t != IGNORE_INDEX for t in enc["labels"][1:]) else None)
    return out


# Perplexity batches: at most this many rows and this many padded positions (rows x widest row). Measured
# on the 200-prompt eval set, CPU seconds on one thread (Notes/performance.md): batching helps short
# conversations (8-16 rows of ~100 tokens: ~1.4x the tokens/s of one at a time), but the old plan of 16 rows
# whatever their length ran the longest conversations (755-998 tokens) at half the tokens/s of one at a
# time (padding, and attention over the widest row). With the cap: 1.4% padding instead of 15%.
MAX_ROWS = 16
MAX_POSITIONS = 1024


def plan_batches(lengths: Sequence[int], max_rows: int = MAX_ROWS, max_positions: int | None = MAX_POSITIONS
                 ) -> list[list[int]]:
    """Indices shortest first, cut into batches of at most `max_rows` rows and `max_positions` padded
    positions (a single longer conversation still gets a batch of its own)."""
    batches: list[list[int]] = []
    current: list[int] = []
    for i in sorted(range(len(lengths)), key=lambda i: lengths[i]):
        width = lengths[i]  # shortest first: the newcomer is the widest row of the batch
        full = len(current) >= max_rows or (max_positions is not None and (len(current) + 1) * width > max_positions)
        if current and full:
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def nll_per_example(model, encodings: Sequence[dict | None], batch_size: int = MAX_ROWS, pad_id: int = 0,
                    progress=None, max_positions: int | None = MAX_POSITIONS) -> np.ndarray:
    """(n, 2) array [sum of NLL over label tokens, number of label tokens]; NaN rows for None encodings.

    Labels are shifted as in causal-LM training (token t is predicted from tokens < t). Batches are right
    padded with attention_mask 0 and label -100 on padding, sorted by length and capped in rows and padded
    positions (`plan_batches`) to waste little compute.
    """
    import torch

    out = np.full((len(encodings), 2), np.nan)
    kept = [i for i, e in enumerate(encodings) if e is not None]
    plan = plan_batches([len(encodings[i]["input_ids"]) for i in kept], batch_size, max_positions)
    device = next(model.parameters()).device
    with torch.no_grad():
        for batch in plan:
            idx = [kept[j] for j in batch]
            width = max(len(encodings[i]["input_ids"]) for i in idx)
            ids = torch.full((len(idx), width), pad_id, dtype=torch.long)
            labels = torch.full((len(idx), width), IGNORE_INDEX, dtype=torch.long)
            attn = torch.zeros((len(idx), width), dtype=torch.long)
            for row, i in enumerate(idx):
                n = len(encodings[i]["input_ids"])
                ids[row, :n] = torch.tensor(encodings[i]["input_ids"])
                labels[row, :n] = torch.tensor(encodings[i]["labels"])
                attn[row, :n] = 1
            target = labels[:, 1:].to(device)
            keep = torch.zeros_like(labels, dtype=torch.bool)
            keep[:, :-1] = labels[:, 1:] != IGNORE_INDEX  # logits at t predict token t+1
            rows = keep.nonzero()[:, 0].to(device)
            try:
                # Only the label positions go through the (vocabulary-sized) head: full logits for 16 x 1000
                # tokens x 49k vocabulary would be 3 GB. The model's own head keeps soft-capping etc. right.
                logits = model(input_ids=ids.to(device), attention_mask=attn.to(device),
                               logits_to_keep=keep.to(device)).logits.float()
                if logits.dim() != 2:
                    raise TypeError("logits_to_keep mask not supported")
            except TypeError:
                logits = model(input_ids=ids.to(device), attention_mask=attn.to(device)).logits.float()
                logits = logits[keep.to(device)]
            nll = torch.nn.functional.cross_entropy(logits, target[keep[:, :-1].to(device)], reduction="none")
            sums = torch.zeros(len(idx), dtype=torch.float64, device=device).index_add_(0, rows, nll.double())
            counts = torch.bincount(rows, minlength=len(idx))
            for row, i in enumerate(idx):
                out[i] = [float(sums[row]), float(counts[row])]
            if progress is not None:
                progress.update(len(idx))
    return out


def perplexity(stats: np.ndarray) -> float:
    """exp(total NLL / total tokens) over the finite rows."""
    ok = np.isfinite(stats).all(axis=1)
    tokens = stats[ok, 1].sum()
    return float(np.exp(stats[ok, 0].sum() / tokens)) if tokens else float("nan")
