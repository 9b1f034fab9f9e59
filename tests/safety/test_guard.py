"""The Llama Guard adapter, on a tiny LlamaForCausalLM with a hand-made tokenizer (no Hub, no weights)."""

from __future__ import annotations

import re

import pytest

from empathic.safety.guard import GuardVerdict, LlamaGuardScreener, llama_guard_prompt, parse_llama_guard

SPECIALS = ["<pad>", "<unk>", "<|begin_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"]
CRISIS = "I want to end my life tonight"
BENIGN = "I baked bread with my sister today"


@pytest.mark.parametrize(("text", "flagged", "codes", "parsed"), [
    ("safe", False, (), True),
    ("unsafe\nS11", True, ("S11",), True),
    ("unsafe\nS1,S11", True, ("S1", "S11"), True),
    ("unsafe\nS1", False, ("S1",), True),  # not a hazard we act on by default
    ("\n\nunsafe\nS11\n", True, ("S11",), True),
    ("I am not sure", False, (), False),
    ("", False, (), False),
])
def test_parse_llama_guard_answers(text, flagged, codes, parsed):
    verdict = parse_llama_guard(text)
    assert (verdict.flagged, verdict.codes, verdict.parsed) == (flagged, codes, parsed)
    assert verdict.category == ("suicidal_ideation" if flagged else None)


def test_act_on_maps_other_hazards_to_our_categories():
    verdict = parse_llama_guard("unsafe\nS1", {"S1": "harm_to_others", "S11": "suicidal_ideation"})
    assert verdict == GuardVerdict(True, ("S1",), "harm_to_others", True, "unsafe\nS1")


def test_prompt_has_the_official_structure_and_asks_about_the_last_turn():
    prompt = llama_guard_prompt([{"role": "user", "content": CRISIS}])
    assert "S11: Self-Harm." in prompt and f"User: {CRISIS}" in prompt
    assert "ONLY THE LAST User message" in prompt and prompt.endswith("<|end_header_id|>\n\n")
    reply = llama_guard_prompt([{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}])
    assert "ONLY THE LAST Agent message" in reply and "Agent: hello" in reply


def _tokenizer():
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    text = llama_guard_prompt([{"role": "user", "content": CRISIS + " " + BENIGN}]) + " safe unsafe S11 Agent"
    pieces = sorted(set(re.findall(r"\w+|[^\w]", re.sub(r"<\|\w+\|>", "", text))))
    vocab = {tok: i for i, tok in enumerate(SPECIALS)}
    for piece in pieces:
        vocab.setdefault(piece, len(vocab))
    backend = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.Split(Regex(r"[^\w]"), behavior="isolated")
    backend.decoder = decoders.Fuse()
    return PreTrainedTokenizerFast(tokenizer_object=backend, unk_token="<unk>", pad_token="<pad>",
                                   bos_token="<|begin_of_text|>", eos_token="<|eot_id|>",
                                   additional_special_tokens=SPECIALS[3:5])


def _tiny_llama(tokenizer):
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=1024,
                         bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                         pad_token_id=tokenizer.pad_token_id)
    return LlamaForCausalLM(config)


def _teach(model, tokenizer, examples: list[tuple[str, str]], steps: int = 150) -> None:
    """Overfit the tiny model to answer like Llama Guard on these messages (answer tokens only)."""
    import torch

    batches = []
    for message, answer in examples:
        prompt = tokenizer(llama_guard_prompt([{"role": "user", "content": message}]), add_special_tokens=False)
        target = tokenizer(answer + "<|eot_id|>", add_special_tokens=False)
        ids = torch.tensor([prompt["input_ids"] + target["input_ids"]])
        labels = torch.tensor([[-100] * len(prompt["input_ids"]) + target["input_ids"]])
        batches.append((ids, labels))
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    model.train()
    for step in range(steps):
        ids, labels = batches[step % len(batches)]
        loss = model(input_ids=ids, labels=labels).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    model.eval()


def test_llama_guard_screener_runs_a_real_llama_and_reads_its_answer(one_thread):
    pytest.importorskip("transformers")
    tokenizer = _tokenizer()
    model = _tiny_llama(tokenizer)
    # A random model says something unparsable: the screener reports it and flags nothing.
    untrained = LlamaGuardScreener(model, tokenizer).screen_message(CRISIS)
    assert untrained.flagged is False
    _teach(model, tokenizer, [(CRISIS, "unsafe\nS11"), (BENIGN, "safe")])
    screener = LlamaGuardScreener(model, tokenizer)
    flagged = screener.screen_message(CRISIS)
    assert flagged == GuardVerdict(True, ("S11",), "suicidal_ideation", True, "unsafe\nS11")
    assert screener.screen_message(BENIGN) == GuardVerdict(False, (), None, True, "safe")
    score, category, why = screener(CRISIS)  # the input screen's second-opinion signature
    assert (score, category) == (1.0, "suicidal_ideation") and "unsafe" in why


def test_the_tokenizer_chat_template_is_used_when_there_is_one():
    tokenizer = _tokenizer()
    tokenizer.chat_template = (
        "{% for m in messages %}[{{ m['role'] }}] {{ m['content'][0]['text'] }}\n{% endfor %}"
        "{% if add_generation_prompt %}[answer]{% endif %}"
    )
    screener = LlamaGuardScreener(model=None, tokenizer=tokenizer)
    assert screener.prompt([{"role": "user", "content": CRISIS}]) == f"[user] {CRISIS}\n[answer]"


def test_from_pretrained_reads_a_local_folder_only(tmp_path, one_thread):
    tokenizer = _tokenizer()
    _tiny_llama(tokenizer).save_pretrained(tmp_path)
    tokenizer.save_pretrained(tmp_path)
    screener = LlamaGuardScreener.from_pretrained(tmp_path)
    assert isinstance(screener.screen_message(BENIGN), GuardVerdict)
    with pytest.raises(OSError):
        LlamaGuardScreener.from_pretrained(tmp_path / "missing")
