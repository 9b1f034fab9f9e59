"""The one default crisis screen that chat, `empathic screen` and the evaluation all use.

Rules first, then the learned screen (multilingual encoder + the shipped MLP, `learned.py`) as a
second opinion that can only add flags. Built once per process; loading costs about a second.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from empathic.safety.screening import Screener, Screening, screen_user_message


@functools.cache
def default_second_opinion(weights: str | None = None) -> Screener:
    """The learned screen (`weights`: a file from `empathic screen train`; None = the shipped one)."""
    from empathic.safety.learned import LearnedScreen

    return LearnedScreen(weights)


def build_default_screener(weights: Path | str | None = None) -> Callable[[str], Screening]:
    """`text -> Screening` exactly as chat screens a single message."""
    opinion = default_second_opinion(str(weights) if weights is not None else None)

    def screen(text: str) -> Screening:
        return screen_user_message(text, second_opinion=opinion)

    screen.prime = getattr(opinion, "prime", lambda texts: None)  # batch-encode a known set first (redteam_metrics)
    return screen
