"""The model card (README.md) of a preference run: what was continued, on which pairs, with which loss, and
what the DPO log shows. The crisis note is the SFT card's own (empathic.training.publish)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from empathic.io import write_text
from empathic.training.publish import CRISIS_NOTE
from empathic.training.run_folder import RunFolder

if TYPE_CHECKING:
    from empathic.training.preference import PreferenceRecipe

# (metrics key, what the card calls it)
REPORTED = (
    ("rewards/chosen", "reward of the chosen replies (beta x log-ratio to the reference)"),
    ("rewards/rejected", "reward of the rejected replies"),
    ("rewards/margins", "reward margin, chosen - rejected"),
    ("rewards/accuracies", "pairs whose chosen reply has the higher reward"),
    ("logps/chosen", "log-probability of the chosen replies (summed over tokens)"),
    ("logps/rejected", "log-probability of the rejected replies"),
    ("loss", "training loss"),
)


def _fmt(value: Any) -> str:
    return "n/a" if value is None else (f"{value:.4f}" if isinstance(value, float) else str(value))


def render_preference_card(recipe: PreferenceRecipe, metrics: dict[str, Any], repo_id: str | None = None) -> str:
    t = recipe.training
    train, loss = metrics["train"], metrics["loss"]
    first, last = train.get("first") or {}, train.get("last") or {}
    terms = " + ".join(f"{w:g} x {name}" for name, w in zip(loss["types"], loss["weights"], strict=True))
    length = f"max_steps = {t.max_steps}" if t.max_steps and t.max_steps > 0 else f"{t.num_train_epochs:g} epochs"
    rows = [f"| {label} | {_fmt(first.get(key))} | {_fmt(last.get(key))} |" for key, label in REPORTED if key in last]
    name = repo_id or metrics["run_dir"]
    return f"""---
base_model: {recipe.model.model_name_or_path}
library_name: peft
pipeline_tag: text-generation
tags:
  - lora
  - dpo
  - trl
  - empathy
  - emotional-support
---

# {name}

{CRISIS_NOTE}

A LoRA adapter for `{recipe.model.model_name_or_path}`, trained in two stages: supervised fine-tuning (the
start adapter, `{metrics['start_adapter']}`), then DPO on {metrics['pairs']['trained']} preference pairs
(`{', '.join(Path(p).name for p in metrics['pairs']['files'])}`), continuing that adapter with a frozen copy of it as the
reference. Recipe: `{RunFolder.CONFIG}`; numbers: `{RunFolder.METRICS}`.

| setting | value |
| --- | --- |
| loss | {terms} (TRL DPOTrainer; `sft` is the negative log-likelihood of the chosen reply) |
| beta | {t.beta:g} |
| learning rate | {t.learning_rate:g} ({getattr(t.lr_scheduler_type, 'value', t.lr_scheduler_type)}) |
| run length | {length}; {train['global_step']} optimizer steps of {metrics['effective_batch']} pairs |
| max_length | {t.max_length} tokens |
| reference | {loss['reference']} |

## Training log (first and last logged step)

| measure | step {first.get('step', '?')} | step {last.get('step', '?')} |
| --- | --- | --- |
{chr(10).join(rows)}

Rewards are log-probability ratios against the start adapter on the training pairs: they show that
the preference was learned, not that replies are more helpful or safe. Evaluate the adapter
(`empathic eval`) before using it.

## Intended use and limits

As the SFT adapter's: practising and prototyping supportive replies in low-stakes conversations and
research with a human in the loop; not therapy, advice or crisis support, and only behind a safety layer
that answers crisis messages with crisis resources. Preference training can also teach stock phrases
that the pairs over-represent.
"""


def write_preference_card(run_dir: Path, recipe: PreferenceRecipe, metrics: dict[str, Any],
                          repo_id: str | None = None) -> Path:
    return write_text(RunFolder(run_dir).model_card, render_preference_card(recipe, metrics, repo_id))
