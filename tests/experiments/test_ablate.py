"""`empathic ablate`: metrics with intervals, arm comparison, and the command end to end on a tiny model."""

from __future__ import annotations

import json

import numpy as np
import pytest
from factories import save_tiny_model, smollm2_tokenizer
from fixtures.heads.build_fixtures import PREPARED

from empathic.errors import UserError
from empathic.experiments.ablation.metrics import (
    ArmItems,
    compare_arms,
    confusion_rows,
    macro_f1_stat,
    multilabel_predictions,
    one_hot,
    task_rows,
)
from empathic.experiments.ablation.settings import ARMS, AblationSettings, arm_heads, load_ablation_recipe
from empathic.modeling.heads import HeadsConfig


def test_macro_f1_matches_sklearn_for_multilabel_and_single_label():
    from sklearn.metrics import f1_score

    rng = np.random.default_rng(0)
    gold = rng.random((40, 6)) < 0.3
    pred = rng.random((40, 6)) < 0.3
    gold[:, 5] = False  # a label never gold...
    pred[:, 5] = False  # ...nor predicted is left out of the macro average, as in sklearn
    ours = macro_f1_stat(confusion_rows(pred, gold)[None])[0]
    assert ours == pytest.approx(f1_score(gold, pred, average="macro", zero_division=0, labels=range(5)))

    y_true, y_pred = rng.integers(0, 4, 50), rng.integers(0, 4, 50)
    single = macro_f1_stat(confusion_rows(one_hot(y_pred, 4), one_hot(y_true, 4))[None])[0]
    assert single == pytest.approx(f1_score(y_true, y_pred, average="macro"))


def test_goemotions_predictions_keep_the_top_label_and_every_label_over_threshold():
    probs = np.array([[0.1, 0.2, 0.3], [0.9, 0.6, 0.1]])
    assert multilabel_predictions(probs).tolist() == [[False, False, True], [True, True, False]]


def test_strategy_metrics_resample_whole_conversations():
    items = ArmItems(lm=np.ones((3, 2)), strat_pred=np.array([0, 1, 1, 2, 2]), strat_gold=np.array([0, 1, 0, 2, 1]),
                     strat_group=np.array([0, 0, 0, 2, 2]))
    rows = task_rows(items)["strategy"]
    assert rows["acc"].tolist() == [[2, 3], [1, 2]]  # per conversation: correct, turns
    assert rows["f1"].shape == (2, 3 * 8)


def _items(seed: int, lm_shift: float, emotion: bool, strategy: bool) -> ArmItems:
    rng = np.random.default_rng(seed)
    lm = np.stack([rng.uniform(50, 60, 30) + lm_shift * 20, np.full(30, 20.0)], axis=1)
    fields = {}
    gold = np.random.default_rng(1).integers(0, 8, 25)
    if emotion:
        fields["go_probs"] = rng.random((20, 28))
        fields["go_gold"] = (np.random.default_rng(2).random((20, 28)) < 0.1).astype(float)
        fields["ed_pred"], fields["ed_gold"] = rng.integers(0, 32, 15), np.random.default_rng(3).integers(0, 32, 15)
    if strategy:
        fields["strat_pred"], fields["strat_gold"] = rng.integers(0, 8, 25), gold
        fields["strat_group"] = np.repeat(np.arange(5), 5)
    return ArmItems(lm=lm, **fields)


def test_compare_arms_gives_intervals_and_paired_differences():
    items = {arm: _items(i, shift, *ARMS[arm]) for i, (arm, shift) in
             enumerate({"full": -0.5, "no_emotion": 0.0, "no_strategy": 0.0, "lm_only": 0.0}.items())}
    result = compare_arms(items, resamples=300, seed=0, train_majority={"strategy": 3})
    full = result["arms"]["full"]
    assert full["lm_loss"]["ci_low"] <= full["lm_loss"]["value"] <= full["lm_loss"]["ci_high"]
    assert set(full) == {"lm_loss", "goemotions", "ed_situation", "strategy"}
    assert set(result["arms"]["lm_only"]) == {"lm_loss"}
    shift = result["diffs"]["lm_loss:full-lm_only"]
    assert shift["diff"] < 0 and not shift["within_noise"]  # 0.5 lower by construction
    assert "strategy:accuracy:full-no_emotion" in result["diffs"]
    assert "goemotions:macro_f1:full-no_strategy" in result["diffs"]
    assert full["strategy"]["majority_accuracy"] == pytest.approx(np.mean(items["full"].strat_gold == 3))


def test_every_arm_mixes_the_same_goemotions_rows_and_differs_only_in_heads():
    base = HeadsConfig(emotion=True, strategy=True, lambda_emotion=0.3)
    arms = {arm: arm_heads(base, arm) for arm in ARMS}
    assert all(cfg.use_classification and cfg.lambda_emotion == 0.3 for cfg in arms.values())
    assert [(c.emotion, c.strategy) for c in arms.values()] == [(True, True), (False, True), (True, False),
                                                                 (False, False)]


def _run(argv: list[str]) -> int:
    from empathic.cli import main

    return main(argv)


@pytest.mark.slow
def test_ablate_command_end_to_end_on_a_tiny_model(tmp_path):
    model_dir = save_tiny_model(smollm2_tokenizer(), tmp_path / "tiny")
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(
        "heads: {emotion: true, strategy: true, learning_rate: 0.01}\n"
        f"model_name_or_path: {model_dir}\nuse_peft: true\nlora_r: 4\nlora_alpha: 8\n"
        "lora_target_modules: [q_proj, v_proj]\n"
        f"data_prepared: {PREPARED}\nmax_length: 64\nmax_steps: 5\nper_device_train_batch_size: 2\n"
        "learning_rate: 0.005\nlogging_steps: 1\nreport_to: none\nseed: 3\nmax_test_examples: 6\n",
        encoding="utf-8",
    )
    out = tmp_path / "ablate"
    argv = ["ablate", "--config", str(recipe), "--steps", "1", "--out", str(out), "--arms", "full,lm_only",
            "--go-test-limit", "6", "--resamples", "200"]
    assert _run(argv) == 0
    summary = json.loads((out / "ablation.json").read_text())
    assert summary["steps"] == 1 and set(summary["comparison"]["arms"]) == {"full", "lm_only"}
    assert {"lm_loss:full-lm_only", "lm_loss:full-base", "lm_loss:lm_only-base"} <= set(summary["comparison"]["diffs"])
    assert summary["arms"]["full"]["steps"] == 1
    assert (out / "ablation.png").stat().st_size > 0 and (out / "ablation_training.png").stat().st_size > 0
    report = (out / "report.md").read_text()
    assert "| full |" in report and "--steps 1" in report and "Load avg" in report
    assert "| base model (no training) |" in report
    assert (out / "arms" / "full" / "heads.safetensors").is_file()
    assert not (out / "arms" / "lm_only" / "heads.safetensors").exists()
    assert (out / "arms" / "lm_only" / "adapter_config.json").is_file()

    # A rerun keeps finished arms (a long ablation can be continued) and reports the same numbers.
    before = (out / "arms" / "full" / "eval_items.npz").stat().st_mtime
    assert _run(argv) == 0
    assert (out / "arms" / "full" / "eval_items.npz").stat().st_mtime == before
    assert json.loads((out / "ablation.json").read_text())["comparison"] == summary["comparison"]


def test_unknown_arm_is_a_one_line_error(capsys):
    assert _run(["ablate", "--config", "x.yaml", "--arms", "full,nope"]) == 2
    assert "unknown arm 'nope'" in capsys.readouterr().err


def test_steps_must_be_positive(tmp_path):
    recipe = tmp_path / "r.yaml"
    recipe.write_text(f"model_name_or_path: x\nuse_peft: true\ndata_prepared: {PREPARED}\n", encoding="utf-8")
    with pytest.raises(UserError, match="--steps"):
        load_ablation_recipe(AblationSettings(config=recipe, out=tmp_path, arms=("full",), steps=0))
