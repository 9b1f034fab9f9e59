"""`empathic bench train`: the project's training path vs TRL SFTTrainer defaults, same data and seeds."""

from __future__ import annotations

import dataclasses
import os
import statistics
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from empathic.errors import UserError
from empathic.experiments.bench.machine import PeakRSS, machine_info, matmul_peak_flops
from empathic.io import write_json

# baseline: TRL's defaults; project: the recipe's CPU path; project-v2: the project path before issue 17
# (float32 frozen weights recast by autocast, TRL's CPU head tiles, mixed-dtype RoPE/residual ops); the
# others switch one speed-up off (project-eager: no compiled blocks), except project-nodropout, which changes training (LoRA dropout 0
# instead of the recipe's).
ARMS = ("baseline", "project", "project-v2", "project-padded", "project-fp32", "project-fullhead",
        "project-castweights", "project-trlhead", "project-mixedops", "project-nodropout", "project-eager")
# Arms without one of the issue-17 speed-ups: bf16-held frozen weights, lean head tiles, widened outputs.
CAST_WEIGHT_ARMS = ("project-v2", "project-castweights")
TRL_HEAD_ARMS = ("project-v2", "project-trlhead")
MIXED_OPS_ARMS = ("project-v2", "project-mixedops")
# Arms whose decoder blocks run eagerly even when the recipe compiles them (cpu_compile).
EAGER_ARMS = ("project-v2", "project-eager")
# Arms that keep padded batches (no padding-free packing).
PADDED_ARMS = ("baseline", "project-padded")


@dataclass
class TrainArm:
    """One measured training run."""

    name: str
    steps: int
    supervised_tokens: int
    processed_tokens: int
    padded_tokens: int
    seconds: float
    supervised_tokens_per_s: float
    seconds_per_step: float
    peak_rss_mb: float
    mfu: float  # 6·N rule (the convention)
    mfu_4n: float  # 4·N: frozen base, no weight gradients (what LoRA training computes)
    mfu_4n_model_shape: float  # 4·N against the matmul peak at this model's own shapes
    heldout_loss: float
    warmup_seconds: float = float("nan")  # the untimed first pass: kernel selection, and compiling (cpu_compile)
    settings: dict[str, Any] = field(default_factory=dict)


class _CountingCollator:
    """Wraps a collator to count tokens once the timed pass starts."""

    def __init__(self, collator: Any) -> None:
        self.collator, self.counting = collator, False
        self.supervised = self.processed = self.padded = 0

    def __call__(self, examples: list) -> dict:
        batch = self.collator(examples)
        if self.counting:
            labels = batch["labels"]
            self.supervised += int((labels[:, 1:] != -100).sum())  # positions that predict a label
            self.processed += sum(len(e["input_ids"]) for e in examples)  # real tokens, padded or packed
            self.padded += labels.numel()  # positions the model runs over
        return batch


def _timer_callback(counter: _CountingCollator, warmup_steps: int) -> Any:
    from transformers import TrainerCallback

    class Timer(TrainerCallback):
        """Starts the clock and the token count after the warm-up pass (kernel selection, allocator warm-up)."""

        begin: float | None = None
        start: float | None = None
        end: float | None = None

        def on_train_begin(self, args, state, control, **kwargs):
            self.begin = time.perf_counter()

        def on_step_end(self, args, state, control, **kwargs):
            if state.global_step == warmup_steps:
                self.start, counter.counting = time.perf_counter(), True
            self.end = time.perf_counter()

    return Timer()


def matmul_params(model: Any) -> int:
    """N: parameters doing matmuls (input embedding excluded, LM head included, even when tied).

    Training FLOPs per token: 6·N is the convention (forward 2N, backward 4N: input and weight
    gradients). With a frozen base the backward computes only input gradients (2N; LoRA's own are
    tiny), so LoRA training does 4·N, and 6·N overstates its MFU by 1.5×.
    """
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    embed = base.get_input_embeddings().weight.numel()
    n = sum(p.numel() for p in {id(p): p for p in base.parameters()}.values()) - embed
    return n + base.get_output_embeddings().weight.numel()  # tied: counted once above, removed with the embedding


def model_shaped_peak(model: Any, dtype: Any, rows: int = 512) -> float:
    """FLOP/s of this model's widest MLP matmul, (rows × hidden) @ (hidden × intermediate), measured now.

    A 135M model's matmuls are narrow (hidden 576): the square 1024² peak overstates what its shapes
    can reach, so MFU is also reported against this ceiling.
    """
    config = (model.get_base_model() if hasattr(model, "get_base_model") else model).config
    hidden = config.hidden_size
    inter = getattr(config, "intermediate_size", 4 * hidden)
    return matmul_peak_flops(dtype, shape=(rows, hidden, inter))


def heldout_loss(model: Any, tokenizer: Any, conversations: list[list[dict]], max_length: int | None) -> float:
    """Mean cross-entropy per assistant token, one conversation at a time (`empathic eval`'s perplexity code)."""
    import numpy as np

    from empathic.evaluation.perplexity import nll_per_example, tokenize_all

    model.eval()
    encodings = tokenize_all(tokenizer, conversations, max_length)
    sums = nll_per_example(model, encodings, batch_size=1, pad_id=tokenizer.pad_token_id)
    return float(np.nansum(sums[:, 0]) / max(1.0, np.nansum(sums[:, 1])))


def _sft_args(recipe: Any, arm: str, steps: int, out: str) -> tuple[Any, list[str]]:
    """The SFTConfig of an arm: the recipe's (project) or TRL's defaults with the learning knobs copied."""
    from trl import SFTConfig

    from empathic.training.speed import apply_speedups

    t = recipe.training
    # What the run learns must match: optimizer, schedule, batch, masking, seed. Everything that
    # only affects speed (precision, checkpointing, batch order, LM head) stays at TRL's default.
    learning = dict(
        per_device_train_batch_size=t.per_device_train_batch_size,
        gradient_accumulation_steps=t.gradient_accumulation_steps,
        max_length=t.max_length,
        learning_rate=t.learning_rate,
        lr_scheduler_type=t.lr_scheduler_type,
        warmup_steps=t.warmup_steps,
        weight_decay=t.weight_decay,
        optim=t.optim,
        assistant_only_loss=t.assistant_only_loss,
        seed=t.seed,
        data_seed=t.data_seed,
    )
    common = dict(output_dir=out, max_steps=steps, report_to="none", save_strategy="no", eval_strategy="no",
                  logging_steps=max(1, steps), dataloader_num_workers=0, dataloader_pin_memory=False)
    if arm == "baseline":
        # TRL's bf16 default is refused by transformers on a machine without a GPU (unless use_cpu is
        # set), so TRL's defaults train in float32 here: the 78 tokens/s configuration.
        return SFTConfig(**learning, **common, bf16=False), []
    # Variants switch one speed-up off, to measure each one: project-fp32, project-fullhead. The recipe
    # may carry bf16 already (load_recipe applies the speed-ups), so fp32 is set, not just left alone.
    fp32 = arm == "project-fp32"
    project = dataclasses.replace(t, **common, **({"bf16": False} if fp32 else {}))
    return apply_speedups(project, bf16=False if fp32 else None)


def _describe(args: Any) -> dict[str, Any]:
    keys = ("bf16", "activation_checkpointing", "train_sampling_strategy", "per_device_train_batch_size",
            "gradient_accumulation_steps", "max_length", "learning_rate", "padding_free")
    return {k: str(getattr(args, k, None)) for k in keys}


def train_arm(recipe: Any, arm: str, steps: int, train_records: list[dict], tokenizer: Any, heldout: list,
              peaks: dict) -> TrainArm:
    """Train one arm for two passes of `steps` optimizer steps over the same examples; time the second.

    The first pass is warm-up (kernel selection, allocator growth, TRL's first-call work). Every arm's
    timed pass then holds exactly the same examples, so the same supervised tokens, whatever order its
    sampler chose (length grouping reorders them); ratios of tokens/s are ratios of wall time.
    """
    import torch
    from transformers import set_seed

    from empathic.modeling.heads import HeadsConfig
    from empathic.training.trainer import build_trainer, load_training_model

    with tempfile.TemporaryDirectory() as out:
        args, notes = _sft_args(recipe, arm, 2 * steps, out)
        # The arm as a recipe variant: its arguments, the label-only LM head or not, and no auxiliary
        # heads (the benchmark measures plain SFT, whatever the recipe says).
        packed = arm not in PADDED_ARMS
        script = dataclasses.replace(recipe.script, cpu_packing=packed, cpu_bf16_weights=arm not in CAST_WEIGHT_ARMS,
                                     cpu_lean_head=arm not in TRL_HEAD_ARMS,
                                     cpu_widen_outputs=arm not in MIXED_OPS_ARMS,
                                     cpu_compile=recipe.script.cpu_compile and arm not in EAGER_ARMS)
        margs = dataclasses.replace(recipe.model, lora_dropout=0.0) if arm == "project-nodropout" else recipe.model
        variant = dataclasses.replace(recipe, training=args, heads=HeadsConfig(), script=script, model=margs,
                                      compact_lm_head=arm not in ("baseline", "project-fullhead"))
        set_seed(args.seed)
        model = load_training_model(variant)
        trainer = build_trainer(variant, model, tokenizer, train_records)
        counter = _CountingCollator(trainer.data_collator)
        trainer.data_collator = counter
        timer = _timer_callback(counter, warmup_steps=steps)
        trainer.add_callback(timer)
        with PeakRSS() as rss:
            trainer.train()
        measured_steps = trainer.state.global_step - steps
        seconds = (timer.end - timer.start) if timer.start is not None and measured_steps > 0 else float("nan")
        n_params = matmul_params(trainer.model)
        dtype = "bf16" if args.bf16 else "fp32"
        peak = peaks[dtype]
        if f"model_{dtype}" not in peaks:
            peaks[f"model_{dtype}"] = model_shaped_peak(trainer.model, torch.bfloat16 if args.bf16 else torch.float32)
        rate = counter.processed / seconds  # real tokens/s: padding is not useful work
        loss = heldout_loss(trainer.model, tokenizer, heldout, args.max_length)
        del trainer, model
        torch.set_grad_enabled(True)
    return TrainArm(
        name=arm, steps=measured_steps, supervised_tokens=counter.supervised, processed_tokens=counter.processed,
        padded_tokens=counter.padded, seconds=seconds, supervised_tokens_per_s=counter.supervised / seconds,
        seconds_per_step=seconds / max(1, measured_steps), peak_rss_mb=rss.peak / 2**20,
        mfu=6 * n_params * rate / peak, mfu_4n=4 * n_params * rate / peak,
        mfu_4n_model_shape=4 * n_params * rate / peaks[f"model_{dtype}"], heldout_loss=loss,
        warmup_seconds=(timer.start - timer.begin) if timer.start is not None and timer.begin is not None else float("nan"),
        settings=_describe(args) | {"packed": packed, "notes": notes, "lora_dropout": margs.lora_dropout,
                                    "bf16_weights": script.cpu_bf16_weights, "lean_head": script.cpu_lean_head,
                                    "widen_outputs": script.cpu_widen_outputs, "compiled": script.cpu_compile},
    )


def bench_train(
    config: str, overrides: list[str], *, steps: int, data: str | None, eval_examples: int, repeats: int = 1,
    arms: list[str] | None = None, out: Path | None = None,
) -> dict[str, Any]:
    """Run the arms interleaved `repeats` times; report each run, medians and project/baseline ratios.

    With `out`, the runs finished so far are written there after each arm (long runs on a busy machine).
    """
    import torch

    from empathic.modeling.loading import load_tokenizer
    from empathic.training.data import chat_family, chat_messages, load_splits
    from empathic.training.recipe import load_recipe

    if steps < 1:
        raise UserError("--steps must be at least 1 (steps per pass: one warm-up pass, then one timed pass)")
    order = list(arms or ("baseline", "project"))
    unknown = [a for a in order if a not in ARMS]
    if unknown:
        raise UserError(f"unknown arm {unknown[0]!r}; choose from {', '.join(ARMS)}")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    recipe = load_recipe(config, overrides)
    folder = Path(data or recipe.script.data_prepared or "runs/data")
    if not (folder / "train.jsonl").is_file():
        raise UserError(f"{folder} has no train.jsonl; run `empathic data prepare` or pass --data")
    tokenizer = load_tokenizer(recipe.model.model_name_or_path, family=recipe.script.chat_template_family)
    family = chat_family(recipe, tokenizer)
    t = recipe.training
    need = steps * t.per_device_train_batch_size * t.gradient_accumulation_steps
    script = dataclasses.replace(recipe.script, max_train_examples=need, max_eval_examples=eval_examples)
    splits = load_splits(folder, dataclasses.replace(recipe, script=script))
    heldout = [chat_messages(r, family, recipe.script.system_prompt) for r in splits["valid"][:eval_examples]]
    peaks = {"fp32": matmul_peak_flops(torch.float32), "bf16": matmul_peak_flops(torch.bfloat16)}
    before = machine_info()
    runs: list[TrainArm] = []
    for _ in range(repeats):
        for arm in order:
            runs.append(train_arm(recipe, arm, steps, splits["train"], tokenizer, heldout, peaks))
            if out is not None:
                partial = {"partial": True, "machine": machine_info(), "runs": [asdict(r) for r in runs]}
                write_json(out, partial)
    result: dict[str, Any] = {
        "command": "bench train",
        "config": config,
        "overrides": overrides,
        "train_examples": len(splits["train"]),
        "heldout_examples": len(heldout),
        "matmul_peak_gflops": {k: round(v / 1e9, 1) for k, v in peaks.items()},  # model_*: model-shaped
        "machine_before": before,
        "machine_after": machine_info(),
        "runs": [asdict(r) for r in runs],
        "flops_rule": "mfu: 6·N, mfu_4n: 4·N (frozen base: no weight gradients); N = non-embedding params incl. "
                      "LM head; per non-padding token; peak = 1024² matmul in the arm's dtype, measured in this run; "
                      "mfu_4n_model_shape: against the (512 × hidden) @ (hidden × intermediate) matmul peak",
    }
    med = {arm: _median_arm([r for r in runs if r.name == arm]) for arm in order}
    result["median"] = med
    if "baseline" in med and "project" in med:
        b, p = med["baseline"], med["project"]
        result["ratio_tokens_per_s"] = p["supervised_tokens_per_s"] / b["supervised_tokens_per_s"]
        result["heldout_loss_rel_diff"] = (p["heldout_loss"] - b["heldout_loss"]) / b["heldout_loss"]
    if "project-v2" in med and "project" in med:  # issue 17: the new project path against the v2 one
        old, new = med["project-v2"], med["project"]
        result["ratio_vs_v2_tokens_per_s"] = new["supervised_tokens_per_s"] / old["supervised_tokens_per_s"]
        result["heldout_loss_rel_diff_vs_v2"] = (new["heldout_loss"] - old["heldout_loss"]) / old["heldout_loss"]
    if "project-eager" in med and "project" in med:  # compiled blocks (cpu_compile) against the same path eager
        eager, new = med["project-eager"], med["project"]
        result["ratio_vs_eager_tokens_per_s"] = new["supervised_tokens_per_s"] / eager["supervised_tokens_per_s"]
        result["heldout_loss_rel_diff_vs_eager"] = (new["heldout_loss"] - eager["heldout_loss"]) / eager["heldout_loss"]
    return result


def _median_arm(runs: list[TrainArm]) -> dict[str, float]:
    keys = ("supervised_tokens_per_s", "seconds_per_step", "peak_rss_mb", "mfu", "mfu_4n", "mfu_4n_model_shape",
            "heldout_loss", "warmup_seconds")
    return {k: statistics.median(getattr(r, k) for r in runs) for k in keys}

