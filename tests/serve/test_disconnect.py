"""A client that goes away stops costing generation: queued jobs never start, running ones stop early."""

from __future__ import annotations

import http.client
import json
import threading
import time
from urllib.parse import urlparse

import pytest
from serve_helpers import MODEL, SAD, SlowScript, client, gate_engine, in_flight, wait_until


def open_stream(base: str) -> http.client.HTTPConnection:
    """Starts a streamed completion and reads until the first content chunk; returns the connection."""
    url = urlparse(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    body = json.dumps({"model": MODEL, "messages": SAD, "stream": True, "max_tokens": 400})
    conn.request("POST", "/v1/chat/completions", body, {"Content-Type": "application/json"})
    response = conn.getresponse()
    assert response.status == 200
    while b'"content": "I see.' not in response.readline():
        pass
    return conn


def test_closing_a_stream_stops_generation_within_a_few_sentences(serve, runon, monkeypatch):
    model, tokenizer = runon
    script = SlowScript(tokenizer)
    monkeypatch.setattr(model, "generate", script)
    with serve() as base:
        conn = open_stream(base)
        conn.sock.close()  # the client goes away mid-reply
        conn.close()
        assert script.finished.wait(30)
        wait_until(lambda: in_flight(base) == 0)
    assert script.written < len(script.ids) / 4, f"wrote {script.written} of {len(script.ids)} tokens"


def test_a_queued_request_whose_client_left_is_never_generated(serve, monkeypatch):
    gate = gate_engine(monkeypatch)
    with serve(batch_window_ms=0) as base:
        first = threading.Thread(target=lambda: client(base).chat.completions.create(model=MODEL, messages=SAD))
        first.start()
        wait_until(lambda: len(gate.sizes) == 1)  # the worker is busy with the first request
        url = urlparse(base)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        conn.request("POST", "/v1/chat/completions", json.dumps({"model": MODEL, "messages": SAD, "stream": True}),
                     {"Content-Type": "application/json"})
        assert conn.getresponse().status == 200
        wait_until(lambda: in_flight(base) == 2)
        conn.sock.close()
        conn.close()
        wait_until(lambda: in_flight(base) == 1)  # the server noticed the client leave
        gate.opened.set()
        first.join(30)
        wait_until(lambda: in_flight(base) == 0)
        time.sleep(0.2)
    assert gate.sizes == [1], "the abandoned request must not reach the engine"


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "example.org"])
def test_serve_refuses_to_listen_beyond_loopback_without_an_api_key(host, capsys):
    from empathic.cli import main

    assert main(["serve", "--host", host]) == 2  # before any model is loaded
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "--api-key" in err and host in err


@pytest.mark.parametrize("host, loopback", [
    ("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("[::1]", True), ("localhost", True),
    ("0.0.0.0", False), ("::", False), ("10.0.0.1", False), ("my-host", False),
])
def test_loopback_means_this_machine_only(host, loopback):
    from empathic.serve import is_loopback

    assert is_loopback(host) is loopback
