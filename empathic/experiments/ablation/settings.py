"""What an ablation runs: the arms, its settings, the recipe it trains from, and the files it writes."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from empathic.errors import UserError

ARMS: dict[str, tuple[bool, bool]] = {  # name -> (emotion head, strategy head)
    "full": (True, True),
    "no_emotion": (False, True),
    "no_strategy": (True, False),
    "lm_only": (False, False),
}
ARM_RESULT = "arm_result.json"
ARM_ITEMS = "eval_items.npz"
BASE_ITEMS = "base_eval_items.npz"  # the untrained base model on the same test conversations


@dataclass(frozen=True)
class AblationSettings:
    config: Path
    out: Path
    arms: tuple[str, ...]
    steps: int | None = None
    overrides: tuple[str, ...] = ()
    go_test_limit: int | None = 500
    eval_limit: int = 0
    batch_size: int = 8
    resamples: int = 2000
    overwrite: bool = False
    seed: int = 0

    def arm_dir(self, arm: str) -> Path:
        return self.out / "arms" / arm


def parse_arms(text: str) -> tuple[str, ...]:
    """Arm names from a comma list (`--arms`), each one checked."""
    arms = tuple(a.strip() for a in text.split(",") if a.strip())
    unknown = [a for a in arms if a not in ARMS]
    if unknown:
        raise UserError(f"unknown arm {unknown[0]!r}; choose from {', '.join(ARMS)}")
    return arms


def load_ablation_recipe(settings: AblationSettings) -> tuple[Any, Any]:
    """(Recipe, HeadsConfig) from the YAML: the heads: section split off, overrides applied, steps set."""
    from empathic.training.recipe import load_recipe, read_yaml

    recipe_overrides = list(settings.overrides)  # heads.KEY=VALUE ones are applied to the heads: section
    if settings.steps is not None:
        if settings.steps < 1:
            raise UserError(f"--steps must be at least 1, got {settings.steps}")
        recipe_overrides.append(f"max_steps={settings.steps}")
    # Arms are evaluated after training, on the test split; in-training evaluation and checkpoints would
    # only cost time here (a finished arm is its own checkpoint).
    recipe_overrides += [f"output_dir={settings.out}", "eval_strategy=no", "save_strategy=no",
                         "stop_eval_prompts=0", "base_model_eval=false"]
    # `source`: relative data paths resolve beside the recipe, as in `train`.
    recipe = load_recipe(None, recipe_overrides, values=read_yaml(settings.config), source=settings.config)
    if recipe.training.max_steps is None or recipe.training.max_steps <= 0:
        raise UserError("set the number of steps per arm: --steps N or max_steps in the recipe")
    return recipe, recipe.heads


def arm_heads(heads: Any, arm: str) -> Any:
    """The arm's heads config: its heads on or off; the GoEmotions rows mixed in for every arm."""
    emotion, strategy = ARMS[arm]
    classification = True if heads.classification is None else heads.classification
    return dataclasses.replace(heads, emotion=emotion, strategy=strategy, classification=classification)


def command_line(settings: AblationSettings) -> str:
    """The `empathic ablate` command that reproduces these settings (written into the report)."""
    parts = ["empathic ablate", f"--config {settings.config}", f"--out {settings.out}",
             f"--arms {','.join(settings.arms)}"]
    if settings.steps is not None:
        parts.append(f"--steps {settings.steps}")
    parts += [f"--set {o}" for o in settings.overrides]
    parts.append(f"--go-test-limit {settings.go_test_limit or 0}")
    if settings.eval_limit:
        parts.append(f"--eval-limit {settings.eval_limit}")
    return " ".join(parts)
