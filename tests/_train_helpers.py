"""Shared helpers for the training tests: a tiny random Llama with the real SmolLM2 tokenizer."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TRAIN_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "train"
PREPARED = TRAIN_FIXTURES / "prepared"
CPU_RECIPE = REPO / "finetuning" / "configs" / "smollm2-135m-cpu.yaml"


def make_tiny_base(folder: Path, hidden: int = 64, layers: int = 2, seed: int = 0) -> Path:
    """A random LlamaForCausalLM saved with the real SmolLM2 tokenizer (ChatML template, real vocab)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, LlamaConfig

    from empathic.modeling.loading import DEFAULT_BASE, resolve_model

    tokenizer = AutoTokenizer.from_pretrained(resolve_model(DEFAULT_BASE))
    torch.manual_seed(seed)
    config = LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=hidden, intermediate_size=2 * hidden, num_hidden_layers=layers,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512, tie_word_embeddings=True,
        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
    )
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def tiny_recipe_overrides(base: Path, out: Path, **extra: object) -> list[str]:
    """--set overrides turning the CPU recipe into a seconds-long run on `base`."""
    values = {
        "model_name_or_path": base, "output_dir": out, "data_prepared": PREPARED, "max_length": 64,
        "per_device_train_batch_size": 2, "gradient_accumulation_steps": 1, "per_device_eval_batch_size": 4,
        "warmup_steps": 0, "learning_rate": 1e-3, "logging_steps": 1, "eval_steps": 3, "save_steps": 3,
        "save_total_limit": 10, "max_eval_examples": 4, "dataloader_pin_memory": False, "max_test_examples": 4, "base_model_eval": False,
    }
    values.update(extra)
    return [f"{k}={v}" for k, v in values.items()]


@contextmanager
def one_thread():
    """Train on one CPU thread: tiny runs gain nothing from a second one, and on a busy machine two
    OpenMP threads spin-wait for each other (a 2-step SmolLM2 run measured 197 s vs 20 s at load 12)."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)
