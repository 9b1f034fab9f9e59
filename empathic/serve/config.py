"""What a server instance is allowed to do: limits, batching, auth, and the loopback rule."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from empathic.errors import UserError


@dataclass(frozen=True)
class ServeConfig:
    """Limits and batching for one server. Defaults are what `empathic serve` uses."""

    max_queue: int = 32  # requests admitted at once (running + waiting); more get 503 + Retry-After
    max_batch: int = 8  # non-streaming requests generated together in one respond_batch call
    batch_window_ms: float = 50.0  # how long an idle worker waits for companions before generating
    max_body_bytes: int = 64 * 1024  # larger request bodies get 413
    max_tokens_limit: int = 512  # larger max_tokens get 400
    max_messages: int = 64  # longer conversations get 400
    api_key: str | None = None  # Bearer token required on /v1/* when set
    retry_after_s: int = 1  # the Retry-After a 503 carries

    def __post_init__(self) -> None:
        for name in ("max_queue", "max_batch", "max_body_bytes", "max_tokens_limit", "max_messages", "retry_after_s"):
            if getattr(self, name) < 1:
                raise UserError(f"{name.replace('_', '-')} must be at least 1, got {getattr(self, name)}")
        if self.batch_window_ms < 0:
            raise UserError(f"batch-window-ms must be 0 or more, got {self.batch_window_ms}")
        if self.api_key is not None and not self.api_key.strip():
            raise UserError("--api-key must not be empty")


def is_loopback(host: str) -> bool:
    """Whether `host` only accepts connections from this machine (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name other than localhost may resolve to anything
        return False


def check_bind(host: str, api_key: str | None) -> None:
    """Refuse to listen beyond this machine without an API key: the model answers people in distress."""
    if not is_loopback(host) and not api_key:
        raise UserError(f"refusing to bind {host} without --api-key; pass --api-key KEY or use --host 127.0.0.1")
