"""The recipe's `heads:` section: `HeadsConfig` and its parsing/validation (see empathic.modeling.heads)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from empathic.errors import UserError, check_known_keys

# ---------------------------------------------------------------- configuration


@dataclass(frozen=True)
class HeadsConfig:
    """The recipe's `heads:` section. Everything is off by default."""

    emotion: bool = False
    strategy: bool = False
    lambda_lm: float = 1.0
    lambda_emotion: float = 0.2
    lambda_strategy: float = 0.2
    # Mix GoEmotions rows (classification only: no LM loss) into training; None = when emotion is on.
    classification: bool | None = None
    classification_data: str | None = None  # folder with goemotions.{train,valid,test}.jsonl
    max_classification_examples: int | None = None  # seeded subset of GoEmotions train rows
    alpha: float = 0.5  # temperature of the source mix: p_i ∝ n_i^alpha
    learning_rate: float = 5e-4  # the heads' own rate (new layers; inputs layer-normed, so scale-free)
    dropout: float = 0.0  # 0 keeps the global RNG stream identical across ablation arms

    @property
    def enabled(self) -> bool:
        return self.emotion or self.strategy

    @property
    def use_classification(self) -> bool:
        return self.emotion if self.classification is None else self.classification

    @classmethod
    def from_dict(cls, values: dict[str, Any] | None, where: str = "heads") -> HeadsConfig:
        """Validated config from a YAML mapping; unknown keys are a one-line error."""
        if values is None:
            return cls()
        if not isinstance(values, dict):
            raise UserError(f"{where} must be a mapping, e.g. heads: {{emotion: true, strategy: true}}")
        names = {f.name: f for f in dataclasses.fields(cls)}
        check_known_keys(values, names, where, cutoff=0.6)
        return cls(**{key: _typed_value(key, value, names[key].type, where) for key, value in values.items()})

    def with_overrides(self, items: Sequence[str]) -> HeadsConfig:
        """Apply `key=value` strings (YAML-typed), e.g. `emotion=false`, `lambda_emotion=0.5`."""
        import yaml

        values = dataclasses.asdict(self)
        for item in items:
            if "=" not in item:
                raise UserError(f"heads override expects key=value, got {item!r}")
            key, raw = item.split("=", 1)
            values[key.strip().removeprefix("heads.")] = yaml.safe_load(raw)
        return HeadsConfig.from_dict(values)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _typed_value(key: str, value: Any, annotation: Any, where: str) -> Any:
    text = str(annotation)
    if value is None:
        if "None" not in text:
            raise UserError(f"{where}.{key} cannot be null")
        return None
    if text.startswith("bool"):
        if not isinstance(value, bool):
            raise UserError(f"{where}.{key} must be true or false, got {value!r}")
        return value
    if text.startswith("float"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise UserError(f"{where}.{key} must be a number, got {value!r}")
        return float(value)
    if text.startswith("int"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise UserError(f"{where}.{key} must be a whole number, got {value!r}")
        return value
    return str(value)


def split_heads_section(values: dict[str, Any]) -> tuple[dict[str, Any], HeadsConfig]:
    """(recipe keys without `heads`, HeadsConfig): the flat recipe parser never sees the section."""
    rest = {k: v for k, v in values.items() if k != "heads"}
    return rest, HeadsConfig.from_dict(values.get("heads"))
