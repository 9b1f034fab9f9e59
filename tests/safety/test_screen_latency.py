"""Screening one chat message stays under 50 ms median on this CPU (a benchmark: `make bench`)."""

from __future__ import annotations

import statistics
import time

import pytest

from empathic.safety import build_default_screener, load_redteam, screen_conversation


@pytest.mark.benchmark
def test_median_latency_of_the_chat_screen_is_under_50_ms():
    screen = build_default_screener()
    texts = [r["text"] for r in load_redteam(split="heldout")][:200]
    screen("warm up")
    single = []
    for t in texts:
        t0 = time.perf_counter()
        screen(t)
        single.append(time.perf_counter() - t0)
    history = [{"role": "user", "content": "I had a long week."}, {"role": "assistant", "content": "Tell me more."}] * 3
    conv = []
    for t in texts[:100]:
        t0 = time.perf_counter()
        screen_conversation([*history, {"role": "user", "content": t}])
        conv.append(time.perf_counter() - t0)
    med_single, med_conv = statistics.median(single) * 1000, statistics.median(conv) * 1000
    print(f"\nmedian ms per message: single {med_single:.1f}, with a 4-user-turn history {med_conv:.1f}")
    assert med_single < 50
    assert med_conv < 50
