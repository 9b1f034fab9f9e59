"""A real uvicorn server on a loopback ephemeral port, serving a tiny chat model."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest
from serve_helpers import backend_for

from empathic.serve.config import ServeConfig


@pytest.fixture(scope="module", autouse=True)
def _one_torch_thread() -> Iterator[None]:
    """Tiny models on one thread: hand-offs between threads cost more than their maths."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def runon() -> tuple[Any, Any]:
    """The ChatML model that answers "Sure, I hear you." and then writes "\\nUser: and then?" itself."""
    from fixtures.chat.tiny_models import load

    return load("runon-chatml-text")


@pytest.fixture(scope="module")
def serve(runon) -> Callable[..., AbstractContextManager[str]]:
    """`with serve(**config) as url:` a server for the run-on model; `url` is its base URL."""
    from empathic.serve.app import create_app
    from empathic.serve.server import serve_in_thread

    @contextmanager
    def start(backend: Any = None, **config: Any) -> Iterator[str]:
        app = create_app(backend or backend_for(*runon), ServeConfig(**config))
        with serve_in_thread(app) as url:
            yield url

    return start
