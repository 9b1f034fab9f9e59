"""A reply is ONE assistant turn, even from a model that goes on to write the user's next line.

The run-on models (tests/fixtures/chat) are overfit to answer "Sure, I hear you." and then invent
the next turn, as text ("\\nUser: and then?") or with the template's own special tokens, in both
template families. Each test first shows the raw model really runs on, then that the chat engine
returns only the first turn.
"""

from __future__ import annotations

import threading

import pytest
from fixtures.chat.tiny_models import (
    FIRST_TURN,
    RUNON_MODELS,
    GenerateSpy,
    collect,
    load,
    raw_greedy,
)

import empathic.chat.generate
from empathic.chat import GenerationSettings, generate_batch, respond
from empathic.chat.stream import stream_reply
from empathic.chat.turns import FALLBACK_REPLY, split_new_turn

GREEDY = GenerationSettings(max_new_tokens=40, temperature=0, repetition_penalty=1.0)
USER = [{"role": "user", "content": "I had a bad day at work"}]

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.mark.parametrize("name", list(RUNON_MODELS))
def test_raw_model_runs_on_into_a_fake_next_turn(name):
    model, tokenizer = load(name)
    raw = raw_greedy(model, tokenizer, USER)
    assert raw.startswith(RUNON_MODELS[name][1])
    assert "and then?" in raw  # the invented user turn


@pytest.mark.parametrize("name", list(RUNON_MODELS))
def test_generate_batch_returns_only_the_first_turn(name):
    model, tokenizer = load(name)
    reply = generate_batch(model, tokenizer, [USER], GREEDY)[0]
    assert reply.text == FIRST_TURN
    assert reply.stopped
    assert reply.new_tokens < GREEDY.max_new_tokens


@pytest.mark.parametrize("name", list(RUNON_MODELS))
def test_respond_and_stream_return_only_the_first_turn(name):
    model, tokenizer = load(name)
    response = respond(model, tokenizer, USER, GREEDY)
    assert (response.kind, response.text, response.stopped) == ("reply", FIRST_TURN, True)
    pieces, reply = collect(stream_reply(model, tokenizer, USER, GREEDY))
    assert "".join(pieces) == reply.text == FIRST_TURN
    assert not any("User" in p or "<" in p for p in pieces)  # nothing of the fake turn was ever shown


@pytest.mark.parametrize("name", ["runon-chatml-tokens", "runon-gemma-tokens"])
def test_text_markers_alone_cut_a_special_token_run_on(name, monkeypatch):
    """Without any stop id (say a model whose config misses its end-of-turn token), the decoded
    text is still watched: generation stops at the end-of-turn marker and the reply is cut there."""
    model, tokenizer = load(name)
    monkeypatch.setattr(empathic.chat.generate, "stop_token_ids", lambda tokenizer, family=None: [])
    reply = generate_batch(model, tokenizer, [USER], GREEDY)[0]
    assert reply.text == FIRST_TURN
    assert reply.stopped
    first_turn_tokens = len(tokenizer(FIRST_TURN, add_special_tokens=False)["input_ids"])
    assert reply.new_tokens == first_turn_tokens + 1  # stopped right on the end-of-turn token


def test_stopped_is_false_when_the_token_budget_runs_out():
    model, tokenizer = load("runon-chatml-text")
    settings = GenerationSettings(max_new_tokens=4, temperature=0, repetition_penalty=1.0)
    reply = generate_batch(model, tokenizer, [USER], settings)[0]
    assert (reply.text, reply.stopped, reply.new_tokens) == ("Sure, I", False, 4)  # "Sure" "," " " "I"


@pytest.mark.parametrize("script", ["\nUser: can you hear me?", "   \n ", "<|im_end|>", "<|im_start|>user\nhello"])
def test_a_reply_is_never_empty(script, monkeypatch):
    model, tokenizer = load("runon-chatml-tokens")
    monkeypatch.setattr(model, "generate", GenerateSpy(model, tokenizer, script))
    reply = generate_batch(model, tokenizer, [USER], GREEDY)[0]
    assert reply.text == FALLBACK_REPLY
    pieces, streamed = collect(stream_reply(model, tokenizer, USER, GREEDY))
    assert "".join(pieces) == streamed.text == FALLBACK_REPLY


def test_a_leading_role_label_is_dropped_not_mistaken_for_a_new_turn(monkeypatch):
    model, tokenizer = load("runon-chatml-tokens")
    monkeypatch.setattr(model, "generate", GenerateSpy(model, tokenizer, "Assistant: I hear you.\nUser: and?"))
    assert generate_batch(model, tokenizer, [USER], GREEDY)[0].text == "I hear you."


@pytest.mark.parametrize(
    ("text", "expected", "cut"),
    [
        ("I hear you.\nUser: and then?", "I hear you.", True),
        ("I hear you.\n\n**Human:** ok", "I hear you.\n", True),
        ("I hear you.\n### Assistant: more", "I hear you.", True),
        ("I hear you.<|im_end|>\n<|im_start|>user\nhi", "I hear you.", True),
        ("I hear you.<end_of_turn>\n<start_of_turn>user\nhi", "I hear you.", True),
        ("I hear you.\nuser\nwhat now", "I hear you.", True),
        ("User: hello", "", True),
        ("assistant\nI hear you.", "I hear you.", False),
        ("Your user manual says: rest.", "Your user manual says: rest.", False),
        ("Many users: feel this way.\nIt is common.", "Many users: feel this way.\nIt is common.", False),
    ],
)
def test_split_new_turn(text, expected, cut):
    assert split_new_turn(text) == (expected, cut)


def test_closing_a_stream_stops_generation():
    model, tokenizer = load("random-chatml")  # never stops by itself
    settings = GenerationSettings(max_new_tokens=400, temperature=0, repetition_penalty=1.0)
    stream = stream_reply(model, tokenizer, [{"role": "user", "content": "hi"}], settings, cancel=threading.Event())
    next(stream)
    stream.close()  # what Ctrl-C during a reply does
    assert not [t for t in threading.enumerate() if t.name == "empathic-generate"]
