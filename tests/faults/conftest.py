"""Fixtures of the fault-injection suite: a tiny base model, one finished tiny run, the data fixtures,
and `cli` (empathic.cli.main in-process, returning exit code, stdout and stderr). Helpers the test
modules import live in faults_helpers.py (a conftest is not importable by name reliably)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from factories import one_thread, save_tiny_model, smollm2_tokenizer
from faults_helpers import Result, train_argv
from fixtures.data.build_fixtures import fixture_root


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
