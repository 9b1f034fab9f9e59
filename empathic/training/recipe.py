"""Training recipes: one flat YAML validated into TRL's own dataclasses plus one small project dataclass.

A recipe's keys are the fields of `trl.SFTConfig` (training), `trl.ModelConfig` (model, LoRA,
quantization) and `EmpathicArguments` below (what TRL lacks: where the data comes from, the chat
template, demo prompts). Values are typed by `transformers.HfArgumentParser`, the parser TRL's
own `TrlParser` builds on, so `--set learning_rate=1e-4` and `learning_rate: 1e-4` in the file
are parsed exactly as TRL's command line would parse `--learning_rate 1e-4`.

Precision, quantization and optimizer choices that depend on the hardware are resolved here, at
run time, and every such decision is logged and kept in `Recipe.notes` (the model card lists them).
"""

from __future__ import annotations

import dataclasses
import difflib
import enum
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from empathic.errors import UserError

log = logging.getLogger(__name__)

DEFAULT_DEMO_PROMPTS = [
    "I didn't get the job I really wanted, and I feel like such a failure.",
    "My best friend moved away last month and the evenings feel so empty now.",
    "I have my first big presentation at work tomorrow and I can't stop worrying about it.",
]

# Where the project's defaults differ from TRL's: LoRA, loss on assistant tokens, no trackers.
PROJECT_DEFAULTS: dict[str, Any] = {"use_peft": True, "assistant_only_loss": True, "report_to": "none"}
# Optimizers that need bitsandbytes on a CUDA GPU; without one the run falls back to adamw_torch.
_CUDA_ONLY_OPTIMIZER_MARKERS = ("8bit", "paged", "bnb")
# --set values read nulls as the YAML file does: `null`/`~` (so `report_to=none` stays the string "none").
NULLS = ("null", "~")


@dataclass
class EmpathicArguments:
    """Recipe keys TRL has no field for. Everything else is an SFTConfig or ModelConfig field."""

    data_prepared: str | None = field(
        default=None,
        metadata={"help": "folder with train/valid/test.jsonl written by `empathic data prepare`"},
    )
    data_config: str | None = field(
        default=None,
        metadata={"help": "data recipe (YAML) to prepare the data from when data_prepared is not set"},
    )
    data_dir: str | None = field(
        default=None,
        metadata={"help": "folder of the source datasets for data_config (e.g. ../shared/data); else the Hub"},
    )
    data_overrides: list[str] = field(
        default_factory=list,
        metadata={"help": "key=value overrides applied to data_config (same syntax as `empathic data --set`)"},
    )
    max_train_examples: int | None = field(
        default=None,
        metadata={"help": "use a seeded random subset of this many training conversations (quick runs)"},
    )
    max_eval_examples: int | None = field(
        default=None,
        metadata={"help": "cap on the validation conversations evaluated during training"},
    )
    max_test_examples: int | None = field(
        default=None,
        metadata={"help": "cap on the test conversations used for the base-vs-tuned held-out loss"},
    )
    chat_template_family: str | None = field(
        default=None,
        metadata={"help": "chatml or gemma; detected from the tokenizer when unset", "choices": ["chatml", "gemma"]},
    )
    system_prompt: str | None = field(
        default=None,
        metadata={
            "help": "system message added to conversations that have none (folded into the first user turn "
            "for Gemma, which has no system role); unset keeps the model's own default"
        },
    )
    cpu_speedups: bool = field(
        default=True,
        metadata={
            "help": "without a GPU: bf16 autocast where the CPU has AVX512-BF16, LM head only on labelled "
            "positions, no activation checkpointing, length-grouped batches (see Notes/performance.md)"
        },
    )
    base_model_eval: bool = field(
        default=True,
        metadata={"help": "measure the base model's held-out loss too, so metrics.json can compare"},
    )
    stop_eval_prompts: int = field(
        default=0,
        metadata={
            "help": "after training, generate replies to this many held-out prompts with base and tuned "
            "model and report how often each stops by itself (0 skips it)"
        },
    )
    stop_eval_max_new_tokens: int = field(
        default=160,
        metadata={"help": "token budget per reply for stop_eval_prompts; a reply that hits it did not stop"},
    )
    demo_prompts: list[str] = field(
        default_factory=lambda: list(DEFAULT_DEMO_PROMPTS),
        metadata={"help": "prompts for the base-vs-tuned side-by-side replies (demo, notebook)"},
    )


@dataclass(frozen=True)
class Machine:
    """What the hardware supports, as far as the recipe cares."""

    cuda: bool
    bf16: bool = False
    name: str = "cpu"

    @classmethod
    def detect(cls) -> Machine:
        import torch

        if not torch.cuda.is_available():
            return cls(cuda=False)
        return cls(cuda=True, bf16=torch.cuda.is_bf16_supported(), name=torch.cuda.get_device_name(0))


@dataclass
class Recipe:
    """A validated recipe: the keys as set (file, then --set, then hardware resolution) and the
    parsed dataclasses TRL consumes."""

    values: dict[str, Any]
    script: EmpathicArguments
    training: Any  # trl.SFTConfig
    model: Any  # trl.ModelConfig
    notes: list[str] = field(default_factory=list)
    source: str | None = None
    machine: Machine | None = None
    heads: Any = None  # empathic.modeling.heads.HeadsConfig: the recipe's `heads:` section (off by default)

    @property
    def run_dir(self) -> Path:
        return Path(self.training.output_dir)

    def to_yaml(self) -> str:
        """The resolved recipe as YAML: `empathic train --config` on it reruns the same run."""
        import yaml

        header = "# Resolved empathic training recipe"
        if self.source:
            header += f" (from {self.source})"
        lines = [header, "# Rerun: empathic train --config THIS_FILE   (resume: add --resume)"]
        lines += [f"# note: {note}" for note in self.notes]
        body = yaml.safe_dump(_plain(self.values), sort_keys=False, allow_unicode=True, width=100)
        return "\n".join(lines) + "\n" + body


def _plain(value: Any) -> Any:
    """YAML-safe copy: enums to their value, tuples to lists."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def dataclass_types() -> tuple[type, ...]:
    from trl import ModelConfig, SFTConfig

    return (EmpathicArguments, SFTConfig, ModelConfig)


def valid_keys() -> dict[str, dataclasses.Field]:
    """Every recipe key, mapped to its dataclass field."""
    keys: dict[str, dataclasses.Field] = {}
    for cls in dataclass_types():
        for f in dataclasses.fields(cls):
            if f.init:
                keys[f.name] = f
    return keys


def check_keys(keys: list[str], known: dict[str, Any], where: str) -> None:
    """UserError for the first unknown key, naming the closest valid one."""
    for key in keys:
        if key in known:
            continue
        close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else "; see `empathic train --help-keys` for the valid keys"
        raise UserError(f"unknown key {key!r} in {where}{hint}")


def _parser() -> Any:
    from transformers import HfArgumentParser

    class _Parser(HfArgumentParser):
        def error(self, message: str) -> None:  # argparse would print usage and exit
            message = re.sub(r"argument --([\w]+)(/--[\w-]+)?", r"\1", message)
            raise UserError(f"invalid recipe value: {message}")

    return _Parser(dataclass_types())


def _field_types() -> dict[str, Any]:
    import typing

    types: dict[str, Any] = {}
    for cls in dataclass_types():
        types.update(typing.get_type_hints(cls))
    return types


def _is_list_field(key: str) -> bool:
    tp = _field_types()[key]
    origin = getattr(tp, "__origin__", tp)
    if origin is list:
        return True
    return any(getattr(arg, "__origin__", None) is list for arg in getattr(tp, "__args__", ()))


def _tokens(key: str, value: Any) -> list[str]:
    """argv tokens for one key, so argparse types it exactly like TRL's command line."""
    if isinstance(value, bool):
        return [f"--{key}=" + ("true" if value else "false")]
    if isinstance(value, dict):
        return [f"--{key}={json.dumps(value)}"]
    if isinstance(value, list | tuple):
        if not value:
            return []  # an empty list is handled as a default (argparse needs one value with nargs="+")
        return [f"--{key}", *(str(v) for v in value)]
    return [f"--{key}={value}"]  # `=` form: a value starting with "-" is not taken for an option


def parse_override(item: str, fields: dict[str, dataclasses.Field]) -> tuple[str, Any]:
    """`key=value` from --set: the key is checked, the value stays a string for argparse to type."""
    import yaml

    if "=" not in item:
        raise UserError(f"--set expects key=value, got {item!r}; e.g. --set learning_rate=1e-4")
    key, raw = item.split("=", 1)
    key = key.strip()
    check_keys([key], fields, "--set")
    if raw.strip().lower() in NULLS:
        return key, None
    if _is_list_field(key):
        parsed = yaml.safe_load(raw) if raw.strip().startswith("[") else [p.strip() for p in raw.split(",")]
        return key, [str(p) for p in parsed]
    return key, raw


def read_yaml(path: str | Path) -> dict[str, Any]:
    import yaml

    path = Path(path)
    if not path.is_file():
        raise UserError(f"config file not found: {path}; pass a YAML recipe, e.g. finetuning/configs/smollm2-135m-cpu.yaml")
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as err:
        raise UserError(f"{path} is not valid YAML: {str(err).splitlines()[0]}") from err
    if not isinstance(data, dict):
        raise UserError(f"{path} must be a YAML mapping of recipe keys to values")
    return data


def parse_values(values: dict[str, Any]) -> tuple[EmpathicArguments, Any, Any]:
    """Type and validate a flat key->value mapping into (EmpathicArguments, SFTConfig, ModelConfig)."""
    fields = valid_keys()
    check_keys(list(values), fields, "the recipe")
    parser = _parser()
    argv: list[str] = []
    defaults: dict[str, Any] = {}
    for key, value in values.items():
        if value is None or (isinstance(value, list | tuple) and not value):
            defaults[key] = None if value is None else []
        else:
            argv += _tokens(key, value)
    parser.set_defaults(**defaults)
    try:
        script, training, model = parser.parse_args_into_dataclasses(args=argv)
    except (ValueError, TypeError) as err:  # raised by the dataclasses' own __post_init__ checks
        raise UserError(f"invalid recipe: {str(err).splitlines()[0]}") from err
    return script, training, model


def _typed(key: str, objs: tuple[Any, ...]) -> Any:
    for obj in objs:
        if hasattr(obj, key):
            return _plain(getattr(obj, key))
    raise KeyError(key)


def resolve_for_machine(values: dict[str, Any], machine: Machine) -> tuple[dict[str, Any], list[str]]:
    """Decide precision, quantization and optimizer for this hardware; return new values and notes.

    `dtype: auto` means: bf16 on GPUs that have it, fp16 on GPUs that do not (T4), float32 on CPU.
    The mixed-precision flags of SFTConfig follow the same choice unless the recipe sets them.
    4-bit (and 8-bit) needs CUDA: without it the run loads the model in float32 and says so.
    """
    values = dict(values)
    notes: list[str] = []
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

    compute = "bfloat16" if machine.bf16 else "float16"
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
    if "bf16" not in values and "fp16" not in values:
        values["bf16"] = values["dtype"] == "bfloat16"
        values["fp16"] = values["dtype"] == "float16"
        if values["fp16"]:
            notes.append("fp16 mixed precision (this GPU has no bf16); LoRA weights are kept in float32")
    return values, notes


def _step_notes(values: dict[str, Any], training: Any) -> list[str]:
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


def load_recipe(
    path: str | Path | None = None,
    overrides: list[str] | tuple[str, ...] = (),
    *,
    values: dict[str, Any] | None = None,
    machine: Machine | None = None,
) -> Recipe:
    """Read a YAML recipe (or `values`), apply `--set` overrides, resolve for this machine, validate.

    The `heads:` section (auxiliary heads, empathic.modeling.heads.HeadsConfig) is validated on its own;
    its keys are overridden as `--set heads.KEY=VALUE`.
    """
    from empathic.modeling.heads import split_heads_section

    merged: dict[str, Any] = dict(values or {})
    if path is not None:
        merged.update(read_yaml(path))
    merged, heads = split_heads_section(merged)
    heads = heads.with_overrides([o for o in overrides if o.startswith("heads.")])
    overrides = [o for o in overrides if not o.startswith("heads.")]
    fields = valid_keys()
    check_keys(list(merged), fields, str(path) if path else "the recipe")
    for item in overrides:
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
    notes += _step_notes(resolved, training)
    objs = (script, training, model)
    typed = {key: _typed(key, objs) for key in resolved}
    if heads.enabled:  # kept in config.yaml, so a rerun or --resume sees the same heads
        typed["heads"] = heads.to_dict()
    return Recipe(typed, script, training, model, notes, str(path) if path else None, machine, heads)


def describe_keys() -> str:
    """One line per valid recipe key (for --help-keys)."""
    lines = []
    for cls in dataclass_types():
        lines.append(f"# {cls.__name__}")
        for f in dataclasses.fields(cls):
            if f.init:
                help_text = " ".join(str(f.metadata.get("help", "")).split())
                lines.append(f"{f.name}: {help_text[:140]}")
    from empathic.modeling.heads import HeadsConfig

    lines.append("# heads: (a nested section; --set heads.KEY=VALUE; see empathic/heads.py)")
    lines += [f"heads.{f.name}: default {f.default!r}" for f in dataclasses.fields(HeadsConfig)]
    return "\n".join(lines)
