"""The rules about a loaded adapter shared by chat, evaluation and training: the default one, and running without it."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Any

from empathic.modeling.loading import DEFAULT_ADAPTER, is_adapter_folder


def default_adapter() -> str | None:
    """DEFAULT_ADAPTER when a trained adapter is there (chat and eval use it without --adapter), else None."""
    return DEFAULT_ADAPTER if is_adapter_folder(DEFAULT_ADAPTER) else None


def adapter_disabled(model: Any) -> AbstractContextManager:
    """Run a PEFT model as its bare base (PEFT's `disable_adapter`); a no-op for a plain model.

    Base-vs-tuned comparisons use this on one loaded PeftModel: same weights, tokenizer and template.
    """
    disable = getattr(model, "disable_adapter", None)
    return disable() if disable is not None else nullcontext()
