"""`empathic bench train` reports the issue-17 project path next to the v2 one (project-v2)."""

from __future__ import annotations

import pytest
from _train_helpers import CPU_RECIPE, PREPARED, tiny_recipe_overrides
from factories import save_tiny_model, smollm2_tokenizer


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory):
    return save_tiny_model(smollm2_tokenizer(), tmp_path_factory.mktemp("base") / "tiny")


def test_project_v2_arm_switches_off_the_bf16_weights_and_lean_head_and_nodropout_sets_dropout_0(
        tiny_base, tmp_path, one_thread):
    from empathic.experiments.bench.train import bench_train

    overrides = tiny_recipe_overrides(tiny_base, tmp_path / "run", per_device_train_batch_size=4)
    result = bench_train(str(CPU_RECIPE), overrides, steps=1, data=str(PREPARED), eval_examples=2,
                         arms=["project-v2", "project", "project-nodropout"])
    v2, project, nodrop = (r["settings"] for r in result["runs"])
    assert (v2["bf16_weights"], v2["lean_head"], v2["widen_outputs"]) == (False, False, False)
    assert (project["bf16_weights"], project["lean_head"], project["widen_outputs"]) == (True, True, True)
    assert project["lora_dropout"] == v2["lora_dropout"] > 0 and nodrop["lora_dropout"] == 0
    assert result["ratio_vs_v2_tokens_per_s"] > 0
    # The tiny run's held-out loss: the bf16 weights are bitwise the autocast path's, the lean head is not.
    assert result["heldout_loss_rel_diff_vs_v2"] == pytest.approx(0, abs=0.01)
