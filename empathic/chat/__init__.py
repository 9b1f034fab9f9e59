"""Chat: one assistant turn per call (batched or streamed) with the safety layer on top.

The public API lives here; import from `empathic.chat`, not from its modules.
"""

from empathic.chat.engine import (
    GenerationSettings,
    Reply,
    Response,
    Safety,
    generate_batch,
    respond,
    respond_batch,
    stream_respond,
)

__all__ = [
    "GenerationSettings",
    "Reply",
    "Response",
    "Safety",
    "generate_batch",
    "respond",
    "respond_batch",
    "stream_respond",
]
