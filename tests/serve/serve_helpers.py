"""Helpers for the serve tests: the backend for a tiny model, clients, and stand-ins for `generate`."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from typing import Any

import torch

from empathic.chat import GenerationSettings, Safety
from empathic.serve.cli import build_backend

MODEL = "runon-test"
SAD = [{"role": "user", "content": "I feel sad"}]
SENTENCES = "I see. " * 150  # a long reply whose sentences the stream releases one by one


def backend_for(model: Any, tokenizer: Any, **settings: Any) -> Any:
    # Rules-only crisis screen: the learned one costs a second to load and is tested in tests/safety.
    return build_backend(model, tokenizer, model_name=MODEL, safety=Safety(),
                         defaults=GenerationSettings(**({"temperature": 0, "max_new_tokens": 24} | settings)))


def client(url: str, key: str = "unused", **kwargs: Any) -> Any:
    from openai import OpenAI

    return OpenAI(base_url=url + "/v1", api_key=key, max_retries=0, timeout=60, **kwargs)


def raw(url: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    """(status, headers, body) of a plain HTTP request, errors included."""
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


class Gate:
    """Stands in for the engine call the worker makes (`respond_batch` or `stream_respond`): holds
    every call until opened and records how many conversations each one carried."""

    def __init__(self, real):
        self.real, self.opened, self.sizes = real, threading.Event(), []

    def __call__(self, model, tokenizer, conversations, *args, **kwargs):
        streaming = isinstance(conversations[0], dict)  # stream_respond takes one conversation
        self.sizes.append(1 if streaming else len(conversations))
        assert self.opened.wait(60), "the test never opened the gate"
        return self.real(model, tokenizer, conversations, *args, **kwargs)


def gate_engine(monkeypatch) -> Gate:
    """One Gate in front of both engine entry points the worker uses."""
    import empathic.serve.worker as worker

    gate = Gate(worker.respond_batch)
    stream_gate = Gate(worker.stream_respond)
    stream_gate.opened, stream_gate.sizes = gate.opened, gate.sizes  # one gate, one record
    monkeypatch.setattr(worker, "respond_batch", gate)
    monkeypatch.setattr(worker, "stream_respond", stream_gate)
    return gate


def wait_until(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def in_flight(base: str) -> int:
    return json.loads(raw(base, "/health")[2])["in_flight"]


class SlowScript:
    """Stands in for model.generate: writes `text` a token every 10 ms, honouring the stopping
    criteria as the real `generate` does (that is where the engine's cancel event acts)."""

    def __init__(self, tokenizer, text: str = SENTENCES):
        self.ids = tokenizer(text, add_special_tokens=False, return_tensors="pt")["input_ids"][0]
        self.written = 0
        self.finished = threading.Event()

    def __call__(self, **kwargs):
        out, streamer, criteria = kwargs["input_ids"], kwargs.get("streamer"), kwargs["stopping_criteria"]
        if streamer is not None:
            streamer.put(out)
        try:
            for token in self.ids:
                time.sleep(0.01)
                out = torch.cat([out, token.view(1, 1)], dim=1)
                self.written += 1
                if streamer is not None:
                    streamer.put(token.view(1))
                if bool(criteria(out, None).all()):
                    break
            return out
        finally:
            if streamer is not None:
                streamer.end()
            self.finished.set()
