"""Application-level safety layer: crisis screening, fixed escalation replies, output screening.

Nothing here imports torch at import time; the optional embedding second opinion
(`empathic.safety.embedding.EmbeddingScreener`) loads sentence-transformers only when constructed.
"""

from empathic.safety.output import OutputScreening, screen_model_output
from empathic.safety.redteam import load_redteam, redteam_metrics
from empathic.safety.resources import AI_DISCLOSURE, ai_disclosure, escalation_reply, get_locale, load_locales
from empathic.safety.rules import CATEGORIES
from empathic.safety.screening import Screening, screen_user_message

__all__ = [
    "AI_DISCLOSURE",
    "CATEGORIES",
    "OutputScreening",
    "Screening",
    "ai_disclosure",
    "escalation_reply",
    "get_locale",
    "load_locales",
    "load_redteam",
    "redteam_metrics",
    "screen_model_output",
    "screen_user_message",
]
