"""EQ-Bench 3 against `empathic serve` (README, "Run EQ-Bench 3 against the server"): the request its test-model
client sends (EQ-bench/eqbench3 `utils/api.py`, `APIClient(model_type="test")`) is rebuilt here field by field and
posted the way that client posts it, so the documented settings are checked, not assumed."""

from __future__ import annotations

import json

import pytest
from serve_helpers import MODEL, raw

KEY = "sk-local-test"
SYSTEM = "You are an emotionally intelligent assistant."  # what TEST_SYSTEM_PROMPT would add


def eqbench3_request(max_tokens: int) -> dict:
    """The payload of a role-play turn: model = --test-model, the scenario so far (system prompt first, alternating
    turns, the user's last), temperature 0.7, max_tokens (4000 unless TEST_MAX_TOKENS is set) and min_p 0.1."""
    return {"model": MODEL, "messages": [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": "Your friend has been distant since her promotion. Think through what she feels, "
                                    "then say what you would say to her."},
        {"role": "assistant", "content": "She may feel stretched thin and unsure of herself."},
        {"role": "user", "content": "She snaps at you over lunch. How do you respond?"}],
        "temperature": 0.7, "max_tokens": max_tokens, "min_p": 0.1}


@pytest.fixture(scope="module")
def url(serve):
    with serve(api_key=KEY) as base:
        yield base


def test_an_eqbench3_role_play_turn_with_the_documented_settings_gets_its_reply(url):
    # TEST_MAX_TOKENS at or under the server's --max-tokens-limit (and, as here, under the model's context: the tiny
    # test model has 512 tokens).
    status, _, body = raw(url, "/v1/chat/completions", eqbench3_request(max_tokens=200),
                          headers={"Authorization": f"Bearer {KEY}"})
    assert status == 200, body
    data = json.loads(body)
    # Exactly what the client reads; min_p (not an OpenAI field) is accepted and ignored.
    assert data["choices"][0]["message"]["content"] == "Sure, I hear you."
    assert data["empathic"]["kind"] == "reply"


def test_eqbench3s_default_max_tokens_is_refused_with_a_reason_so_the_readme_sets_test_max_tokens(url):
    status, _, body = raw(url, "/v1/chat/completions", eqbench3_request(max_tokens=4000),
                          headers={"Authorization": f"Bearer {KEY}"})
    assert status == 400
    assert json.loads(body)["error"]["code"] == "max_tokens_too_large"


def test_the_model_name_must_be_the_served_one(url):
    body = dict(eqbench3_request(max_tokens=200), model="openai/gpt-4.1-mini")
    status, _, reply = raw(url, "/v1/chat/completions", body, headers={"Authorization": f"Bearer {KEY}"})
    assert status == 404 and json.loads(reply)["error"]["code"] == "model_not_found"
