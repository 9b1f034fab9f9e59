"""`empathic merge`: the standalone merged model computes what base + adapter computes."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
import yaml
from factories import save_tiny_model, smollm2_tokenizer

from empathic.durable import write_complete
from empathic.errors import UserError


@pytest.fixture(scope="module")
def run_with_adapter(tmp_path_factory) -> tuple[Path, Path]:
    """A tiny base and a run folder holding a LoRA adapter with non-zero (random) B matrices."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    from empathic.modeling.loading import load_tokenizer

    root = tmp_path_factory.mktemp("merge")
    base = save_tiny_model(smollm2_tokenizer(), root / "base")
    model = AutoModelForCausalLM.from_pretrained(base)
    torch.manual_seed(1)
    peft_model = get_peft_model(
        model, LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj", "down_proj"], init_lora_weights=False)
    )
    run = root / "run"
    peft_model.save_pretrained(run)
    load_tokenizer(base).save_pretrained(run)  # the training template travels with the adapter
    # As `empathic train` records a QLoRA run: the merge must reload the base unquantized.
    (run / "config.yaml").write_text(yaml.safe_dump({"model_name_or_path": str(base), "load_in_4bit": True}))
    write_complete(run)  # a finished run: merge refuses one without the marker (tests/faults)
    return base, run


def logits(model, ids: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        return model(input_ids=ids).logits


def test_merged_logits_equal_base_plus_adapter(run_with_adapter, tmp_path, caplog):
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    from empathic.cli import main

    base, run = run_with_adapter
    out = tmp_path / "merged"
    with caplog.at_level("WARNING"):
        assert main(["merge", str(run), "--out", str(out)]) == 0
    assert any("4-bit base" in r.message for r in caplog.records)  # says it did not merge into 4-bit weights

    ids = torch.tensor([[1, 520, 2143, 314, 29, 7, 99, 2]])
    with_adapter = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(base), run).eval()
    merged = AutoModelForCausalLM.from_pretrained(out).eval()  # plain transformers, no PEFT
    plain = AutoModelForCausalLM.from_pretrained(base).eval()
    assert not any("lora" in name for name, _ in merged.named_parameters())
    assert torch.allclose(logits(merged, ids), logits(with_adapter, ids), atol=1e-5)
    assert not torch.allclose(logits(merged, ids), logits(plain, ids), atol=1e-3)  # the adapter did change it


def test_merged_folder_is_standalone_and_stops_on_end_of_turn(run_with_adapter, tmp_path):
    from transformers import AutoTokenizer, GenerationConfig

    from empathic.training.merge import merge

    _, run = run_with_adapter
    out = merge(run, tmp_path / "merged", dtype="float16")
    assert (out / "config.json").is_file() and not (out / "adapter_config.json").exists()
    tokenizer = AutoTokenizer.from_pretrained(out)
    assert "{% generation" in tokenizer.chat_template or "{%- generation" in tokenizer.chat_template
    eos = GenerationConfig.from_pretrained(out).eos_token_id
    assert tokenizer.convert_tokens_to_ids("<|im_end|>") in (eos if isinstance(eos, list) else [eos])
    from safetensors import safe_open

    with safe_open(str(next(out.glob("*.safetensors"))), "pt") as f:
        assert f.get_tensor(next(iter(f.keys()))).dtype == torch.float16


def test_merge_refuses_a_non_adapter_folder_and_a_non_empty_output(run_with_adapter, tmp_path):
    from empathic.training.merge import merge

    base, run = run_with_adapter
    with pytest.raises(UserError, match="no adapter_config.json"):
        merge(base, tmp_path / "x")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "file").write_text("x")
    with pytest.raises(UserError, match="not empty"):
        merge(run, tmp_path / "busy")
