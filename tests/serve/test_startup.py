"""`empathic serve` loads the safety screens before it accepts a request: on a fresh cache the first screening loads the
encoders and trains the output screen's learned part (minutes on a small CPU), which a first client would otherwise
wait for past its timeout (EQ-Bench 3's client, for one, gives up after its request timeout)."""

from __future__ import annotations

import argparse
import importlib

import pytest

from empathic.chat import Safety
from empathic.serve import cli

respond_module = importlib.import_module("empathic.chat.respond")  # the package re-exports a function of that name


def test_warm_up_runs_both_screens_once_and_nothing_without_safety(monkeypatch):
    calls = []
    monkeypatch.setattr(respond_module, "screen_input", lambda messages, safety: calls.append("input"))
    monkeypatch.setattr(respond_module, "screen_output", lambda text, safety: calls.append("output"))
    respond_module.warm_up(Safety())
    assert calls == ["input", "output"]
    respond_module.warm_up(Safety(enabled=False))
    assert calls == ["input", "output"]


def test_serve_warms_the_screens_before_the_server_starts(monkeypatch, runon):
    import uvicorn

    import empathic.modeling.loading as loading
    import empathic.safety as safety_pkg

    order = []
    monkeypatch.setattr(loading, "load_model_and_tokenizer", lambda base, adapter: runon)
    monkeypatch.setattr(safety_pkg, "default_second_opinion", lambda: None)
    monkeypatch.setattr(respond_module, "warm_up", lambda safety: order.append("warm_up"))
    monkeypatch.setattr(uvicorn.Server, "run", lambda self: order.append("server"))
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    assert cli.run(parser.parse_args(["--model-name", "m"])) == 0
    assert order == ["warm_up", "server"]


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
