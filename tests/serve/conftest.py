"""A real uvicorn server on a loopback ephemeral port, serving a tiny chat model."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest

from empathic.chat import GenerationSettings, Safety
from empathic.serve.cli import build_backend
from empathic.serve.config import ServeConfig

MODEL = "runon-test"


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


def backend_for(model: Any, tokenizer: Any, **settings: Any) -> Any:
    # Rules-only crisis screen: the learned one costs a second to load and is tested in tests/safety.
    return build_backend(model, tokenizer, model_name=MODEL, safety=Safety(),
                         defaults=GenerationSettings(**({"temperature": 0, "max_new_tokens": 24} | settings)))


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


def client(url: str, key: str = "unused", **kwargs: Any) -> Any:
    from openai import OpenAI

    return OpenAI(base_url=url + "/v1", api_key=key, max_retries=0, timeout=60, **kwargs)
