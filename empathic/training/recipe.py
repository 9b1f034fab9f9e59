"""Training recipes: one flat YAML built once into a frozen `Recipe` that holds TRL's own configs.

A recipe's keys are the fields of `trl.SFTConfig` (training), `trl.ModelConfig` (model, LoRA,
quantization) and `EmpathicArguments` (what TRL lacks; see empathic.training.arguments), plus the
nested `heads:` section. `load_recipe` reads the file, applies `--set` overrides, resolves precision,
quantization and optimizer for the hardware, applies the CPU speed-ups, and records every such
decision in `Recipe.notes` (the model card lists them). Nothing downstream changes a Recipe: a
variant is `dataclasses.replace(recipe, ...)`.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from empathic.errors import UserError
from empathic.io import read_yaml as _read_yaml_file
from empathic.training.arguments import (
    EmpathicArguments,
    check_keys,
    describe_keys,
    parse_override,
    parse_values,
    plain,
    typed_value,
    valid_keys,
)
from empathic.training.run_folder import RunFolder

if TYPE_CHECKING:
    from trl import ModelConfig, SFTConfig

    from empathic.modeling.heads import HeadsConfig

__all__ = ["Machine", "Recipe", "cpu_speedups", "describe_keys", "load_recipe", "read_yaml", "resolve_for_machine", "resolved_yaml",
           "step_notes"]

log = logging.getLogger(__name__)
T = TypeVar("T")

# Where the project's defaults differ from TRL's: LoRA, loss on assistant tokens, no trackers.
# prompt_format is recorded so that chat/serve/eval render prompts as training did (empathic.modeling.prompt_format).
# logging_nan_inf_filter off: the Trainer would log a NaN step as the window's average (or 0.0), hiding it
# from the NaN watchdog (empathic.training.watchdog).
PROJECT_DEFAULTS: dict[str, Any] = {
    "use_peft": True, "assistant_only_loss": True, "report_to": "none", "prompt_format": "chat_template",
    "logging_nan_inf_filter": False,
}
# Optimizers that need bitsandbytes on a CUDA GPU; without one the run falls back to adamw_torch.
_CUDA_ONLY_OPTIMIZER_MARKERS = ("8bit", "paged", "bnb")


@dataclass(frozen=True)
class Machine:
    """What the hardware supports, as far as the recipe cares."""

    cuda: bool
    bf16: bool = False  # the GPU has native bfloat16 (sm_80+; a T4's emulated bf16 does not count)
    name: str = "cpu"
    cpu_bf16: bool = False  # no GPU, but the CPU has native bf16 dot products (see speed.cpu_has_bf16)

    @classmethod
    def detect(cls) -> Machine:
        import torch

        from empathic.modeling.device import gpu_has_native_bf16
        from empathic.training.speed import cpu_has_bf16

        if not torch.cuda.is_available():
            return cls(cuda=False, cpu_bf16=cpu_has_bf16())
        major, minor = torch.cuda.get_device_capability(0)
        return cls(cuda=True, bf16=gpu_has_native_bf16(0), name=f"{torch.cuda.get_device_name(0)} (sm_{major}{minor})")


@dataclass(frozen=True)
class Recipe:
    """A validated recipe, built once by `load_recipe` and never changed afterwards.

    `values` are the keys as set (file, then --set, then hardware resolution): what config.yaml holds
    and --resume compares. `training` is the SFTConfig the trainer gets, the CPU speed-ups included.
    """

    values: Mapping[str, Any]
    script: EmpathicArguments
    training: SFTConfig
    model: ModelConfig
    heads: HeadsConfig
    machine: Machine
    notes: tuple[str, ...] = ()
    source: str | None = None  # the recipe file: relative data paths also resolve beside it
    compact_lm_head: bool = False  # score only labelled positions with the LM head (CPU speed-up)

    @property
    def run_folder(self) -> RunFolder:
        return RunFolder(Path(self.training.output_dir))

    @property
    def run_dir(self) -> Path:
        return self.run_folder.path

    def to_yaml(self) -> str:
        """The resolved recipe as YAML: `empathic train --config` on it reruns the same run."""
        return resolved_yaml(self, "training", "empathic train --config THIS_FILE   (resume: add --resume)")


def resolved_yaml(recipe: Any, kind: str, rerun: str) -> str:
    """A built recipe's values as YAML, headed by where it came from, how to rerun it and its notes."""
    import yaml

    header = f"# Resolved empathic {kind} recipe"
    if recipe.source:
        header += f" (from {recipe.source})"
    lines = [header, f"# Rerun: {rerun}", *(f"# note: {note}" for note in recipe.notes)]
    body = yaml.safe_dump(plain(dict(recipe.values)), sort_keys=False, allow_unicode=True, width=100)
    return "\n".join(lines) + "\n" + body


def read_yaml(path: str | Path) -> dict[str, Any]:
    """A recipe file as a mapping; a missing file or bad YAML is a one-line UserError."""
    import yaml

    path = Path(path)
    if not path.is_file():
        raise UserError(f"config file not found: {path}; pass a YAML recipe, e.g. finetuning/configs/smollm2-135m-cpu.yaml")
    try:
        data = _read_yaml_file(path) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise UserError(f"{path} is not valid YAML{where}: {problem}") from None
    except UnicodeDecodeError:
        raise UserError(f"{path} is not UTF-8 text; re-save the recipe as UTF-8") from None
    if not isinstance(data, dict):
        raise UserError(f"{path} must be a YAML mapping of recipe keys to values")
    return data


def resolve_for_machine(values: dict[str, Any], machine: Machine) -> tuple[dict[str, Any], list[str]]:
    """Decide precision, quantization and optimizer for this hardware; return new values and notes.

    `dtype: auto` means: bf16 on GPUs that have it natively (sm_80+), fp16 on GPUs that do not (T4),
    float32 on CPU; models whose activations overflow fp16 (Gemma-2) compute in float32 on GPUs
    without bf16 (empathic.modeling.device). The mixed-precision flags of SFTConfig follow the same
    choice unless the recipe sets them. 4-bit (and 8-bit) needs CUDA: without it the run loads the
    model in float32 and says so.
    """
    from empathic.modeling.device import fp16_unsafe, model_type_of, training_compute_dtype

    values = dict(values)
    notes: list[str] = []
    if values.get("prompt_format", "chat_template") != "chat_template":
        raise UserError("prompt_format: training always writes prompts with the chat template (chat_template); "
                        "`plain` is for chatting with adapters trained elsewhere (empathic chat --prompt-format plain)")
    quantized = bool(values.get("load_in_4bit") or values.get("load_in_8bit"))
    dtype = values.get("dtype", "auto")
    if not machine.cuda:
        if quantized:
            notes.append(
                "4-bit/8-bit loading needs a CUDA GPU and none was found: the base model is loaded in "
                "float32 instead (plain LoRA, not QLoRA)"
            )
            values["load_in_4bit"] = False
            values["load_in_8bit"] = False
        if dtype in ("auto", None) or quantized:
            values["dtype"] = "float32"
        for flag in ("bf16", "fp16"):
            if values.get(flag):
                notes.append(f"{flag} mixed precision needs a GPU here: turned off (training in float32)")
            values[flag] = False
        optim = str(values.get("optim", ""))
        if any(marker in optim for marker in _CUDA_ONLY_OPTIMIZER_MARKERS):
            notes.append(f"optimizer {optim} needs bitsandbytes on a CUDA GPU: using adamw_torch instead")
            values["optim"] = "adamw_torch"
        return values, notes

    model_type = model_type_of(values.get("model_name_or_path"))
    compute = training_compute_dtype(bf16=machine.bf16, model_type=model_type)
    if values.get("bf16") and not machine.bf16:
        raise UserError(
            f"bf16: true, but this GPU ({machine.name}) has no bfloat16 support; remove bf16 from the recipe "
            "(dtype: auto picks fp16 here) or set fp16: true"
        )
    if dtype == "bfloat16" and not machine.bf16:
        raise UserError(f"dtype: bfloat16, but this GPU ({machine.name}) has no bfloat16; use dtype: auto or float16")
    if dtype in ("auto", None):
        values["dtype"] = compute
        notes.append(f"dtype auto -> {compute} on {machine.name}")
        if compute == "float32":
            notes.append(f"{model_type} overflows float16 (NaN or zero loss) and this GPU has no native bf16: "
                         "computing in float32 (4-bit weights stay 4-bit; slower than fp16, but the loss is real)")
    if fp16_unsafe(model_type) and (values.get("fp16") or values["dtype"] == "float16"):
        notes.append(f"{model_type} in float16 is known to overflow (NaN or zero loss); the NaN watchdog stops "
                     "the run if it does; dtype: auto picks float32 on GPUs without bf16")
    if "bf16" not in values and "fp16" not in values:
        values["bf16"] = values["dtype"] == "bfloat16"
        values["fp16"] = values["dtype"] == "float16"
        if values["fp16"]:
            notes.append("fp16 mixed precision (this GPU has no bf16); LoRA weights are kept in float32")
    return values, notes


def step_notes(values: dict[str, Any], training: SFTConfig) -> list[str]:
    """Say which of max_steps and num_train_epochs decides the run length: never silently."""
    if training.max_steps is None or training.max_steps <= 0:
        return []
    if "num_train_epochs" in values:
        msg = (
            f"both max_steps={training.max_steps} and num_train_epochs={values['num_train_epochs']} are set: "
            f"max_steps wins, training stops after {training.max_steps} optimizer steps whatever the epoch count"
        )
        log.warning(msg)
    else:
        msg = f"max_steps={training.max_steps} sets the run length (num_train_epochs is ignored)"
        log.info(msg)
    return [msg]


def cpu_speedups(training: T, enabled: bool, machine: Machine, seen: Any = None) -> tuple[T, list[str]]:
    """The trainer's config with the CPU speed-ups (empathic.training.speed), and one note per change.

    `seen` is what the speed-up rules read (default: `training` itself); a stage that lacks some of
    SFT's options (length grouping, packing) passes a view with those switched off."""
    from empathic.training.speed import speedup_changes

    if machine.cuda or not enabled:
        return training, []
    changes, notes = speedup_changes(training if seen is None else seen, bf16=machine.cpu_bf16)
    for note in notes:
        log.info("speed: %s", note)
    # dataclasses.replace re-runs TrainingArguments' checks on the new combination.
    return (dataclasses.replace(training, **changes) if changes else training), notes


def load_recipe(
    path: str | Path | None = None,
    overrides: Sequence[str] = (),
    *,
    values: Mapping[str, Any] | None = None,
    machine: Machine | None = None,
    source: str | Path | None = None,
) -> Recipe:
    """Read a YAML recipe (or `values`), apply `--set` overrides, resolve for this machine, validate.

    The `heads:` section (auxiliary heads, empathic.modeling.heads.HeadsConfig) is validated on its own;
    its keys are overridden as `--set heads.KEY=VALUE`. `source` names the recipe file when `values`
    come from one (defaults to `path`).
    """
    from empathic.modeling.heads import split_heads_section

    merged: dict[str, Any] = dict(values or {})
    if path is not None:
        merged.update(read_yaml(path))
    source = str(path) if path is not None else (str(source) if source is not None else None)
    merged, heads = split_heads_section(merged)
    heads = heads.with_overrides([o for o in overrides if o.startswith("heads.")])
    fields = valid_keys()
    check_keys(list(merged), fields, str(path) if path else "the recipe")
    for item in (o for o in overrides if not o.startswith("heads.")):
        key, value = parse_override(item, fields)
        merged[key] = value
    for key, value in PROJECT_DEFAULTS.items():
        merged.setdefault(key, value)
    if "activation_checkpointing" not in merged and "gradient_checkpointing" not in merged:
        # TRL's default (on), under transformers' current name: the old one warns on every run.
        merged["activation_checkpointing"] = True
    if "output_dir" not in merged:
        merged["output_dir"] = f"runs/{Path(path).stem}" if path else "runs/empathic"
    machine = machine or Machine.detect()
    resolved, notes = resolve_for_machine(merged, machine)
    for note in notes:
        level = logging.WARNING if ("instead" in note or "turned off" in note) else logging.INFO
        log.log(level, note)
    script, training, model = parse_values(resolved)
    if not model.model_name_or_path:
        raise UserError("the recipe has no model_name_or_path; set it, e.g. model_name_or_path: HuggingFaceTB/SmolLM2-135M-Instruct")
    notes += step_notes(resolved, training)
    objs = (script, training, model)
    typed = {key: typed_value(key, objs) for key in resolved}
    if heads.enabled:  # kept in config.yaml, so a rerun or --resume sees the same heads
        typed["heads"] = heads.to_dict()
    training, speed_notes = cpu_speedups(training, script.cpu_speedups, machine)
    return Recipe(
        values=typed, script=script, training=training, model=model, heads=heads, machine=machine,
        notes=(*notes, *speed_notes), source=source, compact_lm_head=script.cpu_speedups,
    )
