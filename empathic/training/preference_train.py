"""`empathic train` on a preference recipe (`stage: dpo`): TRL's DPOTrainer continuing an SFT LoRA adapter.

The run folder has the SFT run's guarantees (empathic.training.run_folder): one writer (run lock),
--overwrite keeps the previous finished run until the new one has finished, everything is checked and
loaded (pairs, model, reference log-probabilities) before the folder changes, and the COMPLETE marker
is written last; a failure or an interrupt leaves the previous complete run, or nothing. What it holds:
the trained adapter alone (not TRL's frozen "ref" copy), the start adapter's tokenizer and chat
template, config.yaml (the resolved recipe) and metrics.json (TRL's DPO log history).
"""

from __future__ import annotations

import logging
import os
import shutil
import time
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from empathic.errors import UserError
from empathic.io import read_json, write_json, write_text
from empathic.training.run_folder import (
    RunFolder,
    Start,
    abandon_start,
    commit_start,
    finish_run,
    plan_start,
    raise_failed_start,
)
from empathic.training.sft import RunResult

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerBase, TrainerCallback
    from trl import DPOTrainer

    from empathic.training.preference import PreferenceRecipe

log = logging.getLogger(__name__)

TRAINED_ADAPTER = "default"  # PEFT's name for the loaded start adapter; TRL's frozen copy is "ref"
REFERENCE_ADAPTER = "ref"
# What metrics.json keeps from each logged step of TRL's DPO log.
LOGGED = ("step", "epoch", "loss", "rewards/chosen", "rewards/rejected", "rewards/margins", "rewards/accuracies",
          "logps/chosen", "logps/rejected", "learning_rate", "grad_norm", "entropy")


def train_preference(
    recipe: PreferenceRecipe,
    *,
    resume: bool = False,
    overwrite: bool = False,
    callbacks: Sequence[TrainerCallback] = (),
) -> RunResult:
    """Run one preference recipe end to end and write the run folder; returns its metrics.

    `--resume` only reports a finished run: a preference run keeps no checkpoints, so an unfinished
    one starts again (--overwrite). `callbacks` go to the Trainer (tests interrupt a run with one).
    """
    from empathic.durable import run_lock
    from empathic.training.validate import check_values

    check_values(recipe)  # the SFT recipe's ranges (batch sizes, lr, steps/epochs...), same keys
    if int(os.environ.get("WORLD_SIZE", "1")) > 1:
        raise UserError("the preference stage runs in one process (it is short); launch `empathic train` "
                        "without torchrun/accelerate for a stage: dpo recipe")
    run = recipe.run_folder
    if run.path.exists() and not run.path.is_dir():
        raise UserError(f"output_dir {run.path} is a file; set output_dir to a folder")
    with run_lock(run.path):
        if resume and not overwrite:
            if run.is_finished():
                return _already_finished(run)
            raise UserError(f"--resume: a preference run keeps no checkpoints, so {run.path} cannot be continued; "
                            "start it again with --overwrite")
        start = plan_start(recipe, resume, overwrite)  # type: ignore[arg-type]  (reads only .run_folder)
        if run.replaced.exists() and run.is_finished():
            shutil.rmtree(run.replaced)  # a kill after the new run's COMPLETE, before this clean-up
        return _train_locked(recipe, start, callbacks)


def _already_finished(run: RunFolder) -> RunResult:
    metrics = read_json(run.metrics) if run.metrics.is_file() else {}
    return RunResult(run.path, metrics, [f"{run.path} already finished; nothing to resume "
                                         "(pass --overwrite to train it again)"], finished_before=True)


def load_policy(recipe: PreferenceRecipe) -> Any:
    """The base model as the recipe asks (dtype, 4-bit via TRL's helper) with the start adapter, trainable."""
    from peft import PeftModel

    from empathic.training.trainer import load_training_model

    model = load_training_model(recipe)  # type: ignore[arg-type]  (reads .model and .training)
    try:
        with warnings.catch_warnings():
            # PEFT asks `is_gradient_checkpointing`, which transformers 5 deprecates (as empathic.modeling.loading).
            warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*", category=FutureWarning)
            return PeftModel.from_pretrained(model, str(recipe.start), adapter_name=TRAINED_ADAPTER,
                                             is_trainable=True)
    except (RuntimeError, ValueError, KeyError) as err:
        first = (str(err).strip().splitlines() or [type(err).__name__])[0][:160]
        raise UserError(f"start_adapter {recipe.start} does not fit {recipe.model.model_name_or_path} ({first}); "
                        "set model_name_or_path to the base it was trained on, or remove it") from None


def build_preference_trainer(
    recipe: PreferenceRecipe,
    tokenizer: PreTrainedTokenizerBase,
    pairs: list[dict[str, Any]],
    callbacks: Sequence[TrainerCallback] = (),
) -> DPOTrainer:
    """DPOTrainer over `pairs`, the start adapter trained, its frozen copy the reference.

    With a PeftModel and no ref_model, TRL copies the loaded adapter into a "ref" adapter; with
    precompute_ref_log_probs it scores every pair with it here, before training.
    """
    from datasets import Dataset
    from trl import DPOTrainer

    from empathic.training.trainer import keep_adapter_fp32
    from empathic.training.watchdog import NonFiniteLossWatchdog

    model = load_policy(recipe)
    trainer = DPOTrainer(model=model, args=recipe.training, train_dataset=Dataset.from_list(pairs),
                         processing_class=tokenizer, callbacks=list(callbacks) or None)
    if REFERENCE_ADAPTER not in trainer.model.peft_config:
        raise UserError(f"TRL made no frozen reference copy of start_adapter {recipe.start} (its LoRA config "
                        "uses target_parameters, which this PEFT version cannot copy); upgrade peft")
    if len(trainer.train_dataset) == 0:
        raise UserError(f"no pair fits max_length={recipe.training.max_length} (every prompt fills it); "
                        "raise max_length or shorten the prompts")
    if recipe.model.load_in_4bit and recipe.training.fp16:
        keep_adapter_fp32(trainer.model)
    trainer.add_callback(NonFiniteLossWatchdog())
    return trainer


def _train_locked(recipe: PreferenceRecipe, start: Start, callbacks: Sequence[TrainerCallback]) -> RunResult:
    from transformers import set_seed

    from empathic.modeling.loading import load_tokenizer
    from empathic.modeling.templates import detect_family
    from empathic.training.preference_card import write_preference_card
    from empathic.training.preference_data import load_pairs

    started = time.perf_counter()
    run = recipe.run_folder
    existed = run.path.exists()
    before: list[str] | None = None
    try:
        set_seed(recipe.training.seed)
        tokenizer = load_tokenizer(recipe.start)  # the SFT run's tokenizer and training template
        family = detect_family(tokenizer)  # the family the SFT stage rendered with
        pairs = load_pairs(recipe.pair_files, recipe.script.max_pairs, recipe.training.seed, family,
                           recipe.script.system_prompt)
        log.info("%d preference pairs from %s", len(pairs), ", ".join(str(p) for p in recipe.pair_files))
        trainer = build_preference_trainer(recipe, tokenizer, pairs, callbacks)
        # Start-up is over (the reference log-probs are computed): from here on the run folder changes.
        before = commit_start(run, start)
        write_text(run.config, recipe.to_yaml())
        output = trainer.train()
        if trainer.state.global_step == 0:
            raise UserError("the run trained 0 steps (check max_steps, num_train_epochs and the number of pairs); "
                            "nothing was saved")
        trainer.model.save_pretrained(str(run.path), selected_adapters=[TRAINED_ADAPTER])
        tokenizer.save_pretrained(str(run.path))
        metrics = preference_metrics(recipe, trainer, output, pairs)
        metrics["runtime_s"] = time.perf_counter() - started
        write_preference_card(run.path, recipe, metrics)  # replaces PEFT's placeholder README
        write_json(run.metrics, metrics)
        finish_run(run, global_step=trainer.state.global_step)  # COMPLETE, last; then the replaced run goes
    except BaseException as err:
        if before is None and not existed and run.path.is_dir() and not any(run.path.iterdir()):
            run.path.rmdir()  # the empty folder the Trainer may create during start-up
        raise_failed_start(err, abandon_start(run, start, before))
    return RunResult(run.path, metrics, list(recipe.notes))


def preference_metrics(recipe: PreferenceRecipe, trainer: DPOTrainer, output: Any,
                       pairs: list[dict[str, Any]]) -> dict[str, Any]:
    """The metrics.json record of a finished preference run (everything but the total runtime)."""
    import torch

    from empathic.training.metrics import versions

    history = [{k: e[k] for k in LOGGED if k in e} for e in trainer.state.log_history if "loss" in e]
    t = recipe.training
    return {
        "stage": "dpo",
        "base_model": recipe.model.model_name_or_path,
        "start_adapter": str(recipe.start),
        "run_dir": str(recipe.run_dir),
        "pairs": {
            "files": [str(p) for p in recipe.pair_files],
            "used": len(pairs),
            "trained": len(trainer.train_dataset),  # TRL drops pairs whose prompt alone fills max_length
        },
        "loss": {"types": list(t.loss_type), "weights": list(trainer.loss_weights), "beta": t.beta,
                 "reference": f"start_adapter, frozen ({'precomputed' if t.precompute_ref_log_probs else 'per step'})"},
        "train": {
            "global_step": trainer.state.global_step,
            "epochs": trainer.state.epoch,
            "runtime_s": output.metrics.get("train_runtime"),
            "final_loss": history[-1]["loss"] if history else None,
            "mean_loss": output.metrics.get("train_loss"),
            "first": history[0] if history else None,
            "last": history[-1] if history else None,
            "log": history,
        },
        "effective_batch": t.per_device_train_batch_size * t.gradient_accumulation_steps * max(1, t.world_size),
        "device": "cuda" if torch.cuda.is_available() else "cpu",
        "machine": recipe.machine.name,
        "notes": list(recipe.notes),
        "versions": versions(),
    }


def run_summary_lines(metrics: dict[str, Any]) -> list[str]:
    """What `empathic train` prints after a preference run."""
    train = metrics["train"]
    out = []
    first, last = train.get("first") or {}, train.get("last") or {}
    if "rewards/margins" in last:
        out.append(f"reward margin (chosen - rejected): {first.get('rewards/margins', 0):+.4f} at step "
                   f"{first.get('step')} -> {last['rewards/margins']:+.4f} at step {last.get('step')}; "
                   f"accuracy {last.get('rewards/accuracies', 0):.0%}")
    if "logps/chosen" in last:
        out.append(f"log-probability of the chosen replies: {first.get('logps/chosen', 0):.2f} -> {last['logps/chosen']:.2f}")
    out.append(f"steps {train['global_step']}, training time {train['runtime_s'] or 0:.0f}s")
    return out

