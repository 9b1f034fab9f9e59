"""Data pipeline: source loaders, cleaning, de-duplication, leak-free splits, mixing, JSONL output.

Library entry points (cheap to import; heavy modules load lazily):
`load_config(path, overrides) -> DataConfig`, `prepare(config, data_dir, out, token_counter) -> stats`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from empathic.data.config import DataConfig, SourceConfig, load_config

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["DataConfig", "SourceConfig", "load_config", "prepare"]


def prepare(
    config: DataConfig, data_dir: Path | None, out: Path, token_counter: Any = None, **kwargs: Any
) -> dict:
    """See `empathic.data.pipeline.prepare`."""
    from empathic.data.pipeline import prepare as _prepare

    return _prepare(config, data_dir, out, token_counter, **kwargs)
