"""Fixtures of the fault-injection suite: a tiny base model, one finished tiny run, the data fixtures,
and `cli` (empathic.cli.main in-process, returning exit code, stdout and stderr)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from _train_helpers import CPU_RECIPE, tiny_recipe_overrides
from factories import one_thread, save_tiny_model, smollm2_tokenizer
from fixtures.data.build_fixtures import fixture_root


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


@pytest.fixture
def cli(capsys) -> Callable[..., Result]:
    from empathic.cli import main

    def run(*argv: object) -> Result:
        capsys.readouterr()
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exit_:  # argparse usage errors
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory) -> Path:
    return save_tiny_model(smollm2_tokenizer(), tmp_path_factory.mktemp("faults-base") / "tiny")


def train_argv(base: Path, out: Path, **extra: object) -> list[str]:
    argv = ["train", "--config", str(CPU_RECIPE)]
    for item in tiny_recipe_overrides(base, out, **{"max_steps": 2, "eval_steps": 2, "save_steps": 1, **extra}):
        argv += ["--set", item]
    return argv


@pytest.fixture(scope="session")
def finished_run(tiny_base, tmp_path_factory) -> Path:
    """A finished 2-step tiny run (COMPLETE marker written); tests copy it before changing anything."""
    from empathic.cli import main

    run = tmp_path_factory.mktemp("faults-run") / "run"
    with one_thread():
        assert main(train_argv(tiny_base, run)) == 0
    return run


@pytest.fixture
def run_copy(finished_run, tmp_path) -> Path:
    copy = tmp_path / "run"
    shutil.copytree(finished_run, copy)
    return copy


@pytest.fixture(scope="session")
def data_root() -> Path:
    """The synthetic source datasets in the ../shared/data layout."""
    return fixture_root() / "shared"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too) by relative path: to assert nothing changed."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
