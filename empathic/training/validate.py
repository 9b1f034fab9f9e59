"""Every recipe value checked up front, before a file is written or a model is loaded.

TRL and transformers check some values late (inside `trainer.train()`, or as a shape error deep in
PEFT) and some never (an epoch count of 0 trains nothing and saves the untrained adapter). Each rule
here names the key, the value and what is valid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from empathic.errors import UserError

if TYPE_CHECKING:
    from empathic.training.recipe import Recipe

# key -> (lowest allowed, whether the lowest is allowed, what to say)
_AT_LEAST_ONE = ("per_device_train_batch_size", "per_device_eval_batch_size", "gradient_accumulation_steps",
                 "lora_r", "max_train_examples", "max_eval_examples", "max_test_examples", "max_length",
                 "stop_eval_max_new_tokens")
_POSITIVE = ("learning_rate", "lora_alpha")
_NOT_NEGATIVE = ("weight_decay", "warmup_steps", "stop_eval_prompts", "max_grad_norm", "seed")


def _bad(key: str, value: Any, rule: str) -> UserError:
    return UserError(f"invalid recipe value: {key}={value!r}; {rule} (set it in the recipe or with --set {key}=...)")


def check_values(recipe: Recipe) -> None:
    """UserError for the first value outside its valid range (all keys are already typed)."""
    values = {**vars(recipe.script), **recipe.training.to_dict(), **vars(recipe.model)}
    for key in _AT_LEAST_ONE:
        value = values.get(key)
        if value is not None and (not isinstance(value, int) or value < 1):
            raise _bad(key, value, "must be a whole number >= 1")
    for key in _POSITIVE:
        value = values.get(key)
        if value is not None and not value > 0:
            raise _bad(key, value, "must be greater than 0")
    for key in _NOT_NEGATIVE:
        value = values.get(key)
        if value is not None and value < 0:
            raise _bad(key, value, "must be 0 or more")
    dropout = values.get("lora_dropout")
    if dropout is not None and not 0 <= dropout < 1:
        raise _bad("lora_dropout", dropout, "must be at least 0 and below 1 (a probability)")
    max_steps, epochs = values.get("max_steps"), values.get("num_train_epochs")
    if (max_steps is None or max_steps <= 0) and not (epochs or 0) > 0:
        raise _bad("num_train_epochs", epochs, "with max_steps unset it must be greater than 0 "
                   "(0 would save an untrained adapter as a finished run)")
    for key in ("save_steps", "eval_steps", "logging_steps"):
        value = values.get(key)
        if value is not None and not value > 0:
            raise _bad(key, value, "must be greater than 0")


def _module_names(model: Any) -> list[str]:
    return [name for name, _ in model.named_modules() if name]


def _matches(key: str, names: Iterable[str]) -> bool:
    """PEFT's rule for a list entry: the full module name, or its last dotted parts."""
    return any(name == key or name.endswith("." + key) for name in names)


def check_target_modules(recipe: Recipe, model: Any) -> None:
    """Every lora_target_modules / lora_modules_to_save entry must name modules the model has."""
    margs = recipe.model
    names = _module_names(model)
    leaves = sorted({n.rsplit(".", 1)[-1] for n, m in model.named_modules() if n and not list(m.children())})
    targets = margs.lora_target_modules
    if isinstance(targets, str):
        if targets == "all-linear":
            return
        if not any(re.fullmatch(targets, n) for n in names):
            raise UserError(f"invalid recipe value: lora_target_modules={targets!r} matches no module of "
                            f"{margs.model_name_or_path}; its modules include {', '.join(leaves[:12])}")
        return
    for key in [*(targets or []), *(margs.lora_modules_to_save or [])]:
        if not _matches(key, names):
            which = "lora_target_modules" if key in (targets or []) else "lora_modules_to_save"
            raise UserError(f"invalid recipe value: {which} entry {key!r} is not a module of "
                            f"{margs.model_name_or_path}; its modules include {', '.join(leaves[:12])}")
