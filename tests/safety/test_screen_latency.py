"""Screening one chat message stays under 50 ms median on this CPU (a benchmark: `make bench`)."""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import pytest

from empathic.safety import build_default_screener, default_second_opinion, load_redteam, screen_conversation

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.benchmark
def test_median_latency_of_the_chat_screen_is_under_50_ms():
    screen = build_default_screener()
    # Ordinary support messages first: the rules do not flag them, so every one takes the learned
    # path (the common case in chat); then red-team messages, where rule flags short-circuit.
    everyday = [m["content"] for line in (REPO / "empathic/resources/sample_conversations.jsonl").open(encoding="utf-8")
                for m in json.loads(line)["messages"] if m["role"] == "user"]
    texts = everyday + [r["text"] for r in load_redteam(split="heldout")][:120]
    screen("warm up")
    single = []
    for t in texts:
        t0 = time.perf_counter()
        screen(t)
        single.append(time.perf_counter() - t0)
    history = [{"role": "user", "content": "I had a long week."}, {"role": "assistant", "content": "Tell me more."}] * 3
    # Each new message is fresh to the encoder, as in chat; the history turns it re-screens are remembered, as in chat.
    default_second_opinion().forget()
    conv = []
    for t in texts[:100]:
        t0 = time.perf_counter()
        screen_conversation([*history, {"role": "user", "content": t}])
        conv.append(time.perf_counter() - t0)
    med_single, med_conv = statistics.median(single) * 1000, statistics.median(conv) * 1000
    med_everyday = statistics.median(single[: len(everyday)]) * 1000
    print(f"\nmedian ms per message: everyday (learned path) {med_everyday:.1f}, all {med_single:.1f}, "
          f"with a 4-user-turn history {med_conv:.1f}")
    assert med_everyday < 50
    assert med_single < 50
    assert med_conv < 50
