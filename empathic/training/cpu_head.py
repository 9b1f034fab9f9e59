"""Leaner CPU tiles for TRL's chunked label-only LM head (`trl.kernels.chunked_logprob`).

On devices without Triton, TRL folds each `[tokens, vocab-chunk]` logit tile with plain torch ops
(`_forward_tile`, `_backward_tile`) and accumulates the hidden-state gradient with `_addmm_fp32`. On a
CPU those three were ~20% of a bench step (Notes/performance.md, issue 17 profile): ten-odd full passes
over a `[tokens, 49152]` float32 tile, multiplications by a logit scale and temperature of 1.0, a
boolean `[tokens, vocab]` mask to find the logits before the target, and a float32 matmul (7x slower
than bf16 here) because CPU `addmm` has no `out_dtype`.

`lean_cpu_head()` swaps in versions that
- skip the scale/temperature multiplications when they are 1.0 (`x * 1.0 == x` exactly);
- get `is_top1` ("the target is the first maximal logit") from one `max(-1)` with indices instead of
  the masked prefix max: the forward's statistics and outputs are bitwise the same as TRL's;
- in the backward, write `-g * p` and add `g` at the target column (TRL: `g * (is_target - p)`; the target
  entry differs by rounding only), and fall back to TRL's tile when an entropy gradient is asked for;
- accumulate the hidden-state gradient with a bf16 matmul (float32 accumulation inside the kernel,
  rounded to bf16 once per vocabulary chunk, two chunks for a 49k vocabulary) instead of a float32 one:
  the rounding every other autocast matmul's input gradient gets. This one is not bitwise: see
  tests/training/test_cpu_head.py for the tolerance.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from typing import Any


def _is_identity(logit_scale: float, softcap_on: bool, inv_t: float) -> bool:
    return logit_scale == 1.0 and inv_t == 1.0 and not softcap_on


def forward_tile(tile, tile_stride, targets, running_max, sum_exp, x_sum_exp, sq_sum_exp, z_sum, max_before_target,
                 target_logit, vocab_start, n_cols, logit_scale, softcap, inv_t, HAS_SOFTCAP, HAS_ENTROPY,  # noqa: N803
                 HAS_LOG_SUM_SQ_PROBS, HAS_MEAN_LOGITS, HAS_IS_TOP1, BLOCK_SIZE):  # noqa: N803
    """TRL's `_forward_tile`, same signature and same results, with fewer passes over the tile."""
    import torch
    from trl.kernels.chunked_logprob import _torch_transform

    z = tile.float()
    if not _is_identity(logit_scale, HAS_SOFTCAP, inv_t):
        z = _torch_transform(z, logit_scale, softcap, inv_t, HAS_SOFTCAP)
    local = targets - vocab_start
    if HAS_MEAN_LOGITS:
        z_sum += z.sum(-1)
    tile_max, first_arg = z.max(-1)  # torch documents: the index of the FIRST maximal value
    if HAS_IS_TOP1:
        # TRL keeps the max over logits before the target; is_top1 = target >= global max and > that.
        # Only the comparison matters: a tile whose first maximum comes before the target contributes its
        # max (the true prefix max is at least that), any other tile contributes nothing (-inf). When the
        # target is the global max, no earlier logit equals it exactly when the first argmax is the target.
        before = torch.where(first_arg < local, tile_max, torch.full_like(tile_max, -math.inf))
        max_before_target.copy_(torch.maximum(max_before_target, before))
    new_m = torch.maximum(running_max, tile_max)
    rescale = torch.exp(running_max - new_m)
    e = torch.exp(z - new_m.unsqueeze(-1))
    sum_exp.mul_(rescale).add_(e.sum(-1))
    if HAS_ENTROPY:
        x_sum_exp.mul_(rescale).add_((e * z).sum(-1))
    if HAS_LOG_SUM_SQ_PROBS:
        sq_sum_exp.mul_(rescale * rescale).add_((e * e).sum(-1))
    running_max.copy_(new_m)
    in_tile = (local >= 0) & (local < n_cols)
    target_z = z.gather(-1, local.clamp(0, n_cols - 1).unsqueeze(-1)).squeeze(-1)
    target_logit.copy_(torch.where(in_tile, target_z, target_logit))


def backward_tile(tile, tile_stride, targets, log_z, entropy, grad_logprobs, grad_entropy, vocab_start, n_cols,
                  logit_scale, softcap, inv_t, HAS_SOFTCAP, HAS_LOGPROB_GRAD, HAS_ENTROPY_GRAD,  # noqa: N803
                  BLOCK_SIZE):  # noqa: N803
    """TRL's `_backward_tile` for the SFT case (log-prob gradient only, no scale): the logits gradient
    `g * (onehot - softmax)` written into `tile`; anything else goes to TRL's own tile."""
    if HAS_ENTROPY_GRAD or not HAS_LOGPROB_GRAD or not _is_identity(logit_scale, HAS_SOFTCAP, inv_t):
        return _ORIGINAL["_backward_tile"](tile, tile_stride, targets, log_z, entropy, grad_logprobs, grad_entropy,
                                          vocab_start, n_cols, logit_scale, softcap, inv_t, HAS_SOFTCAP,
                                          HAS_LOGPROB_GRAD, HAS_ENTROPY_GRAD, BLOCK_SIZE)
    grad = tile.float().sub_(log_z.unsqueeze(-1)).exp_().mul_(-grad_logprobs.unsqueeze(-1))  # -g * p
    local = targets - vocab_start
    rows = ((local >= 0) & (local < n_cols)).nonzero().squeeze(-1)
    grad[rows, local[rows]] += grad_logprobs[rows]  # + g at the target
    tile.copy_(grad)
    return None


def addmm_bf16(acc, a, b) -> None:
    """`acc += a @ b` with bf16 inputs multiplied in bf16 (float32 inside the kernel), added to float32 `acc`."""
    if a.device.type == "cpu" and a.dtype != acc.dtype and a.dtype == b.dtype:
        acc.add_(a @ b)
    else:
        _ORIGINAL["_addmm_fp32"](acc, a, b)


_ORIGINAL: dict[str, Any] = {}
_LEAN = {"_forward_tile": forward_tile, "_backward_tile": backward_tile, "_addmm_fp32": addmm_bf16}


@contextlib.contextmanager
def lean_cpu_head() -> Iterator[None]:
    """TRL's chunked-head CPU tiles replaced by the lean ones while the block runs (a training run:
    TRL's backward looks the names up when it runs, after `compute_loss` has returned)."""
    from trl.kernels import chunked_logprob as ck

    if _ORIGINAL:  # already inside (nested train() calls): leave the outer block in charge
        yield
        return
    _ORIGINAL.update({name: getattr(ck, name) for name in _LEAN})
    try:
        for name, fn in _LEAN.items():
            setattr(ck, name, fn)
        yield
    finally:
        for name, fn in _ORIGINAL.items():
            setattr(ck, name, fn)
        _ORIGINAL.clear()
