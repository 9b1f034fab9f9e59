"""Padding-free packed batches train exactly what padded batches train: same per-example loss, same
LoRA gradients, same assistant-only labels; rows are bin-packed by length."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from factories import smollm2_tokenizer, tiny_lora_llama, tiny_model

from empathic.training.packing import IGNORE, PackedCollator, best_fit_decreasing

os.environ.setdefault("HF_HUB_OFFLINE", "1")
PREPARED = Path(__file__).resolve().parents[1] / "fixtures" / "train" / "prepared"

pytestmark = pytest.mark.usefixtures("one_thread")

# Tolerances: float32 on CPU; packed rows change only summation order inside matmuls and softmax.
LOSS_RTOL = 1e-5
GRAD_RTOL, GRAD_ATOL = 1e-4, 1e-6


def _examples(tokenizer, max_length: int = 256) -> list[dict]:
    """Conversations of 1-3 exchanges from the training fixtures (about 50 to 160 tokens), encoded as TRL
    prepares them: input_ids and assistant-only labels."""
    from empathic.modeling.templates import tokenize_for_training

    rows = [json.loads(line)["messages"] for line in (PREPARED / "train.jsonl").read_text().splitlines()]
    turns = [[m for m in r if m["role"] != "system"] for r in rows]
    conversations = [turns[15], turns[0], turns[1] + turns[2], turns[3], turns[4] + turns[5] + turns[6]]
    return [tokenize_for_training(tokenizer, c, max_length) for c in conversations]


def _padded(examples: list[dict], pad_id: int) -> dict:
    """The unpacked batch, right-padded like TRL's collator."""
    import torch

    width = max(len(e["input_ids"]) for e in examples)
    ids = torch.full((len(examples), width), pad_id)
    labels = torch.full((len(examples), width), IGNORE)
    mask = torch.zeros((len(examples), width), dtype=torch.long)
    for i, e in enumerate(examples):
        k = len(e["input_ids"])
        ids[i, :k], labels[i, :k], mask[i, :k] = torch.tensor(e["input_ids"]), torch.tensor(e["labels"]), 1
    return {"input_ids": ids, "attention_mask": mask, "labels": labels}


def _token_nll(model, batch):
    """Per-position next-token NLL (0 where the label is -100), from full float32 logits."""
    import torch

    inputs = {k: v for k, v in batch.items() if k != "labels"}
    logits = model(**inputs, use_cache=False).logits[:, :-1].float()  # use_cache=False: as TRL's compute_loss
    labels = batch["labels"][:, 1:]
    nll = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.size(-1)), labels.reshape(-1),
                                            reduction="none", ignore_index=IGNORE)
    return nll.view(labels.shape)


def test_best_fit_decreasing_places_every_example_once_within_capacity():
    lengths = [300, 40, 210, 90, 512, 120, 60, 31]
    bins = best_fit_decreasing(lengths, capacity=512)
    assert sorted(i for b in bins for i in b) == list(range(len(lengths)))
    assert all(sum(lengths[i] for i in b) <= 512 for b in bins)
    assert len(bins) == 3  # 1363 tokens need at least 3 rows of 512, and BFD finds 3
    assert best_fit_decreasing([600, 10], capacity=512) == [[0], [1]]  # too long: a row of its own


def test_packed_batch_keeps_every_assistant_label_and_restarts_positions_per_example():
    tokenizer = smollm2_tokenizer()
    examples = _examples(tokenizer)
    batch = PackedCollator(pad_token_id=tokenizer.pad_token_id, row_tokens=256)(examples)
    assert "attention_mask" not in batch  # the mask comes from the position ids
    total = sum(len(e["input_ids"]) for e in examples)
    assert batch["input_ids"].shape[0] < len(examples)  # several conversations share a row
    assert batch["input_ids"].numel() <= len(examples) * max(len(e["input_ids"]) for e in examples)
    assert int((batch["position_ids"] == 0).sum()) >= len(examples)
    # Every supervised token is still supervised (each example's first token is a prompt token).
    want = sorted(t for e in examples for t in e["labels"][1:] if t != IGNORE)
    got = sorted(batch["labels"][batch["labels"] != IGNORE].tolist())
    assert got == want
    real = batch["input_ids"] != tokenizer.pad_token_id
    assert int(real.sum()) <= total


def test_packed_batch_gives_each_example_the_loss_and_lora_gradients_of_the_padded_batch():
    import torch

    model, tokenizer = tiny_lora_llama()
    examples = _examples(tokenizer)
    padded = _padded(examples, tokenizer.pad_token_id)
    packed = PackedCollator(pad_token_id=tokenizer.pad_token_id, row_tokens=256)(examples)
    assert packed["input_ids"].shape[0] < len(examples)  # the test exercises real packing

    # Per example: the NLL of its own labelled tokens, found in the packed rows by its token run.
    nll_padded = _token_nll(model, padded).detach()
    nll_packed = _token_nll(model, packed).detach()
    for i, e in enumerate(examples):
        n = len(e["input_ids"])
        row, start = _locate(packed, e["input_ids"])
        torch.testing.assert_close(nll_packed[row, start : start + n - 1], nll_padded[i, : n - 1],
                                   rtol=LOSS_RTOL, atol=1e-6)

    # The batch loss (sum over labelled tokens / their count, TRL's normaliser) and its LoRA gradients.
    grads = []
    for batch in (padded, packed):
        model.zero_grad()
        nll = _token_nll(model, batch)
        count = int((batch["labels"][:, 1:] != IGNORE).sum())
        loss = nll.sum() / count
        loss.backward()
        grads.append((float(loss), count, {n: p.grad.clone() for n, p in model.named_parameters() if p.requires_grad}))
    (loss_a, count_a, grads_a), (loss_b, count_b, grads_b) = grads
    assert count_a == count_b
    assert loss_b == pytest.approx(loss_a, rel=LOSS_RTOL)
    assert grads_a and grads_a.keys() == grads_b.keys()
    for name, grad in grads_a.items():
        torch.testing.assert_close(grads_b[name], grad, rtol=GRAD_RTOL, atol=GRAD_ATOL)


def test_without_restarting_positions_the_packed_loss_differs():
    """The check above can fail: packing with one running position (examples attend across each
    other, RoPE sees shifted positions) changes the loss."""
    import torch

    model, tokenizer = tiny_lora_llama()
    examples = _examples(tokenizer)
    packed = PackedCollator(pad_token_id=tokenizer.pad_token_id, row_tokens=256)(examples)
    width = packed["input_ids"].shape[1]
    leaky = dict(packed, position_ids=torch.arange(width).expand_as(packed["input_ids"]))
    with torch.no_grad():
        good, bad = _token_nll(model, packed), _token_nll(model, leaky)
    assert float((bad - good).abs().max()) > 100 * (LOSS_RTOL * float(good.abs().max()) + 1e-6)


def test_fast_trainer_loss_is_the_same_on_packed_and_padded_batches(tmp_path):
    """Through TRL's own loss path (fused LM head on labelled positions only) as training runs it."""
    import torch
    from datasets import Dataset
    from peft import LoraConfig
    from trl import SFTConfig

    from empathic.training.speed import FastSFTTrainer

    tokenizer = smollm2_tokenizer()
    examples = _examples(tokenizer)
    padded = _padded(examples, tokenizer.pad_token_id)
    packed = PackedCollator(pad_token_id=tokenizer.pad_token_id, row_tokens=256)(examples)
    torch.manual_seed(0)
    args = SFTConfig(output_dir=str(tmp_path), report_to="none", bf16=False, max_length=96,
                     activation_checkpointing=False, use_cpu=True)
    trainer = FastSFTTrainer(model=tiny_model(tokenizer), args=args, processing_class=tokenizer,
                             train_dataset=Dataset.from_list([{"messages": [{"role": "user", "content": "hi"},
                                                                             {"role": "assistant", "content": "hello"}]}]),
                             peft_config=LoraConfig(r=4, target_modules=["q_proj", "v_proj"], init_lora_weights=False))
    trainer.model.train()
    n_items = int((padded["labels"][:, 1:] != IGNORE).sum())
    losses, grads = [], []
    for batch in (padded, packed):
        trainer.model.zero_grad()
        loss = trainer.compute_loss(trainer.model, dict(batch), num_items_in_batch=n_items)
        loss.backward()
        losses.append(float(loss))
        grads.append({n: p.grad.clone() for n, p in trainer.model.named_parameters() if p.requires_grad})
    assert losses[1] == pytest.approx(losses[0], rel=LOSS_RTOL)
    for name, grad in grads[0].items():
        torch.testing.assert_close(grads[1][name], grad, rtol=GRAD_RTOL, atol=GRAD_ATOL)


def _locate(batch: dict, ids: list[int]) -> tuple[int, int]:
    """(row, start) of an example's token run in a packed batch: the position-0 slot where it begins."""
    import torch

    want = torch.tensor(ids)
    n = len(ids)
    for row, col in (batch["position_ids"] == 0).nonzero().tolist():
        seg = batch["input_ids"][row, col : col + n]
        if len(seg) == n and torch.equal(seg, want) and int(batch["position_ids"][row, col + n - 1]) == n - 1:
            return row, col
    raise AssertionError("example not found in the packed batch")


def test_rows_are_planned_for_the_fewest_positions_not_the_fewest_rows():
    from empathic.training.packing import pack_rows

    lengths = [57, 50, 48, 45, 44]  # 244 tokens
    rows = pack_rows(lengths, max_row_tokens=256)
    width = max(sum(lengths[i] for i in r) for r in rows)
    assert len(rows) * width <= len(lengths) * max(lengths)  # never more positions than padding
    assert len(rows) * width <= 250
    # 2 rows x 400 = 800 positions (padded: 4 x 300 = 1200; one 750-token row would exceed 512).
    assert pack_rows([300, 200, 150, 100], 512) == [[0, 3], [1, 2]]
