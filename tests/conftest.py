"""Shared fixtures. Tests run offline: no Hub, no GPU."""

from __future__ import annotations

import os
from pathlib import Path

import factories
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
if os.environ.get("PYTEST_XDIST_WORKER"):
    # pytest-xdist (make test runs one worker per core): the cores split between the workers, set before
    # torch or numpy start their thread pools (and inherited by the tests' subprocesses). With torch's
    # default two threads in each of two workers, OpenMP threads wait on each other: the chat screen took
    # 52 ms a message in each of two processes vs 34 ms at one thread each (Notes/design_decisions.md).
    _workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT") or 1)
    os.environ.setdefault("OMP_NUM_THREADS", str(max(1, (os.cpu_count() or 1) // _workers)))

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_DATA = Path(os.environ.get("EMPATHIC_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def shared_data() -> Path:
    """The real datasets (../shared/data); integration tests skip when absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture
def one_thread():
    """torch on one thread for the test (see `factories.one_thread`); a module takes it for every test
    with `pytestmark = pytest.mark.usefixtures("one_thread")`."""
    pytest.importorskip("torch")
    with factories.one_thread():
        yield
