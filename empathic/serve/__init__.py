"""Serving: an OpenAI-compatible /v1/chat/completions endpoint and a web chat page, safety layer first.

`empathic serve --adapter RUN` runs it; `create_app(backend, config)` builds it for a loaded model.
Design and the `empathic` extra field: Notes/decisions/serve.md.
"""

from empathic.serve.config import ServeConfig, check_bind, is_loopback

__all__ = ["ServeConfig", "check_bind", "is_loopback"]
