"""Preference recipes (`stage: dpo`): one flat YAML built once into a frozen `PreferenceRecipe`.

The stage after SFT: TRL's DPOTrainer continues an SFT LoRA adapter (`start_adapter`) on preference
pairs, with that same adapter, frozen, as the reference (TRL copies a pretrained PEFT adapter into a
"ref" adapter; `precompute_ref_log_probs` scores every pair with it once before training). A recipe's
keys are the fields of `trl.DPOConfig` (training), `trl.ModelConfig` (base model, precision,
quantization) and `PreferenceArguments` (what TRL lacks). The LoRA shape is the start adapter's, so
ModelConfig's LoRA keys are refused. Checks, `--set` typing and hardware resolution are the SFT
recipe's own (empathic.training.arguments, empathic.training.recipe): one home per rule.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from empathic.errors import UserError
from empathic.training.arguments import (
    check_keys,
    describe_fields,
    parse_override,
    parse_values,
    typed_value,
    valid_keys,
)
from empathic.training.recipe import (
    Machine,
    cpu_speedups,
    read_yaml,
    resolve_for_machine,
    resolved_yaml,
    step_notes,
)
from empathic.training.run_folder import RunFolder

if TYPE_CHECKING:
    from trl import DPOConfig, ModelConfig

log = logging.getLogger(__name__)

STAGE_KEY = "stage"
PREFERENCE_STAGE = "dpo"
HELP_KEYS = "see `empathic train --help-keys dpo` for the valid keys of a preference recipe"

# Where this stage's defaults differ from TRL's. The reference is the start adapter, scored once before
# training (precompute_ref_log_probs). No checkpoints: a preference run is short and starts again rather
# than resuming (save_strategy must stay "no"). logging_nan_inf_filter off, as in SFT: the NaN watchdog
# must see a NaN step (empathic.training.watchdog).
PREFERENCE_DEFAULTS: dict[str, Any] = {
    "report_to": "none", "precompute_ref_log_probs": True, "save_strategy": "no", "eval_strategy": "no",
    "logging_nan_inf_filter": False,
}
# ModelConfig keys that shape a new LoRA adapter: the preference stage continues the start adapter's.
LORA_SHAPE_KEYS = ("use_peft", "lora_r", "lora_alpha", "lora_dropout", "lora_target_modules",
                   "lora_target_parameters", "lora_modules_to_save", "lora_task_type", "use_rslora", "use_dora")


@dataclass(frozen=True)
class PreferenceArguments:
    """Preference-recipe keys TRL has no field for. Everything else is a DPOConfig or ModelConfig field."""

    stage: str = field(
        default=PREFERENCE_STAGE,
        metadata={"help": "dpo: `empathic train` runs this recipe as the preference stage (no stage: SFT)",
                  "choices": [PREFERENCE_STAGE]},
    )
    start_adapter: str | None = field(
        default=None,
        metadata={"help": "the SFT run folder (or adapter) to continue; it is also the frozen DPO reference"},
    )
    pairs: list[str] = field(
        default_factory=list,
        metadata={"help": "JSONL files of preference pairs {prompt, chosen, rejected} (TRL's standard or "
                          "conversational preference format)"},
    )
    max_pairs: int | None = field(
        default=None,
        metadata={"help": "use a seeded random subset of this many pairs (quick runs)"},
    )
    system_prompt: str | None = field(
        default=None,
        metadata={"help": "system message added to conversational prompts that have none; unset: the start "
                          "adapter's (its config.yaml), so the pairs render as its SFT data did"},
    )
    cpu_speedups: bool = field(
        default=True,
        metadata={"help": "without a GPU: bf16 autocast where the CPU has AVX512-BF16 (weights and optimizer "
                          "stay float32) and no activation checkpointing, the SFT recipe's CPU rules"},
    )


def preference_types() -> tuple[type, ...]:
    from trl import DPOConfig, ModelConfig

    return (PreferenceArguments, DPOConfig, ModelConfig)


@dataclass(frozen=True)
class PreferenceRecipe:
    """A validated preference recipe, built once by `load_preference_recipe` and never changed afterwards.

    `values` are the keys as set (file, then --set, then start-adapter and hardware resolution): what
    config.yaml holds. `training` is the DPOConfig the trainer gets; `start` and `pair_files` are the
    resolved paths of `start_adapter` and `pairs`.
    """

    values: Mapping[str, Any]
    script: PreferenceArguments
    training: DPOConfig
    model: ModelConfig
    machine: Machine
    start: Path
    pair_files: tuple[Path, ...]
    notes: tuple[str, ...] = ()
    source: str | None = None  # the recipe file: relative paths also resolve beside it

    @property
    def run_folder(self) -> RunFolder:
        return RunFolder(Path(self.training.output_dir))

    @property
    def run_dir(self) -> Path:
        return self.run_folder.path

    def to_yaml(self) -> str:
        """The resolved recipe as YAML: `empathic train --config` on it reruns the same run."""
        return resolved_yaml(self, "preference", "empathic train --config THIS_FILE --overwrite")


def recipe_stage(config: str | Path, overrides: Sequence[str] = ()) -> str:
    """`dpo` for a preference recipe, `sft` for one without a `stage` key (`--set stage=...` wins)."""
    stage = read_yaml(config).get(STAGE_KEY)
    for item in overrides:
        key, _, value = item.partition("=")
        if key.strip() == STAGE_KEY:
            stage = value.strip()
    if stage is None:
        return "sft"
    if stage != PREFERENCE_STAGE:
        raise UserError(f"invalid recipe value: stage={stage!r}; a recipe is SFT without a stage key, or "
                        f"the preference stage with stage: {PREFERENCE_STAGE}")
    return PREFERENCE_STAGE


def describe_preference_keys() -> str:
    """One line per valid preference-recipe key (for --help-keys dpo)."""
    lines = describe_fields(preference_types())
    lines.append(f"# not in a preference recipe (the start adapter's LoRA is continued): {', '.join(LORA_SHAPE_KEYS)}")
    return "\n".join(lines)


def _refuse_lora_shape(values: Mapping[str, Any]) -> None:
    for key in LORA_SHAPE_KEYS:
        if key in values:
            raise UserError(f"{key}: a preference recipe continues start_adapter's LoRA adapter (its "
                            f"adapter_config.json sets the rank, alpha and target modules); remove {key}")


def _resolve(value: str, source: str | None) -> Path:
    """A path from the recipe, found as the SFT recipe finds its data paths (working directory, then
    beside the recipe file and its parents)."""
    from empathic.training.data import resolve_path

    return resolve_path(value, SimpleNamespace(source=source))  # resolve_path reads only `.source`


def resolve_start_adapter(value: str | None, source: str | None) -> Path:
    """The start adapter's local folder: a run folder (checked for adapter files) or a Hub adapter repo."""
    from empathic.modeling.hub import check_adapter_files
    from empathic.modeling.loading import resolve_adapter

    if not value:
        raise UserError("the preference recipe has no start_adapter; set it to the SFT run folder to continue, "
                        "e.g. start_adapter: runs/smollm2-135m-empathy")
    path = _resolve(value, source)
    if path.is_dir():
        check_adapter_files(path, f"start_adapter {value}")
        return path
    try:
        return resolve_adapter(value)
    except UserError:
        raise UserError(f"start_adapter: {value} is not a folder (train the SFT stage first, e.g. `empathic train "
                        "--config finetuning/configs/smollm2-135m-empathy.yaml`) nor an adapter on the Hub") from None


def resolve_pair_files(values: Sequence[str], source: str | None) -> tuple[Path, ...]:
    if not values:
        raise UserError("the preference recipe has no pairs; set pairs to one or more JSONL files of "
                        "{prompt, chosen, rejected} rows")
    paths = []
    for value in values:
        path = _resolve(value, source)
        if not path.is_file():
            raise UserError(f"pairs: {value} not found; write the preference pairs there first, or fix the path")
        paths.append(path)
    return tuple(paths)


def _from_start_adapter(merged: dict[str, Any], start: Path) -> list[str]:
    """Fill model_name_or_path and system_prompt from the start adapter when the recipe leaves them out."""
    from empathic.modeling.loading import adapter_base, adapter_system_prompt

    notes = []
    if not merged.get("model_name_or_path"):
        merged["model_name_or_path"] = adapter_base(start)
        notes.append(f"base model {merged['model_name_or_path']} (from start_adapter's adapter_config.json)")
    if "system_prompt" not in merged:
        prompt = adapter_system_prompt(start)
        if prompt:
            merged["system_prompt"] = prompt
            notes.append("system_prompt from start_adapter's config.yaml (conversational prompts without one get it)")
    return notes


def load_preference_recipe(
    path: str | Path | None = None,
    overrides: Sequence[str] = (),
    *,
    values: Mapping[str, Any] | None = None,
    machine: Machine | None = None,
    source: str | Path | None = None,
) -> PreferenceRecipe:
    """Read a YAML preference recipe (or `values`), apply `--set` overrides, resolve, validate.

    Resolution: the start adapter and pair files are found (relative paths: working directory, then
    beside the recipe); model_name_or_path and system_prompt default to the start adapter's; precision,
    quantization and optimizer follow the SFT recipe's rules for this machine (float32 weights on CPU, no
    4-bit without CUDA, fp16 on GPUs without bf16), and so do the CPU speed-ups (`cpu_speedups`: bf16
    autocast where the CPU has it natively, no activation checkpointing).
    """
    merged: dict[str, Any] = dict(values or {})
    if path is not None:
        merged.update(read_yaml(path))
    source = str(path) if path is not None else (str(source) if source is not None else None)
    types = preference_types()
    fields = valid_keys(types)
    check_keys(list(merged), fields, source or "the recipe", HELP_KEYS)
    for item in overrides:
        key, value = parse_override(item, fields, types, HELP_KEYS)
        merged[key] = value
    _refuse_lora_shape(merged)
    for key in ("save_strategy", "eval_strategy"):
        if str(merged.get(key, "no")).lower() != "no":
            raise UserError(f"invalid recipe value: {key}={merged[key]!r}; a preference run keeps no checkpoints "
                            "and has no evaluation pairs (it is short: rerun it with --overwrite); remove the key")
    for key, value in PREFERENCE_DEFAULTS.items():
        merged.setdefault(key, value)
    machine = machine or Machine.detect()
    if "activation_checkpointing" not in merged and "gradient_checkpointing" not in merged:
        # TRL's default (on), under transformers' current name: the old one warns on every run.
        merged["activation_checkpointing"] = True
    if "output_dir" not in merged:
        merged["output_dir"] = f"runs/{Path(path).stem}" if path else "runs/empathic-dpo"
    start = resolve_start_adapter(merged.get("start_adapter"), source)
    if Path(str(merged["output_dir"])).expanduser().resolve() == start.resolve():
        raise UserError(f"output_dir {merged['output_dir']} is start_adapter's own folder; the preference run "
                        "writes a new run folder (the start adapter stays as it is): set another output_dir")
    pair_files = resolve_pair_files(merged.get("pairs") or [], source)
    notes = _from_start_adapter(merged, start)
    resolved, machine_notes = resolve_for_machine(merged, machine)
    for note in machine_notes:
        level = logging.WARNING if ("instead" in note or "turned off" in note) else logging.INFO
        log.log(level, note)
    script, training, model = parse_values(resolved, types)
    if script.max_pairs is not None and script.max_pairs < 1:
        raise UserError(f"invalid recipe value: max_pairs={script.max_pairs}; must be a whole number >= 1 "
                        "(or remove it to use every pair)")
    if not training.beta > 0:
        raise UserError(f"invalid recipe value: beta={training.beta}; must be greater than 0")
    notes += machine_notes + step_notes(resolved, training)
    objs = (script, training, model)
    typed = {key: typed_value(key, objs) for key in resolved}
    # SFT's CPU rules for precision and checkpointing (bf16 autocast on CPUs with native bf16, no activation
    # checkpointing); length grouping, packing and the compact LM head are SFT-only.
    view = SimpleNamespace(bf16=training.bf16, activation_checkpointing=training.activation_checkpointing,
                           train_sampling_strategy=None, packing=False)
    training, speed_notes = cpu_speedups(training, script.cpu_speedups, machine, seen=view)
    notes += speed_notes
    return PreferenceRecipe(
        values=typed, script=script, training=training, model=model, machine=machine, start=start,
        pair_files=pair_files, notes=tuple(notes), source=source,
    )
