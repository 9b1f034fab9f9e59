"""A conversation is fitted to the context window: old exchanges go first, then the start of the latest message."""

from __future__ import annotations

import pytest
from factories import assistant, user
from fixtures.chat.tiny_models import load

from empathic.chat import GenerationSettings, generate_batch
from empathic.chat.turns import check_conversation, fit_history, prompt_length
from empathic.errors import UserError

GREEDY = GenerationSettings(max_new_tokens=16, temperature=0, repetition_penalty=1.0)

pytestmark = pytest.mark.usefixtures("one_thread")




def long_conversation(exchanges):
    messages = [{"role": "system", "content": "You are a warm, supportive listener."}]
    for i in range(exchanges):
        messages += [user(f"old message number {i} about my day"), assistant(f"old reply number {i}")]
    return messages + [user("and what now?")]


def test_history_that_fits_is_untouched():
    _, tokenizer = load("random-chatml")
    messages = long_conversation(2)
    assert fit_history(tokenizer, messages, 50, 512) == (messages, None)


def test_oldest_exchanges_go_first_and_the_system_prompt_stays():
    _, tokenizer = load("random-chatml")
    messages = long_conversation(12)
    window, new = 200, 50
    fitted, notice = fit_history(tokenizer, messages, new, window)
    assert prompt_length(tokenizer, fitted) + new <= window
    assert fitted[0] == messages[0]  # system prompt kept
    assert fitted[-1] == messages[-1]  # latest message untouched
    assert fitted[1]["role"] == "user"  # exchanges leave whole: no orphan assistant turn
    kept = fitted[1:-1]
    assert kept == messages[len(messages) - 1 - len(kept) : -1]  # the NEWEST history survives
    dropped = (len(messages) - len(fitted)) // 2
    assert dropped > 0 and f"dropped the {dropped} oldest exchanges" in notice


def test_an_overlong_latest_message_loses_old_context_then_its_beginning():
    _, tokenizer = load("random-chatml")
    latest = "I keep going over the same worries again and again. " * 390 + "THESE ARE MY LAST WORDS"
    assert len(latest) > 20_000
    messages = long_conversation(3)[:-1] + [user(latest)]
    fitted, notice = fit_history(tokenizer, messages, 50, 512)
    assert [m["role"] for m in fitted] == ["system", "user"]  # all old context went first
    assert fitted[0] == messages[0]
    assert fitted[1]["content"].endswith("THESE ARE MY LAST WORDS")  # the user's latest words are kept
    assert fitted[1]["content"].startswith("…")
    assert prompt_length(tokenizer, fitted) + 50 <= 512
    assert "dropped the 3 oldest exchanges" in notice and "cut the first" in notice


def test_generation_with_an_overlong_message_still_replies_and_says_so():
    model, tokenizer = load("random-chatml")  # 512 positions: 20,000 characters cannot fit
    reply = generate_batch(model, tokenizer, [[user("help " * 4000 + "please")]], GREEDY)[0]
    assert reply.text and reply.notice and "characters of your message" in reply.notice


def test_no_room_for_the_prompt_is_a_user_error():
    model, tokenizer = load("random-chatml")
    with pytest.raises(UserError, match="max_new_tokens"):
        generate_batch(model, tokenizer, [[user("hi")]], GenerationSettings(max_new_tokens=600, temperature=0))


@pytest.mark.parametrize(
    ("messages", "problem"),
    [
        ([], "non-empty list"),
        ([{"role": "bot", "content": "hi"}], "role of system, user or assistant"),
        ([{"role": "user", "content": 3}], "string content"),
        ([{"role": "user", "content": "hi"}, {"role": "system", "content": "late"}], "may only come first"),
        ([{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}], "last message"),
    ],
)
def test_a_malformed_conversation_is_refused_with_what_is_wrong(messages, problem):
    with pytest.raises(ValueError, match=problem):
        check_conversation(messages)
