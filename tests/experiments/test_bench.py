"""The benchmarks run and report sane fields on a tiny random model; the label-only LM head keeps the loss."""

from __future__ import annotations

import math
import os

import pytest
from _train_helpers import CPU_RECIPE, PREPARED, tiny_recipe_overrides
from factories import save_tiny_model, smollm2_tokenizer

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory):
    return save_tiny_model(smollm2_tokenizer(), tmp_path_factory.mktemp("bench") / "tiny")


def _batch(tokenizer, n: int = 3):
    """A padded batch with assistant-only labels from the training fixtures."""
    import json

    import torch

    from empathic.modeling.templates import tokenize_for_training

    rows = [json.loads(line) for line in (PREPARED / "train.jsonl").read_text().splitlines()[:n]]
    encoded = [tokenize_for_training(tokenizer, row["messages"], 64) for row in rows]
    width = max(len(e["input_ids"]) for e in encoded)
    ids = torch.full((n, width), tokenizer.pad_token_id)
    labels = torch.full((n, width), -100)
    mask = torch.zeros((n, width), dtype=torch.long)
    for i, e in enumerate(encoded):  # right padding, like TRL's collator
        k = len(e["input_ids"])
        ids[i, :k], labels[i, :k], mask[i, :k] = torch.tensor(e["input_ids"]), torch.tensor(e["labels"]), 1
    return {"input_ids": ids, "attention_mask": mask, "labels": labels}


def test_label_only_lm_head_gives_the_same_loss_and_gradients(tiny_base, tmp_path):
    import torch
    from peft import LoraConfig
    from trl import SFTConfig, SFTTrainer

    from empathic.modeling.loading import load_model, load_tokenizer
    from empathic.training.speed import FastSFTTrainer

    tokenizer = load_tokenizer(tiny_base)
    batch = _batch(tokenizer)
    assert (batch["labels"] == -100).any() and (batch["labels"] != -100).any()
    results = []
    for cls in (SFTTrainer, FastSFTTrainer):
        torch.manual_seed(0)
        args = SFTConfig(output_dir=str(tmp_path / cls.__name__), report_to="none", bf16=False, max_length=64,
                         activation_checkpointing=False, use_cpu=True)
        from datasets import Dataset

        trainer = cls(model=load_model(tiny_base), args=args, processing_class=tokenizer,
                      train_dataset=Dataset.from_list([{"messages": [{"role": "user", "content": "hi"},
                                                                      {"role": "assistant", "content": "hello"}]}]),
                      peft_config=LoraConfig(r=4, target_modules=["q_proj", "v_proj"], init_lora_weights=False))
        trainer.model.train()
        n_items = int((batch["labels"][:, 1:] != -100).sum())
        loss = trainer.compute_loss(trainer.model, dict(batch), num_items_in_batch=n_items)
        loss.backward()
        grads = {n: p.grad.clone() for n, p in trainer.model.named_parameters() if p.requires_grad}
        # Reference: full logits from the plain forward, cross-entropy on the labelled positions.
        with torch.no_grad():
            logits = trainer.model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
            ref = torch.nn.functional.cross_entropy(logits[:, :-1].reshape(-1, logits.size(-1)).float(),
                                                    batch["labels"][:, 1:].reshape(-1), reduction="sum") / n_items
        results.append((float(loss), float(ref), grads))
    (base_loss, base_ref, base_grads), (fast_loss, fast_ref, fast_grads) = results
    assert base_ref == pytest.approx(fast_ref, rel=1e-6)  # same model and LoRA init in both
    assert fast_loss == pytest.approx(fast_ref, rel=1e-5)
    assert fast_loss == pytest.approx(base_loss, rel=1e-5)
    for name, grad in base_grads.items():
        torch.testing.assert_close(fast_grads[name], grad, rtol=1e-4, atol=1e-6)


def test_apply_speedups_sets_cpu_options():
    from trl import SFTConfig

    from empathic.training.speed import apply_speedups

    args = SFTConfig(output_dir="unused", report_to="none", bf16=False, activation_checkpointing=True)
    tuned, notes = apply_speedups(args, bf16=True)
    assert tuned.activation_checkpointing is False and tuned.bf16 and tuned.use_cpu
    assert args.activation_checkpointing and not args.bf16  # the input is not changed
    assert any("checkpointing" in n for n in notes)


def test_bench_train_reports_sane_fields(tiny_base, tmp_path, one_thread):
    from empathic.experiments.bench.train import bench_train

    overrides = tiny_recipe_overrides(tiny_base, tmp_path / "run", gradient_accumulation_steps=1)
    result = bench_train(str(CPU_RECIPE), overrides, steps=2, data=str(PREPARED), eval_examples=2)
    assert len(result["runs"]) == 2
    for arm in result["runs"]:
        for key in ("supervised_tokens_per_s", "seconds_per_step", "peak_rss_mb", "mfu", "heldout_loss"):
            assert math.isfinite(arm[key]) and arm[key] > 0, (arm["name"], key)
        assert arm["steps"] == 2 and arm["supervised_tokens"] > 0
    # The timed pass holds the same examples in every arm, whatever order its sampler chose.
    assert result["runs"][0]["supervised_tokens"] == result["runs"][1]["supervised_tokens"]
    assert math.isfinite(result["ratio_tokens_per_s"]) and result["ratio_tokens_per_s"] > 0
    assert math.isfinite(result["heldout_loss_rel_diff"])


def test_bench_generate_reports_sane_fields(tiny_base, one_thread):
    from empathic.experiments.bench.generate import bench_generate

    result = bench_generate(str(tiny_base), PREPARED, n_prompts=3, max_new_tokens=4, batch_sizes=[1, 2],
                            loops=("continuous", "generate"))
    assert result["sequential"]["tokens_per_s"] > 0
    for key in ("batched", "batched_generate"):
        assert set(result[key]) == {"1", "2"}
        for row in result[key].values():
            assert row["tokens_per_s"] > 0 and row["identical_greedy_share"] == 1.0  # greedy: same replies
    assert result["interactive"]["time_to_first_token_s"] > 0


def test_bench_sample_times_both_loops_on_the_same_sampled_workload(tiny_base, one_thread):
    from empathic.experiments.bench.sample import bench_sample

    result = bench_sample(None, PREPARED, base=str(tiny_base), n_prompts=2, samples=3, max_new_tokens=4,
                          temperature=0.8, top_p=0.95, batch_size=4, repeats=2)
    assert result["replies"] == 6
    for loop in ("generate", "continuous"):
        runs = result[loop]["runs"]
        assert len(runs) == 2 and result[loop]["replies_per_s_median"] > 0
        assert all(0 < r["new_tokens"] <= 6 * 4 and 0.0 <= r["stopped_share"] <= 1.0 for r in runs)
    assert len(result["speedup_continuous_vs_generate"]) == 2


def test_bench_sample_refuses_greedy_settings(tiny_base):
    from empathic.errors import UserError
    from empathic.experiments.bench.sample import bench_sample

    with pytest.raises(UserError, match="temperature above 0"):
        bench_sample(None, PREPARED, base=str(tiny_base), n_prompts=1, samples=1, max_new_tokens=2,
                     temperature=0.0, top_p=1.0, batch_size=1, repeats=1)


def test_bench_train_rejects_an_unknown_arm_before_training(tiny_base, tmp_path):
    from empathic.errors import UserError
    from empathic.experiments.bench.train import bench_train

    overrides = tiny_recipe_overrides(tiny_base, tmp_path / "run")
    with pytest.raises(UserError, match="unknown arm 'projcet'"):
        bench_train(str(CPU_RECIPE), overrides, steps=2, data=str(PREPARED), eval_examples=2, arms=["projcet"])


def test_bench_train_packed_arm_runs_fewer_positions_and_reports_both_mfu_rules(tiny_base, tmp_path, one_thread):
    from empathic.experiments.bench.train import bench_train

    overrides = tiny_recipe_overrides(tiny_base, tmp_path / "run", gradient_accumulation_steps=1,
                                      per_device_train_batch_size=4, max_length=128)
    result = bench_train(str(CPU_RECIPE), overrides, steps=2, data=str(PREPARED), eval_examples=2,
                         arms=["project-padded", "project"])
    padded, packed = result["runs"]
    assert not padded["settings"]["packed"] and packed["settings"]["packed"]
    # Same examples, same real and supervised tokens; packing only removes positions.
    assert packed["supervised_tokens"] == padded["supervised_tokens"]
    assert packed["processed_tokens"] == padded["processed_tokens"]
    assert packed["processed_tokens"] <= packed["padded_tokens"] < padded["padded_tokens"]
    for arm in result["runs"]:
        assert arm["mfu_4n"] == pytest.approx(arm["mfu"] * 4 / 6)
        assert arm["mfu_4n_model_shape"] > 0
    assert {"fp32", "bf16"} <= set(result["matmul_peak_gflops"])
