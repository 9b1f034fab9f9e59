"""One recipe, one trainer: `build_trainer` picks plain, CPU-fast or multitask from the frozen Recipe."""

from __future__ import annotations

import dataclasses

import pytest
from factories import save_tiny_model, smollm2_tokenizer
from fixtures.heads.build_fixtures import PREPARED

from empathic.io import read_jsonl
from empathic.training.recipe import Machine, load_recipe

CPU = Machine(cuda=False)
CPU_WITH_BF16 = Machine(cuda=False, cpu_bf16=True)


def _recipe(tmp_path, heads: str = "", machine: Machine = CPU, **sets: object):
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "recipe.yaml"
    path.write_text(f"{heads}model_name_or_path: x\ndata_prepared: {PREPARED}\nactivation_checkpointing: true\n",
                    encoding="utf-8")
    overrides = [f"output_dir={tmp_path / 'run'}", *(f"{k}={v}" for k, v in sets.items())]
    return load_recipe(path, overrides, machine=machine)


# ---------------------------------------------------------------- the recipe is built once


def test_a_recipe_cannot_be_changed_after_it_is_built(tmp_path):
    recipe = _recipe(tmp_path)
    for name, value in (("source", "elsewhere.yaml"), ("notes", ()), ("compact_lm_head", False)):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(recipe, name, value)
    with pytest.raises(dataclasses.FrozenInstanceError):
        recipe.script.max_train_examples = 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        recipe.heads.emotion = True
    variant = dataclasses.replace(recipe, source="elsewhere.yaml")  # a variant is a new recipe
    assert variant.source == "elsewhere.yaml" and recipe.source != "elsewhere.yaml"


def test_cpu_speedups_are_resolved_when_the_recipe_is_built_and_listed_in_its_notes(tmp_path):
    recipe = _recipe(tmp_path, machine=CPU_WITH_BF16)
    t = recipe.training
    assert t.bf16 and t.use_cpu and not t.activation_checkpointing
    assert str(getattr(t.train_sampling_strategy, "value", t.train_sampling_strategy)) == "group_by_length"
    assert recipe.compact_lm_head
    assert any("bf16 autocast" in n for n in recipe.notes) and any("checkpointing off" in n for n in recipe.notes)
    # config.yaml keeps the recipe as written (a rerun resolves again on its own machine)
    assert recipe.values["bf16"] is False and recipe.values["activation_checkpointing"] is True


def test_without_bf16_in_the_cpu_the_speedups_keep_float32(tmp_path):
    recipe = _recipe(tmp_path, machine=CPU)
    assert not recipe.training.bf16 and not recipe.training.activation_checkpointing
    assert not any("bf16 autocast" in n for n in recipe.notes)


def test_cpu_speedups_false_leaves_the_training_config_as_written(tmp_path):
    recipe = _recipe(tmp_path, machine=CPU_WITH_BF16, cpu_speedups="false")
    assert recipe.training.activation_checkpointing is True and not recipe.training.bf16
    assert not any(n.startswith(("CPU has", "activation checkpointing off", "batches grouped")) for n in recipe.notes)
    assert not recipe.compact_lm_head


# ---------------------------------------------------------------- build_trainer


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory):
    return save_tiny_model(smollm2_tokenizer(), tmp_path_factory.mktemp("tiny") / "model")


def _build(tmp_path, tiny_model_dir, heads: str = "", multitask: bool = False, **sets: object):
    from empathic.training.data import read_classification
    from empathic.training.trainer import build_trainer, load_training_model

    sets = {"model_name_or_path": tiny_model_dir, "max_length": 64, "eval_strategy": "no", "save_strategy": "no",
            "report_to": "none", **sets}
    recipe = _recipe(tmp_path, heads=heads, **sets)
    rows = read_classification(PREPARED, "train") if heads else []
    trainer = build_trainer(recipe, load_training_model(recipe), smollm2_tokenizer(),
                            read_jsonl(PREPARED / "train.jsonl"), read_jsonl(PREPARED / "valid.jsonl"),
                            classification_rows=rows, multitask=multitask)
    return recipe, trainer


def test_plain_recipe_gets_the_cpu_fast_trainer_and_cpu_speedups_false_gets_trls(tmp_path, tiny_model_dir):
    from trl import SFTTrainer

    from empathic.training.speed import FastSFTTrainer

    recipe, trainer = _build(tmp_path / "fast", tiny_model_dir)
    assert type(trainer) is FastSFTTrainer and trainer.args.activation_checkpointing is False
    assert trainer.args.output_dir == recipe.training.output_dir and trainer.eval_dataset is not None
    _, plain = _build(tmp_path / "plain", tiny_model_dir, cpu_speedups="false")
    assert type(plain) is SFTTrainer


def test_heads_get_the_multitask_trainer_with_the_cpu_speedups_too(tmp_path, tiny_model_dir):
    from empathic.training.multitask import MultiTaskSFTTrainer

    recipe, trainer = _build(tmp_path, tiny_model_dir, heads="heads: {emotion: true, strategy: true}\n")
    assert isinstance(trainer, MultiTaskSFTTrainer) and trainer.heads is not None
    assert trainer.compact_head  # the LM head on labelled positions only, as FastSFTTrainer does
    assert trainer.args.activation_checkpointing is False  # the recipe's CPU speed-ups, not a second config
    assert "goemotions" in trainer.source_names


def test_an_ablation_arm_without_heads_can_ask_for_the_multitask_stream(tmp_path, tiny_model_dir):
    from empathic.training.multitask import MultiTaskSFTTrainer

    heads = "heads: {emotion: false, strategy: false, classification: true}\n"
    _, trainer = _build(tmp_path, tiny_model_dir, heads=heads, multitask=True)
    assert isinstance(trainer, MultiTaskSFTTrainer) and trainer.heads is None and trainer.compact_head
    assert "goemotions" in trainer.source_names  # the same stream as the arms with heads


def test_multitask_loss_is_the_same_with_and_without_the_compact_lm_head(tmp_path, tiny_model_dir):
    import torch

    heads = "heads: {emotion: true, strategy: true}\n"
    _, trainer = _build(tmp_path, tiny_model_dir, heads=heads)
    rows = [trainer.train_dataset[i] for i in range(4)]
    losses = []
    for compact in (True, False):
        trainer.compact_head = compact
        trainer.model.train()
        with torch.no_grad():
            losses.append(float(trainer.compute_loss(trainer.model, trainer.data_collator(rows))))
    assert losses[0] == pytest.approx(losses[1], rel=1e-5)
