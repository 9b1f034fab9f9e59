"""The lean CPU tiles for TRL's chunked LM head (empathic.training.cpu_head) against TRL's own.

Tolerances: the forward outputs (log-probabilities, entropy, is-top-1) are compared bitwise; the
hidden-state gradient exactly in float32 up to the target entry's rounding (rtol 1e-6), and under bf16
autocast within the bf16 rounding of the per-chunk products (relative norm error < 4e-3; bf16 has 8
mantissa bits, 2^-8 = 3.9e-3).
"""

from __future__ import annotations

import contextlib

import pytest

from empathic.training.cpu_head import lean_cpu_head

pytestmark = pytest.mark.usefixtures("one_thread")
OUTPUTS = ("log_probs", "entropy", "is_top1")


def _case(n: int = 24, hidden: int = 32, vocab: int = 300):
    """Hidden states, an LM head and targets where some targets are the top logit, some tie with an
    earlier logit (duplicated head rows), and targets fall in every vocabulary chunk."""
    import torch

    torch.manual_seed(0)
    weight = torch.randn(vocab, hidden) * 0.3
    weight[250] = weight[10]  # logit 250 always equals logit 10: a target at 250 is never the first maximum
    h = torch.randn(n, hidden)
    targets = torch.randint(0, vocab, (n,))
    logits = h @ weight.t()
    top = logits.argmax(-1)
    targets[:8] = top[:8]  # these are the top-1 (when the top is not tied)
    h[8:12] = weight[10] * 5  # make logit 10 (and its twin 250) the maximum
    targets[8:10], targets[10:12] = 250, 10  # tied maximum: only the first index counts as top-1
    return h.requires_grad_(), weight, targets


def _run(h, weight, targets, *, lean: bool, autocast: bool, chunk: int = 128, entropy_grad: bool = False):
    import torch
    from trl.kernels.chunked_logprob import ChunkedLogProbFunction

    h.grad = None
    amp = torch.autocast("cpu", dtype=torch.bfloat16) if autocast else contextlib.nullcontext()
    with lean_cpu_head() if lean else contextlib.nullcontext():
        with amp:
            logp, ent, _, _, top1 = ChunkedLogProbFunction.apply(h, weight, None, targets, 1.0, chunk, None, 1.0,
                                                                 OUTPUTS)
        loss = -logp.sum() + (ent.sum() if entropy_grad else 0)
        loss.backward()
    return logp.detach(), ent.detach(), top1, h.grad.clone()


@pytest.mark.parametrize("autocast", [False, True])
def test_forward_outputs_are_bitwise_trls(autocast):
    import torch

    h, weight, targets = _case()
    trl = _run(h, weight, targets, lean=False, autocast=autocast)
    lean = _run(h, weight, targets, lean=True, autocast=autocast)
    for a, b in zip(trl[:3], lean[:3], strict=True):
        assert torch.equal(a, b)
    top1 = trl[2]
    assert top1[:8].any() and not top1[8:10].any() and top1[10:12].all()  # the cases are exercised


def test_float32_hidden_gradient_matches_trls():
    import torch

    h, weight, targets = _case()
    trl = _run(h, weight, targets, lean=False, autocast=False)
    lean = _run(h, weight, targets, lean=True, autocast=False)
    torch.testing.assert_close(lean[3], trl[3], rtol=1e-6, atol=1e-7)


def test_bf16_hidden_gradient_is_within_bf16_rounding_of_trls():

    h, weight, targets = _case(vocab=600)
    trl = _run(h, weight, targets, lean=False, autocast=True, chunk=256)  # 3 chunks, float32 accumulation
    lean = _run(h, weight, targets, lean=True, autocast=True, chunk=256)
    err = float((lean[3] - trl[3]).norm() / trl[3].norm())
    assert 0 < err < 2**-8


def test_an_entropy_gradient_uses_trls_own_tile():
    import torch

    h, weight, targets = _case()
    trl = _run(h, weight, targets, lean=False, autocast=False, entropy_grad=True)
    lean = _run(h, weight, targets, lean=True, autocast=False, entropy_grad=True)
    assert torch.equal(lean[3], trl[3])


def test_trls_functions_come_back_after_the_block():
    from trl.kernels import chunked_logprob as ck

    names = ("_forward_tile", "_backward_tile", "_addmm_fp32")
    before = [getattr(ck, n) for n in names]
    with lean_cpu_head():
        assert all(getattr(ck, n) is not b for n, b in zip(names, before, strict=True))
        with lean_cpu_head():  # nested (train() inside train()): the outer block stays in charge
            pass
        assert all(getattr(ck, n) is not b for n, b in zip(names, before, strict=True))
    assert [getattr(ck, n) for n in names] == before
