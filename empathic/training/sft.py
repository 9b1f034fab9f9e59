"""`empathic train`: LoRA/QLoRA SFT with TRL's SFTTrainer from a YAML recipe (see empathic.training.recipe).

The shape follows TRL's own `trl/scripts/sft.py`: recipe -> model + tokenizer -> dataset ->
SFTTrainer(peft_config=get_peft_config(...)) -> train -> save. What this adds: loss only on
assistant tokens (end-of-turn included) through templates with generation markers, base-vs-tuned
held-out loss, crash-safe resume, and a run folder that documents itself.
"""

from __future__ import annotations

import json
import logging
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from empathic.errors import UserError

log = logging.getLogger(__name__)

SPLITS = ("train", "valid", "test")
CHECKPOINT_PREFIX = "checkpoint-"
# Written last by transformers when it saves a checkpoint: a folder without it is a checkpoint the
# process was killed while writing, and resuming from it would fail or lose state.
CHECKPOINT_COMPLETE_MARKER = "trainer_state.json"


# ---------------------------------------------------------------- CLI


def add_arguments(parser: Any) -> None:
    parser.add_argument("--config", help="YAML recipe, e.g. finetuning/configs/smollm2-135m-cpu.yaml")
    parser.add_argument(
        "--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
        help="override a recipe key (typed by its field), e.g. --set max_steps=20; lists: a,b or [a, b]",
    )
    parser.add_argument("--resume", action="store_true", help="continue from the run folder's last complete checkpoint")
    parser.add_argument("--overwrite", action="store_true", help="delete an existing run in output_dir and start again")
    parser.add_argument("--push-to-hub", metavar="REPO", help="after training, upload the run folder to this Hub repo")
    parser.add_argument("--dry-run", action="store_true", help="with --push-to-hub: list what would be uploaded, no network")
    parser.add_argument("--help-keys", action="store_true", help="list every valid recipe key and exit")


def run(args: Any) -> int:
    from empathic.training.recipe import describe_keys, load_recipe

    if args.help_keys:
        print(describe_keys())
        return 0
    if not args.config:
        raise UserError("--config is required, e.g. empathic train --config finetuning/configs/smollm2-135m-cpu.yaml")
    if args.dry_run and not args.push_to_hub:
        raise UserError("--dry-run only applies to --push-to-hub REPO; add --push-to-hub or drop --dry-run")
    recipe = load_recipe(args.config, args.overrides)
    result = train(recipe, resume=args.resume, overwrite=args.overwrite)
    print(f"run folder: {result.run_dir}")
    for line in result.summary_lines():
        print(line)
    if args.push_to_hub:
        from empathic.training.hub import push_run
        from empathic.training.model_card import write_model_card

        # The card's loading snippet names the repo the adapter is about to live in.
        write_model_card(result.run_dir, recipe, result.metrics, repo_id=args.push_to_hub)
        push_run(result.run_dir, args.push_to_hub, dry_run=args.dry_run)
    return 0


# ---------------------------------------------------------------- run folder


def is_complete_checkpoint(path: Path) -> bool:
    return path.is_dir() and (path / CHECKPOINT_COMPLETE_MARKER).is_file()


def checkpoints(run_dir: Path) -> list[Path]:
    """Checkpoint folders, oldest step first."""
    found = [p for p in Path(run_dir).glob(f"{CHECKPOINT_PREFIX}*") if p.name[len(CHECKPOINT_PREFIX):].isdigit()]
    return sorted(found, key=lambda p: int(p.name[len(CHECKPOINT_PREFIX):]))


def last_complete_checkpoint(run_dir: Path) -> Path | None:
    """The newest checkpoint that was fully written (a kill during saving leaves a partial one)."""
    complete = [p for p in checkpoints(run_dir) if is_complete_checkpoint(p)]
    return complete[-1] if complete else None


def _holds_a_run(run_dir: Path) -> bool:
    return run_dir.is_dir() and (
        bool(checkpoints(run_dir)) or (run_dir / "adapter_config.json").is_file() or (run_dir / "config.yaml").is_file()
    )


def prepare_run_dir(recipe: Any, resume: bool, overwrite: bool) -> Path | None:
    """Check the output folder against --resume/--overwrite; return the checkpoint to resume from."""
    run_dir = recipe.run_dir
    if resume:
        checkpoint = last_complete_checkpoint(run_dir)
        if checkpoint is None:
            raise UserError(f"--resume: no complete checkpoint in {run_dir}; start the run without --resume")
        for partial in checkpoints(run_dir):
            if not is_complete_checkpoint(partial):
                log.warning("removing %s: it was being written when the run stopped (incomplete)", partial.name)
                shutil.rmtree(partial)
        _check_same_recipe(recipe, run_dir / "config.yaml")
        return checkpoint
    if _holds_a_run(run_dir):
        if not overwrite:
            raise UserError(
                f"{run_dir} already holds a run; pass --resume to continue it, --overwrite to start again, "
                f"or --set output_dir=ANOTHER_FOLDER"
            )
        log.info("--overwrite: removing the previous run in %s", run_dir)
        shutil.rmtree(run_dir)
    return None


def _check_same_recipe(recipe: Any, saved: Path) -> None:
    """Resuming with a different recipe would silently mix two runs: refuse, naming the keys."""
    from empathic.training.recipe import load_recipe

    if not saved.is_file():
        return
    previous = load_recipe(saved, machine=recipe.machine).values
    keys = sorted(k for k in set(previous) | set(recipe.values) if previous.get(k) != recipe.values.get(k))
    if keys:
        raise UserError(
            f"--resume: the recipe differs from the one the run started with ({', '.join(keys)}); "
            f"resume with --config {saved}"
        )


# ---------------------------------------------------------------- data


def read_jsonl(path: Path) -> list[dict]:
    with Path(path).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _resolve_path(value: str, recipe: Any) -> Path:
    """A path from the recipe: relative to the working directory, else to the recipe file's folder."""
    path = Path(value).expanduser()
    if path.exists() or path.is_absolute() or not recipe.source:
        return path
    # Recipes name repo paths (finetuning/configs/data.yaml): also try from the recipe's ancestors.
    for folder in list(Path(recipe.source).resolve().parents)[:4]:
        if (folder / path).exists():
            return folder / path
    return path


def data_folder(recipe: Any, tokenizer: Any, resume: bool) -> Path:
    """Folder with {train,valid,test}.jsonl: the recipe's prepared folder, or prepared now into the run."""
    script = recipe.script
    if script.data_prepared:
        folder = _resolve_path(script.data_prepared, recipe)
        if not (folder / "train.jsonl").is_file():
            raise UserError(
                f"data_prepared: {folder} has no train.jsonl; run `empathic data prepare --out {folder}` first "
                "or point data_prepared at its output folder"
            )
        return folder
    if not script.data_config:
        raise UserError(
            "the recipe names no data: set data_prepared (a folder written by `empathic data prepare`) "
            "or data_config (a data recipe, with data_dir for the source datasets)"
        )
    out = recipe.run_dir / "data"
    if resume and (out / "train.jsonl").is_file():
        return out  # same data as the interrupted run, not a fresh preparation
    return prepare_data(recipe, tokenizer, out)


def prepare_data(recipe: Any, tokenizer: Any, out: Path) -> Path:
    """Run the data pipeline for the recipe's data_config into `out`, counting tokens with `tokenizer`."""
    script = recipe.script
    if not script.data_config:
        raise UserError("the recipe has no data_config to prepare data from; set data_config or data_prepared")
    try:
        from empathic.data import load_config, prepare
        from empathic.data.tokens import TokenizerCounter
    except ImportError as err:
        raise UserError(
            f"the data pipeline is not available ({err}); prepare the data elsewhere and set data_prepared"
        ) from err
    overrides = list(script.data_overrides)
    if recipe.training.max_length and not any(o.startswith("max_tokens=") for o in overrides):
        # The pipeline drops or windows over-long conversations; TRL would cut them mid-reply instead.
        overrides.append(f"max_tokens={recipe.training.max_length}")
    data_config = load_config(_resolve_path(script.data_config, recipe), overrides)
    data_dir = Path(script.data_dir).expanduser() if script.data_dir else None
    if data_dir is not None and not data_dir.is_dir():
        raise UserError(
            f"data_dir: {data_dir} is not a folder; pass the folder of the source datasets, "
            "or --set data_dir=null to load them from the Hub"
        )
    log.info("preparing data from %s into %s", script.data_config, out)
    prepare(data_config, data_dir, out, TokenizerCounter(tokenizer))
    return out


def _subset(records: list[dict], limit: int | None, seed: int) -> list[dict]:
    """A seeded random subset in the file's order (the trainer shuffles anyway)."""
    if limit is None or limit >= len(records):
        return records
    keep = sorted(random.Random(seed).sample(range(len(records)), limit))
    return [records[i] for i in keep]


def load_splits(folder: Path, recipe: Any) -> dict[str, list[dict]]:
    script, seed = recipe.script, recipe.training.seed
    limits = {"train": script.max_train_examples, "valid": script.max_eval_examples, "test": script.max_test_examples}
    splits = {}
    for split in SPLITS:
        path = folder / f"{split}.jsonl"
        records = read_jsonl(path) if path.is_file() else []
        bad = next((i for i, r in enumerate(records) if not isinstance(r.get("messages"), list)), None)
        if bad is not None:
            raise UserError(f"{path} line {bad + 1} has no `messages` list; expected the `empathic data prepare` format")
        splits[split] = _subset(records, limits[split], seed)
    if not splits["train"]:
        raise UserError(f"{folder / 'train.jsonl'} is empty; prepare data with at least one training conversation")
    return splits


def chat_messages(record: dict, family: str, system_prompt: str | None) -> list[dict]:
    """Messages as the template expects them: optional system prompt, folded for Gemma."""
    from empathic.modeling.templates import prepare_messages

    messages = [{"role": m["role"], "content": m["content"]} for m in record["messages"]]
    if system_prompt and messages[0]["role"] != "system":
        messages = [{"role": "system", "content": system_prompt}, *messages]
    return prepare_messages(messages, family)


def to_dataset(records: list[dict], family: str, system_prompt: str | None) -> Any:
    from datasets import Dataset

    return Dataset.from_list([{"messages": chat_messages(r, family, system_prompt)} for r in records])


# ---------------------------------------------------------------- model


def load_training_model(recipe: Any) -> Any:
    """Base model as the recipe asks: dtype, attention implementation at load time, 4-bit via TRL's helper."""
    from trl import get_quantization_config

    from empathic.modeling.loading import load_model

    margs = recipe.model
    quantization_config = get_quantization_config(margs)
    model = load_model(
        margs.model_name_or_path,
        dtype=margs.dtype,
        attn_implementation=margs.attn_implementation,
        quantization_config=quantization_config,
    )
    # Record the reference the user gave (a Hub id), not the resolved local folder: PEFT writes it
    # into adapter_config.json, and a pushed adapter must point at the Hub id.
    model.config._name_or_path = margs.model_name_or_path
    model.name_or_path = margs.model_name_or_path
    if quantization_config is not None:
        from peft import prepare_model_for_kbit_training

        # Casts norms/embeddings to float32 and enables input gradients for checkpointing (QLoRA recipe).
        model = prepare_model_for_kbit_training(
            model,
            use_gradient_checkpointing=recipe.training.activation_checkpointing,
            gradient_checkpointing_kwargs=recipe.training.activation_checkpointing_kwargs,
        )
    return model


def keep_adapter_fp32(model: Any) -> int:
    """TRL casts QLoRA adapter weights to bf16; on fp16-only GPUs (T4) keep them float32 instead."""
    import torch

    n = 0
    for _, param in model.named_parameters():
        if param.requires_grad and param.dtype != torch.float32:
            param.data = param.data.float()
            n += 1
    return n


# ---------------------------------------------------------------- reporting during training


def _eval_callback(base: dict[str, float]) -> Any:
    from transformers import TrainerCallback

    class EvalSummary(TrainerCallback):
        """One line per evaluation: step, epoch, eval loss and (if measured) the base model's."""

        def on_evaluate(self, args, state, control, metrics=None, **kwargs):
            if not metrics or "eval_loss" not in metrics:
                return
            line = f"eval @ step {state.global_step}/{state.max_steps} (epoch {state.epoch or 0:.2f}): loss {metrics['eval_loss']:.4f}"
            if "valid_loss" in base:
                line += f" (base model {base['valid_loss']:.4f})"
            log.info(line)

    return EvalSummary()


# ---------------------------------------------------------------- result


@dataclass
class RunResult:
    run_dir: Path
    metrics: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        m, out = self.metrics, []
        held = m.get("heldout", {})
        if held.get("tuned_loss") is not None:
            base = held.get("base_loss")
            delta = f" (base model {base:.4f})" if base is not None else ""
            out.append(f"held-out {held['split']} loss on assistant tokens: {held['tuned_loss']:.4f}{delta}")
        stop = m.get("stop_rate")
        if stop:
            out.append(
                f"replies that stop by themselves ({stop['n']} prompts, <= {stop['max_new_tokens']} new tokens): "
                f"base {stop['base']:.0%}, tuned {stop['tuned']:.0%}"
            )
        out.append(f"steps {m['train']['global_step']}, training time {m['train']['runtime_s']:.0f}s")
        return out


def _versions() -> dict[str, str]:
    import importlib.metadata as md

    out = {"python": sys.version.split()[0]}
    for pkg in ("torch", "transformers", "trl", "peft", "accelerate", "datasets", "bitsandbytes"):
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            pass
    return out


def _token_counts(dataset: Any) -> dict[str, int]:
    ids, labels = dataset["input_ids"], dataset["labels"]
    return {
        "examples": len(ids),
        "tokens": sum(len(x) for x in ids),
        "assistant_tokens": sum(sum(1 for t in row if t != -100) for row in labels),
    }


def _loss_history(log_history: list[dict]) -> tuple[list[dict], list[dict]]:
    train = [{"step": e["step"], "epoch": e.get("epoch"), "loss": e["loss"]} for e in log_history if "loss" in e]
    evals = [
        {"step": e["step"], "epoch": e.get("epoch"), "loss": e["eval_loss"]} for e in log_history if "eval_loss" in e
    ]
    return train, evals


def _evaluate(trainer: Any, dataset: Any, prefix: str, base: bool) -> float | None:
    from contextlib import nullcontext

    if dataset is None or len(dataset) == 0:
        return None
    model = trainer.model
    with model.disable_adapter() if base else nullcontext():
        metrics = trainer.evaluate(eval_dataset=dataset, metric_key_prefix=prefix)
    return float(metrics[f"{prefix}_loss"])


# ---------------------------------------------------------------- train


def train(recipe: Any, *, resume: bool = False, overwrite: bool = False) -> RunResult:
    """Run one recipe end to end and write the run folder; returns its metrics."""
    import torch
    from transformers import set_seed
    from trl import SFTTrainer, get_peft_config

    from empathic.modeling.loading import load_tokenizer
    from empathic.training.model_card import write_model_card
    from empathic.training.plots import plot_losses

    started = time.perf_counter()
    script, training, margs = recipe.script, recipe.training, recipe.model
    if not margs.use_peft:
        raise UserError("empathic train trains LoRA adapters: set use_peft: true in the recipe")
    if not training.assistant_only_loss:
        log.warning("assistant_only_loss is false: the loss includes prompt tokens (not the project's recipe)")
    checkpoint = prepare_run_dir(recipe, resume, overwrite)
    run_dir = recipe.run_dir
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "config.yaml").write_text(recipe.to_yaml(), encoding="utf-8")
    set_seed(training.seed)

    tokenizer = load_tokenizer(margs.model_name_or_path, family=script.chat_template_family)
    from empathic.modeling.templates import detect_family

    family = script.chat_template_family or detect_family(tokenizer)
    folder = data_folder(recipe, tokenizer, resume)
    records = load_splits(folder, recipe)
    datasets = {s: to_dataset(r, family, script.system_prompt) if r else None for s, r in records.items()}
    log.info(
        "data from %s: %d train, %d valid, %d test conversations",
        folder, len(records["train"]), len(records["valid"]), len(records["test"]),
    )

    if datasets["valid"] is None and training.eval_strategy != "no":
        raise UserError(f"{folder} has no valid.jsonl but eval_strategy is {training.eval_strategy.value}; "
                        "add a validation split or set eval_strategy: 'no'")
    model = load_training_model(recipe)
    trainer_class = SFTTrainer
    if script.cpu_speedups:
        from empathic.training.speed import FastSFTTrainer, apply_speedups

        training, speed_notes = apply_speedups(training)
        recipe.notes += speed_notes
        trainer_class = FastSFTTrainer
    heads = recipe.heads
    if heads is not None and heads.enabled:
        trainer = _multitask_trainer(recipe, training, model, tokenizer, records, folder, family)
        datasets["test"] = trainer.encode_for_eval(records["test"]) if records["test"] else None
    else:
        trainer = trainer_class(
            model=model,
            args=training,
            train_dataset=datasets["train"],
            eval_dataset=datasets["valid"],
            processing_class=tokenizer,
            peft_config=get_peft_config(margs),
        )
    if margs.load_in_4bit and training.fp16:
        keep_adapter_fp32(trainer.model)

    base_file = run_dir / "base_metrics.json"
    base: dict[str, float] = {}
    if script.base_model_eval:
        if base_file.is_file():
            base = json.loads(base_file.read_text())
        else:
            log.info("measuring the base model's held-out loss (adapter disabled)")
            base = {
                k: v
                for k, v in (
                    ("valid_loss", _evaluate(trainer, trainer.eval_dataset, "base_valid", base=True)),
                    ("test_loss", _evaluate(trainer, datasets["test"], "base_test", base=True)),
                )
                if v is not None
            }
            base_file.write_text(json.dumps(base, indent=2))
    trainer.add_callback(_eval_callback(base))

    try:
        output = trainer.train(resume_from_checkpoint=str(checkpoint) if checkpoint else None)
    except KeyboardInterrupt:
        last = last_complete_checkpoint(run_dir)
        hint = f"; continue with --resume (from {last.name})" if last else ""
        raise UserError(f"training interrupted{hint}") from None
    trainer.save_model(str(run_dir))  # adapter (safetensors) + tokenizer with the training template

    train_hist, eval_hist = _loss_history(trainer.state.log_history)
    if eval_hist and eval_hist[-1]["step"] == trainer.state.global_step:
        tuned_valid = eval_hist[-1]["loss"]  # the Trainer just evaluated the final weights
    else:
        tuned_valid = _evaluate(trainer, trainer.eval_dataset, "final_valid", base=False)
    tuned_test = _evaluate(trainer, datasets["test"], "final_test", base=False)
    held_split = "test" if datasets["test"] is not None else "valid"
    metrics: dict[str, Any] = {
        "base_model": margs.model_name_or_path,
        "run_dir": str(run_dir),
        "train": {
            "global_step": trainer.state.global_step,
            "epochs": trainer.state.epoch,
            "runtime_s": output.metrics.get("train_runtime"),
            "final_loss": train_hist[-1]["loss"] if train_hist else None,
            "mean_loss": output.metrics.get("train_loss"),
            "losses": train_hist,
        },
        "eval": {"losses": eval_hist, "final_loss": tuned_valid, "base_loss": base.get("valid_loss")},
        "heldout": {
            "split": held_split,
            "examples": len(records[held_split]),
            "base_loss": base.get(f"{held_split}_loss"),
            "tuned_loss": tuned_test if held_split == "test" else tuned_valid,
            "measure": "mean per-token cross-entropy on assistant tokens (end-of-turn included), "
            "averaged over evaluation batches by the Trainer",
        },
        "tokens": {
            "train_per_epoch": _token_counts(trainer.train_dataset),
            "seen_by_trainer": getattr(trainer, "_total_train_tokens", None),
        },
        "data": {
            "folder": str(folder),
            "train_by_source": _count_by(records["train"], "source"),
            "valid": len(records["valid"]),
            "test": len(records["test"]),
        },
        "effective_batch": training.per_device_train_batch_size
        * training.gradient_accumulation_steps
        * max(1, training.world_size),
        "device": "cuda" if torch.cuda.is_available() else "cpu",
        "machine": getattr(recipe.machine, "name", None),
        "notes": recipe.notes,
        "resumed_from": checkpoint.name if checkpoint else None,
        "versions": _versions(),
    }
    if heads is not None and heads.enabled:
        metrics["heads"] = {**heads.to_dict(), "mix_probabilities": getattr(trainer, "mix_probabilities", {})}
    if script.stop_eval_prompts > 0:
        metrics["stop_rate"] = _stop_rate(trainer.model, tokenizer, records, script)
    metrics["runtime_s"] = time.perf_counter() - started

    (run_dir / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    plot_losses(train_hist, eval_hist, run_dir / "loss_curve.png", base_eval_loss=base.get("valid_loss"))
    write_model_card(run_dir, recipe, metrics)
    return RunResult(run_dir, metrics, recipe.notes)


def _multitask_trainer(recipe: Any, training: Any, model: Any, tokenizer: Any, records: dict[str, list[dict]],
                       folder: Path, family: str) -> Any:
    """LM + auxiliary heads (the recipe's `heads:` section): empathic.training.multitask's SFTTrainer subclass.

    Its rows carry the user-turn spans the heads pool over; GoEmotions rows (classification only) are
    mixed in by temperature sampling when the heads config asks for them.
    """
    from trl import get_peft_config

    from empathic.training.multitask import build_multitask_trainer, read_classification

    heads = recipe.heads
    go_rows: list[dict] = []
    if heads.use_classification:
        class_dir = _resolve_path(heads.classification_data, recipe) if heads.classification_data else folder / "classification"
        go_rows = read_classification(class_dir, "train", heads.max_classification_examples, training.seed)
    log.info("auxiliary heads: emotion %s, strategy %s; %d GoEmotions rows mixed in (alpha %.2f)",
             heads.emotion, heads.strategy, len(go_rows), heads.alpha)
    return build_multitask_trainer(
        model=model, args=training, processing_class=tokenizer, train_records=records["train"],
        eval_records=records["valid"], heads_config=heads, peft_config=get_peft_config(recipe.model),
        classification_rows=go_rows, family=family, system_prompt=recipe.script.system_prompt,
    )


def _count_by(records: list[dict], key: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in records:
        name = str(r.get(key) or "unknown")
        counts[name] = counts.get(name, 0) + 1
    return dict(sorted(counts.items()))


def _stop_rate(model: Any, tokenizer: Any, records: dict[str, list[dict]], script: Any) -> dict[str, Any]:
    """How often base and tuned replies to held-out prompts end by themselves within the budget."""
    from empathic.chat.compare import base_and_tuned_replies, prompt_messages, stop_fraction

    source = records["test"] or records["valid"]
    prompts = [prompt_messages(r["messages"]) for r in source[: script.stop_eval_prompts]]
    prompts = [p for p in prompts if p and p[-1]["role"] == "user"]
    log.info("generating base and tuned replies to %d held-out prompts (stop rate)", len(prompts))
    started = time.perf_counter()
    base, tuned = base_and_tuned_replies(model, tokenizer, prompts, script.stop_eval_max_new_tokens, strict=True)
    return {
        "seconds": time.perf_counter() - started,
        "n": len(prompts),
        "measure": "greedy decoding; stopped = the model emitted its end-of-turn token or EOS within the budget",
        "max_new_tokens": script.stop_eval_max_new_tokens,
        "base": stop_fraction(base),
        "tuned": stop_fraction(tuned),
        "base_mean_new_tokens": sum(r.new_tokens for r in base) / max(1, len(base)),
        "tuned_mean_new_tokens": sum(r.new_tokens for r in tuned) / max(1, len(tuned)),
    }
