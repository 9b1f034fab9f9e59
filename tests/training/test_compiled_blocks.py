"""Decoder blocks compiled by torch.compile for CPU training (issue 17): the same loss and LoRA gradients as
the eager blocks, within bf16 rounding, and plain modules again afterwards. Tolerance: inductor fuses the
elementwise work and keeps intermediates in float32 where autocast rounded them to bf16, so values agree to
bf16 precision (relative 2^-7 on the loss, 5% of the largest entry on each gradient), not bitwise.
Compiling takes 30-60 s on two cores, so the comparison runs with `make bench`; the rest is fast."""

from __future__ import annotations

import os

import pytest
from factories import tiny_lora_llama

from empathic.training import speed
from empathic.training.speed import compiled_blocks, decoder_blocks

os.environ.setdefault("HF_HUB_OFFLINE", "1")

pytestmark = pytest.mark.usefixtures("one_thread")


def _loss_and_grads(model, ids, labels):
    import torch

    model.zero_grad()
    with torch.autocast("cpu", dtype=torch.bfloat16):
        loss = model(input_ids=ids, labels=labels, use_cache=False).loss
    loss.backward()
    return loss.detach().float(), {n: p.grad.clone() for n, p in model.named_parameters() if p.requires_grad}


def test_the_blocks_are_the_models_own_repeated_layers():
    model, _ = tiny_lora_llama()
    blocks = decoder_blocks(model)
    assert [type(b).__name__ for b in blocks] == ["LlamaDecoderLayer"] * 2
    assert blocks == list(model.get_base_model().model.layers)


@pytest.mark.benchmark
@pytest.mark.skipif(speed.cpu_compiler() is None, reason="inductor needs a C++ compiler")
def test_compiled_blocks_give_the_eager_loss_and_lora_gradients_and_are_plain_afterwards():
    import torch

    model, tokenizer = tiny_lora_llama()
    torch.manual_seed(1)
    # Two lengths: packed batches vary in length, and the compiled graph is built for dynamic shapes.
    batches = []
    for length in (40, 57):
        ids = torch.randint(5, len(tokenizer), (1, length))
        labels = ids.clone()
        labels[:, :10] = -100
        batches.append((ids, labels))
    eager = [_loss_and_grads(model, *b) for b in batches]
    with compiled_blocks(model) as n:
        assert n == 2
        compiled = [_loss_and_grads(model, *b) for b in batches]
        assert all(b._compiled_call_impl is not None for b in decoder_blocks(model))
    assert all(b._compiled_call_impl is None for b in decoder_blocks(model))
    for (loss_e, grads_e), (loss_c, grads_c) in zip(eager, compiled, strict=True):
        assert torch.allclose(loss_c, loss_e, rtol=2**-7), (loss_c, loss_e)
        assert grads_e.keys() == grads_c.keys() and len(grads_e) == 2 * 2 * 2  # q/v, A/B, two layers
        for name, grad in grads_e.items():
            scale = grad.abs().max()
            assert scale > 0, name
            assert (grads_c[name] - grad).abs().max() <= 0.05 * scale, name


def test_without_a_cpp_compiler_nothing_is_compiled(monkeypatch):
    model, _ = tiny_lora_llama()
    monkeypatch.setattr(speed, "cpu_compiler", lambda: None)
    with compiled_blocks(model) as n:
        assert n == 0
        assert all(b._compiled_call_impl is None for b in decoder_blocks(model))
