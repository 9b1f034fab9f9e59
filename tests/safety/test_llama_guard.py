"""The optional Llama Guard 3 adapter: prompt format, verdict parsing, and a run on a tiny random Llama."""

from __future__ import annotations

import pytest

from empathic.safety import screen_user_message
from empathic.safety.llama_guard import LlamaGuardScreener, build_prompt, parse_verdict


def test_prompt_follows_the_model_card_format():
    p = build_prompt("I want to hurt myself", history=[{"role": "user", "content": "hi"},
                                                        {"role": "assistant", "content": "hello"}])
    assert p.startswith("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nTask: Check if there is unsafe")
    assert "S11: Self-Harm.\n" in p and "S13: Elections.\n<END UNSAFE CONTENT CATEGORIES>" in p and "S14" not in p
    assert "<BEGIN CONVERSATION>\n\nUser: hi\n\nAgent: hello\n\nUser: I want to hurt myself\n\n<END CONVERSATION>" in p
    assert "ONLY THE LAST User message" in p
    assert p.endswith("<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n")


@pytest.mark.parametrize(
    ("output", "unsafe", "cats"),
    [("safe", False, ()), ("unsafe\nS11", True, ("S11",)), (" unsafe\nS1,S11 ", True, ("S1", "S11")),
     ("", False, ()), ("garbage", False, ())],
)
def test_verdicts_are_parsed(output, unsafe, cats):
    v = parse_verdict(output)
    assert (v.unsafe, v.categories) == (unsafe, cats)


class _Canned(LlamaGuardScreener):
    def __init__(self, reply: str, **kw):
        self.reply, self.violent_crimes = reply, kw.get("violent_crimes", False)

    def generate(self, prompt: str) -> str:
        return self.reply


def test_s11_raises_a_flag_and_other_categories_do_not_by_default():
    assert _Canned("unsafe\nS11")("x")[:2] == (0.9, "suicidal_ideation")
    assert _Canned("unsafe\nS1")("x")[1] is None
    assert _Canned("unsafe\nS1", violent_crimes=True)("x")[1] == "harm_to_others"
    assert screen_user_message("I feel a bit off today", second_opinion=_Canned("unsafe\nS11")).crisis


@pytest.mark.slow
def test_runs_end_to_end_on_a_tiny_random_llama():
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    words = sorted(set(build_prompt("I want to hurt myself").replace("\n", " \n ").split(" ")) | {"safe", "unsafe", "S11"})
    vocab = {w: i for i, w in enumerate(["[UNK]", "[PAD]", *[w for w in words if w]])}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", eos_token="[PAD]")
    torch.manual_seed(0)
    model = LlamaForCausalLM(LlamaConfig(vocab_size=len(vocab), hidden_size=16, intermediate_size=32,
                                         num_hidden_layers=1, num_attention_heads=2, num_key_value_heads=1,
                                         max_position_embeddings=512))
    screener = LlamaGuardScreener("unused", model=model, tokenizer=tokenizer, max_new_tokens=3)
    score, category, why = screener("I want to hurt myself")
    assert why.startswith("llama-guard:") and (category in (None, "suicidal_ideation"))
    assert isinstance(score, float)
