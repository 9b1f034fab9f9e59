"""Recipe keys: TRL's `SFTConfig` and `ModelConfig` fields plus `EmpathicArguments`, typed like TRL's CLI.

Values are typed by `transformers.HfArgumentParser`, the parser TRL's own `TrlParser` builds on, so
`--set learning_rate=1e-4` and `learning_rate: 1e-4` in a file are parsed exactly as TRL's command
line would parse `--learning_rate 1e-4`. The helpers take the recipe's dataclasses as `types`
(default: the SFT recipe's); the preference recipe passes its own (empathic.training.preference).
"""

from __future__ import annotations

import dataclasses
import enum
import json
import re
from dataclasses import dataclass, field
from typing import Any

from empathic.errors import UserError, check_known_keys

DEFAULT_DEMO_PROMPTS = [
    "I didn't get the job I really wanted, and I feel like such a failure.",
    "My best friend moved away last month and the evenings feel so empty now.",
    "I have my first big presentation at work tomorrow and I can't stop worrying about it.",
]

# --set values read nulls as the YAML file does: `null`/`~` (so `report_to=none` stays the string "none").
NULLS = ("null", "~")


@dataclass(frozen=True)
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
    prompt_format: str = field(
        default="chat_template",
        metadata={
            "help": "how prompts are written; training always uses the chat template, and config.yaml records it "
            "so chat/serve/eval render prompts the same way (`plain` is for adapters trained elsewhere)",
            "choices": ["chat_template", "plain"],
        },
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
    cpu_packing: bool = field(
        default=True,
        metadata={
            "help": "with cpu_speedups and no GPU: each batch's conversations packed into as few rows as fit "
            "(no padding), attention kept inside each conversation by restarting position ids; same loss "
            "and gradients as padded batches (empathic.training.packing)"
        },
    )
    cpu_bf16_weights: bool = field(
        default=True,
        metadata={
            "help": "with cpu_speedups and bf16 autocast on a CPU: the frozen base Linear weights are held in bf16 "
            "while training instead of being recast at every forward; same values in every matmul "
            "(empathic.training.speed.bf16_frozen_weights)"
        },
    )
    cpu_lean_head: bool = field(
        default=True,
        metadata={
            "help": "with cpu_speedups and bf16 autocast on a CPU: leaner CPU code for TRL's label-only LM head "
            "(same loss; its input gradient in a bf16 matmul; empathic.training.cpu_head)"
        },
    )
    cpu_widen_outputs: bool = field(
        default=True,
        metadata={
            "help": "with cpu_speedups and bf16 autocast on a CPU: q/k/o/down projection outputs cast to float32 "
            "before RoPE and the residual add (torch's mixed-dtype CPU ops are slow; same forward values)"
        },
    )
    cpu_compile: bool = field(
        default=False,
        metadata={
            "help": "with cpu_speedups and bf16 autocast on a CPU: each decoder block compiled by torch.compile, "
            "which fuses the norm, RoPE, SwiGLU, dropout and residual work (about a minute of compiling at the "
            "first steps; needs a C++ compiler, else skipped; empathic.training.speed.compiled_blocks)"
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


def plain(value: Any) -> Any:
    """YAML-safe copy: enums to their value, tuples to lists."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def dataclass_types() -> tuple[type, ...]:
    """The SFT recipe's dataclasses: (EmpathicArguments, SFTConfig, ModelConfig)."""
    from trl import ModelConfig, SFTConfig

    return (EmpathicArguments, SFTConfig, ModelConfig)


Types = tuple[type, ...] | None  # a recipe's dataclasses; None: the SFT recipe's


def valid_keys(types: Types = None) -> dict[str, dataclasses.Field]:
    """Every recipe key, mapped to its dataclass field."""
    keys: dict[str, dataclasses.Field] = {}
    for cls in types or dataclass_types():
        for f in dataclasses.fields(cls):
            if f.init:
                keys[f.name] = f
    return keys


HELP_KEYS = "see `empathic train --help-keys` for the valid keys"


def check_keys(keys: list[str], known: dict[str, Any], where: str, otherwise: str = HELP_KEYS) -> None:
    """UserError for the first unknown recipe key, naming the closest valid one."""
    check_known_keys(keys, known, where, otherwise=otherwise)


def _parser(types: Types = None) -> Any:
    from transformers import HfArgumentParser

    class _Parser(HfArgumentParser):
        def error(self, message: str) -> None:  # argparse would print usage and exit
            message = re.sub(r"argument --([\w]+)(/--[\w-]+)?", r"\1", message)
            raise UserError(f"invalid recipe value: {message}")

    return _Parser(types or dataclass_types())


def _field_types(types: Types = None) -> dict[str, Any]:
    import typing

    hints: dict[str, Any] = {}
    for cls in types or dataclass_types():
        hints.update(typing.get_type_hints(cls))
    return hints


def _is_list_field(key: str, types: Types = None) -> bool:
    tp = _field_types(types)[key]
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


def parse_override(item: str, fields: dict[str, dataclasses.Field], types: Types = None,
                   otherwise: str = HELP_KEYS) -> tuple[str, Any]:
    """`key=value` from --set: the key is checked, the value stays a string for argparse to type."""
    import yaml

    if "=" not in item:
        raise UserError(f"--set expects key=value, got {item!r}; e.g. --set learning_rate=1e-4")
    key, raw = item.split("=", 1)
    key = key.strip()
    check_keys([key], fields, "--set", otherwise)
    if raw.strip().lower() in NULLS:
        return key, None
    if _is_list_field(key, types):
        parsed = yaml.safe_load(raw) if raw.strip().startswith("[") else [p.strip() for p in raw.split(",")]
        return key, [str(p) for p in parsed]
    return key, raw


def parse_values(values: dict[str, Any], types: Types = None) -> tuple[Any, ...]:
    """Type and validate a flat key->value mapping into one instance per dataclass of `types`
    (default: EmpathicArguments, SFTConfig, ModelConfig)."""
    fields = valid_keys(types)
    check_keys(list(values), fields, "the recipe")
    parser = _parser(types)
    argv: list[str] = []
    defaults: dict[str, Any] = {}
    for key, value in values.items():
        if value is None or (isinstance(value, list | tuple) and not value):
            defaults[key] = None if value is None else []
        else:
            argv += _tokens(key, value)
    parser.set_defaults(**defaults)
    try:
        parsed = parser.parse_args_into_dataclasses(args=argv)
    except (ValueError, TypeError) as err:  # raised by the dataclasses' own __post_init__ checks
        raise UserError(f"invalid recipe: {str(err).splitlines()[0]}") from err
    return tuple(parsed)


def typed_value(key: str, objs: tuple[Any, ...]) -> Any:
    for obj in objs:
        if hasattr(obj, key):
            return plain(getattr(obj, key))
    raise KeyError(key)


def describe_fields(types: Types = None) -> list[str]:
    """One line per key of `types`, under a `# ClassName` line per dataclass."""
    lines = []
    for cls in types or dataclass_types():
        lines.append(f"# {cls.__name__}")
        for f in dataclasses.fields(cls):
            if f.init:
                help_text = " ".join(str(f.metadata.get("help", "")).split())
                lines.append(f"{f.name}: {help_text[:140]}")
    return lines


def describe_keys() -> str:
    """One line per valid SFT recipe key (for --help-keys)."""
    lines = describe_fields()
    from empathic.modeling.heads import HeadsConfig

    lines.append("# heads: (a nested section; --set heads.KEY=VALUE; see empathic/modeling/heads.py)")
    lines += [f"heads.{f.name}: default {f.default!r}" for f in dataclasses.fields(HeadsConfig)]
    return "\n".join(lines)
