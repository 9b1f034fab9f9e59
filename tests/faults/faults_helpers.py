"""Helpers of the fault-injection suite, importable by its test modules (fixtures: conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from _train_helpers import CPU_RECIPE, tiny_recipe_overrides


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    def error_line(self) -> str:
        """The one error line; fails the test unless stderr ends with exactly one and has no traceback."""
        assert "Traceback" not in self.err, self.err[-2000:]
        lines = [line for line in self.err.splitlines() if line.strip()]
        errors = [line for line in lines if ": error: " in line and line.startswith("empathic ")]
        assert len(errors) == 1 and lines[-1] == errors[0], self.err[-2000:]
        return errors[0]


def train_argv(base: Path, out: Path, **extra: object) -> list[str]:
    """`empathic train` argv for a seconds-long tiny run (2 steps, a checkpoint every step)."""
    argv = ["train", "--config", str(CPU_RECIPE)]
    for item in tiny_recipe_overrides(base, out, **{"max_steps": 2, "eval_steps": 2, "save_steps": 1, **extra}):
        argv += ["--set", item]
    return argv


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too) by relative path: to assert nothing changed."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
