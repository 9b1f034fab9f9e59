"""The OpenAI-compatible API, driven by the official `openai` client against a real uvicorn server."""

from __future__ import annotations

import json
import threading

import openai
import pytest
from serve_helpers import MODEL, SAD, backend_for, client, gate_engine, in_flight, raw, wait_until

CRISIS = [{"role": "user", "content": "I want to kill myself"}]
FIRST_TURN = "Sure, I hear you."


@pytest.fixture(scope="module")
def url(serve):
    with serve() as base:
        yield base


def test_a_completion_is_the_first_turn_only_with_the_empathic_field(url):
    reply = client(url).chat.completions.create(model=MODEL, messages=SAD)
    assert reply.choices[0].message.content == FIRST_TURN  # the model's "\nUser: and then?..." is cut
    assert reply.choices[0].message.role == "assistant"
    assert reply.choices[0].finish_reason == "stop"
    assert reply.model == MODEL and reply.usage.completion_tokens > 0
    extra = reply.model_extra["empathic"]
    assert extra["kind"] == "reply" and extra["ai_generated"] is True
    assert "AI" in extra["ai_disclosure"]


def test_a_stream_sends_the_same_single_turn_in_chunks_then_done(url):
    chunks = list(client(url).chat.completions.create(model=MODEL, messages=SAD, stream=True))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == FIRST_TURN
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model_extra["empathic"]["kind"] == "reply"


def test_the_raw_stream_is_server_sent_events_ending_with_done(url):
    status, headers, body = raw(url, "/v1/chat/completions", {"model": MODEL, "messages": SAD, "stream": True})
    assert status == 200 and headers["content-type"].startswith("text/event-stream")
    events = [e for e in body.decode().split("\n\n") if e]
    assert all(e.startswith("data: ") for e in events)
    assert events[-1] == "data: [DONE]"


@pytest.mark.parametrize("stream", [False, True])
def test_a_crisis_message_gets_the_escalation_reply_and_the_model_is_not_called(url, runon, monkeypatch, stream):
    model, _ = runon
    monkeypatch.setattr(model, "forward", lambda *a, **kw: pytest.fail("the model must not run in a crisis"))
    answer = client(url).chat.completions.create(model=MODEL, messages=CRISIS, stream=stream)
    if stream:
        chunks = list(answer)
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        extra = chunks[-1].model_extra["empathic"]
    else:
        text, extra = answer.choices[0].message.content, answer.model_extra["empathic"]
    assert "988" in text and "741741" in text
    assert extra["kind"] == "escalation" and extra["category"] == "suicidal_ideation"
    assert extra["ai_generated"] is False


@pytest.mark.parametrize("stream", [False, True])
def test_a_general_emergency_gets_the_emergency_reply_and_the_model_is_not_called(url, runon, monkeypatch, stream):
    model, _ = runon
    monkeypatch.setattr(model, "forward", lambda *a, **kw: pytest.fail("the model must not run in an emergency"))
    messages = [{"role": "user", "content": "my dad collapsed and isn't breathing"}]
    answer = client(url).chat.completions.create(model=MODEL, messages=messages, stream=stream)
    if stream:
        chunks = list(answer)
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        extra, finish = chunks[-1].model_extra["empathic"], chunks[-1].choices[0].finish_reason
    else:
        text, extra, finish = answer.choices[0].message.content, answer.model_extra["empathic"], answer.choices[0].finish_reason
    assert "911" in text and "988" not in text
    assert extra["kind"] == "emergency" and extra["category"] == "medical_emergency"
    assert extra["ai_generated"] is False and finish == "stop"


def test_a_worried_helper_gets_the_concern_reply_and_the_model_is_not_called(url, runon, monkeypatch):
    model, _ = runon
    monkeypatch.setattr(model, "forward", lambda *a, **kw: pytest.fail("the model must not run for a worried helper"))
    messages = [{"role": "user", "content": "my friend keeps joking about wanting to die. how do i tell if it's serious?"}]
    answer = client(url).chat.completions.create(model=MODEL, messages=messages)
    text, extra = answer.choices[0].message.content, answer.model_extra["empathic"]
    assert "988" in text and "911" in text and "good friend" in text
    assert extra["kind"] == "concern" and extra["category"] == "concern_for_other"
    assert extra["ai_generated"] is False


def test_models_lists_the_served_model_with_disclosure_and_resources(url):
    models = client(url).models.list()
    card = models.data[0]
    assert card.id == MODEL
    info = card.model_extra["empathic"]
    assert info["ai_disclosure"].startswith("Hi, I'm an AI")
    assert any("988" in line for line in info["crisis_resources"]) and info["emergency"] == "911"
    status, headers, _ = raw(url, "/v1/models")
    assert headers["x-ai-generated"] == "true"


def test_health_answers_without_a_model_call(url):
    status, _, body = raw(url, "/health")
    assert status == 200 and json.loads(body)["status"] == "ok"


# ---------------------------------------------------------------------------------------------
# Limits: OpenAI-style error JSON


def error_of(call) -> openai.APIStatusError:
    with pytest.raises(openai.APIStatusError) as caught:
        call()
    return caught.value


def test_max_tokens_over_the_limit_is_a_400_naming_the_parameter(serve):
    with serve(max_tokens_limit=64) as base:
        err = error_of(lambda: client(base).chat.completions.create(model=MODEL, messages=SAD, max_tokens=65))
    assert err.status_code == 400
    assert err.body["param"] == "max_tokens" and err.body["code"] == "max_tokens_too_large"
    assert err.body["type"] == "invalid_request_error" and "64" in err.body["message"]


def test_a_body_over_the_size_limit_is_a_413(serve):
    with serve(max_body_bytes=2048) as base:
        long = [{"role": "user", "content": "sad " * 1000}]
        err = error_of(lambda: client(base).chat.completions.create(model=MODEL, messages=long))
        assert err.status_code == 413 and err.body["code"] == "request_too_large"
        ok = client(base).chat.completions.create(model=MODEL, messages=SAD)  # small ones still pass
        assert ok.choices[0].message.content == FIRST_TURN


@pytest.mark.parametrize("body, status, param", [
    ({"messages": SAD, "n": 2}, 400, "n"),
    ({"messages": SAD, "stop": ["\n"]}, 400, "stop"),
    ({"messages": SAD, "temperature": 3}, 400, "temperature"),
    ({"messages": [{"role": "assistant", "content": "hi"}]}, 400, "messages"),
    ({"messages": [{"role": "tool", "content": "x"}]}, 400, "messages[0].role"),
    ({"messages": SAD, "model": "gpt-4o"}, 404, "model"),
    ({"messages": SAD, "max_tokens": 512}, 400, "max_tokens"),  # the tiny model's context is 512 tokens
])
def test_requests_the_server_cannot_honour_are_refused_with_the_offending_field(url, body, status, param):
    code, _, payload = raw(url, "/v1/chat/completions", {"model": MODEL, **body})
    assert code == status
    assert json.loads(payload)["error"]["param"] == param


def test_malformed_json_is_a_400(url):
    code, _, payload = raw(url, "/v1/chat/completions", b"{not json")
    assert code == 400 and "JSON" in json.loads(payload)["error"]["message"]


# ---------------------------------------------------------------------------------------------
# Auth


def test_with_an_api_key_the_api_needs_the_bearer_token_but_the_page_does_not(serve):
    with serve(api_key="s3cret") as base:
        err = error_of(lambda: client(base, key="wrong").chat.completions.create(model=MODEL, messages=SAD))
        assert err.status_code == 401 and err.body["code"] == "invalid_api_key"
        assert raw(base, "/v1/models")[0] == 401  # no header at all
        reply = client(base, key="s3cret").chat.completions.create(model=MODEL, messages=SAD)
        assert reply.choices[0].message.content == FIRST_TURN
        assert raw(base, "/")[0] == 200 and raw(base, "/health")[0] == 200


# ---------------------------------------------------------------------------------------------
# Queueing and batching


def test_a_full_queue_answers_503_with_retry_after_and_recovers(serve, monkeypatch):
    gate = gate_engine(monkeypatch)
    with serve(max_queue=2, batch_window_ms=0) as base:
        answers: list[str] = []

        def ask():
            answers.append(client(base).chat.completions.create(model=MODEL, messages=SAD).choices[0].message.content)

        threads = [threading.Thread(target=ask) for _ in range(2)]
        for t in threads:
            t.start()
        wait_until(lambda: in_flight(base) == 2)
        status, headers, body = raw(base, "/v1/chat/completions", {"model": MODEL, "messages": SAD})
        assert status == 503 and headers["retry-after"] == "1"
        assert json.loads(body)["error"]["code"] == "queue_full"
        gate.opened.set()
        for t in threads:
            t.join(60)
        assert answers == [FIRST_TURN, FIRST_TURN]
        wait_until(lambda: in_flight(base) == 0)
        assert client(base).chat.completions.create(model=MODEL, messages=SAD).choices[0].message.content == FIRST_TURN


def test_concurrent_requests_are_generated_as_one_batch_each_getting_its_own_reply(serve, monkeypatch):
    from fixtures.chat.tiny_models import load

    model, tokenizer = load("random-chatml")  # a random model: different prompts, different replies
    prompts = ["I feel lonely", "my exams are next week", "I lost my job today", "nobody listens to me"]
    backend = backend_for(model, tokenizer)
    with serve(backend) as base:
        alone = [client(base).chat.completions.create(model=MODEL, messages=[{"role": "user", "content": p}])
                 .choices[0].message.content for p in prompts]
    assert len(set(alone)) == len(prompts)
    gate = gate_engine(monkeypatch)
    with serve(backend, batch_window_ms=200) as base:
        together: dict[str, str] = {}

        def ask(prompt):
            reply = client(base).chat.completions.create(model=MODEL, messages=[{"role": "user", "content": prompt}])
            together[prompt] = reply.choices[0].message.content

        threads = [threading.Thread(target=ask, args=(p,)) for p in prompts]
        for t in threads:
            t.start()
        wait_until(lambda: len(gate.sizes) >= 1)
        gate.opened.set()
        for t in threads:
            t.join(60)
    assert gate.sizes == [4]  # one engine call for all four
    assert [together[p] for p in prompts] == alone


@pytest.mark.parametrize("stream", [False, True])
def test_a_model_that_runs_on_with_the_templates_own_tokens_still_gives_one_turn(serve, stream):
    from fixtures.chat.tiny_models import load

    # This one writes "Sure, I hear you.<|im_end|>\n<|im_start|>user\nand then?..." itself.
    with serve(backend_for(*load("runon-chatml-tokens"))) as base:
        answer = client(base).chat.completions.create(model=MODEL, messages=SAD, stream=stream)
        text = ("".join(c.choices[0].delta.content or "" for c in answer if c.choices) if stream
                else answer.choices[0].message.content)
    assert text == FIRST_TURN
