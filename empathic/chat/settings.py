"""The options a caller passes to the chat stack: how replies are sampled, and the safety layer's switches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from empathic.errors import UserError

# Settings read as whole numbers from a config file; the others are floats.
_INTEGER_KEYS = ("max_new_tokens", "seed", "context_window")


@dataclass(frozen=True)
class GenerationSettings:
    """How replies are sampled. `do_sample` follows from the temperature (0 means greedy)."""

    max_new_tokens: int = 200
    temperature: float = 0.7
    top_p: float = 0.9
    repetition_penalty: float = 1.1
    seed: int | None = 0  # re-seeded before every generate call, so a reply is reproducible
    context_window: int | None = None  # prompt + reply token budget; None = the model's maximum

    @property
    def do_sample(self) -> bool:
        return self.temperature > 0

    def __post_init__(self) -> None:
        if self.max_new_tokens < 1:
            raise UserError(f"max_new_tokens must be at least 1, got {self.max_new_tokens}")
        if self.temperature < 0:
            raise UserError(f"temperature must be 0 (greedy) or positive, got {self.temperature}")
        if not 0 < self.top_p <= 1:
            raise UserError(f"top_p must be in (0, 1], got {self.top_p}")
        if self.repetition_penalty <= 0:
            raise UserError(f"repetition_penalty must be positive (1.0 = off), got {self.repetition_penalty}")
        if self.context_window is not None and self.context_window <= self.max_new_tokens:
            raise UserError(
                f"context_window ({self.context_window}) must be larger than max_new_tokens ({self.max_new_tokens})"
            )

    @classmethod
    def keys(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def from_mapping(cls, values: dict[str, Any], where: str = "settings") -> GenerationSettings:
        """Settings from a dict (e.g. a YAML file); unknown keys and wrong types are a UserError."""
        unknown = sorted(set(values) - set(cls.keys()))
        if unknown:
            raise UserError(f"{where}: unknown key(s) {', '.join(unknown)}; expected: {', '.join(cls.keys())}")
        typed: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in values or values[f.name] is None:
                continue
            value, kind = values[f.name], int if f.name in _INTEGER_KEYS else float
            if isinstance(value, bool) or not isinstance(value, int | float) or (kind is int and value != int(value)):
                raise UserError(f"{where}: {f.name} must be a number{' (integer)' if kind is int else ''}, got {value!r}")
            typed[f.name] = kind(value)
        return cls(**typed)

    def generate_kwargs(self) -> dict[str, Any]:
        """The sampling arguments of `model.generate`."""
        kwargs: dict[str, Any] = {
            "max_new_tokens": self.max_new_tokens,
            "do_sample": self.do_sample,
            "repetition_penalty": self.repetition_penalty,
        }
        if self.do_sample:
            kwargs.update(temperature=self.temperature, top_p=self.top_p)
        else:  # unset sampling knobs the model's generation_config may carry, or greedy warns
            kwargs.update(temperature=None, top_p=None, top_k=None)
        return kwargs

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"do_sample": self.do_sample}


@dataclass(frozen=True)
class Safety:
    """Safety layer options. `enabled=False` is --no-safety: no screening of either side."""

    enabled: bool = True
    locale: str | None = None  # None: the resources file's default
    resources_file: str | Path | None = None
    second_opinion: Callable[[str], tuple[float, str | None, str]] | None = None  # extra crisis detector
