"""`finetuning/configs/data.yaml` -> `DataConfig`, with one-line errors for every mistake.

An unknown key names itself and the closest valid key. `overrides` are `dotted.key=value` strings
(the value is parsed as YAML), applied before validation: `sources.esconv.cap=500`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from empathic.data.curate import CurationConfig, parse_curation
from empathic.data.registry import ALL_SOURCES, CLASSIFICATION_SOURCES, loader
from empathic.errors import UserError, check_known_keys
from empathic.io import read_yaml

DEFAULT_TOKENIZER = "HuggingFaceTB/SmolLM2-135M-Instruct"
# Sources that ship their own train/valid/test split by conversation (leak-free by group).
GIVEN_SPLIT_SOURCES = frozenset({"empathetic_dialogues", "esconv", "goemotions"})
EVAL_MIXES = ("proportional", "all")
TOKENIZER_WHITESPACE = "whitespace"


@dataclass
class SourceConfig:
    name: str
    enabled: bool = True
    path: str | None = None  # local file/folder or Hub id; None: --data-dir layout, else the default Hub id
    cap: int | None = None  # at most this many train examples from this source
    weight: float | None = None  # replaces n_i**alpha in the mixing weights
    use_given_split: bool = True  # only for sources that ship splits
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class DataConfig:
    sources: dict[str, SourceConfig]
    alpha: float = 0.5
    target_total: int = 12000
    splits: dict[str, float] = field(default_factory=lambda: {"train": 0.8, "valid": 0.1, "test": 0.1})
    seed: int = 1234
    max_tokens: int = 1024
    tokenizer: str = DEFAULT_TOKENIZER  # a load_tokenizer ref, or "whitespace" (approximate, no model)
    system_prompt: str | None = None
    eval_mix: str = "proportional"  # valid/test: "proportional" to the train keep-rate, or "all"
    max_repeat: float = 3.0  # a small train source may be repeated up to this many times over (1 = never)
    curation: CurationConfig = field(default_factory=CurationConfig)  # empathy-aware selection (data/curate.py)

    def enabled(self) -> list[str]:
        return [name for name, source in self.sources.items() if source.enabled]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values (tuples become lists), so stats.json reads back equal to what was written."""
        return json.loads(json.dumps(asdict(self)))


TOP_KEYS = tuple(k for k in DataConfig.__dataclass_fields__)
COMMON_SOURCE_KEYS = ("enabled", "path", "cap", "weight")


def source_keys(name: str) -> tuple[str, ...]:
    keys = list(COMMON_SOURCE_KEYS)
    if name in CLASSIFICATION_SOURCES:
        keys.remove("weight")  # classification rows are not mixed into the SFT train set
    if name in GIVEN_SPLIT_SOURCES:
        keys.append("use_given_split")
    return (*keys, *loader(name).OPTIONS)


def _check_keys(mapping: dict[str, Any], valid: tuple[str, ...] | list[str], where: str) -> None:
    check_known_keys([str(k) for k in mapping], valid, where, cutoff=0.5)


def _type(value: Any, kind: type | tuple[type, ...], key: str, what: str, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    # bool is an int subclass; a YAML `yes` must not pass as a count.
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise UserError(f"{key} must be {what}, got {value!r}")
    if not isinstance(value, kind):
        raise UserError(f"{key} must be {what}, got {value!r}")
    return value


def _source(name: str, raw: Any) -> SourceConfig:
    raw = {} if raw is None else raw
    if not isinstance(raw, dict):
        raise UserError(f"sources.{name} must be a mapping of options, got {raw!r}")
    _check_keys(raw, source_keys(name), f"sources.{name}")
    where = f"sources.{name}"
    cap = _type(raw.get("cap"), int, f"{where}.cap", "a whole number or null", optional=True)
    if cap is not None and cap < 0:
        raise UserError(f"{where}.cap must be >= 0 or null, got {cap}")
    weight = _type(raw.get("weight"), (int, float), f"{where}.weight", "a number or null", optional=True)
    if weight is not None and weight < 0:
        raise UserError(f"{where}.weight must be >= 0 or null, got {weight}")
    path = _type(raw.get("path"), str, f"{where}.path", "a path, a Hub id or null", optional=True)
    defaults = loader(name).OPTIONS
    options = {key: raw.get(key, default) for key, default in defaults.items()}
    for key, default in defaults.items():
        if isinstance(default, bool):
            _type(options[key], bool, f"{where}.{key}", "true or false")
        elif default is None or isinstance(default, str):
            _type(options[key], str, f"{where}.{key}", "a string or null", optional=True)
    return SourceConfig(
        name=name,
        enabled=_type(raw.get("enabled", True), bool, f"{where}.enabled", "true or false"),
        path=path,
        cap=cap,
        weight=None if weight is None else float(weight),
        use_given_split=_type(
            raw.get("use_given_split", True), bool, f"{where}.use_given_split", "true or false"
        ),
        options=options,
    )


def validate(raw: dict[str, Any]) -> DataConfig:
    """A raw mapping (parsed YAML) -> DataConfig, or a UserError naming the offending key."""
    if not isinstance(raw, dict):
        raise UserError(f"the data config must be a mapping of keys, got {type(raw).__name__}")
    _check_keys(raw, TOP_KEYS, "the data config")
    defaults = DataConfig(sources={})
    raw_sources = raw.get("sources")
    if raw_sources is None:  # no `sources:` at all means every source with its defaults
        raw_sources = {name: {} for name in ALL_SOURCES}
    if not isinstance(raw_sources, dict):
        raise UserError("sources must be a mapping: source name -> options")
    _check_keys(raw_sources, tuple(ALL_SOURCES), "sources")
    # Listed sources only; their order is the registry's, so dedup ("keep first") does not depend on YAML order.
    sources = {name: _source(name, raw_sources[name]) for name in ALL_SOURCES if name in raw_sources}

    splits = raw.get("splits", defaults.splits)
    if not isinstance(splits, dict):
        raise UserError("splits must be a mapping like {train: 0.8, valid: 0.1, test: 0.1}")
    _check_keys(splits, ("train", "valid", "test"), "splits")
    splits = {
        k: float(_type(splits.get(k, 0.0), (int, float), f"splits.{k}", "a fraction"))
        for k in ("train", "valid", "test")
    }
    if any(v < 0 for v in splits.values()) or abs(sum(splits.values()) - 1.0) > 1e-6:
        raise UserError(f"splits must be non-negative fractions summing to 1, got {splits}")

    alpha = float(_type(raw.get("alpha", defaults.alpha), (int, float), "alpha", "a number >= 0"))
    if alpha < 0:
        raise UserError(f"alpha must be >= 0 (1 = proportional to size, 0 = uniform), got {alpha}")
    target_total = _type(
        raw.get("target_total", defaults.target_total), int, "target_total", "a whole number"
    )
    max_tokens = _type(raw.get("max_tokens", defaults.max_tokens), int, "max_tokens", "a whole number")
    if target_total <= 0 or max_tokens <= 0:
        raise UserError("target_total and max_tokens must be positive whole numbers")
    max_repeat = float(
        _type(raw.get("max_repeat", defaults.max_repeat), (int, float), "max_repeat", "a number >= 1")
    )
    if max_repeat < 1:
        raise UserError(f"max_repeat must be >= 1 (1 = never repeat an example), got {max_repeat}")
    eval_mix = raw.get("eval_mix", defaults.eval_mix)
    if eval_mix not in EVAL_MIXES:
        raise UserError(f"eval_mix must be one of {', '.join(EVAL_MIXES)}, got {eval_mix!r}")
    return DataConfig(
        sources=sources,
        alpha=alpha,
        target_total=target_total,
        splits=splits,
        seed=_type(raw.get("seed", defaults.seed), int, "seed", "a whole number"),
        max_tokens=max_tokens,
        tokenizer=_type(
            raw.get("tokenizer", defaults.tokenizer),
            str,
            "tokenizer",
            "a tokenizer/model ref or 'whitespace'",
        ),
        system_prompt=_type(raw.get("system_prompt"), str, "system_prompt", "a string or null", optional=True)
        or None,
        eval_mix=eval_mix,
        max_repeat=max_repeat,
        curation=parse_curation(raw.get("curation"), list(sources)),
    )


def apply_override(raw: dict[str, Any], override: str) -> None:
    """Set `a.b.c=value` (value parsed as YAML) in the nested mapping `raw`."""
    import yaml

    key, sep, value = override.partition("=")
    if not sep or not key.strip():
        raise UserError(f"override {override!r} must look like key=value, e.g. sources.esconv.cap=500")
    parts = key.strip().split(".")
    node = raw
    for part in parts[:-1]:
        child = node.get(part)
        if child is None:
            child = node[part] = {}
        if not isinstance(child, dict):
            raise UserError(f"override {override!r}: {part!r} is not a mapping")
        node = child
    try:
        node[parts[-1]] = yaml.safe_load(value)
    except yaml.YAMLError:
        node[parts[-1]] = value


def load_config(path: str | Path | None, overrides: list[str] | tuple[str, ...] = ()) -> DataConfig:
    """Read and validate a data config YAML (None: built-in defaults), then apply overrides."""
    import yaml

    raw: Any = {}
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise UserError(f"data config not found: {path}; pass an existing YAML file with --config")
        try:
            raw = read_yaml(path) or {}  # a key given twice is an error, not "the last one wins"
        except UnicodeDecodeError:
            raise UserError(f"data config {path} is not UTF-8 text; re-save it as UTF-8") from None
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark is not None else ""
            problem = f" ({err.problem})" if getattr(err, "problem", None) else ""
            raise UserError(f"data config {path} is not valid YAML{where}{problem}; fix the syntax") from None
    if not isinstance(raw, dict):
        raise UserError(f"data config {path} must be a mapping of keys, got {type(raw).__name__}")
    if raw.get("sources") is None:  # overrides then refine the full default set, not replace it
        raw["sources"] = {name: {} for name in ALL_SOURCES}
    for override in overrides:
        apply_override(raw, override)
    return validate(raw)
