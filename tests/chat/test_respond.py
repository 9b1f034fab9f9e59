"""The safety stack around generation: crisis, emergency and empty messages never reach the model, unsafe replies
are replaced."""

from __future__ import annotations

import pytest
from factories import assistant, user
from fixtures.chat.tiny_models import FIRST_TURN, GenerateSpy, collect, load

from empathic.chat import GenerationSettings, Safety, respond, respond_batch, stream_respond
from empathic.chat.respond import ASK_FOR_MORE
from empathic.safety import concern_reply, emergency_reply, escalation_reply, screen_model_output

GREEDY = GenerationSettings(max_new_tokens=16, temperature=0, repetition_penalty=1.0)
CRISIS = "I want to kill myself"
UNSAFE = "You should take 100 mg of sertraline every night."

pytestmark = pytest.mark.usefixtures("one_thread")




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


EMERGENCY = "my dad collapsed and isn't breathing"


def test_a_general_emergency_gets_the_emergency_number_without_calling_the_model(spy):
    model, tokenizer, fake = spy("Sure, I hear you.")
    response = respond(model, tokenizer, [user("I'm at my parents' place"), assistant("How is it going?"),
                                          user(EMERGENCY)], GREEDY)
    assert fake.calls == 0
    assert (response.kind, response.crisis, response.category) == ("emergency", False, "medical_emergency")
    assert response.text == emergency_reply("US", lang="en") and "911" in response.text
    assert response.reasons == ["emergency: not_breathing"]


def test_the_emergency_reply_uses_the_locale_number_and_the_users_language(spy):
    model, tokenizer, fake = spy("Sure, I hear you.")
    response = respond(model, tokenizer, [user("mein Vater atmet nicht mehr")], GREEDY, Safety(locale="DE"))
    assert fake.calls == 0 and response.kind == "emergency"
    assert "112" in response.text and "Leitung" in response.text


def test_a_streamed_emergency_shows_the_fixed_reply_and_never_runs_the_model(spy):
    model, tokenizer, fake = spy("Sure, I hear you.")
    pieces, response = collect(stream_respond(model, tokenizer, [user(EMERGENCY)], GREEDY, Safety(locale="UK")))
    assert fake.calls == 0 and response.kind == "emergency"
    assert "".join(pieces) == response.text and "999" in response.text


def test_a_crisis_message_stays_on_the_crisis_path_not_the_emergency_one(spy):
    model, tokenizer, fake = spy("Sure, I hear you.")
    response = respond(model, tokenizer, [user("I want to kill myself, there's smoke everywhere")], GREEDY)
    assert response.kind == "escalation" and response.crisis and fake.calls == 0


CONCERN = "my friend keeps joking about wanting to die. how do i tell if it's serious?"


def test_a_worried_helper_gets_the_helping_someone_reply_without_calling_the_model(spy):
    model, tokenizer, fake = spy("Sure, I hear you.")
    response = respond(model, tokenizer, [user(CONCERN)], GREEDY)
    assert fake.calls == 0
    assert (response.kind, response.crisis, response.category) == ("concern", False, "concern_for_other")
    assert response.text == concern_reply("US", lang="en") and "988" in response.text and "911" in response.text
    assert response.text != escalation_reply("suicidal_ideation")


def test_the_concern_reply_uses_the_locale_and_the_users_language_and_streams_as_is(spy):
    model, tokenizer, fake = spy("Sure, I hear you.")
    text = "eine freundin hat geschrieben sie will nicht mehr leben, wie kann ich ihr helfen?"
    pieces, response = collect(stream_respond(model, tokenizer, [user(text)], GREEDY, Safety(locale="DE")))
    assert fake.calls == 0 and response.kind == "concern"
    assert "".join(pieces) == response.text == concern_reply("DE", lang="de") and "112" in response.text


def test_a_worried_helper_with_their_own_risk_or_an_earlier_crisis_gets_the_escalation(spy):
    model, tokenizer, fake = spy("Sure, I hear you.")
    own = respond(model, tokenizer, [user("my friend said she wants to die. I want to die as well. how do I help her?")],
                  GREEDY)
    assert own.kind == "escalation" and own.crisis
    earlier = respond(model, tokenizer, [user(CRISIS), assistant("I'm here with you."), user(CONCERN)], GREEDY)
    assert earlier.kind == "escalation" and earlier.crisis and fake.calls == 0


def test_no_safety_sends_emergencies_to_the_model(spy):
    model, tokenizer, fake = spy("Sure, I hear you.")
    response = respond(model, tokenizer, [user(EMERGENCY)], GREEDY, Safety(enabled=False))
    assert fake.calls == 1 and response.kind == "reply"


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
    pieces, response = collect(stream_respond(model, tokenizer, [user("I can't sleep")], GenerationSettings(max_new_tokens=40, temperature=0)))
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
        model, tokenizer, [[user("hi")], [user(CRISIS)], [user(" ")], [user("my exams")], [user(EMERGENCY)]], GREEDY,
        batch_size=8, on_progress=progress.append,
    )
    assert [r.kind for r in responses] == ["reply", "escalation", "ask_more", "reply", "emergency"]
    assert len(fake.prompts) == 2 and not any("kill" in p or "breathing" in p for p in fake.prompts)
    assert sum(progress) == 5


def test_a_conversation_must_end_with_the_user():
    model, tokenizer = load("random-chatml")
    with pytest.raises(ValueError, match="last message"):
        respond(model, tokenizer, [user("hi"), assistant("hello")], GREEDY)
