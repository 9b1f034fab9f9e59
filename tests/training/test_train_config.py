"""Training recipes: YAML validated into TRL's dataclasses, typed --set overrides, hardware resolution."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import yaml

from empathic.errors import UserError
from empathic.training.recipe import Machine, load_recipe, resolve_for_machine

REPO = Path(__file__).resolve().parents[2]
CONFIGS = REPO / "finetuning" / "configs"
CPU = Machine(cuda=False)
T4 = Machine(cuda=True, bf16=False, name="Tesla T4")
A100 = Machine(cuda=True, bf16=True, name="A100")
MINIMAL = {"model_name_or_path": "some/model", "output_dir": "runs/x"}


def write(tmp_path: Path, values: dict) -> Path:
    path = tmp_path / "recipe.yaml"
    path.write_text(yaml.safe_dump(values))
    return path


def test_unknown_key_in_file_names_it_and_the_closest_valid_key(tmp_path):
    path = write(tmp_path, {**MINIMAL, "learnig_rate": 1e-4})
    with pytest.raises(UserError, match=r"unknown key 'learnig_rate'.*did you mean 'learning_rate'"):
        load_recipe(path, machine=CPU)


def test_unknown_key_in_set_is_rejected_with_a_suggestion(tmp_path):
    with pytest.raises(UserError, match=r"unknown key 'lora_alpah' in --set.*did you mean 'lora_alpha'"):
        load_recipe(write(tmp_path, MINIMAL), ["lora_alpah=8"], machine=CPU)


def test_set_overrides_are_typed_by_the_dataclass_field(tmp_path):
    path = write(tmp_path, {**MINIMAL, "learning_rate": 2e-4, "lora_target_modules": ["q_proj"]})
    recipe = load_recipe(
        path,
        ["learning_rate=1e-5", "per_device_train_batch_size=3", "packing=true",
         "lora_target_modules=q_proj,v_proj", "max_train_examples=50", "system_prompt=null"],
        machine=CPU,
    )
    assert recipe.training.learning_rate == pytest.approx(1e-5) and isinstance(recipe.training.learning_rate, float)
    assert recipe.training.per_device_train_batch_size == 3
    assert recipe.training.packing is True
    assert recipe.model.lora_target_modules == ["q_proj", "v_proj"]
    assert recipe.script.max_train_examples == 50
    assert recipe.script.system_prompt is None


def test_yaml_scientific_notation_without_a_dot_is_still_a_float(tmp_path):
    # YAML 1.1 reads `2e-4` as a string; the field type (float) decides, as on TRL's command line.
    path = tmp_path / "r.yaml"
    path.write_text("model_name_or_path: m\nlearning_rate: 2e-4\n")
    assert load_recipe(path, machine=CPU).training.learning_rate == pytest.approx(2e-4)


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("learning_rate=fast", r"learning_rate: invalid float value: 'fast'"),
        ("chat_template_family=llama", r"chat_template_family: invalid choice: 'llama'"),
        ("max_steps", r"--set expects key=value"),
    ],
)
def test_bad_values_are_user_errors_naming_the_key(tmp_path, override, message):
    with pytest.raises(UserError, match=message):
        load_recipe(write(tmp_path, MINIMAL), [override], machine=CPU)


def test_max_steps_and_epochs_both_set_says_loudly_that_max_steps_wins(tmp_path, caplog):
    path = write(tmp_path, {**MINIMAL, "num_train_epochs": 2, "max_steps": 30})
    with caplog.at_level(logging.WARNING, logger="empathic.training.recipe"):
        recipe = load_recipe(path, machine=CPU)
    assert any("max_steps wins" in r.message and r.levelno == logging.WARNING for r in caplog.records)
    assert any("max_steps wins" in note for note in recipe.notes)  # and the model card lists it


def test_epochs_alone_produce_no_step_note(tmp_path):
    assert not any("max_steps" in n for n in load_recipe(write(tmp_path, {**MINIMAL, "num_train_epochs": 2}), machine=CPU).notes)


def test_4bit_without_cuda_falls_back_to_float32_and_adamw_with_notes():
    values, notes = resolve_for_machine({**MINIMAL, "load_in_4bit": True, "optim": "paged_adamw_8bit"}, CPU)
    assert values["load_in_4bit"] is False and values["dtype"] == "float32"
    assert values["optim"] == "adamw_torch" and values["bf16"] is False and values["fp16"] is False
    assert any("needs a CUDA GPU" in n for n in notes) and any("adamw_torch" in n for n in notes)


def test_t4_gets_fp16_compute_and_fp16_mixed_precision_not_bf16():
    values, _ = resolve_for_machine({**MINIMAL, "load_in_4bit": True, "dtype": "auto", "optim": "paged_adamw_8bit"}, T4)
    assert values["dtype"] == "float16" and values["fp16"] is True and values["bf16"] is False
    assert values["load_in_4bit"] is True and values["optim"] == "paged_adamw_8bit"


def test_bf16_gpu_gets_bf16():
    values, _ = resolve_for_machine({**MINIMAL, "dtype": "auto"}, A100)
    assert values["dtype"] == "bfloat16" and values["bf16"] is True and values["fp16"] is False


def test_explicit_bf16_on_a_t4_is_a_clear_error():
    with pytest.raises(UserError, match="no bfloat16 support"):
        resolve_for_machine({**MINIMAL, "bf16": True}, T4)


def test_resolved_config_round_trips(tmp_path):
    recipe = load_recipe(CONFIGS / "smollm2-135m-cpu.yaml", ["max_steps=3", "learning_rate=1e-4"], machine=CPU)
    saved = tmp_path / "config.yaml"
    saved.write_text(recipe.to_yaml())
    again = load_recipe(saved, machine=CPU)
    assert again.values == recipe.values
    assert again.training.max_steps == 3 and again.training.learning_rate == pytest.approx(1e-4)


def test_gemma_t4_recipe_matches_the_colab_plan():
    from trl import get_quantization_config

    raw = yaml.safe_load((CONFIGS / "gemma2-2b-it-t4.yaml").read_text())
    assert raw["dtype"] == "auto"  # compute dtype is detected at run time, not hard-coded
    recipe = load_recipe(CONFIGS / "gemma2-2b-it-t4.yaml", machine=T4)
    m, t = recipe.model, recipe.training
    assert m.model_name_or_path == "google/gemma-2-2b-it" and m.attn_implementation == "eager"
    assert set(m.lora_target_modules) == {"q_proj", "k_proj", "v_proj", "o_proj"}
    assert t.learning_rate == pytest.approx(2e-4) and t.num_train_epochs == 2 and t.max_steps == -1
    assert t.per_device_train_batch_size * t.gradient_accumulation_steps == 16
    assert t.optim == "paged_adamw_8bit" and t.activation_checkpointing is True
    # Gemma-2 overflows fp16 and a T4 has no native bf16: float32 compute, no mixed precision (test_precision.py).
    assert t.fp16 is False and t.bf16 is False and t.assistant_only_loss is True and m.dtype == "float32"
    quant = get_quantization_config(m)
    assert quant.load_in_4bit and quant.bnb_4bit_quant_type == "nf4" and quant.bnb_4bit_use_double_quant
    assert str(quant.bnb_4bit_compute_dtype) == "torch.float32"
    assert str(getattr(t.train_sampling_strategy, "value", t.train_sampling_strategy)) == "group_by_length"
    assert {"sources.mhcc.enabled=false", "sources.esconv.enabled=false"} <= set(recipe.script.data_overrides)


def test_gemma_recipe_on_a_cpu_machine_falls_back_explicitly():
    recipe = load_recipe(CONFIGS / "gemma2-2b-it-t4.yaml", machine=CPU)
    assert recipe.model.load_in_4bit is False and recipe.training.optim == "adamw_torch"
    assert any("needs a CUDA GPU" in n for n in recipe.notes)


def test_qwen3_recipe_is_r16_alpha16_on_all_seven_projections_in_4bit():
    recipe = load_recipe(CONFIGS / "qwen3-8b-qlora.yaml", machine=T4)
    m = recipe.model
    assert (m.model_name_or_path, m.lora_r, m.lora_alpha, m.load_in_4bit) == ("Qwen/Qwen3-8B", 16, 16, True)
    assert set(m.lora_target_modules) == {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"}


def test_cpu_recipe_is_float32_lora_without_checkpointing():
    recipe = load_recipe(CONFIGS / "smollm2-135m-cpu.yaml", machine=CPU)
    assert recipe.model.dtype == "float32" and recipe.model.use_peft and not recipe.model.load_in_4bit
    assert recipe.training.activation_checkpointing is False and recipe.training.bf16 is False
    assert recipe.training.assistant_only_loss is True
    assert recipe.training.eval_strategy == "steps" and recipe.training.save_strategy == "steps"


def test_help_keys_lists_fields_of_all_three_dataclasses(capsys):
    from empathic.cli import main

    assert main(["train", "--help-keys"]) == 0
    out = capsys.readouterr().out
    for key in ("learning_rate:", "lora_r:", "data_prepared:", "chat_template_family:"):
        assert key in out


def test_cli_reports_unknown_key_as_one_line_exit_2(tmp_path, capsys):
    from empathic.cli import main

    assert main(["train", "--config", str(write(tmp_path, {**MINIMAL, "epochs": 2}))]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown key 'epochs'" in err[0]


def test_4bit_model_on_a_machine_without_cuda_loads_unquantized_instead_of_crashing(tmp_path, caplog):
    # Even if a recipe resolved for a GPU reaches a CPU-only machine, bitsandbytes is never called.
    from factories import save_tiny_model, smollm2_tokenizer

    from empathic.training.trainer import load_training_model

    base = save_tiny_model(smollm2_tokenizer(), tmp_path / "tiny")
    recipe = load_recipe(CONFIGS / "gemma2-2b-it-t4.yaml", [f"model_name_or_path={base}"], machine=T4)
    assert recipe.model.load_in_4bit is True
    with caplog.at_level(logging.WARNING, logger="empathic.modeling.loading"):
        model = load_training_model(recipe)
    assert not getattr(model, "is_loaded_in_4bit", False)
    assert any("needs a CUDA GPU" in r.message for r in caplog.records)


def test_report_to_none_from_the_command_line_means_no_trackers_not_null():
    recipe = load_recipe(CONFIGS / "smollm2-135m-cpu.yaml", ["report_to=none"], machine=CPU)
    assert recipe.training.report_to in ("none", ["none"], [])
