"""The greedy next token through a bfloat16 screen of the vocabulary projection, rescored in float32.

Why: at batch 32 the float32 vocabulary projection of SmolLM2 (576 x 49,152) is ~1/4 of a decode step
on this CPU, and greedy decoding needs only its argmax. The bfloat16 product runs on the AMX units at
about twice the speed; its error is bounded, so every token that could still be the float32 maximum is
kept and only those few (measured on real hidden states: ~5 per row, at most ~60) are scored again in
float32. The pick is the float32 argmax (first maximum on ties, as `max().indices`); only the rounding
of the rescoring product differs from the full float32 product (another summation order).

The bound. For row r and token j, with x the float32 hidden state, w_j the float32 weight row, xb and
wb_j their bfloat16 roundings, and s_j the screened (bfloat16) logit:
    |x.w_j - s_j| <= E + 2^-8 |s_j|,   E = |x - xb| max_j|w_j| + |xb| max_j|w_j - wb_j|   (inputs' rounding)
                                          + K 2^-23 |xb| max_j|wb_j|                   (float32 accumulation)
and 2^-8 |s_j| covers the product's bfloat16 output. transformers' repetition penalty p is monotone
with slope at most S = max(p, 1/p) and scales |s_j| by at most S, so on penalised scores u the bound
is E' + rho |u_j| with E' = S E and rho = 2^-8 S^2. With m = max_j u_j and d = E' + rho |m|, no token
whose screened score is below  m - 2d - 2 rho (|m| + 2d)  can be the float32 maximum (the |u_j|-
dependent part is handled for u_j >= 0 by |u_j| <= |m| and for u_j < 0 by solving for u_j).
"""

from __future__ import annotations

from typing import Any

# The screen's logits are scanned in blocks: one pass gives each block's maximum (and so the row's),
# and only blocks that reach the floor are searched for candidates.
BLOCK = 1024
SMALL_BLOCK = 64  # for tiny vocabularies (test models)


def penalised(values: Any, penalty: float) -> Any:
    """transformers' repetition penalty applied to scores of repeated tokens."""
    import torch

    return torch.where(values < 0, values * penalty, values / penalty)


def history_ids(history: list[list[int]], device: Any = None) -> Any:
    """Each row's prompt + reply tokens as one (rows, width) tensor, short rows padded with a repeat."""
    import torch

    width = max(len(h) for h in history)
    return torch.tensor([h + [h[0]] * (width - len(h)) for h in history], device=device)  # repeats are harmless


def penalise(scores: Any, history: list[list[int]], penalty: float) -> Any:
    """transformers' repetition penalty over each row's own prompt and reply (no pad tokens)."""
    ids = history_ids(history, scores.device)
    return scores.scatter(1, ids, penalised(scores.gather(1, ids), penalty))


class VocabScreen:
    """A float32 output projection `weight` (vocab, hidden) kept also as transposed, padded bfloat16."""

    def __init__(self, weight: Any) -> None:
        import torch

        self.weight = weight.detach()
        self.vocab, hidden = self.weight.shape
        self.block = BLOCK if self.vocab >= 16 * BLOCK else SMALL_BLOCK
        self.blocks = -(-self.vocab // self.block)
        low = self.weight.to(torch.bfloat16)
        padded = low.new_zeros((self.blocks * self.block, hidden))
        padded[: self.vocab] = low
        self.low_t = padded.t().contiguous()  # (hidden, padded vocab): torch.mm's fastest layout here
        self.w_norm = float(self.weight.norm(dim=1).max())
        self.dw_norm = float((self.weight - low.float()).norm(dim=1).max())
        self.low_norm = float(low.float().norm(dim=1).max())
        self.accumulate = hidden * 2.0**-23

    def input_error(self, hidden: Any) -> Any:
        """Per row: E of the module docstring (inputs' rounding and float32 accumulation)."""
        import torch

        low = hidden.to(torch.bfloat16).float()
        size = low.norm(dim=1)
        return (hidden - low).norm(dim=1) * self.w_norm + size * (self.dw_norm + self.accumulate * self.low_norm)

    def screen(self, hidden: Any) -> Any:
        """bfloat16 logits as float32 (rows, padded vocab); padding columns are -inf."""
        import torch

        screened = torch.mm(hidden.to(torch.bfloat16), self.low_t).float()
        screened[:, self.vocab:] = float("-inf")
        return screened

    def pick(self, hidden: Any, history: list[list[int]] | None = None, penalty: float = 1.0) -> Any:
        """Greedy tokens (rows,) of float32 `hidden` (rows, hidden): the argmax of the float32 logits
        `hidden @ weight.T`, after transformers' repetition penalty over `history` when `penalty` != 1."""
        import torch

        rows = hidden.shape[0]
        scores = self.screen(hidden)
        slope = 1.0
        if penalty != 1.0:
            scores = penalise(scores, history, penalty)
            slope = max(penalty, 1 / penalty)
        blocks = scores.view(rows, self.blocks, self.block)
        block_max = blocks.amax(dim=-1)
        top = block_max.amax(dim=1)
        rho = 2.0**-8 * slope * slope
        d = slope * self.input_error(hidden) + rho * top.abs()
        floor = top - 2 * d - 2 * rho * (top.abs() + 2 * d)
        row_of, block_of = (block_max >= floor[:, None]).nonzero(as_tuple=True)
        found, offset = (blocks[row_of, block_of] >= floor[row_of, None]).nonzero(as_tuple=True)
        row_of, col = row_of[found], block_of[found] * self.block + offset
        exact = (hidden[row_of] * self.weight[col]).sum(dim=1)
        if penalty != 1.0:
            repeated = (history_ids(history, hidden.device)[row_of] == col[:, None]).any(dim=1)
            exact = torch.where(repeated, penalised(exact, penalty), exact)
        best = exact.new_full((rows,), float("-inf")).scatter_reduce(0, row_of, exact, "amax")
        wins = exact == best[row_of]
        return col.new_full((rows,), self.vocab).scatter_reduce(0, row_of[wins], col[wins], "amin")
