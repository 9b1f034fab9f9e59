"""Running the app under uvicorn: in the foreground (`empathic serve`) or in a thread (tests, bench)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def uvicorn_config(app: Any, host: str, port: int, log_level: str = "info") -> Any:
    import uvicorn

    # One process, one event loop: the model lives in this process's worker thread.
    return uvicorn.Config(app, host=host, port=port, log_level=log_level, workers=1, timeout_graceful_shutdown=5)


@contextmanager
def serve_in_thread(app: Any, host: str = "127.0.0.1", log_level: str = "warning") -> Iterator[str]:
    """Serve `app` on an ephemeral port of `host` in a background thread; yields the base URL."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn_config(app, host, port, log_level))
    server.install_signal_handlers = lambda: None  # signals belong to the main thread's owner
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="empathic-serve", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()
