"""The run folder of `empathic train`: the one place that knows its file names and checkpoint rules.

Everything a run writes lives in one folder (the recipe's output_dir): the PEFT adapter, the tokenizer
with the training template, the resolved recipe, metrics, loss curve, model card, auxiliary heads,
Trainer checkpoints and, when the recipe prepares its own data, that data.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from empathic.durable import is_complete, write_complete
from empathic.durable.folders import sibling
from empathic.errors import UserError
from empathic.modeling import files

if TYPE_CHECKING:
    from empathic.training.recipe import Recipe

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunFolder:
    """A run folder's paths; the file names are class constants, so readers need no instance."""

    path: Path

    # The names a reader of adapters needs live in empathic.modeling.files (one home; modeling never imports training).
    CONFIG: ClassVar[str] = files.RUN_CONFIG  # the resolved recipe: `empathic train --config` reruns it
    ADAPTER_CONFIG: ClassVar[str] = files.ADAPTER_CONFIG
    ADAPTER_WEIGHTS: ClassVar[str] = files.ADAPTER_WEIGHTS
    TOKENIZER_CONFIG: ClassVar[str] = files.TOKENIZER_CONFIG
    METRICS: ClassVar[str] = "metrics.json"
    BASE_METRICS: ClassVar[str] = "base_metrics.json"  # the base model's losses, kept for --resume
    LOSS_CURVE: ClassVar[str] = "loss_curve.png"
    MODEL_CARD: ClassVar[str] = "README.md"
    HEADS_WEIGHTS: ClassVar[str] = files.HEADS_WEIGHTS
    HEADS_CONFIG: ClassVar[str] = files.HEADS_CONFIG
    TRAINING_ARGS: ClassVar[str] = "training_args.bin"  # pickled by the Trainer
    DATA: ClassVar[str] = "data"  # data prepared by the run itself (data_config recipes)
    CLASSIFICATION: ClassVar[str] = "classification"  # GoEmotions rows inside a prepared-data folder
    CHECKPOINT_PREFIX: ClassVar[str] = "checkpoint-"
    # Written last by transformers when it saves a checkpoint: a folder without it is a checkpoint the
    # process was killed while writing, and resuming from it would fail or lose state.
    CHECKPOINT_COMPLETE_MARKER: ClassVar[str] = "trainer_state.json"

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", Path(self.path))

    @property
    def config(self) -> Path:
        return self.path / self.CONFIG

    @property
    def adapter_config(self) -> Path:
        return self.path / self.ADAPTER_CONFIG

    @property
    def tokenizer_config(self) -> Path:
        return self.path / self.TOKENIZER_CONFIG

    @property
    def metrics(self) -> Path:
        return self.path / self.METRICS

    @property
    def base_metrics(self) -> Path:
        return self.path / self.BASE_METRICS

    @property
    def loss_curve(self) -> Path:
        return self.path / self.LOSS_CURVE

    @property
    def model_card(self) -> Path:
        return self.path / self.MODEL_CARD

    @property
    def data(self) -> Path:
        return self.path / self.DATA

    def has_adapter(self) -> bool:
        return self.adapter_config.is_file()

    def has_heads(self) -> bool:
        return (self.path / self.HEADS_WEIGHTS).is_file() and (self.path / self.HEADS_CONFIG).is_file()

    def checkpoints(self) -> list[Path]:
        """Checkpoint folders, oldest step first."""
        prefix = self.CHECKPOINT_PREFIX
        found = [p for p in self.path.glob(f"{prefix}*") if p.name[len(prefix):].isdigit()]
        return sorted(found, key=lambda p: int(p.name[len(prefix):]))

    def last_complete_checkpoint(self) -> Path | None:
        """The newest checkpoint that was fully written (a kill during saving leaves a partial one)."""
        complete = [p for p in self.checkpoints() if is_complete_checkpoint(p)]
        return complete[-1] if complete else None

    def holds_a_run(self) -> bool:
        return self.path.is_dir() and (bool(self.checkpoints()) or self.has_adapter() or self.config.is_file())

    def is_finished(self) -> bool:
        """Finished runs carry the COMPLETE marker, written last (runs from before it: metrics.json, also last)."""
        return is_complete(self.path) or (self.metrics.is_file() and self.has_adapter())

    @property
    def replaced(self) -> Path:
        """Where --overwrite keeps the previous finished run until the new one has finished."""
        folder = Path(os.path.abspath(self.path))  # "." names its folder too
        return folder.parent / f".{folder.name}.replaced"

    def staged_data(self) -> Path:
        """Where a data_config recipe prepares its data before the run folder is touched."""
        return sibling(self.path, "data")


def is_complete_checkpoint(path: Path) -> bool:
    return path.is_dir() and (path / RunFolder.CHECKPOINT_COMPLETE_MARKER).is_file()


@dataclass(frozen=True)
class Start:
    """How a run starts, decided before anything is written: from scratch, from a checkpoint, or not at all."""

    checkpoint: Path | None = None  # --resume: the last complete checkpoint
    finished: bool = False  # --resume on a finished run: nothing to do
    replace: bool = False  # --overwrite of an existing run: moved aside at commit, deleted at the end


def plan_start(recipe: Recipe, resume: bool, overwrite: bool) -> Start:
    """Check the output folder against --resume/--overwrite; writes nothing."""
    run = recipe.run_folder
    if resume and overwrite:
        raise UserError("--resume and --overwrite contradict each other; pass one (--resume continues the run, "
                        "--overwrite starts it again)")
    if run.path.exists() and not run.path.is_dir():
        raise UserError(f"output_dir {run.path} is a file; set output_dir to a folder")
    if resume:
        if run.is_finished():
            return Start(finished=True)
        checkpoint = run.last_complete_checkpoint()
        if checkpoint is None:
            raise UserError(f"--resume: no complete checkpoint in {run.path}; start the run without --resume")
        _check_same_recipe(recipe, run.config)
        return Start(checkpoint=checkpoint)
    if run.holds_a_run():
        if not overwrite:
            raise UserError(
                f"{run.path} already holds a run; pass --resume to continue it, --overwrite to start again, "
                f"or --set output_dir=ANOTHER_FOLDER"
            )
        return Start(replace=True)
    return Start()


def prepare_run_dir(recipe: Recipe, resume: bool, overwrite: bool) -> Path | None:
    """The checkpoint to resume from (None: a fresh start); UserError when the flags do not fit the folder."""
    return plan_start(recipe, resume, overwrite).checkpoint


def commit_start(run: RunFolder, start: Start) -> list[str]:
    """Start-up succeeded: now change the folder. Returns the names that were there before (to undo)."""
    if start.replace:
        if run.replaced.exists():
            # An earlier --overwrite never finished: the run kept aside is still the last finished one.
            log.info("--overwrite: removing the unfinished run in %s (the finished one stays in %s)",
                     run.path, run.replaced)
            shutil.rmtree(run.path)
        else:
            log.info("--overwrite: moving the previous run aside to %s until this one finishes", run.replaced)
            os.rename(run.path, run.replaced)
    for partial in run.checkpoints():
        if not is_complete_checkpoint(partial):
            log.warning("removing %s: it was being written when the run stopped (incomplete)", partial.name)
            shutil.rmtree(partial)
    before = sorted(p.name for p in run.path.iterdir()) if run.path.is_dir() else []
    run.path.mkdir(parents=True, exist_ok=True)
    return before


def abandon_start(run: RunFolder, start: Start, before: list[str] | None) -> str:
    """A run failed before finishing: undo what it wrote unless it left a checkpoint to resume from.

    Returns a sentence for the error message ('' when there is nothing to say)."""
    if before is None or start.checkpoint is not None:  # never committed, or a resume: keep everything
        return ""
    last = run.last_complete_checkpoint()
    if last is not None:
        kept = f"; the previous finished run stays in {run.replaced} until this one finishes" \
            if run.replaced.exists() else ""
        return f"continue with --resume (from {last.name}){kept}"
    for entry in run.path.iterdir() if run.path.is_dir() else []:
        if entry.name not in before:
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    if not before and run.path.is_dir() and not any(run.path.iterdir()):
        run.path.rmdir()
    if start.replace and run.replaced.exists():
        if run.path.exists():
            shutil.rmtree(run.path)
        os.rename(run.replaced, run.path)
        return f"the previous run in {run.path} is back as it was"
    return f"{run.path} is as it was"


def raise_failed_start(err: BaseException, undo: str) -> None:
    """Re-raise a failed run's error with what `abandon_start` did: interrupts and user errors as one line."""
    from empathic.errors import os_error_message

    if isinstance(err, KeyboardInterrupt):
        raise UserError("training interrupted" + (f"; {undo}" if undo else "")) from None
    if undo and isinstance(err, UserError | OSError):
        first = os_error_message(err) if isinstance(err, OSError) else str(err)
        raise UserError(f"{first}; {undo}") from None
    raise err


def finish_run(run: RunFolder, **info: object) -> None:
    """Write the COMPLETE marker (last), then drop the run --overwrite kept aside."""
    write_complete(run.path, skip_prefixes=(RunFolder.CHECKPOINT_PREFIX, "runs"), **info)
    if run.replaced.exists():
        shutil.rmtree(run.replaced)


# Values that may differ between the start and a --resume: where the folder is (a copied run) and nothing else.
_RESUME_MAY_DIFFER = frozenset({"output_dir"})


def _check_same_recipe(recipe: Recipe, saved: Path) -> None:
    """Resuming with a different recipe would silently mix two runs: refuse, naming the keys."""
    from empathic.training.recipe import load_recipe

    if not saved.is_file():
        return
    previous = load_recipe(saved, machine=recipe.machine).values
    keys = sorted(k for k in set(previous) | set(recipe.values)
                  if previous.get(k) != recipe.values.get(k) and k not in _RESUME_MAY_DIFFER)
    if keys:
        raise UserError(
            f"--resume: the recipe differs from the one the run started with ({', '.join(keys)}); "
            f"resume with --config {saved}"
        )
