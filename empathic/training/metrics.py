"""What a training run measures: base and tuned held-out losses, token counts, stop rate, and the
`metrics.json` record built from them.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from empathic.io import read_json, write_json
from empathic.labels import IGNORE_INDEX
from empathic.modeling.adapters import adapter_disabled

if TYPE_CHECKING:
    from datasets import Dataset
    from transformers import TrainerCallback
    from trl import SFTTrainer

    from empathic.training.data import TrainData
    from empathic.training.recipe import Recipe

log = logging.getLogger(__name__)

HELDOUT_MEASURE = ("mean per-token cross-entropy on assistant tokens (end-of-turn included), "
                   "averaged over evaluation batches by the Trainer")


def evaluate_loss(trainer: SFTTrainer, dataset: Dataset | None, prefix: str, base: bool) -> float | None:
    """The trainer's eval loss on `dataset`, with the adapter disabled for the base model."""
    if dataset is None or len(dataset) == 0:
        return None
    with adapter_disabled(trainer.model) if base else nullcontext():
        metrics = trainer.evaluate(eval_dataset=dataset, metric_key_prefix=prefix)
    return float(metrics[f"{prefix}_loss"])


def base_losses(
    trainer: SFTTrainer, test: Dataset | None, saved: Path, enabled: bool, write: bool = True
) -> dict[str, float]:
    """The base model's valid/test loss, measured once per run folder (a resumed run reads `saved`;
    `write=False` on ranks other than 0, which never write the run folder)."""
    if not enabled:
        return {}
    if saved.is_file():
        return read_json(saved)
    log.info("measuring the base model's held-out loss (adapter disabled)")
    measured = (("valid_loss", evaluate_loss(trainer, trainer.eval_dataset, "base_valid", base=True)),
                ("test_loss", evaluate_loss(trainer, test, "base_test", base=True)))
    base = {k: v for k, v in measured if v is not None}
    if write:
        write_json(saved, base)
    return base


def eval_summary_callback(base: dict[str, float]) -> TrainerCallback:
    from transformers import TrainerCallback

    class EvalSummary(TrainerCallback):
        """One line per evaluation: step, epoch, eval loss and (if measured) the base model's."""

        def on_evaluate(self, args, state, control, metrics=None, **kwargs):
            if not metrics or "eval_loss" not in metrics:
                return
            line = f"eval @ step {state.global_step}/{state.max_steps} (epoch {state.epoch or 0:.2f}): loss {metrics['eval_loss']:.4f}"
            if "valid_loss" in base:
                line += f" (base model {base['valid_loss']:.4f})"
            log.info(line)

    return EvalSummary()


def versions() -> dict[str, str]:
    import importlib.metadata as md

    out = {"python": sys.version.split()[0]}
    for pkg in ("torch", "transformers", "trl", "peft", "accelerate", "datasets", "bitsandbytes"):
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            pass
    return out


def token_counts(dataset: Dataset) -> dict[str, int]:
    ids, labels = dataset["input_ids"], dataset["labels"]
    return {
        "examples": len(ids),
        "tokens": sum(len(x) for x in ids),
        "assistant_tokens": sum(sum(1 for t in row if t != IGNORE_INDEX) for row in labels),
    }


def loss_history(log_history: list[dict]) -> tuple[list[dict], list[dict]]:
    """(train, eval) losses by step from the Trainer's log history."""
    train = [{"step": e["step"], "epoch": e.get("epoch"), "loss": e["loss"]} for e in log_history if "loss" in e]
    evals = [{"step": e["step"], "epoch": e.get("epoch"), "loss": e["eval_loss"]} for e in log_history if "eval_loss" in e]
    return train, evals


def count_by(records: Sequence[dict], key: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in records:
        name = str(r.get(key) or "unknown")
        counts[name] = counts.get(name, 0) + 1
    return dict(sorted(counts.items()))


def run_metrics(recipe: Recipe, trainer: SFTTrainer, output: Any, data: TrainData, test: Dataset | None,
                base: dict[str, float], resumed_from: Path | None) -> dict[str, Any]:
    """The metrics.json record of a finished run (everything but the total runtime)."""
    import torch

    train_hist, eval_hist = loss_history(trainer.state.log_history)
    if eval_hist and eval_hist[-1]["step"] == trainer.state.global_step:
        tuned_valid = eval_hist[-1]["loss"]  # the Trainer just evaluated the final weights
    else:
        tuned_valid = evaluate_loss(trainer, trainer.eval_dataset, "final_valid", base=False)
    tuned_test = evaluate_loss(trainer, test, "final_test", base=False)
    held_split = "test" if test is not None else "valid"
    t, records = recipe.training, data.records
    metrics: dict[str, Any] = {
        "base_model": recipe.model.model_name_or_path,
        "run_dir": str(recipe.run_dir),
        "train": {
            "global_step": trainer.state.global_step,
            "epochs": trainer.state.epoch,
            "runtime_s": output.metrics.get("train_runtime"),
            "final_loss": train_hist[-1]["loss"] if train_hist else None,
            "mean_loss": output.metrics.get("train_loss"),
            "losses": train_hist,
        },
        "eval": {"losses": eval_hist, "final_loss": tuned_valid, "base_loss": base.get("valid_loss")},
        "heldout": {
            "split": held_split,
            "examples": len(records[held_split]),
            "base_loss": base.get(f"{held_split}_loss"),
            "tuned_loss": tuned_test if held_split == "test" else tuned_valid,
            "measure": HELDOUT_MEASURE,
        },
        "tokens": {
            "train_per_epoch": token_counts(trainer.train_dataset),
            "seen_by_trainer": getattr(trainer, "_total_train_tokens", None),
        },
        "data": {
            "folder": str(data.folder),
            "train_by_source": count_by(records["train"], "source"),
            "valid": len(records["valid"]),
            "test": len(records["test"]),
        },
        "effective_batch": t.per_device_train_batch_size * t.gradient_accumulation_steps * max(1, t.world_size),
        "device": "cuda" if torch.cuda.is_available() else "cpu",
        "machine": recipe.machine.name,
        "notes": list(recipe.notes),
        "resumed_from": resumed_from.name if resumed_from else None,
        "versions": versions(),
    }
    if recipe.heads.enabled:
        metrics["heads"] = {**recipe.heads.to_dict(), "mix_probabilities": getattr(trainer, "mix_probabilities", {})}
    if recipe.script.stop_eval_prompts > 0:
        metrics["stop_rate"] = stop_rate(trainer.model, trainer.processing_class, records, recipe)
    return metrics


def stop_rate(model: Any, tokenizer: Any, records: dict[str, list[dict]], recipe: Recipe) -> dict[str, Any]:
    """How often base and tuned replies to held-out prompts end by themselves within the budget."""
    from empathic.chat.compare import base_and_tuned_replies, prompt_messages, stop_fraction

    script = recipe.script
    source = records["test"] or records["valid"]
    prompts = [prompt_messages(r["messages"]) for r in source[: script.stop_eval_prompts]]
    prompts = [p for p in prompts if p and p[-1]["role"] == "user"]
    log.info("generating base and tuned replies to %d held-out prompts (stop rate)", len(prompts))
    started = time.perf_counter()
    base, tuned = base_and_tuned_replies(model, tokenizer, prompts, script.stop_eval_max_new_tokens, strict=True)
    return {
        "seconds": time.perf_counter() - started,
        "n": len(prompts),
        "measure": "greedy decoding; stopped = the model emitted its end-of-turn token or EOS within the budget",
        "max_new_tokens": script.stop_eval_max_new_tokens,
        "base": stop_fraction(base),
        "tuned": stop_fraction(tuned),
        "base_mean_new_tokens": sum(r.new_tokens for r in base) / max(1, len(base)),
        "tuned_mean_new_tokens": sum(r.new_tokens for r in tuned) / max(1, len(tuned)),
    }
