"""Application-level safety layer: crisis screening, fixed escalation replies, general-emergency check, concern-for-
someone-else path, output screening.

Nothing here imports torch at import time. The chat default screen is
`screen_conversation(messages)` (rules + the learned multilingual screen, conversation-aware);
`defaults.build_default_screener()` is the same for single messages. The optional MiniLM
nearest-neighbour opinion (`empathic.safety.embedding.EmbeddingScreener`) loads
sentence-transformers only when constructed.
"""

from empathic.safety.concern import Concern, concern_for_other
from empathic.safety.conversation import screen_conversation
from empathic.safety.defaults import build_default_screener, default_second_opinion
from empathic.safety.emergency import Emergency, detect_emergency
from empathic.safety.normalize import deobfuscate
from empathic.safety.output import OutputScreening, screen_model_output
from empathic.safety.redteam import load_redteam, redteam_metrics
from empathic.safety.resources import (
    AI_DISCLOSURE,
    ai_disclosure,
    concern_reply,
    emergency_reply,
    escalation_reply,
    get_locale,
    load_locales,
)
from empathic.safety.rules import CATEGORIES
from empathic.safety.screening import Screener, Screening, screen_user_message

__all__ = [
    "AI_DISCLOSURE",
    "CATEGORIES",
    "Concern",
    "Emergency",
    "OutputScreening",
    "Screener",
    "Screening",
    "ai_disclosure",
    "build_default_screener",
    "concern_for_other",
    "concern_reply",
    "default_second_opinion",
    "deobfuscate",
    "detect_emergency",
    "emergency_reply",
    "escalation_reply",
    "get_locale",
    "load_locales",
    "load_redteam",
    "redteam_metrics",
    "screen_conversation",
    "screen_model_output",
    "screen_user_message",
]
