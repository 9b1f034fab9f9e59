"""A short real training run of the default model writes a complete, self-describing run folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from _train_helpers import CPU_RECIPE, PREPARED
from factories import one_thread

pytestmark = pytest.mark.slow

REPO_ID = "someone/empathic-smollm2-test"


@pytest.fixture(scope="module", autouse=True)
def _one_thread():
    with one_thread():
        yield


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> tuple[Path, str]:
    """`empathic train` on SmolLM2-135M: 2 steps at max_length 64, then `--push-to-hub --dry-run`."""
    import huggingface_hub

    from empathic.cli import main

    run = tmp_path_factory.mktemp("train") / "run"
    sets = {
        "output_dir": run, "data_prepared": PREPARED, "max_steps": 2, "max_length": 64,
        "per_device_train_batch_size": 2, "gradient_accumulation_steps": 1, "per_device_eval_batch_size": 4,
        "warmup_steps": 0, "learning_rate": 1e-3, "eval_steps": 1, "save_steps": 1, "logging_steps": 1,
        "max_eval_examples": 2, "max_test_examples": 2, "dataloader_pin_memory": False,
    }
    argv = ["train", "--config", str(CPU_RECIPE), "--push-to-hub", REPO_ID, "--dry-run"]
    for key, value in sets.items():
        argv += ["--set", f"{key}={value}"]

    class NoNetwork:
        def __init__(self, *args, **kwargs):
            raise AssertionError("--dry-run must not contact the Hub")

    mp = pytest.MonkeyPatch()
    mp.setattr(huggingface_hub, "HfApi", NoNetwork)
    capture = tmp_path_factory.mktemp("out") / "stdout.txt"
    import contextlib

    with capture.open("w") as handle, contextlib.redirect_stdout(handle):
        code = main(argv)
    mp.undo()
    assert code == 0
    return run, capture.read_text()


def test_run_folder_has_every_output(trained):
    run, _ = trained
    for name in ("adapter_model.safetensors", "adapter_config.json", "tokenizer.json", "tokenizer_config.json",
                 "chat_template.jinja", "config.yaml", "metrics.json", "loss_curve.png", "README.md"):
        assert (run / name).is_file(), name
    assert (run / "loss_curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in sorted(run.glob("checkpoint-*"))] == ["checkpoint-1", "checkpoint-2"]


def test_metrics_record_losses_base_vs_tuned_runtime_and_tokens(trained):
    run, _ = trained
    m = json.loads((run / "metrics.json").read_text())
    assert m["train"]["global_step"] == 2 and [p["step"] for p in m["train"]["losses"]] == [1, 2]
    assert [p["step"] for p in m["eval"]["losses"]] == [1, 2]  # eval loss during training, every eval_steps
    held = m["heldout"]
    assert held["split"] == "test" and held["examples"] == 2
    assert held["base_loss"] > 0 and held["tuned_loss"] > 0 and held["base_loss"] != held["tuned_loss"]
    assert m["eval"]["base_loss"] > 0 and m["train"]["runtime_s"] > 0 and m["runtime_s"] >= m["train"]["runtime_s"]
    tokens = m["tokens"]["train_per_epoch"]
    assert tokens["examples"] == 16 and 0 < tokens["assistant_tokens"] < tokens["tokens"]
    assert m["data"]["train_by_source"] == {"fixture_a": 10, "fixture_b": 6}
    assert any("max_steps=2" in note for note in m["notes"])  # max_steps vs epochs: said, not silent


def test_saved_config_reruns_the_same_recipe(trained):
    from empathic.training.recipe import load_recipe

    run, _ = trained
    recipe = load_recipe(run / "config.yaml")
    assert recipe.training.max_steps == 2 and recipe.training.max_length == 64
    assert recipe.model.model_name_or_path == "HuggingFaceTB/SmolLM2-135M-Instruct"
    assert recipe.training.assistant_only_loss is True and Path(recipe.training.output_dir) == run


def test_model_card_covers_what_a_reader_needs(trained):
    run, _ = trained
    card = (run / "README.md").read_text()
    assert card.startswith("---\nbase_model: HuggingFaceTB/SmolLM2-135M-Instruct")
    for needle in ("| fixture_a | 10 |", "| fixture_b | 6 |", "LoRA r=16, alpha=32", "learning rate | 0.001",
                   "## Results", "held-out test loss", "## Intended use", "## Out-of-scope use",
                   "## Limitations", "crisis", "988", f'PeftModel.from_pretrained(base, "{REPO_ID}")'):
        assert needle in card, needle


def test_adapter_loads_with_plain_peft_and_changes_the_model(trained):
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from empathic.modeling.loading import offline_default_model

    run, _ = trained
    config = json.loads((run / "adapter_config.json").read_text())
    assert config["base_model_name_or_path"] == "HuggingFaceTB/SmolLM2-135M-Instruct"  # the Hub id, not a local path
    # What a user does with the Hub: here the base id resolves to its offline copy.
    base_folder = offline_default_model()
    tokenizer = AutoTokenizer.from_pretrained(run)
    assert tokenizer.pad_token_id != tokenizer.eos_token_id and "generation" in tokenizer.chat_template
    ids = tokenizer.apply_chat_template(
        [{"role": "user", "content": "I feel lonely."}], add_generation_prompt=True, return_dict=True, return_tensors="pt"
    )["input_ids"]
    base = AutoModelForCausalLM.from_pretrained(base_folder).eval()
    with torch.no_grad():
        before = base(ids).logits
    tuned = PeftModel.from_pretrained(base, run).eval()
    with torch.no_grad():
        after = tuned(ids).logits
    assert not torch.allclose(before, after, atol=1e-4)


def test_push_dry_run_lists_exactly_the_uploadable_files(trained):
    from empathic.training.publish import files_to_upload

    run, out = trained
    files = [f.as_posix() for f in files_to_upload(run)]
    assert f"would upload {len(files)} files" in out and REPO_ID in out
    listed = [line.split()[0] for line in out.splitlines() if line.startswith("  ")]
    assert listed == files
    assert {"adapter_model.safetensors", "adapter_config.json", "README.md", "config.yaml", "metrics.json",
            "loss_curve.png", "tokenizer.json", "chat_template.jinja"} <= set(files)
    assert not any(f.startswith("checkpoint-") or f == "training_args.bin" for f in files)
