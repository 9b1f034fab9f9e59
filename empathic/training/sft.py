"""`empathic train` end to end: LoRA/QLoRA SFT with TRL's SFTTrainer from a built Recipe.

The shape follows TRL's own `trl/scripts/sft.py`: recipe -> model + tokenizer -> dataset ->
SFTTrainer(peft_config=get_peft_config(...)) -> train -> save. What this adds: loss only on
assistant tokens (end-of-turn included) through templates with generation markers, base-vs-tuned
held-out loss, crash-safe resume, and a run folder that documents itself.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from empathic.errors import UserError
from empathic.io import write_json, write_text

# Kept importable from here for experiments/ until it calls empathic.training.{data,trainer} directly.
from empathic.training.data import chat_messages as chat_messages
from empathic.training.data import data_folder as data_folder
from empathic.training.data import load_splits as load_splits
from empathic.training.data import to_dataset as to_dataset
from empathic.training.run_folder import prepare_run_dir
from empathic.training.trainer import load_training_model as load_training_model

if TYPE_CHECKING:
    from empathic.training.recipe import Recipe


@dataclass
class RunResult:
    run_dir: Path
    metrics: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        m, out = self.metrics, []
        held = m.get("heldout", {})
        if held.get("tuned_loss") is not None:
            base = held.get("base_loss")
            delta = f" (base model {base:.4f})" if base is not None else ""
            out.append(f"held-out {held['split']} loss on assistant tokens: {held['tuned_loss']:.4f}{delta}")
        stop = m.get("stop_rate")
        if stop:
            out.append(
                f"replies that stop by themselves ({stop['n']} prompts, <= {stop['max_new_tokens']} new tokens): "
                f"base {stop['base']:.0%}, tuned {stop['tuned']:.0%}"
            )
        out.append(f"steps {m['train']['global_step']}, training time {m['train']['runtime_s']:.0f}s")
        return out


def train(recipe: Recipe, *, resume: bool = False, overwrite: bool = False) -> RunResult:
    """Run one recipe end to end and write the run folder; returns its metrics."""
    from transformers import set_seed

    from empathic.modeling.loading import load_tokenizer
    from empathic.training.data import load_training_data
    from empathic.training.metrics import base_losses, eval_summary_callback, run_metrics
    from empathic.training.publish import plot_losses, write_model_card
    from empathic.training.trainer import build_trainer, heldout_dataset, require_trainable

    started = time.perf_counter()
    require_trainable(recipe)
    checkpoint = prepare_run_dir(recipe, resume, overwrite)
    run = recipe.run_folder
    write_text(run.config, recipe.to_yaml())
    set_seed(recipe.training.seed)
    tokenizer = load_tokenizer(recipe.model.model_name_or_path, family=recipe.script.chat_template_family)
    data = load_training_data(recipe, tokenizer, resume)
    model = load_training_model(recipe)
    trainer = build_trainer(recipe, model, tokenizer, data.records["train"], data.records["valid"],
                            classification_rows=data.classification)
    test = heldout_dataset(trainer, recipe, data.records["test"])
    base = base_losses(trainer, test, run.base_metrics, enabled=recipe.script.base_model_eval)
    trainer.add_callback(eval_summary_callback(base))
    try:
        output = trainer.train(resume_from_checkpoint=str(checkpoint) if checkpoint else None)
    except KeyboardInterrupt:
        last = run.last_complete_checkpoint()
        hint = f"; continue with --resume (from {last.name})" if last else ""
        raise UserError(f"training interrupted{hint}") from None
    trainer.save_model(str(run.path))  # adapter (safetensors) + tokenizer with the training template

    metrics = run_metrics(recipe, trainer, output, data, test, base, checkpoint)
    metrics["runtime_s"] = time.perf_counter() - started
    write_json(run.metrics, metrics)
    plot_losses(metrics["train"]["losses"], metrics["eval"]["losses"], run.loss_curve,
                base_eval_loss=base.get("valid_loss"))
    write_model_card(run.path, recipe, metrics)
    return RunResult(run.path, metrics, list(recipe.notes))
