"""What a run folder shows the world: the loss curve, the model card (README.md), and the Hub upload."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from empathic.errors import UserError
from empathic.io import write_text
from empathic.training.run_folder import RunFolder

if TYPE_CHECKING:
    from empathic.training.recipe import Recipe

log = logging.getLogger(__name__)

# ---------------------------------------------------------------- loss curve


def plot_losses(
    train: list[dict], evals: list[dict], path: Path, base_eval_loss: float | None = None, title: str | None = None
) -> Path:
    """Train and eval loss against optimizer step; the base model's eval loss as a dashed line."""
    import matplotlib

    matplotlib.use("Agg")  # no display on servers and in tests
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4), dpi=110)
    if train:
        ax.plot([p["step"] for p in train], [p["loss"] for p in train], label="train loss", color="#1f77b4", lw=1.4)
    if evals:
        ax.plot(
            [p["step"] for p in evals], [p["loss"] for p in evals],
            label="eval loss", color="#d62728", marker="o", ms=4, lw=1.4,
        )
    if base_eval_loss is not None:
        ax.axhline(base_eval_loss, color="#7f7f7f", ls="--", lw=1, label=f"base model eval loss ({base_eval_loss:.3f})")
    ax.set_xlabel("optimizer step")
    ax.set_ylabel("cross-entropy on assistant tokens")
    ax.set_title(title or "Training and evaluation loss")
    ax.grid(alpha=0.3)
    if train or evals or base_eval_loss is not None:
        ax.legend()
    fig.tight_layout()
    path = Path(path)
    partial = path.with_name(f".{path.name}.tmp")  # atomic like every other run-folder file
    fig.savefig(partial, format=path.suffix.lstrip(".") or "png")
    plt.close(fig)
    os.replace(partial, path)
    return path


# ---------------------------------------------------------------- model card


CRISIS_NOTE = (
    "**If you or someone you know is in crisis or thinking about suicide, contact local emergency "
    "services or a crisis line now** — for example 988 (call or text, United States), 116 123 "
    "(Samaritans, UK and Ireland), or the lines listed at https://findahelpline.com. This model is "
    "not a crisis service and cannot call for help."
)


# Licenses as the sources state them (see the data README); the adapter inherits the strictest.
SOURCE_LICENSES = {
    "empathetic_dialogues": "EmpatheticDialogues: CC BY-NC 4.0 (non-commercial)",
    "esconv": "ESConv: CC BY-NC 4.0, research use",
    "counsel_chat": "CounselChat: MIT",
    "mhcc": "Mental Health Counseling Conversations: openrail",
    "empathic_sample": "empathic's own sample conversations, written for the project: same license as the project",
}
SOURCE_DESCRIPTIONS = {
    "empathetic_dialogues": "crowd-sourced everyday conversations about feelings (EmpatheticDialogues)",
    "esconv": "crowd-sourced emotional-support chats with annotated strategies (ESConv)",
    "counsel_chat": "answers written by counsellors on a public Q&A site (CounselChat)",
    "mhcc": "mental-health Q&A answers (Mental Health Counseling Conversations)",
    "empathic_sample": "about 70 short supportive exchanges written for this project",
}


def _fmt(value: Any, digits: int = 4) -> str:
    if value is None:
        return "not measured"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _front_matter(base_model: str, sources: list[str]) -> str:
    lines = ["---", f"base_model: {base_model}", "library_name: peft", "pipeline_tag: text-generation", "tags:"]
    lines += [f"  - {t}" for t in ("lora", "sft", "trl", "empathy", "emotional-support")]
    if sources:
        lines.append("datasets_used_in_mix:")
        lines += [f"  - {s}" for s in sources]
    lines.append("---")
    return "\n".join(lines)


def render_model_card(recipe: Recipe, metrics: dict[str, Any], repo_id: str | None = None) -> str:
    """Markdown model card: base model, data mix, hyperparameters, results, uses, limits, crisis note."""
    t, m = recipe.training, recipe.model
    base_model = m.model_name_or_path
    by_source = metrics["data"]["train_by_source"]
    held = metrics["heldout"]
    stop = metrics.get("stop_rate")
    tokens = metrics["tokens"]["train_per_epoch"]
    name = repo_id or metrics["run_dir"]
    epochs = f"{t.num_train_epochs:g} epoch" + ("" if t.num_train_epochs == 1 else "s")
    run_length = (
        f"max_steps = {t.max_steps} (wins over num_train_epochs)" if t.max_steps and t.max_steps > 0 else epochs
    )
    licenses = "\n".join(f"- {SOURCE_LICENSES.get(src, f'{src}: see its source')}" for src in by_source)
    described = "; ".join(SOURCE_DESCRIPTIONS.get(src, src) for src in by_source)
    total = sum(by_source.values()) or 1
    short_chat = by_source.get("empathetic_dialogues", 0) / total > 0.5
    hardware = metrics["device"] if metrics.get("machine") in (None, metrics["device"]) else f"{metrics['device']} ({metrics['machine']})"
    quant = "4-bit NF4" + (" with double quantization" if m.use_bnb_nested_quant else "") if m.load_in_4bit else "none"
    mix = "\n".join(f"| {src} | {n} |" for src, n in by_source.items())
    results = [
        "| measure | base model | tuned |",
        "| --- | --- | --- |",
        f"| held-out {held['split']} loss, assistant tokens ({held['examples']} conversations) | "
        f"{_fmt(held['base_loss'])} | {_fmt(held['tuned_loss'])} |",
        f"| validation loss | {_fmt(metrics['eval']['base_loss'])} | {_fmt(metrics['eval']['final_loss'])} |",
    ]
    if stop:
        results.append(
            f"| replies that stop by themselves ({stop['n']} held-out prompts, ≤ {stop['max_new_tokens']} new tokens) "
            f"| {stop['base']:.0%} | {stop['tuned']:.0%} |"
        )
    notes = "\n".join(f"- {n}" for n in metrics.get("notes") or []) or "- none"
    versions = ", ".join(f"{k} {v}" for k, v in metrics["versions"].items())
    targets = m.lora_target_modules if isinstance(m.lora_target_modules, str) else ", ".join(m.lora_target_modules or [])
    short_note = (
        "\n- Most training conversations are short everyday chats (EmpatheticDialogues): replies tend to be "
        "brief and\n  question-led rather than long advice." if short_chat else ""
    )
    load_snippet = f"""```python
from peft import PeftModel
from transformers import AutoModelForCausalLM, AutoTokenizer

base = AutoModelForCausalLM.from_pretrained("{base_model}")
model = PeftModel.from_pretrained(base, "{name}")
tokenizer = AutoTokenizer.from_pretrained("{name}")  # carries the chat template used in training
```"""
    return f"""{_front_matter(base_model, sorted(by_source))}

# {name}

A LoRA adapter for [{base_model}](https://huggingface.co/{base_model}) fine-tuned to reply to people
who share something difficult in a warm, validating, supportive way. It is a research and hobby
model for **non-clinical emotional-support conversations**, trained with the `empathic` project
(TRL `SFTTrainer` + PEFT, loss on assistant tokens only, end-of-turn token included so the model
learns to stop).

{CRISIS_NOTE}

## How to use

{load_snippet}

Or with the project: `empathic chat --adapter {name}`.

## Training data

Training conversations per source (after cleaning, de-duplication and mixing), per epoch:

| source | conversations |
| --- | --- |
{mix}

Validation: {metrics['data']['valid']} conversations; test: {metrics['data']['test']}. Per epoch the
model saw {tokens['tokens']:,} tokens, {tokens['assistant_tokens']:,} of them assistant tokens with loss.
Licenses of the training data (the adapter inherits their terms):

{licenses}

## Training procedure

| hyperparameter | value |
| --- | --- |
| base model | {base_model} |
| method | LoRA r={m.lora_r}, alpha={m.lora_alpha}, dropout={m.lora_dropout}, targets: {targets} |
| quantization of the base | {quant} |
| dtype | {m.dtype}; mixed precision: {"bf16" if t.bf16 else "fp16" if t.fp16 else "none"} |
| run length | {run_length}; {metrics['train']['global_step']} optimizer steps done |
| learning rate | {t.learning_rate:g}, {t.lr_scheduler_type.value if hasattr(t.lr_scheduler_type, 'value') else t.lr_scheduler_type} schedule |
| effective batch | {metrics['effective_batch']} ({t.per_device_train_batch_size} × {t.gradient_accumulation_steps} accumulation) |
| optimizer | {t.optim.value if hasattr(t.optim, 'value') else t.optim} |
| max length | {t.max_length} tokens |
| loss | assistant tokens only (`assistant_only_loss={t.assistant_only_loss}`) |
| seed | {t.seed} |
| hardware | {hardware}; training time {_fmt(metrics['train']['runtime_s'], 0)} s |

Decisions taken at run time:

{notes}

The full recipe is in `{RunFolder.CONFIG}` (rerun with `empathic train --config {RunFolder.CONFIG}`); the numbers
below are in `{RunFolder.METRICS}`, the curves in `{RunFolder.LOSS_CURVE}`. Software: {versions}.

## Results

{chr(10).join(results)}

Loss is the mean per-token cross-entropy on assistant tokens. Lower held-out loss means the tuned
model predicts the reference supportive replies better; it does **not** by itself show that replies
are more helpful or safe. See the project's evaluation report for human-facing measures.

## Intended use

- Practising and prototyping supportive, validating replies in low-stakes conversations.
- Research on empathetic response generation, with a human in the loop.

## Out-of-scope use

- Therapy, counselling, diagnosis, medical, legal or financial advice.
- Crisis support or any situation where someone may be at risk of harm: route to humans and
  emergency services (see the note above). Deploy only behind a safety layer that detects crisis
  messages and answers them with crisis resources.
- Unsupervised deployment to vulnerable users, or presenting the model as a person.

## Limitations and risks

- A small model imitating supportive language: it can sound caring while being wrong, generic,
  repetitive or inconsistent, and it can invent facts about the user or itself.
- It reflects its training data: {described}. Their biases, mostly US-centred perspective and
  English-only coverage carry over.{short_note}
- Automatic metrics (loss, stop rate) say little about real-world helpfulness or harm.
"""


def write_model_card(run_dir: Path, recipe: Recipe, metrics: dict[str, Any], repo_id: str | None = None) -> Path:
    return write_text(RunFolder(run_dir).model_card, render_model_card(recipe, metrics, repo_id))


# ---------------------------------------------------------------- Hub


# Never uploaded: training state (checkpoints, pickled arguments), the prepared data copy (its
# licenses differ and several are non-commercial), caches and half-written files.
EXCLUDED_DIRS = (RunFolder.DATA, "runs", "__pycache__", ".cache")
EXCLUDED_NAMES = (RunFolder.TRAINING_ARGS, RunFolder.BASE_METRICS)
EXCLUDED_SUFFIXES = (".tmp", ".lock", ".pyc")


def _excluded(rel: Path) -> bool:
    top = rel.parts[0]
    return (
        top.startswith(RunFolder.CHECKPOINT_PREFIX)
        or top in EXCLUDED_DIRS
        or rel.name in EXCLUDED_NAMES
        or rel.name.endswith(EXCLUDED_SUFFIXES)
        or rel.name.startswith(".")
    )


def files_to_upload(run_dir: Path) -> list[Path]:
    """Files of the run folder that belong on the Hub, relative to it, sorted."""
    run_dir = Path(run_dir)
    if not RunFolder(run_dir).has_adapter():
        raise UserError(f"{run_dir} has no trained adapter ({RunFolder.ADAPTER_CONFIG}); train first, then push")
    return sorted(p.relative_to(run_dir) for p in run_dir.rglob("*") if p.is_file() and not _excluded(p.relative_to(run_dir)))


def push_run(run_dir: Path, repo_id: str, *, dry_run: bool = False, private: bool = False) -> list[Path]:
    """Upload the run folder to `repo_id`; with dry_run only print the files (no network)."""
    run_dir = Path(run_dir)
    if repo_id.count("/") != 1:
        raise UserError(f"--push-to-hub expects a Hub repo id like user/name, got {repo_id!r}")
    files = files_to_upload(run_dir)
    total = sum((run_dir / f).stat().st_size for f in files)
    header = "would upload" if dry_run else "uploading"
    print(f"{header} {len(files)} files ({total / 1e6:.1f} MB) from {run_dir} to {repo_id}:")
    for f in files:
        print(f"  {f.as_posix()}  ({(run_dir / f).stat().st_size:,} bytes)")
    if dry_run:
        return files
    if os.environ.get("HF_HUB_OFFLINE", "0") not in ("0", "", "false", "False"):
        raise UserError("cannot push: the Hub is offline here (HF_HUB_OFFLINE is set); use --dry-run to list the files")
    from huggingface_hub import HfApi

    api = HfApi()
    try:
        api.create_repo(repo_id, exist_ok=True, private=private, repo_type="model")
        api.upload_folder(
            folder_path=str(run_dir),
            repo_id=repo_id,
            allow_patterns=[f.as_posix() for f in files],
            commit_message="empathic: upload LoRA adapter run",
        )
    except Exception as err:  # auth, network, permissions: one line, what to do
        raise UserError(f"push to {repo_id} failed: {str(err).splitlines()[0]}; check `huggingface-cli login` and the repo name") from err
    log.info("pushed %d files to %s", len(files), repo_id)
    return files
