"""Adapters written by `empathic train` are folders vLLM's LoRA loader accepts (checked without vLLM)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from empathic.serve.vllm import VLLM_DEFAULT_MAX_LORA_RANK, VLLM_LORA_TARGETS, adapter_problems, vllm_command

REPO = Path(__file__).resolve().parents[2]
CPU_RECIPE = REPO / "finetuning" / "configs" / "smollm2-135m-cpu.yaml"
RECIPES = sorted(p for p in CPU_RECIPE.parent.glob("*.yaml") if "lora_r" in yaml.safe_load(p.read_text()))
PREPARED = REPO / "tests" / "fixtures" / "train" / "prepared"


def tiny_base(folder: Path) -> Path:
    """A random 2-layer Llama with the real SmolLM2 tokenizer: the CPU recipe's architecture, in miniature."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    from empathic.modeling.loading import load_tokenizer, offline_default_model

    tokenizer = load_tokenizer(offline_default_model(), training_template=False)
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512,
                         tie_word_embeddings=True, bos_token_id=tokenizer.bos_token_id,
                         eos_token_id=tokenizer.eos_token_id)
    LlamaForCausalLM(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def trained_adapter(tmp_path_factory) -> Path:
    """One real `empathic train` step of the CPU recipe on a tiny random Llama."""
    import torch

    from empathic.cli import main

    root = tmp_path_factory.mktemp("vllm")
    base, run = tiny_base(root / "base"), root / "run"
    sets = {
        "model_name_or_path": base, "output_dir": run, "data_prepared": PREPARED, "max_length": 64, "max_steps": 1,
        "per_device_train_batch_size": 2, "gradient_accumulation_steps": 1, "per_device_eval_batch_size": 4,
        "warmup_steps": 0, "logging_steps": 1, "eval_steps": 1, "save_steps": 1, "max_eval_examples": 2,
        "max_test_examples": 2, "dataloader_pin_memory": False, "base_model_eval": False,
    }
    argv = ["train", "--config", str(CPU_RECIPE)] + [a for k, v in sets.items() for a in ("--set", f"{k}={v}")]
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a tiny run gains nothing from a second thread on a shared machine
    try:
        assert main(argv) == 0
    finally:
        torch.set_num_threads(threads)
    return run


@pytest.mark.slow
def test_a_trained_run_folder_is_an_adapter_vllm_accepts(trained_adapter):
    assert adapter_problems(trained_adapter) == []
    config = json.loads((trained_adapter / "adapter_config.json").read_text())
    assert not config.get("modules_to_save") and config["r"] <= VLLM_DEFAULT_MAX_LORA_RANK


@pytest.mark.parametrize("recipe", RECIPES, ids=lambda p: p.stem)
def test_every_recipe_trains_ranks_and_layers_vllm_supports(recipe):
    values = yaml.safe_load(recipe.read_text())
    assert values["lora_r"] <= VLLM_DEFAULT_MAX_LORA_RANK
    assert set(values["lora_target_modules"]) <= VLLM_LORA_TARGETS


@pytest.mark.slow
@pytest.mark.parametrize("change, problem", [
    ({"modules_to_save": ["lm_head"]}, "modules_to_save"),
    ({"r": 64}, "--max-lora-rank 64"),
    ({"use_dora": True}, "DoRA"),
    ({"bias": "lora_only"}, "bias"),
    ({"target_modules": ["q_proj", "embed_tokens"]}, "embed_tokens"),
])
def test_what_vllm_refuses_is_reported(trained_adapter, tmp_path, change, problem):
    folder = tmp_path / "adapter"
    folder.mkdir()
    (folder / "adapter_model.safetensors").write_bytes((trained_adapter / "adapter_model.safetensors").read_bytes())
    config = json.loads((trained_adapter / "adapter_config.json").read_text()) | change
    (folder / "adapter_config.json").write_text(json.dumps(config))
    problems = adapter_problems(folder)
    assert len(problems) == 1 and problem in problems[0]


def test_the_documented_command_names_the_adapter_and_rank():
    line = vllm_command("HuggingFaceTB/SmolLM2-135M-Instruct", "runs/demo", "empathic")
    assert line.startswith("vllm serve HuggingFaceTB/SmolLM2-135M-Instruct --enable-lora")
    assert "--lora-modules empathic=runs/demo" in line and "--max-lora-rank 16" in line
