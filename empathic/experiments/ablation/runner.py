"""The whole ablation: train and measure the missing arms, measure the base model, compare every
finished arm, and write `ablation.json`, `report.md` and the plots."""

from __future__ import annotations

import logging
import os
from typing import Any

from empathic.experiments.ablation.arms import (
    base_model_items,
    load_average,
    load_data,
    train_and_evaluate_arm,
)
from empathic.experiments.ablation.metrics import ArmItems, compare_arms, train_majority_labels
from empathic.experiments.ablation.report import plot_ablation, plot_training, render_report
from empathic.experiments.ablation.settings import (
    ARM_ITEMS,
    ARM_RESULT,
    AblationSettings,
    command_line,
    load_ablation_recipe,
)
from empathic.io import read_json, write_json, write_text

log = logging.getLogger(__name__)


def run_ablation(settings: AblationSettings) -> dict[str, Any]:
    """Train/evaluate the missing arms, then compare all finished arms; write report, plot and JSON."""
    from empathic.modeling.loading import load_tokenizer

    recipe, heads = load_ablation_recipe(settings)
    settings.out.mkdir(parents=True, exist_ok=True)
    tokenizer = load_tokenizer(recipe.model.model_name_or_path, family=recipe.script.chat_template_family)
    data = load_data(recipe, heads, tokenizer, settings)
    log.info("ablation data: %d train conversations, %d GoEmotions train rows, %d test conversations, "
             "%d GoEmotions test rows", len(data.records["train"]), len(data.go_train), len(data.records["test"]),
             len(data.go_test))
    results: dict[str, dict] = {}
    for arm in settings.arms:
        done = settings.arm_dir(arm) / ARM_RESULT
        if done.is_file() and not settings.overwrite:
            log.info("arm %s already finished (%s); --overwrite retrains it", arm, done)
            results[arm] = read_json(done)
            continue
        data.encode(tokenizer, heads, recipe.script.system_prompt, recipe.training.max_length)
        log.info("arm %s: training %d steps (load average %s)", arm, recipe.training.max_steps, load_average())
        results[arm] = train_and_evaluate_arm(arm, recipe, heads, data, tokenizer, settings)
    items = {arm: ArmItems.load(settings.arm_dir(arm) / ARM_ITEMS) for arm in settings.arms}
    base = base_model_items(recipe, heads, data, tokenizer, settings)
    majority = train_majority_labels(data.records["train"], data.go_train)
    comparison = compare_arms(items, settings.resamples, settings.seed, majority, base=base)
    summary = {
        "command": command_line(settings),
        "config": str(settings.config),
        "steps": recipe.training.max_steps,
        "effective_batch": recipe.training.per_device_train_batch_size * recipe.training.gradient_accumulation_steps,
        "max_length": recipe.training.max_length,
        "seed": recipe.training.seed,
        "heads": heads.to_dict(),
        "arms": {arm: {k: v for k, v in r.items() if k != "log_history"} for arm, r in results.items()},
        "comparison": comparison,
        "data": {"folder": str(data.folder), "train": len(data.records["train"]),
                 "goemotions_train": len(data.go_train), "test": len(data.records["test"]),
                 "goemotions_test": len(data.go_test)},
        "cpu_count": os.cpu_count(),
    }
    write_json(settings.out / "ablation.json", summary, default=float)
    plot_ablation(comparison, settings.out / "ablation.png")
    plot_training(results, settings.out / "ablation_training.png")
    write_text(settings.out / "report.md", render_report(summary))
    return summary
