"""The run folder's README.md: a Hub model card written from the recipe and the measured metrics."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def render_model_card(recipe: Any, metrics: dict[str, Any], repo_id: str | None = None) -> str:
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

The full recipe is in `config.yaml` (rerun with `empathic train --config config.yaml`); the numbers
below are in `metrics.json`, the curves in `loss_curve.png`. Software: {versions}.

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


def write_model_card(run_dir: Path, recipe: Any, metrics: dict[str, Any], repo_id: str | None = None) -> Path:
    path = Path(run_dir) / "README.md"
    path.write_text(render_model_card(recipe, metrics, repo_id), encoding="utf-8")
    return path
