"""Stop a run whose loss has stopped being a number, with a message that says why and what to do.

fp16 overflow (Gemma-2 on a T4) shows up as a NaN or inf loss, or as a loss of exactly 0.0 once the
logits are NaN; the fp16 grad scaler meanwhile skips every optimizer step (grad norm inf/NaN), so
the run would "finish" having learnt nothing. The watchdog reads what the Trainer logs every
`logging_steps` and raises a UserError, which `empathic train` reports as one line (the run folder
keeps its last complete checkpoint for --resume).
"""

from __future__ import annotations

import math
from typing import Any

from transformers import TrainerCallback

from empathic.errors import UserError

# A few skipped steps at the start are the fp16 grad scaler finding its scale; this many logs in a
# row with a non-finite grad norm means every step is being skipped.
BAD_GRAD_LOGS = 3


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def advice(args: Any) -> str:
    if getattr(args, "fp16", False):
        return ("this is fp16 overflowing: use a GPU with bf16 (A100/L4), or train in float32 (--set dtype=float32 "
                "--set fp16=false); Gemma-2 on a T4 does this with dtype: auto")
    return "lower learning_rate, check the data for empty or broken conversations, and resume from the last checkpoint"


class NonFiniteLossWatchdog(TrainerCallback):
    """Raise a UserError when the logged loss is NaN/inf/exactly zero, or the grad norm stays non-finite."""

    def __init__(self, bad_grad_logs: int = BAD_GRAD_LOGS) -> None:
        self.bad_grad_logs = bad_grad_logs
        self.bad_grads = 0

    def on_log(self, args: Any, state: Any, control: Any, logs: dict | None = None, **kwargs: Any) -> None:
        logs = logs or {}
        step = state.global_step
        for key in ("loss", "eval_loss"):
            if key in logs and (not _finite(logs[key]) or logs[key] == 0.0):
                # An assistant-only cross-entropy of exactly 0.0 is not learning: it is NaN logits masked away.
                raise UserError(f"training stopped at step {step}: {key} is {logs[key]} (not a real loss); "
                                f"{advice(args)}")
        if "grad_norm" in logs:
            self.bad_grads = 0 if _finite(logs["grad_norm"]) else self.bad_grads + 1
            if self.bad_grads >= self.bad_grad_logs:
                raise UserError(f"training stopped at step {step}: the gradient norm was {logs['grad_norm']} in "
                                f"{self.bad_grads} logs in a row, so every optimizer step is being skipped; "
                                f"{advice(args)}")
