"""`empathic bench`: training and generation throughput, project pipeline vs plain TRL/transformers.

Both sides run in one process on the same data and seeds, interleaved when repeated, because
on a shared machine only same-process ratios are trustworthy. Numbers go to stdout as JSON.
"""

from __future__ import annotations

import json
import math
import os
import random
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from empathic.errors import UserError

# ---------------------------------------------------------------- CLI


def add_arguments(parser: Any) -> None:
    sub = parser.add_subparsers(dest="bench", metavar="WHAT", required=True)
    t = sub.add_parser("train", help="project training vs TRL SFTTrainer defaults: tokens/s, MFU, held-out loss")
    t.add_argument("--config", required=True, help="training recipe, e.g. finetuning/configs/smollm2-135m-cpu.yaml")
    t.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE")
    t.add_argument("--steps", type=int, default=10, help="optimizer steps per pass over the data; each arm runs a warm-up pass, then the timed pass")
    t.add_argument("--data", default=None, help="prepared data folder (default: the recipe's data_prepared, else runs/data)")
    t.add_argument("--eval-examples", type=int, default=32, help="held-out (valid) conversations for the loss check")
    t.add_argument("--out", help="also write the JSON result here (the Trainer logs to stdout too)")
    t.add_argument("--repeats", type=int, default=1, help="baseline/project pairs, interleaved")
    t.add_argument("--arms", default="baseline,project",
                   help="comma list of arms: baseline, project, project-fp32 (no bf16), project-fullhead (LM head on all positions)")
    g = sub.add_parser("generate", help="batched generate_batch vs a one-prompt-at-a-time generate loop")
    g.add_argument("--model", default=None, help="base model (default: the project default)")
    g.add_argument("--data", default="runs/data", help="prepared data folder; prompts from test.jsonl")
    g.add_argument("--prompts", type=int, default=32)
    g.add_argument("--max-new-tokens", type=int, default=64)
    g.add_argument("--batch-sizes", default="1,8,32")
    g.add_argument("--out", help="also write the JSON result here")


def run(args: Any) -> int:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    if args.bench == "train":
        result = bench_train(
            args.config, args.overrides, steps=args.steps, data=args.data, eval_examples=args.eval_examples,
            repeats=args.repeats, arms=args.arms.split(","), out=Path(args.out) if args.out else None,
        )
    else:
        result = bench_generate(
            args.model, Path(args.data), n_prompts=args.prompts, max_new_tokens=args.max_new_tokens,
            batch_sizes=[int(b) for b in args.batch_sizes.split(",")],
        )
    text = json.dumps(result, indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


# ---------------------------------------------------------------- machine


def machine_info() -> dict[str, Any]:
    """CPU model, cores, threads and load: every number is printed next to these."""
    import torch

    name = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                name = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": name,
        "cores": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "load_avg": [round(x, 2) for x in os.getloadavg()],
    }


def matmul_peak_flops(dtype: Any, size: int = 1024, seconds: float = 1.0) -> float:
    """FLOP/s of a square matmul in `dtype`, measured now (the MFU denominator)."""
    import torch

    a, b = torch.randn(size, size).to(dtype), torch.randn(size, size).to(dtype)
    a @ b  # warm-up: first call allocates and picks kernels
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        a @ b
        n += 1
    return 2 * size**3 * n / (time.perf_counter() - start)


class PeakRSS:
    """Peak resident memory of this process while the block runs, sampled every 20 ms."""

    def __enter__(self) -> PeakRSS:
        import psutil

        self.peak, self._proc, self._stop = 0, psutil.Process(), threading.Event()

        def sample() -> None:
            while not self._stop.is_set():
                self.peak = max(self.peak, self._proc.memory_info().rss)
                self._stop.wait(0.02)

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._proc.memory_info().rss)


# ---------------------------------------------------------------- training


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
    mfu: float
    heldout_loss: float
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
            mask = batch.get("attention_mask")
            self.processed += int(mask.sum()) if mask is not None else labels.numel()
            self.padded += labels.numel()
        return batch


def _timer_callback(counter: _CountingCollator, warmup_steps: int) -> Any:
    from transformers import TrainerCallback

    class Timer(TrainerCallback):
        """Starts the clock and the token count after the warm-up pass (kernel selection, allocator warm-up)."""

        start: float | None = None
        end: float | None = None

        def on_step_end(self, args, state, control, **kwargs):
            if state.global_step == warmup_steps:
                self.start, counter.counting = time.perf_counter(), True
            self.end = time.perf_counter()

    return Timer()


def model_flops_per_token(model: Any) -> int:
    """6·N for training (2 forward + 4 backward), N = parameters doing matmuls (input embedding excluded,
    LM head included, even when tied). Frozen LoRA bases skip weight gradients, so real work is
    nearer 4·N: the 6·N rule is the convention, and it overstates MFU by up to 1.5×."""
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    embed = base.get_input_embeddings().weight.numel()
    n = sum(p.numel() for p in {id(p): p for p in base.parameters()}.values()) - embed
    n += base.get_output_embeddings().weight.numel()  # tied: counted once above, removed with the embedding
    return 6 * n


def heldout_loss(model: Any, tokenizer: Any, conversations: list[list[dict]], max_length: int | None) -> float:
    """Mean cross-entropy per assistant token, float32 full logits, one conversation at a time (same code for every arm)."""
    import torch

    from empathic.modeling.templates import tokenize_for_training

    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for messages in conversations:
            enc = tokenize_for_training(tokenizer, messages, max_length)
            ids = torch.tensor([enc["input_ids"]])
            labels = torch.tensor([enc["labels"]])
            logits = model(input_ids=ids).logits.float()[:, :-1]
            target = labels[:, 1:]
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.size(-1)), target.reshape(-1), reduction="sum")
            total += float(loss)
            count += int((target != -100).sum())
    return total / max(1, count)


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
    import dataclasses

    # Variants switch one speed-up off, to measure each one: project-fp32, project-fullhead.
    return apply_speedups(dataclasses.replace(t, **common), bf16=False if arm == "project-fp32" else None)


def _describe(args: Any) -> dict[str, Any]:
    keys = ("bf16", "activation_checkpointing", "train_sampling_strategy", "per_device_train_batch_size",
            "gradient_accumulation_steps", "max_length", "learning_rate", "padding_free")
    return {k: str(getattr(args, k, None)) for k in keys}


def train_arm(recipe: Any, arm: str, steps: int, train_ds: Any, tokenizer: Any, heldout: list, peaks: dict) -> TrainArm:
    """Train one arm for two passes of `steps` optimizer steps over the same examples; time the second.

    The first pass is warm-up (kernel selection, allocator growth, TRL's first-call work). Every arm's
    timed pass then holds exactly the same examples, so the same supervised tokens, whatever order its
    sampler chose (length grouping reorders them); ratios of tokens/s are ratios of wall time.
    """
    import torch
    from transformers import set_seed
    from trl import SFTTrainer, get_peft_config

    from empathic.training.sft import load_training_model
    from empathic.training.speed import FastSFTTrainer

    with tempfile.TemporaryDirectory() as out:
        args, notes = _sft_args(recipe, arm, 2 * steps, out)
        set_seed(args.seed)
        model = load_training_model(recipe)
        cls = SFTTrainer if arm in ("baseline", "project-fullhead") else FastSFTTrainer
        trainer = cls(model=model, args=args, train_dataset=train_ds, processing_class=tokenizer,
                      peft_config=get_peft_config(recipe.model))
        counter = _CountingCollator(trainer.data_collator)
        trainer.data_collator = counter
        timer = _timer_callback(counter, warmup_steps=steps)
        trainer.add_callback(timer)
        with PeakRSS() as rss:
            trainer.train()
        measured_steps = trainer.state.global_step - steps
        seconds = (timer.end - timer.start) if timer.start is not None and measured_steps > 0 else float("nan")
        flops = model_flops_per_token(trainer.model) * counter.processed
        peak = peaks["bf16" if args.bf16 else "fp32"]
        loss = heldout_loss(trainer.model, tokenizer, heldout, args.max_length)
        del trainer, model
        torch.set_grad_enabled(True)
    return TrainArm(
        name=arm, steps=measured_steps, supervised_tokens=counter.supervised, processed_tokens=counter.processed,
        padded_tokens=counter.padded, seconds=seconds, supervised_tokens_per_s=counter.supervised / seconds,
        seconds_per_step=seconds / max(1, measured_steps), peak_rss_mb=rss.peak / 2**20,
        mfu=flops / seconds / peak, heldout_loss=loss, settings=_describe(args) | {"notes": notes},
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
    from empathic.training.recipe import load_recipe
    from empathic.training.sft import load_splits, to_dataset

    if steps < 1:
        raise UserError("--steps must be at least 1 (steps per pass: one warm-up pass, then one timed pass)")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    recipe = load_recipe(config, overrides)
    folder = Path(data or recipe.script.data_prepared or "runs/data")
    if not (folder / "train.jsonl").is_file():
        raise UserError(f"{folder} has no train.jsonl; run `empathic data prepare` or pass --data")
    tokenizer = load_tokenizer(recipe.model.model_name_or_path, family=recipe.script.chat_template_family)
    from empathic.modeling.templates import detect_family

    family = recipe.script.chat_template_family or detect_family(tokenizer)
    t = recipe.training
    need = steps * t.per_device_train_batch_size * t.gradient_accumulation_steps
    recipe.script.max_train_examples, recipe.script.max_eval_examples = need, eval_examples
    splits = load_splits(folder, recipe)
    train_ds = to_dataset(splits["train"], family, recipe.script.system_prompt)
    from empathic.training.sft import chat_messages

    heldout = [chat_messages(r, family, recipe.script.system_prompt) for r in splits["valid"][:eval_examples]]
    peaks = {"fp32": matmul_peak_flops(torch.float32), "bf16": matmul_peak_flops(torch.bfloat16)}
    before = machine_info()
    runs: list[TrainArm] = []
    order = arms or ["baseline", "project"]
    for _ in range(repeats):
        for arm in order:
            runs.append(train_arm(recipe, arm, steps, train_ds, tokenizer, heldout, peaks))
            if out is not None:
                partial = {"partial": True, "machine": machine_info(), "runs": [asdict(r) for r in runs]}
                out.write_text(json.dumps(partial, indent=2) + "\n", encoding="utf-8")
    result: dict[str, Any] = {
        "command": "bench train",
        "config": config,
        "overrides": overrides,
        "train_examples": len(splits["train"]),
        "heldout_examples": len(heldout),
        "matmul_peak_gflops": {k: round(v / 1e9, 1) for k, v in peaks.items()},
        "machine_before": before,
        "machine_after": machine_info(),
        "runs": [asdict(r) for r in runs],
        "flops_rule": "6 * (non-embedding params incl. LM head) * non-padding tokens; peak = matmul in the arm's dtype",
    }
    med = {arm: _median_arm([r for r in runs if r.name == arm]) for arm in order}
    result["median"] = med
    if "baseline" in med and "project" in med:
        b, p = med["baseline"], med["project"]
        result["ratio_tokens_per_s"] = p["supervised_tokens_per_s"] / b["supervised_tokens_per_s"]
        result["heldout_loss_rel_diff"] = (p["heldout_loss"] - b["heldout_loss"]) / b["heldout_loss"]
    return result


def _median_arm(runs: list[TrainArm]) -> dict[str, float]:
    import statistics

    keys = ("supervised_tokens_per_s", "seconds_per_step", "peak_rss_mb", "mfu", "heldout_loss")
    return {k: statistics.median(getattr(r, k) for r in runs) for k in keys}


# ---------------------------------------------------------------- generation


def _prompts(folder: Path, n: int) -> list[list[dict]]:
    """The first user turn of the first `n` test conversations (fixed order, seeded if sampled)."""
    path = folder / "test.jsonl"
    if not path.is_file():
        raise UserError(f"{path} not found; pass --data with a prepared data folder")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    random.Random(0).shuffle(records)
    out = []
    for r in records:
        first = next((m for m in r["messages"] if m["role"] == "user"), None)
        if first:
            out.append([{"role": "user", "content": first["content"]}])
        if len(out) == n:
            break
    return out


def sequential_generate(model: Any, tokenizer: Any, conversations: list, max_new_tokens: int) -> tuple[list[str], int]:
    """The reference scripts' loop: one prompt at a time through plain `generate`, greedy."""
    import torch

    from empathic.chat.engine import _finish, render_prompt, stop_token_ids

    stop = stop_token_ids(tokenizer)
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    texts, new = [], 0
    for messages in conversations:
        enc = tokenizer(render_prompt(tokenizer, messages), return_tensors="pt", add_special_tokens=False)
        with torch.no_grad():
            out = model.generate(**enc, max_new_tokens=max_new_tokens, do_sample=False, eos_token_id=stop,
                                 pad_token_id=pad, temperature=None, top_p=None, top_k=None)
        ids = out[0, enc["input_ids"].shape[1]:].tolist()
        reply = _finish(tokenizer, ids, stop, None, None)
        texts.append(reply.text)
        new += reply.new_tokens
    return texts, new


def bench_generate(
    model_ref: str | None, data: Path, *, n_prompts: int, max_new_tokens: int, batch_sizes: list[int]
) -> dict[str, Any]:
    """Tokens/s of sequential generate vs generate_batch at each batch size; identical-greedy share; latency."""
    import torch

    from empathic.chat.engine import GenerationSettings, generate_batch
    from empathic.modeling.loading import DEFAULT_BASE, load_model_and_tokenizer

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    model, tokenizer = load_model_and_tokenizer(model_ref or DEFAULT_BASE)
    conversations = _prompts(data, n_prompts)
    settings = GenerationSettings(max_new_tokens=max_new_tokens, temperature=0.0, repetition_penalty=1.0)
    generate_batch(model, tokenizer, conversations[:1], GenerationSettings(max_new_tokens=4, temperature=0.0))  # warm-up
    before = machine_info()
    start = time.perf_counter()
    ref_texts, ref_tokens = sequential_generate(model, tokenizer, conversations, max_new_tokens)
    seq_s = time.perf_counter() - start
    result: dict[str, Any] = {
        "command": "bench generate",
        "model": model_ref or DEFAULT_BASE,
        "prompts": len(conversations),
        "max_new_tokens": max_new_tokens,
        "machine_before": before,
        "sequential": {"seconds": seq_s, "new_tokens": ref_tokens, "tokens_per_s": ref_tokens / seq_s},
        "batched": {},
    }
    for bs in batch_sizes:
        start = time.perf_counter()
        replies = generate_batch(model, tokenizer, conversations, settings, batch_size=bs)
        secs = time.perf_counter() - start
        tokens = sum(r.new_tokens for r in replies)
        same = sum(r.text == ref for r, ref in zip(replies, ref_texts, strict=True)) / len(replies)
        result["batched"][str(bs)] = {
            "seconds": secs, "new_tokens": tokens, "tokens_per_s": tokens / secs,
            "speedup_vs_sequential": (tokens / secs) / (ref_tokens / seq_s), "identical_greedy_share": same,
        }
    result["interactive"] = _latency(model, tokenizer, conversations[0], max_new_tokens)
    result["machine_after"] = machine_info()
    if not all(math.isfinite(v["tokens_per_s"]) for v in result["batched"].values()):
        raise UserError("a generation measurement was not finite")
    torch.set_grad_enabled(True)
    return result


def _latency(model: Any, tokenizer: Any, messages: list[dict], max_new_tokens: int) -> dict[str, float]:
    """Time to first token (1-token generate) and decode tokens/s of one reply, batch 1."""
    from empathic.chat.engine import GenerationSettings, generate_batch

    start = time.perf_counter()
    generate_batch(model, tokenizer, [messages], GenerationSettings(max_new_tokens=1, temperature=0.0, repetition_penalty=1.0))
    ttft = time.perf_counter() - start
    start = time.perf_counter()
    reply = generate_batch(model, tokenizer, [messages], GenerationSettings(max_new_tokens=max_new_tokens, temperature=0.0, repetition_penalty=1.0))[0]
    total = time.perf_counter() - start
    decode = max(total - ttft, 1e-9)
    return {"time_to_first_token_s": ttft, "reply_tokens": reply.new_tokens,
            "decode_tokens_per_s": max(reply.new_tokens - 1, 0) / decode}
