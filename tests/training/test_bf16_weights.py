"""Frozen base weights held in bf16 under CPU bf16 autocast give exactly the autocast path's loss and
gradients (issue 17): autocast casts a float32 weight to the same bf16 values at every forward, so
holding them once changes no number. Tolerance: none, the tensors are compared bitwise (torch.equal)."""

from __future__ import annotations

import os

import pytest
from factories import smollm2_tokenizer, tiny_lora_llama, tiny_model

from empathic.training.speed import bf16_frozen_weights, float32_before_mixed_ops, frozen_linears

os.environ.setdefault("HF_HUB_OFFLINE", "1")

pytestmark = pytest.mark.usefixtures("one_thread")


def _batch(tokenizer):
    import torch

    torch.manual_seed(1)
    ids = torch.randint(5, len(tokenizer), (2, 40))
    labels = ids.clone()
    labels[:, :10] = -100  # a prompt part, as assistant-only labels leave
    return {"input_ids": ids, "labels": labels}


def _loss_and_grads(model, batch, *, hold: bool, dtypes: dict | None = None, widen: bool = False):
    """Loss and LoRA gradients of one autocast forward/backward; `dtypes` collects each Linear's output dtype."""
    import contextlib

    import torch

    model.zero_grad()
    hooks = []
    if dtypes is not None:
        for name, m in model.named_modules():
            if isinstance(m, torch.nn.Linear):
                hooks.append(m.register_forward_hook(lambda m, i, o, name=name: dtypes.__setitem__(name, o.dtype)))
    with bf16_frozen_weights(model) if hold else contextlib.nullcontext(), \
            float32_before_mixed_ops(model) if widen else contextlib.nullcontext():
        with torch.autocast("cpu", dtype=torch.bfloat16):
            loss = model(**batch, use_cache=False).loss
        loss.backward()
    for h in hooks:
        h.remove()
    return loss.detach(), {n: p.grad.clone() for n, p in model.named_parameters() if p.requires_grad}


def test_bf16_held_weights_give_bitwise_the_autocast_loss_and_lora_gradients():
    import torch

    model, tokenizer = tiny_lora_llama()
    batch = _batch(tokenizer)
    seen_cast, seen_held = {}, {}
    loss_a, grads_a = _loss_and_grads(model, batch, hold=False, dtypes=seen_cast)
    loss_b, grads_b = _loss_and_grads(model, batch, hold=True, dtypes=seen_held)
    assert torch.equal(loss_a, loss_b)
    assert grads_a and grads_a.keys() == grads_b.keys()
    for name, grad in grads_a.items():
        assert torch.equal(grad, grads_b[name]), name
    # No op silently runs in another dtype: every Linear (base, LoRA A/B, head) returns what it returned.
    assert seen_cast and seen_cast == seen_held


def test_only_frozen_float32_linears_change_and_everything_comes_back():
    import torch

    model, _ = tiny_lora_llama()
    base = model.get_base_model()
    embed, head = base.get_input_embeddings(), base.get_output_embeddings()
    assert head.weight is embed.weight  # tied, as SmolLM2
    layers = frozen_linears(model)
    before = {id(m): m.weight for m in layers}
    assert id(head) in before
    with bf16_frozen_weights(model) as n:
        assert n == len(layers) == 2 * 7 + 1  # per layer: q/v base layers, k, o, gate, up, down; and the head
        for m in layers:
            assert m.weight.dtype == torch.bfloat16 and not m.weight.requires_grad
            assert torch.equal(m.weight, before[id(m)].to(torch.bfloat16))  # autocast's own cast
        assert embed.weight.dtype == torch.float32  # the untied embedding keeps the residual stream float32
        for name, p in model.named_parameters():
            if p.requires_grad or "norm" in name:
                assert p.dtype == torch.float32, name  # LoRA A/B and the norms stay float32
    assert all(m.weight is before[id(m)] for m in layers)
    assert head.weight is embed.weight and head.weight.dtype == torch.float32


def test_quantized_and_trainable_layers_are_never_recast():
    import torch

    class Linear4bitLike(torch.nn.Linear):  # bitsandbytes' layers subclass nn.Linear
        pass

    model = torch.nn.Sequential(Linear4bitLike(4, 4), torch.nn.Linear(4, 4), torch.nn.Linear(4, 4))
    for p in model.parameters():
        p.requires_grad_(False)
    model[2].weight.requires_grad_(True)
    assert frozen_linears(model) == [model[1]]


class _WeightDtype:
    """Trainer callback: the dtype of one frozen MLP weight at each step's end."""

    seen: list = []

    def __getattr__(self, name):  # every other callback event: nothing to do
        return lambda *args, **kwargs: None

    def on_train_begin(self, args, state, control, **kwargs):
        _WeightDtype.seen = []

    def on_step_end(self, args, state, control, model=None, **kwargs):
        _WeightDtype.seen.append(model.get_base_model().model.layers[0].mlp.up_proj.weight.dtype)


def test_fast_trainer_holds_bf16_weights_only_while_training_and_trains_the_same(tmp_path):
    """Two bf16-autocast runs of FastSFTTrainer, weights held or recast: the same LoRA weights after two
    steps (bitwise), and the base weights are the float32 originals again afterwards."""
    import torch
    from datasets import Dataset
    from peft import LoraConfig
    from trl import SFTConfig

    from empathic.training.speed import FastSFTTrainer

    tokenizer = smollm2_tokenizer()
    rows = [{"messages": [{"role": "user", "content": f"I feel sad {'and tired ' * i}"},
                          {"role": "assistant", "content": f"I hear you {'really ' * i}"}]} for i in range(8)]
    results = []
    for hold in (False, True):
        torch.manual_seed(0)
        args = SFTConfig(output_dir=str(tmp_path / str(hold)), report_to="none", bf16=True, use_cpu=True,
                         max_length=64, max_steps=2, per_device_train_batch_size=4, learning_rate=1e-2,
                         activation_checkpointing=False, save_strategy="no", logging_steps=1, seed=0)
        model = tiny_model(tokenizer)
        weights = {n: p.detach().clone() for n, p in model.named_parameters()}
        trainer = FastSFTTrainer(model=model, args=args, processing_class=tokenizer,
                                 train_dataset=Dataset.from_list(rows),
                                 peft_config=LoraConfig(r=4, target_modules=["q_proj", "v_proj"], lora_dropout=0.05))
        trainer.bf16_weights = hold
        trainer.add_callback(_WeightDtype())
        trainer.train()
        assert _WeightDtype.seen == [torch.bfloat16 if hold else torch.float32] * 2  # held while training
        base = trainer.model.get_base_model()
        for name, p in base.named_parameters():
            if not p.requires_grad and name.replace(".base_layer", "") in weights:
                assert p.dtype == torch.float32 and torch.equal(p, weights[name.replace(".base_layer", "")]), name
        assert base.get_output_embeddings().weight is base.get_input_embeddings().weight
        results.append({n: p.detach().clone() for n, p in trainer.model.named_parameters() if p.requires_grad})
    assert results[0].keys() == results[1].keys()
    for name, p in results[0].items():
        assert torch.equal(p, results[1][name]), name


def test_widening_projection_outputs_keeps_the_loss_bitwise_and_the_gradients_within_bf16_rounding():
    """float32_before_mixed_ops: the forward is bitwise the autocast one; the LoRA gradients differ only by
    where q/k's two RoPE gradient paths are rounded to bf16 (relative error < 2^-7, bf16 has 8 mantissa bits)."""
    import torch

    model, tokenizer = tiny_lora_llama()
    batch = _batch(tokenizer)
    loss_a, grads_a = _loss_and_grads(model, batch, hold=True)
    loss_b, grads_b = _loss_and_grads(model, batch, hold=True, widen=True)
    assert torch.equal(loss_a, loss_b)
    for name, grad in grads_a.items():
        assert float((grads_b[name] - grad).norm() / grad.norm()) < 2**-7, name
    with float32_before_mixed_ops(model) as n:
        assert n == 2 * 4  # per layer: q_proj, k_proj, o_proj, down_proj (the LoRA wrappers, not their base layers)
    assert not any(m._forward_hooks for m in model.modules())
