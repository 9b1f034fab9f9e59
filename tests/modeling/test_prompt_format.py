"""Prompt formats: `chat_template` (this project's adapters) and `plain` (adapters trained on plain text,
like the seed's KARTIK008/gemma-2b-empathy-lora): how prompts render, where replies stop, and which
format an adapter gets by default."""

from __future__ import annotations

import pytest
from factories import save_tiny_model, word_tokenizer

from empathic.chat.turns import finish_reply, render_prompt, stop_token_ids, turn_marker_criteria
from empathic.errors import UserError
from empathic.modeling.prompt_format import apply_prompt_format
from empathic.modeling.templates import detect_family, end_of_turn_token_ids

SYSTEM = "You are a warm, supportive listener."
CONVERSATION = [
    {"role": "system", "content": SYSTEM},
    {"role": "user", "content": "I feel lonely"},
    {"role": "assistant", "content": "I hear you"},
    {"role": "user", "content": "thanks"},
]


def gemma(prompt_format: str | None = None):
    tokenizer = word_tokenizer("gemma")
    apply_prompt_format(tokenizer, prompt_format)
    return tokenizer


def test_plain_is_a_system_line_a_blank_line_then_user_and_assistant_lines():
    import copy

    from factories import gemma3_tokenizer

    # The real Gemma tokenizer adds <bos> by itself, so the plain prompt has it (a copy: the cached one is shared).
    tokenizer = copy.deepcopy(gemma3_tokenizer())
    apply_prompt_format(tokenizer, "plain")
    assert detect_family(tokenizer) == "plain"
    assert render_prompt(tokenizer, CONVERSATION[:2]) == f"<bos>{SYSTEM}\n\nUser: I feel lonely\nAssistant:"
    assert render_prompt(tokenizer, CONVERSATION) == (
        f"<bos>{SYSTEM}\n\nUser: I feel lonely\nAssistant: I hear you\nUser: thanks\nAssistant:"
    )
    assert render_prompt(tokenizer, CONVERSATION[1:2]) == "<bos>User: I feel lonely\nAssistant:"


@pytest.mark.parametrize("family", ["chatml", "gemma"])
def test_plain_adds_bos_only_where_the_tokenizer_does_by_itself(family):
    tokenizer = word_tokenizer(family)  # hand-made tokenizers add no BOS when encoding
    apply_prompt_format(tokenizer, "plain")
    assert render_prompt(tokenizer, CONVERSATION[1:2]) == "User: I feel lonely\nAssistant:"


def test_chat_template_is_the_default_and_keeps_the_gemma_turn_markers():
    tokenizer = gemma()
    assert detect_family(tokenizer) == "gemma"
    assert render_prompt(tokenizer, CONVERSATION[:2]) == (
        f"<bos><start_of_turn>user\n{SYSTEM}\n\nI feel lonely<end_of_turn>\n<start_of_turn>model\n"
    )


def test_an_unknown_format_is_a_user_error():
    with pytest.raises(UserError, match="unknown prompt format 'alpaca'"):
        apply_prompt_format(word_tokenizer("gemma"), "alpaca")


def test_with_plain_a_reply_ends_at_eos_end_of_turn_or_a_new_user_line():
    tokenizer = gemma("plain")
    ids = end_of_turn_token_ids(tokenizer)
    assert tokenizer.convert_tokens_to_ids("<eos>") in ids and tokenizer.convert_tokens_to_ids("<end_of_turn>") in ids
    stop = stop_token_ids(tokenizer)
    run_on = tokenizer(" I hear you\nUser: thanks\nAssistant: sure", add_special_tokens=False)["input_ids"]
    reply = finish_reply(tokenizer, run_on, stop, None, None)
    assert reply.text == "I hear you" and reply.stopped  # the invented user turn is cut off


def test_with_plain_generation_stops_once_the_model_starts_a_user_line():
    import torch

    tokenizer = gemma("plain")
    prompt = tokenizer(render_prompt(tokenizer, CONVERSATION[:2]), add_special_tokens=False)["input_ids"]
    criteria = turn_marker_criteria(tokenizer, len(prompt))
    reply = tokenizer(" I hear you\nUser:", add_special_tokens=False)["input_ids"]
    assert not criteria(torch.tensor([prompt + reply[:3]]), None).item()
    assert criteria(torch.tensor([prompt + reply]), None).item()


@pytest.mark.usefixtures("one_thread")
@pytest.mark.filterwarnings("ignore::FutureWarning")  # peft calls a deprecated transformers helper
def test_an_adapter_gets_the_format_its_run_recorded_unless_one_is_given(tmp_path):
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    from empathic.modeling.loading import load_model_and_tokenizer

    base = save_tiny_model(word_tokenizer("gemma"), tmp_path / "base", arch="gemma2", hidden=16, layers=1)
    adapter = tmp_path / "adapter"
    get_peft_model(AutoModelForCausalLM.from_pretrained(base), LoraConfig(r=2, target_modules=["q_proj"])) \
        .save_pretrained(adapter)
    assert detect_family(load_model_and_tokenizer(None, adapter)[1]) == "gemma"  # nothing recorded: chat_template
    assert detect_family(load_model_and_tokenizer(None, adapter, prompt_format="plain")[1]) == "plain"
    (adapter / "config.yaml").write_text("prompt_format: plain\n")
    assert detect_family(load_model_and_tokenizer(None, adapter)[1]) == "plain"
    assert detect_family(load_model_and_tokenizer(None, adapter, prompt_format="chat_template")[1]) == "gemma"


def test_chat_takes_a_prompt_format_flag():
    import argparse

    from empathic.chat.cli import add_arguments

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert parser.parse_args(["--prompt-format", "plain"]).prompt_format == "plain"
    assert parser.parse_args([]).prompt_format is None  # the adapter's recorded format, else chat_template
    with pytest.raises(SystemExit):
        parser.parse_args(["--prompt-format", "alpaca"])


@pytest.mark.usefixtures("one_thread")
def test_chat_with_prompt_format_plain_renders_plain_prompts_and_answers_one_turn(monkeypatch, capsys):
    from fixtures.chat.tiny_models import runon_model

    import empathic.chat.cli as chat_cli
    from empathic.cli import main

    loaded: list = []
    real_load = chat_cli.load
    monkeypatch.setattr(chat_cli, "load", lambda *a, **kw: loaded.append(real_load(*a, **kw)) or loaded[-1])
    code = main(["chat", "--base", str(runon_model("runon-chatml-text")), "--no-adapter", "--no-safety",
                 "--prompt-format", "plain", "--temperature", "0", "--max-new-tokens", "24", "--prompt", "hi"])
    out = capsys.readouterr().out
    assert code == 0 and detect_family(loaded[0][1]) == "plain"
    assert len(out.splitlines()) == 1 and "User:" not in out  # one assistant turn, whatever the model writes
