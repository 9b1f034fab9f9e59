"""`empathic train` end to end: LoRA/QLoRA SFT with TRL's SFTTrainer from a built Recipe.

The shape follows TRL's own `trl/scripts/sft.py`: recipe -> model + tokenizer -> dataset ->
SFTTrainer(peft_config=get_peft_config(...)) -> train -> save. What this adds: loss only on
assistant tokens (end-of-turn included) through templates with generation markers, base-vs-tuned
held-out loss, crash-safe resume, and a run folder that documents itself.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from empathic.errors import UserError
from empathic.io import read_json, write_json, write_text

# Kept importable from here for experiments/ until it calls empathic.training.{data,trainer} directly.
from empathic.training.data import chat_messages as chat_messages
from empathic.training.data import data_folder as data_folder
from empathic.training.data import load_splits as load_splits
from empathic.training.data import to_dataset as to_dataset
from empathic.training.run_folder import (
    RunFolder,
    Start,
    abandon_start,
    commit_start,
    finish_run,
    plan_start,
    raise_failed_start,
)
from empathic.training.trainer import load_training_model as load_training_model
from empathic.training.trainer import require_trainable

if TYPE_CHECKING:
    from empathic.training.recipe import Recipe


@dataclass
class RunResult:
    run_dir: Path
    metrics: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    finished_before: bool = False  # --resume on a run that had already finished: nothing was trained

    def summary_lines(self) -> list[str]:
        if self.finished_before:
            return list(self.notes)
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
    """Run one recipe end to end and write the run folder; returns its metrics.

    Order matters for what a failure leaves behind: every check, the data, the model and the trainer
    come first (a failed start leaves the folder as it was); then the folder changes (an --overwrite
    moves the old run aside); the COMPLETE marker is written last, and only then is the old run deleted.
    """
    from empathic.durable import run_lock
    from empathic.training.validate import check_values

    check_values(recipe)
    require_trainable(recipe)
    run = recipe.run_folder
    if run.path.exists() and not run.path.is_dir():
        raise UserError(f"output_dir {run.path} is a file; set output_dir to a folder")
    writer = is_main_process()
    # The lock first: another writer may be changing the folder we are about to judge. Other ranks of
    # a multi-process run (accelerate) neither lock nor write: rank 0 owns the run folder.
    with run_lock(run.path) if writer else contextlib.nullcontext():
        start = plan_start(recipe, resume, overwrite)
        if writer and run.replaced.exists() and run.is_finished():
            import shutil

            shutil.rmtree(run.replaced)  # a kill after the new run's COMPLETE, before this clean-up
        if start.finished:
            return _already_finished(run)
        return _train_locked(recipe, start, resume, writer)


def is_main_process() -> bool:
    """Rank 0 of a torchrun/accelerate launch, or a plain single process."""
    return int(os.environ.get("RANK", "0")) == 0


def _already_finished(run: RunFolder) -> RunResult:
    metrics = read_json(run.metrics) if run.metrics.is_file() else {}
    return RunResult(run.path, metrics, [f"{run.path} already finished; nothing to resume "
                                         "(pass --overwrite to train it again)"], finished_before=True)


def _train_locked(recipe: Recipe, start: Start, resume: bool, writer: bool) -> RunResult:
    from transformers import set_seed

    from empathic.modeling.loading import load_tokenizer
    from empathic.training.data import load_training_data
    from empathic.training.metrics import base_losses, eval_summary_callback, run_metrics
    from empathic.training.publish import plot_losses, write_model_card
    from empathic.training.trainer import build_trainer, heldout_dataset
    from empathic.training.validate import check_target_modules

    started = time.perf_counter()
    run = recipe.run_folder
    existed = run.path.exists()
    before: list[str] | None = None
    try:
        set_seed(recipe.training.seed)
        tokenizer = load_tokenizer(recipe.model.model_name_or_path, family=recipe.script.chat_template_family)
        data = load_training_data(recipe, tokenizer, resume, stage=True)
        model = load_training_model(recipe)
        check_target_modules(recipe, model)
        trainer = build_trainer(recipe, model, tokenizer, data.records["train"], data.records["valid"],
                                classification_rows=data.classification)
        test = heldout_dataset(trainer, recipe, data.records["test"])
        # Start-up is over: from here on the run folder changes.
        if writer:
            before = commit_start(run, start)
            if data.folder == run.staged_data():
                data = replace(data, folder=_move_into(data.folder, run.data))
            write_text(run.config, recipe.to_yaml())
        base = base_losses(trainer, test, run.base_metrics, enabled=recipe.script.base_model_eval, write=writer)
        trainer.add_callback(eval_summary_callback(base))
        output = trainer.train(resume_from_checkpoint=str(start.checkpoint) if start.checkpoint else None)
        if trainer.state.global_step == 0:
            raise UserError("the run trained 0 steps (no batches: check max_steps, num_train_epochs and the data "
                            "size); nothing was saved")
        trainer.save_model(str(run.path))  # adapter (safetensors) + tokenizer with the training template
        metrics = run_metrics(recipe, trainer, output, data, test, base, start.checkpoint)
        metrics["runtime_s"] = time.perf_counter() - started
        if writer:
            plot_losses(metrics["train"]["losses"], metrics["eval"]["losses"], run.loss_curve,
                        base_eval_loss=base.get("valid_loss"))
            write_model_card(run.path, recipe, metrics)
            write_json(run.metrics, metrics)
            finish_run(run, global_step=trainer.state.global_step)  # COMPLETE, last; then the replaced run goes
        else:
            _clean_failed(run, start, None, True)  # only its own staged data copy, if any
    except BaseException as err:
        _clean_failed(run, start, before, existed or not writer)  # only rank 0 may remove the folder
        if not writer:
            raise
        raise_failed_start(err, abandon_start(run, start, before))
    return RunResult(run.path, metrics, list(recipe.notes))


def _clean_failed(run: RunFolder, start: Start, before: list[str] | None, existed: bool) -> None:
    """Remove what start-up made before the commit: staged data, the empty folder the Trainer creates."""
    import shutil

    shutil.rmtree(run.staged_data(), ignore_errors=True)
    if before is None and not existed and run.path.is_dir() and not any(run.path.iterdir()):
        run.path.rmdir()


def _move_into(staged: Path, final: Path) -> Path:
    import os
    import shutil

    if final.exists():
        shutil.rmtree(final)
    os.rename(staged, final)
    return final
