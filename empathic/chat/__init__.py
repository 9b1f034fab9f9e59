"""Chat: one assistant turn per call (batched or streamed) with the safety layer on top.

The public API lives here; import from `empathic.chat`, not from its modules.
"""

from empathic.chat.generate import generate_batch
from empathic.chat.respond import Response, respond, respond_batch, stream_respond
from empathic.chat.settings import GenerationSettings, Safety
from empathic.chat.turns import Reply

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
