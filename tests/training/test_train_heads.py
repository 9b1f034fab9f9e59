"""The auxiliary heads inside `empathic train` (the recipe's heads: section) and `empathic chat --show-signals`."""

from __future__ import annotations

import json

import pytest
from factories import one_thread, save_tiny_model, smollm2_tokenizer
from fixtures.heads.build_fixtures import PREPARED

from empathic.cli import main
from empathic.errors import UserError
from empathic.training.recipe import Machine, load_recipe

CPU = Machine(cuda=False)


def _recipe_file(tmp_path, heads: str = "heads: {emotion: true, strategy: true}\n", model: str = "x") -> str:
    path = tmp_path / "recipe.yaml"
    path.write_text(f"{heads}model_name_or_path: {model}\nuse_peft: true\ndata_prepared: {PREPARED}\n", encoding="utf-8")
    return str(path)


def test_heads_section_is_read_validated_and_kept_in_the_resolved_recipe(tmp_path):
    recipe = load_recipe(_recipe_file(tmp_path), ["heads.lambda_emotion=0.5", "learning_rate=1e-4"], machine=CPU)
    assert recipe.heads.enabled and recipe.heads.emotion and recipe.heads.strategy
    assert recipe.heads.lambda_emotion == 0.5 and recipe.training.learning_rate == 1e-4
    assert recipe.values["heads"]["lambda_emotion"] == 0.5
    # config.yaml of the run reloads into the same heads (what --resume compares)
    saved = tmp_path / "config.yaml"
    saved.write_text(recipe.to_yaml(), encoding="utf-8")
    again = load_recipe(saved, machine=CPU)
    assert again.heads == recipe.heads and again.values == recipe.values


def test_without_a_heads_section_heads_are_off_and_not_written(tmp_path):
    recipe = load_recipe(_recipe_file(tmp_path, heads=""), machine=CPU)
    assert not recipe.heads.enabled and "heads" not in recipe.values


@pytest.mark.parametrize(
    ("heads", "override", "message"),
    [
        ("heads: {emotoin: true}\n", None, "did you mean 'emotion'"),
        ("heads: {emotion: yes-please}\n", None, "must be true or false"),
        ("", "heads.lamda_strategy=0.1", "did you mean 'lambda_strategy'"),
    ],
)
def test_bad_heads_keys_and_values_are_one_line_errors(tmp_path, heads, override, message):
    with pytest.raises(UserError, match=message):
        load_recipe(_recipe_file(tmp_path, heads=heads), [override] if override else [], machine=CPU)


@pytest.fixture(scope="module")
def trained_with_heads(tmp_path_factory):
    """`empathic train` with heads on a tiny random Llama (real SmolLM2 tokenizer), 2 steps."""
    tmp = tmp_path_factory.mktemp("heads-train")
    model_dir = save_tiny_model(smollm2_tokenizer(), tmp / "tiny")
    recipe = _recipe_file(tmp, heads="heads: {emotion: true, strategy: true, learning_rate: 0.01}\n", model=str(model_dir))
    run = tmp / "run"
    sets = {
        "output_dir": run, "max_steps": 2, "max_length": 64, "per_device_train_batch_size": 2,
        "per_device_eval_batch_size": 4, "learning_rate": 5e-3, "logging_steps": 1, "eval_strategy": "no",
        "save_strategy": "no", "lora_r": 4, "lora_alpha": 8, "lora_target_modules": "q_proj,v_proj",
        "max_test_examples": 4, "report_to": "none", "dataloader_pin_memory": False,
    }
    argv = ["train", "--config", recipe]
    for key, value in sets.items():
        argv += ["--set", f"{key}={value}"]
    with one_thread():
        assert main(argv) == 0
    return run


@pytest.mark.slow
def test_train_with_heads_saves_them_beside_the_adapter_and_logs_the_mix(trained_with_heads):
    from empathic.modeling.heads import load_heads

    run = trained_with_heads
    assert (run / "adapter_config.json").is_file()
    heads = load_heads(run)
    assert heads.emotion is not None and heads.strategy is not None
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["heads"]["emotion"] and metrics["heads"]["lambda_strategy"] == 0.2
    mix = metrics["heads"]["mix_probabilities"]
    assert "goemotions" in mix and sum(mix.values()) == pytest.approx(1.0)
    assert metrics["heldout"]["tuned_loss"] is not None  # the test split went through the multitask encoding
    assert "heads" in (run / "config.yaml").read_text()


@pytest.mark.slow
def test_chat_show_signals_prints_emotion_and_strategy_before_the_reply(trained_with_heads, capsys):
    with one_thread():
        code = main(["chat", "--adapter", str(trained_with_heads), "--show-signals", "--screener", "rules",
                     "--temperature", "0", "--max-new-tokens", "4", "--prompt", "I lost my job and I feel awful."])
    out, err = capsys.readouterr()
    assert code == 0
    line = next(x for x in err.splitlines() if x.startswith("[signals]"))
    assert "emotion: " in line and "next strategy: " in line


@pytest.mark.slow
def test_batch_show_signals_adds_a_signals_field(trained_with_heads, tmp_path, capsys):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text('{"prompt": "My dog died today."}\nnot json\n', encoding="utf-8")
    with one_thread():
        code = main(["chat", "--adapter", str(trained_with_heads), "--show-signals", "--screener", "rules",
                     "--temperature", "0", "--max-new-tokens", "4", "--input", str(src), "--output", str(dst)])
    assert code == 0
    rows = [json.loads(x) for x in dst.read_text().splitlines()]
    assert rows[0]["signals"].startswith("emotion: ") and "error" in rows[1]


def test_show_signals_without_an_adapter_is_a_one_line_error(capsys):
    assert main(["chat", "--no-adapter", "--show-signals", "--prompt", "hi"]) == 2
    assert "--show-signals" in capsys.readouterr().err


@pytest.mark.slow
def test_show_signals_with_an_adapter_trained_without_heads_says_so(trained_with_heads, tmp_path, capsys):
    import shutil

    plain = tmp_path / "plain"
    shutil.copytree(trained_with_heads, plain)
    (plain / "heads.safetensors").unlink()
    assert main(["chat", "--adapter", str(plain), "--show-signals", "--screener", "rules", "--prompt", "hi"]) == 2
    assert "trained without auxiliary heads" in capsys.readouterr().err
