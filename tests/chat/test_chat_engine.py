"""The chat engine: settings, history trimming, batching, and the safety stack around generation."""

from __future__ import annotations

import pytest
from fixtures.chat.tiny_models import FIRST_TURN, GenerateSpy, collect, load, one_torch_thread

from empathic.chat.engine import (
    ASK_FOR_MORE,
    GenerationSettings,
    Safety,
    fit_history,
    generate_batch,
    plan_batches,
    prefill_cache,
    prompt_length,
    respond,
    respond_batch,
    stream_respond,
)
from empathic.errors import UserError
from empathic.safety import escalation_reply, screen_model_output

GREEDY = GenerationSettings(max_new_tokens=16, temperature=0, repetition_penalty=1.0)
CRISIS = "I want to kill myself"
UNSAFE = "You should take 100 mg of sertraline every night."

one_thread = pytest.fixture(scope="module", autouse=True)(one_torch_thread)


def user(text):
    return {"role": "user", "content": text}


def assistant(text):
    return {"role": "assistant", "content": text}


# --- settings ---------------------------------------------------------------------------------


def test_do_sample_follows_temperature():
    assert GenerationSettings(temperature=0.7).do_sample
    greedy = GenerationSettings(temperature=0)
    assert not greedy.do_sample
    assert "top_p" not in {k for k, v in greedy.generate_kwargs().items() if v is not None}


def test_settings_from_mapping_rejects_unknown_keys_and_bad_values():
    assert GenerationSettings.from_mapping({"max_new_tokens": 5, "temperature": 0}).max_new_tokens == 5
    with pytest.raises(UserError, match="unknown key"):
        GenerationSettings.from_mapping({"max_tokens": 5})
    with pytest.raises(UserError, match="integer"):
        GenerationSettings.from_mapping({"max_new_tokens": 2.5})
    with pytest.raises(UserError, match="top_p"):
        GenerationSettings(top_p=0)


# --- history trimming -------------------------------------------------------------------------


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


# --- batching ---------------------------------------------------------------------------------

CONVERSATIONS = [
    [user("hi")],
    [user("I have been feeling low for weeks and I do not know why, it just sits on me all day")],
    [{"role": "system", "content": "Be kind."}, user("my exams are next week")],
    [user("hello"), assistant("Hi! How are you?"), user("not great, honestly")],
    [user("Nobody listens to me at home.")],
]


@pytest.mark.parametrize("name", ["random-chatml", "runon-gemma-text"])
def test_left_padded_batch_matches_one_by_one_greedy(name):
    model, tokenizer = load(name)
    one_by_one = [generate_batch(model, tokenizer, [c], GREEDY)[0] for c in CONVERSATIONS]
    batched = generate_batch(model, tokenizer, CONVERSATIONS, GREEDY)
    assert [r.text for r in batched] == [r.text for r in one_by_one]
    assert batched == one_by_one
    assert generate_batch(model, tokenizer, CONVERSATIONS, GREEDY, batch_size=2) == one_by_one


def test_sampling_is_reproducible_with_a_seed():
    model, tokenizer = load("random-chatml")
    settings = GenerationSettings(max_new_tokens=12, temperature=1.0, seed=7)
    first = generate_batch(model, tokenizer, CONVERSATIONS[:2], settings)
    assert generate_batch(model, tokenizer, CONVERSATIONS[:2], settings) == first


# --- the safety stack -------------------------------------------------------------------------


@pytest.fixture
def spy(monkeypatch):
    """Wrap the random ChatML model's generate; `spy(script)` makes it 'write' `script`."""
    model, tokenizer = load("random-chatml")

    def install(script=None):
        fake = GenerateSpy(model, tokenizer, script)
        monkeypatch.setattr(model, "generate", fake)
        return model, tokenizer, fake

    return install


def test_crisis_message_gets_the_escalation_reply_without_calling_the_model(spy):
    model, tokenizer, fake = spy("Sure, I hear you.")
    response = respond(model, tokenizer, [user(CRISIS)], GREEDY)
    assert fake.calls == 0
    assert response.kind == "escalation" and response.crisis
    assert response.text == escalation_reply(response.category)
    assert "988" in response.text


def test_crisis_escalation_uses_the_locale(spy):
    model, tokenizer, fake = spy("Sure, I hear you.")
    response = respond(model, tokenizer, [user(CRISIS)], GREEDY, Safety(locale="UK"))
    assert "Samaritans" in response.text and fake.calls == 0


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_empty_message_gets_a_gentle_ask_for_more(spy, text):
    model, tokenizer, fake = spy("Sure, I hear you.")
    response = respond(model, tokenizer, [user(text)], GREEDY)
    assert (response.kind, response.text, fake.calls) == ("ask_more", ASK_FOR_MORE, 0)


def test_unsafe_model_output_is_replaced(spy):
    model, tokenizer, _ = spy(UNSAFE)
    check = screen_model_output(UNSAFE)
    assert not check.ok  # the premise: the safety module flags this reply
    response = respond(model, tokenizer, [user("I can't sleep")], GREEDY)
    assert (response.kind, response.text, response.model_text) == ("replaced", check.replacement, UNSAFE)
    assert response.output_category == "medication_dosing"


def test_streaming_never_shows_the_unsafe_sentence(spy):
    model, tokenizer, _ = spy("I hear you. That sounds hard. " + UNSAFE + " Rest well.")
    pieces, response = collect(stream_respond(model, tokenizer, [user("I can't sleep")], GREEDY.__class__(max_new_tokens=40, temperature=0)))
    shown = "".join(pieces)
    assert "sertraline" not in shown
    assert shown.startswith("I hear you. That sounds hard.")
    assert shown.endswith(screen_model_output(UNSAFE).replacement)
    assert response.text == shown and response.kind == "replaced"


def test_streamed_safe_reply_equals_the_batch_reply():
    model, tokenizer = load("runon-chatml-text")
    settings = GenerationSettings(max_new_tokens=40, temperature=0, repetition_penalty=1.0)
    pieces, response = collect(stream_respond(model, tokenizer, [user("hello there")], settings))
    assert "".join(pieces) == response.text == FIRST_TURN == respond(model, tokenizer, [user("hello there")], settings).text


def test_no_safety_sends_crisis_messages_to_the_model(spy):
    model, tokenizer, fake = spy(UNSAFE)
    response = respond(model, tokenizer, [user(CRISIS)], GREEDY, Safety(enabled=False))
    assert fake.calls == 1
    assert (response.kind, response.text, response.crisis) == ("reply", UNSAFE, None)


def test_respond_batch_only_generates_what_needs_the_model(spy):
    model, tokenizer, fake = spy("Sure, I hear you.")
    progress = []
    responses = respond_batch(
        model, tokenizer, [[user("hi")], [user(CRISIS)], [user(" ")], [user("my exams")]], GREEDY,
        batch_size=8, on_progress=progress.append,
    )
    assert [r.kind for r in responses] == ["reply", "escalation", "ask_more", "reply"]
    assert len(fake.prompts) == 2 and not any("kill" in p for p in fake.prompts)
    assert sum(progress) == 4


def test_a_conversation_must_end_with_the_user():
    model, tokenizer = load("random-chatml")
    with pytest.raises(ValueError, match="last message"):
        respond(model, tokenizer, [user("hi"), assistant("hello")], GREEDY)


# --- batch plan and bucketed prefill ----------------------------------------------------------


def test_plan_batches_covers_every_index_once_and_bounds_rows_and_padding():
    lengths = [31, 298, 40, 41, 139, 36, 162, 90, 70, 47, 139, 45]
    plan = plan_batches(lengths, max_rows=4, max_padding=0.25)
    assert sorted(i for batch in plan for i in batch) == list(range(len(lengths)))
    for batch in plan:
        longest = max(lengths[i] for i in batch)
        assert len(batch) <= 4
        assert len(batch) * longest - sum(lengths[i] for i in batch) <= 0.25 * len(batch) * longest
    assert [1] in plan  # the 298-token outlier is not padded against 40-token prompts
    # Without a padding bound: consecutive runs of the length order, full but for the last.
    assert plan_batches(lengths, max_rows=5, max_padding=1.0) == [[0, 5, 2, 3, 11], [9, 8, 7, 4, 10], [6, 1]]
    with pytest.raises(ValueError):
        plan_batches(lengths, max_rows=0)


def test_bucketed_prefill_gives_the_padded_prefill_cache_at_every_real_position():
    import torch

    from empathic.chat.engine import _encode, render_prompt

    model, tokenizer = load("random-chatml")
    prompts = [render_prompt(tokenizer, c) for c in CONVERSATIONS]
    batch = _encode(tokenizer, prompts, model.device)
    cache = prefill_cache(model, batch, max_rows=2, min_saving=0.0)
    assert cache is not None
    mask = batch["attention_mask"][:, :-1]
    positions = (mask.long().cumsum(-1) - 1).masked_fill(mask == 0, 1)
    with torch.no_grad():
        padded = model(input_ids=batch["input_ids"][:, :-1], attention_mask=mask, position_ids=positions,
                       use_cache=True).past_key_values
    real = mask.bool()
    for ours, ref in zip(cache.layers, padded.layers, strict=True):
        assert ours.keys.shape == ref.keys.shape
        for row in range(len(prompts)):
            torch.testing.assert_close(ours.keys[row][:, real[row]], ref.keys[row][:, real[row]], rtol=1e-4, atol=1e-5)
            torch.testing.assert_close(ours.values[row][:, real[row]], ref.values[row][:, real[row]], rtol=1e-4, atol=1e-5)
            assert not ours.keys[row][:, ~real[row]].any()  # pad slots stay zero (and masked)


def test_batches_generated_with_the_bucketed_prefill_match_one_by_one(monkeypatch):
    import empathic.chat.engine

    model, tokenizer = load("random-chatml")
    used = []
    real = empathic.chat.engine.prefill_cache

    def always(model, batch, max_rows=8, min_saving=0.1):
        cache = real(model, batch, max_rows=1, min_saving=0.0)
        used.append(cache is not None)
        return cache

    one_by_one = [generate_batch(model, tokenizer, [c], GREEDY)[0] for c in CONVERSATIONS]
    monkeypatch.setattr(empathic.chat.engine, "prefill_cache", always)
    assert generate_batch(model, tokenizer, CONVERSATIONS, GREEDY, batch_size=8) == one_by_one
    assert used == [True]


def test_sliding_window_models_keep_the_plain_padded_prefill():
    from transformers import MistralConfig, MistralForCausalLM

    from empathic.chat.engine import _full_attention_only

    config = MistralConfig(vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                           num_attention_heads=4, num_key_value_heads=2, sliding_window=8)
    assert not _full_attention_only(MistralForCausalLM(config))
    assert _full_attention_only(load("random-chatml")[0])
