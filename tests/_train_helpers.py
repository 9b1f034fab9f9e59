"""Shared helpers for the training tests: fixture paths and the overrides for a seconds-long run.

Tiny models and tokenizers: `tests/factories.py`."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TRAIN_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "train"
PREPARED = TRAIN_FIXTURES / "prepared"
CPU_RECIPE = REPO / "finetuning" / "configs" / "smollm2-135m-cpu.yaml"


def tiny_recipe_overrides(base: Path, out: Path, **extra: object) -> list[str]:
    """--set overrides turning the CPU recipe into a seconds-long run on `base`."""
    values = {
        "model_name_or_path": base, "output_dir": out, "data_prepared": PREPARED, "max_length": 64,
        "per_device_train_batch_size": 2, "gradient_accumulation_steps": 1, "per_device_eval_batch_size": 4,
        "warmup_steps": 0, "learning_rate": 1e-3, "logging_steps": 1, "eval_steps": 3, "save_steps": 3,
        "save_total_limit": 10, "max_eval_examples": 4, "dataloader_pin_memory": False, "max_test_examples": 4, "base_model_eval": False,
        "cpu_compile": False,  # compiling the blocks costs more than a seconds-long run saves
    }
    values.update(extra)
    return [f"{k}={v}" for k, v in values.items()]
