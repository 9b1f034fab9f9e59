"""Base-vs-tuned samples for training reports: chat replies side by side, and a strict stop rate."""

from __future__ import annotations

import math

import pytest
from fixtures.chat.tiny_models import FIRST_TURN, RUNON_TEXT, load

from empathic.chat import Reply
from empathic.chat.compare import base_and_tuned_replies, prompt_messages, side_by_side, stop_fraction

pytestmark = pytest.mark.usefixtures("one_thread")
PROMPTS = [[{"role": "user", "content": "I had a bad day"}], [{"role": "user", "content": "my exams are next week"}]]


def test_side_by_side_replies_are_what_chat_shows_and_a_plain_model_is_its_own_base():
    model, tokenizer = load("runon-chatml-text")
    model.train()
    base, tuned = base_and_tuned_replies(model, tokenizer, PROMPTS, max_new_tokens=40)
    assert model.training  # the caller's mode is restored
    model.eval()
    assert base == tuned  # no adapter to turn off
    assert [r.text for r in tuned] == [FIRST_TURN, FIRST_TURN] and all(r.stopped for r in tuned)


def test_the_strict_stop_rate_does_not_count_the_chat_layers_cut():
    """The run-on model invents the next turn: chat cuts it, the strict measure keeps what the model wrote."""
    model, tokenizer = load("runon-chatml-text")
    _, strict = base_and_tuned_replies(model, tokenizer, PROMPTS, max_new_tokens=12, strict=True)
    assert all(r.text.startswith(RUNON_TEXT[: len(r.text)]) and len(r.text) > len(FIRST_TURN) for r in strict)
    assert stop_fraction(strict) == 0.0  # 12 tokens run out inside the invented turn


def test_prompt_messages_stop_before_the_last_assistant_turn():
    chat = [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"},
            {"role": "user", "content": "c"}, {"role": "assistant", "content": "d"}]
    assert prompt_messages(chat) == chat[:3]
    assert prompt_messages(chat[:1]) == chat[:1]


def test_stop_fraction_and_the_plain_text_report():
    base, tuned = [Reply("", False, 40)], [Reply("I hear you.", True, 5)]
    assert stop_fraction(base + tuned) == 0.5 and math.isnan(stop_fraction([]))
    text = side_by_side(["I feel low"], base, tuned, width=40)
    assert "USER: I feel low" in text and "(empty)" in text
    assert "--- BASE (cut at 40 tokens)" in text and "--- TUNED (stopped by itself)" in text
