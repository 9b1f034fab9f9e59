"""A loss that stops being a number (fp16 overflow) stops the run with a message, in every recipe."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from _train_helpers import CPU_RECIPE, tiny_recipe_overrides
from factories import save_tiny_model, word_tokenizer

from empathic.errors import UserError
from empathic.training.recipe import Machine, load_recipe
from empathic.training.watchdog import BAD_GRAD_LOGS, NonFiniteLossWatchdog

pytestmark = pytest.mark.usefixtures("one_thread")


def log(watchdog: NonFiniteLossWatchdog, fp16: bool = False, step: int = 7, **logs: float) -> None:
    watchdog.on_log(SimpleNamespace(fp16=fp16), SimpleNamespace(global_step=step), None, logs=logs)


@pytest.mark.parametrize("loss", [float("nan"), float("inf"), 0.0])
def test_a_nan_inf_or_exactly_zero_loss_stops_at_once(loss):
    with pytest.raises(UserError, match=rf"step 7: loss is {loss}.*not a real loss"):
        log(NonFiniteLossWatchdog(), loss=loss)


def test_the_message_names_fp16_overflow_when_training_in_fp16():
    with pytest.raises(UserError, match="fp16 overflowing.*float32"):
        log(NonFiniteLossWatchdog(), fp16=True, loss=float("nan"))


def test_a_few_skipped_steps_are_the_grad_scaler_settling_but_a_streak_stops_the_run():
    watchdog = NonFiniteLossWatchdog()
    for _ in range(BAD_GRAD_LOGS - 1):
        log(watchdog, loss=2.5, grad_norm=float("inf"))
    log(watchdog, loss=2.4, grad_norm=1.3)  # a finite norm resets the streak
    for _ in range(BAD_GRAD_LOGS - 1):
        log(watchdog, loss=2.3, grad_norm=float("nan"))
    with pytest.raises(UserError, match=f"gradient norm was nan in {BAD_GRAD_LOGS} logs in a row"):
        log(watchdog, loss=2.3, grad_norm=float("nan"))


def test_healthy_logs_pass():
    watchdog = NonFiniteLossWatchdog()
    for step in range(10):
        log(watchdog, step=step, loss=3.0 - step / 10, grad_norm=1.0, eval_loss=2.9)


def tiny_trainer(tmp_path, *extra: str):
    from empathic.modeling.loading import load_tokenizer
    from empathic.training.data import load_splits
    from empathic.training.trainer import build_trainer, load_training_model

    tokenizer = word_tokenizer("gemma")
    base = save_tiny_model(tokenizer, tmp_path / "tiny-gemma2", arch="gemma2", hidden=16, layers=1)
    overrides = tiny_recipe_overrides(base, tmp_path / "run", max_steps=3, save_steps=100, eval_strategy="no")
    recipe = load_recipe(CPU_RECIPE, [*overrides, "lora_target_modules=q_proj,v_proj", *extra],
                         machine=Machine(cuda=False))
    splits = load_splits(Path(recipe.script.data_prepared), recipe)
    return build_trainer(recipe, load_training_model(recipe), load_tokenizer(base), splits["train"][:8])


@pytest.mark.parametrize(("poison", "extra", "says"), [
    (float("nan"), (), "loss is nan"),
    (float("inf"), (), "loss is inf"),
    # With the Trainer's own NaN filter on, a NaN step is logged as 0.0: still caught.
    (float("nan"), ("logging_nan_inf_filter=true",), "loss is 0.0"),
])
def test_a_tiny_gemma2_whose_loss_is_forced_non_finite_stops_with_a_clear_message(tmp_path, poison, extra, says):
    trainer = tiny_trainer(tmp_path, *extra)
    assert any(isinstance(cb, NonFiniteLossWatchdog) for cb in trainer.callback_handler.callbacks)
    real = trainer.compute_loss

    def poisoned(model, inputs, return_outputs=False, num_items_in_batch=None):
        loss = real(model, inputs, return_outputs=return_outputs, num_items_in_batch=num_items_in_batch)
        return loss * poison  # what an fp16 overflow does to the loss

    trainer.compute_loss = poisoned
    with pytest.raises(UserError, match=rf"training stopped at step 1: {says}"):
        trainer.train()
    assert trainer.state.global_step == 1  # stopped at the first log, not after the whole run
