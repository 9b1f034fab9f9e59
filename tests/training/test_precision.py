"""Precision and placement on simulated GPUs: native bf16 only from sm_80, Gemma-2 never in fp16 on a T4,
inference on the GPU (4-bit by default on small ones), length-grouped batches on GPU recipes."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from empathic.errors import UserError
from empathic.modeling import device
from empathic.training.recipe import Machine, load_recipe

CONFIGS = Path(__file__).resolve().parents[2] / "finetuning" / "configs"
GIB = 2**30


def fake_gpu(monkeypatch, capability: tuple[int, int], memory_gib: float = 15.0, name: str = "Tesla T4") -> None:
    """torch.cuda as a GPU of this capability, whose is_bf16_supported() counts emulation like torch's does."""
    import torch

    native = capability >= (8, 0)

    def is_bf16_supported(including_emulation: bool = True) -> bool:
        return True if including_emulation else native  # torch: emulated bf16 "works" on sm_75

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "get_device_capability", lambda device=None: capability)
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", is_bf16_supported)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda device=None: name)
    monkeypatch.setattr(torch.cuda, "get_device_properties",
                        lambda device=None: SimpleNamespace(total_memory=int(memory_gib * GIB), name=name))


# ---------------------------------------------------------------- which GPUs have bf16


def test_a_t4_has_no_bf16_even_though_torchs_default_check_says_yes(monkeypatch):
    import torch

    fake_gpu(monkeypatch, (7, 5))
    assert torch.cuda.is_bf16_supported() is True  # the trap: emulation counts by default
    assert device.gpu_has_native_bf16() is False
    assert Machine.detect().bf16 is False and "sm_75" in Machine.detect().name


def test_ampere_and_newer_have_native_bf16(monkeypatch):
    fake_gpu(monkeypatch, (8, 0), memory_gib=80, name="A100")
    assert device.gpu_has_native_bf16() is True and Machine.detect().bf16 is True


def test_capability_decides_when_torch_has_no_emulation_switch(monkeypatch):
    import torch

    fake_gpu(monkeypatch, (7, 5))
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda: True)  # older torch: no including_emulation
    assert device.gpu_has_native_bf16() is False


# ---------------------------------------------------------------- training precision per model and GPU


def detected(monkeypatch, capability: tuple[int, int], **gpu) -> Machine:
    """The Machine a simulated GPU is detected as; torch.cuda is then put back to "no GPU", because
    TrainingArguments would really initialise the device it is told about."""
    import torch

    fake_gpu(monkeypatch, capability, **gpu)
    machine = Machine.detect()
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    return machine


def t4_recipe(monkeypatch, config: str, *overrides: str):
    return load_recipe(CONFIGS / config, list(overrides), machine=detected(monkeypatch, (7, 5)))


def test_gemma2_on_a_t4_trains_in_float32_never_fp16_or_emulated_bf16(monkeypatch):
    from trl import get_quantization_config

    recipe = t4_recipe(monkeypatch, "gemma2-2b-it-t4.yaml")
    assert recipe.model.dtype == "float32"
    assert recipe.training.fp16 is False and recipe.training.bf16 is False
    assert str(get_quantization_config(recipe.model).bnb_4bit_compute_dtype) == "torch.float32"
    assert recipe.model.load_in_4bit is True
    assert any("overflows float16" in note for note in recipe.notes)  # the model card says why


def test_other_models_on_a_t4_use_fp16(monkeypatch):
    recipe = t4_recipe(monkeypatch, "qwen3-8b-qlora.yaml")
    assert recipe.model.dtype == "float16" and recipe.training.fp16 is True and recipe.training.bf16 is False


def test_gemma2_on_an_a100_uses_bf16(monkeypatch):
    from empathic.training.recipe import resolve_for_machine

    machine = detected(monkeypatch, (8, 0), memory_gib=80, name="A100")
    # Values only: TrainingArguments would refuse bf16 here, where torch has no GPU to set up.
    values, _ = resolve_for_machine(yaml.safe_load((CONFIGS / "gemma2-2b-it-t4.yaml").read_text()), machine)
    assert values["dtype"] == "bfloat16" and values["bf16"] is True and values["fp16"] is False


def test_a_local_gemma2_folder_is_recognised_by_its_config(tmp_path):
    (tmp_path / "config.json").write_text('{"model_type": "gemma2"}')
    assert device.model_type_of(tmp_path) == "gemma2"
    assert device.model_type_of("google/gemma-2-2b-it") == "gemma2"
    assert device.model_type_of("Qwen/Qwen3-8B") is None


def test_forcing_fp16_on_gemma2_is_allowed_but_said(monkeypatch):
    recipe = t4_recipe(monkeypatch, "gemma2-2b-it-t4.yaml", "dtype=float16", "fp16=true")
    assert recipe.training.fp16 is True
    assert any("known to overflow" in note for note in recipe.notes)


def test_bf16_on_a_t4_is_refused_even_though_torch_would_emulate_it(monkeypatch):
    with pytest.raises(UserError, match="no bfloat16 support"):
        t4_recipe(monkeypatch, "gemma2-2b-it-t4.yaml", "bf16=true")


@pytest.mark.parametrize("config", ["gemma2-2b-it-t4.yaml", "qwen3-8b-qlora.yaml"])
def test_gpu_recipes_group_batches_by_length(monkeypatch, config):
    raw = yaml.safe_load((CONFIGS / config).read_text())
    assert raw["train_sampling_strategy"] == "group_by_length"
    strategy = t4_recipe(monkeypatch, config).training.train_sampling_strategy
    assert str(getattr(strategy, "value", strategy)) == "group_by_length"


def test_the_run_records_its_prompt_format_and_training_refuses_plain(tmp_path):
    cpu = Machine(cuda=False)
    recipe = load_recipe(CONFIGS / "smollm2-135m-cpu.yaml", machine=cpu)
    assert yaml.safe_load(recipe.to_yaml())["prompt_format"] == "chat_template"
    with pytest.raises(UserError, match="prompt_format"):
        load_recipe(CONFIGS / "smollm2-135m-cpu.yaml", ["prompt_format=plain"], machine=cpu)


# ---------------------------------------------------------------- inference placement


def captured_load(monkeypatch, tmp_path, **options):
    """load_model on a saved tiny model with from_pretrained intercepted: the kwargs it would get."""
    from factories import save_tiny_model, word_tokenizer
    from transformers import AutoModelForCausalLM

    from empathic.modeling.loading import load_model

    folder = save_tiny_model(word_tokenizer("gemma"), tmp_path / "tiny", arch="gemma2", hidden=16, layers=1)
    seen: dict = {}
    monkeypatch.setattr(AutoModelForCausalLM, "from_pretrained", lambda path, **kw: seen.update(kw) or "model")
    load_model(folder, **options)
    return seen


def test_inference_on_a_t4_goes_to_the_gpu_in_fp16(monkeypatch, tmp_path):
    import torch

    fake_gpu(monkeypatch, (7, 5))
    seen = captured_load(monkeypatch, tmp_path)
    assert seen["device_map"] == {"": 0} and seen["dtype"] == torch.float16
    assert "quantization_config" not in seen and seen["attn_implementation"] == "eager"


def test_4bit_inference_on_a_t4_computes_in_fp16(monkeypatch, tmp_path):
    import torch

    fake_gpu(monkeypatch, (7, 5))
    seen = captured_load(monkeypatch, tmp_path, load_in_4bit=True)
    quant = seen["quantization_config"]
    assert quant.load_in_4bit and quant.bnb_4bit_compute_dtype == torch.float16 and seen["device_map"] == {"": 0}


def test_inference_on_an_a100_uses_bf16(monkeypatch, tmp_path):
    import torch

    fake_gpu(monkeypatch, (8, 0), memory_gib=80, name="A100")
    assert captured_load(monkeypatch, tmp_path)["dtype"] == torch.bfloat16


def test_without_cuda_the_model_stays_on_the_cpu_in_float32(monkeypatch, tmp_path):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    seen = captured_load(monkeypatch, tmp_path)
    assert "device_map" not in seen and seen["dtype"] == torch.float32


@pytest.mark.parametrize(("memory", "four_bit"), [(15.0, True), (22.5, False), (80.0, False)])
def test_4bit_is_the_default_only_on_small_gpus(monkeypatch, memory, four_bit):
    fake_gpu(monkeypatch, (7, 5), memory_gib=memory)
    assert device.default_load_in_4bit() is four_bit


def test_no_4bit_default_without_a_gpu(monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert device.default_load_in_4bit() is False


@pytest.mark.parametrize(("flags", "expected"), [([], True), (["--4bit"], True), (["--no-4bit"], False)])
def test_chat_4bit_flags_override_the_device_default(monkeypatch, flags, expected):
    import argparse

    import empathic.chat.cli as chat_cli
    import empathic.modeling.loading as loading

    fake_gpu(monkeypatch, (7, 5))
    parser = argparse.ArgumentParser()
    chat_cli.add_arguments(parser)
    args = parser.parse_args(flags)
    seen: dict = {}
    monkeypatch.setattr(loading, "load_model_and_tokenizer", lambda base, adapter, **kw: seen.update(kw) or (1, 2))
    chat_cli.load(None, None, prompt_format=args.prompt_format, load_in_4bit=args.load_in_4bit)
    assert seen["load_in_4bit"] is expected


def test_each_process_of_a_multi_gpu_launch_loads_onto_its_own_gpu(monkeypatch, tmp_path):
    fake_gpu(monkeypatch, (8, 0), memory_gib=80, name="A100")
    monkeypatch.setenv("LOCAL_RANK", "1")
    assert captured_load(monkeypatch, tmp_path)["device_map"] == {"": 1}


def test_no_4bit_default_without_bitsandbytes(monkeypatch):
    import importlib.util

    fake_gpu(monkeypatch, (7, 5))
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "bitsandbytes" else real(name, *a))
    assert device.default_load_in_4bit() is False
