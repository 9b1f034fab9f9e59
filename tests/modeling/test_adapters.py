"""One rule for the default adapter (chat and eval share it) and one way to run a model with its adapter off."""

from __future__ import annotations

import pytest
from factories import tiny_model, word_tokenizer

from empathic.modeling.adapters import adapter_disabled, default_adapter
from empathic.modeling.loading import DEFAULT_ADAPTER


def test_the_default_adapter_is_used_only_when_a_trained_adapter_is_there(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert default_adapter() is None  # no runs/demo at all
    (tmp_path / DEFAULT_ADAPTER).mkdir(parents=True)
    assert default_adapter() is None  # a folder without an adapter (e.g. a run that failed early)
    (tmp_path / DEFAULT_ADAPTER / "adapter_config.json").write_text("{}")
    assert default_adapter() == DEFAULT_ADAPTER


def test_eval_without_an_adapter_says_so_when_runs_demo_holds_none(monkeypatch, tmp_path):
    from empathic.errors import UserError
    from empathic.evaluation.runner import EvalConfig, load

    monkeypatch.chdir(tmp_path)
    (tmp_path / DEFAULT_ADAPTER).mkdir(parents=True)  # same folder chat would not use either
    with pytest.raises(UserError, match="no adapter to evaluate"):
        load(EvalConfig(data=tmp_path, out=tmp_path / "out"))


@pytest.mark.usefixtures("one_thread")
@pytest.mark.filterwarnings("ignore::FutureWarning")  # peft calls a deprecated transformers helper
def test_adapter_disabled_gives_the_base_model_and_is_a_no_op_without_an_adapter():
    import torch
    from peft import LoraConfig, get_peft_model

    base = tiny_model(word_tokenizer("chatml"), hidden=16, layers=1)
    ids = torch.tensor([[1, 5, 7, 3]])
    with torch.no_grad():
        plain = base(ids).logits
        with adapter_disabled(base):  # a plain model: nothing to turn off
            assert torch.equal(base(ids).logits, plain)
        tuned = get_peft_model(base, LoraConfig(r=2, target_modules=["q_proj", "v_proj"], init_lora_weights=False))
        assert not torch.allclose(tuned(ids).logits, plain)
        with adapter_disabled(tuned):
            torch.testing.assert_close(tuned(ids).logits, plain)
        assert not torch.allclose(tuned(ids).logits, plain)  # the adapter is back on afterwards
