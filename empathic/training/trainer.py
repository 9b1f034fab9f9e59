"""The model and the trainer for a recipe: ONE place that chooses between plain SFT, the CPU-fast
SFTTrainer and the multitask trainer (with the same CPU speed-ups), for `empathic train` and the
experiments alike.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from empathic.errors import UserError
from empathic.training.data import chat_family, to_dataset

if TYPE_CHECKING:
    from datasets import Dataset
    from transformers import PreTrainedModel, PreTrainedTokenizerBase, TrainerCallback
    from trl import SFTTrainer

    from empathic.training.multitask_data import EncodedData
    from empathic.training.recipe import Recipe

log = logging.getLogger(__name__)


def load_training_model(recipe: Recipe) -> PreTrainedModel:
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


def build_trainer(
    recipe: Recipe,
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    train_records: Sequence[dict],
    eval_records: Sequence[dict] | None = None,
    *,
    classification_rows: Sequence[dict] = (),
    train_data: EncodedData | None = None,
    callbacks: list[TrainerCallback] | None = None,
    multitask: bool = False,
) -> SFTTrainer:
    """The trainer the recipe asks for, over prepared-data records (`{"messages": [...], ...}`).

    - heads on (`recipe.heads.enabled`), or `multitask=True` (an ablation arm with every head off that
      must draw the same example stream as the others): MultiTaskSFTTrainer, with GoEmotions
      `classification_rows` mixed in when the heads config asks; `train_data` (from
      `encode_training_data`) skips encoding. It gets the compact LM head as FastSFTTrainer does.
    - else `recipe.compact_lm_head`: FastSFTTrainer (LM head on labelled positions only); else SFTTrainer;
      on CPU its batches are packed padding-free (`packs_batches`).
    Arguments are `recipe.training` (CPU speed-ups already applied) and LoRA from `recipe.model`;
    a variant is `dataclasses.replace(recipe, training=..., heads=..., compact_lm_head=...)`.
    """
    from trl import SFTTrainer, get_peft_config

    from empathic.training.speed import FastSFTTrainer
    from empathic.training.watchdog import NonFiniteLossWatchdog

    training, margs = recipe.training, recipe.model
    family = chat_family(recipe, tokenizer)
    system_prompt = recipe.script.system_prompt
    if recipe.heads.enabled or multitask:
        from empathic.training.multitask import build_multitask_trainer

        heads = recipe.heads
        log.info("auxiliary heads: emotion %s, strategy %s; %d GoEmotions rows mixed in (alpha %.2f)",
                 heads.emotion, heads.strategy, len(classification_rows) if heads.use_classification else 0,
                 heads.alpha)
        trainer = build_multitask_trainer(
            model=model, args=training, processing_class=tokenizer, train_records=train_records,
            eval_records=eval_records, heads_config=heads, peft_config=get_peft_config(margs),
            classification_rows=classification_rows, family=family, system_prompt=system_prompt,
            callbacks=callbacks, train_data=train_data, compact_head=recipe.compact_lm_head,
        )
    else:
        trainer_class = FastSFTTrainer if recipe.compact_lm_head else SFTTrainer
        trainer = trainer_class(
            model=model,
            args=training,
            train_dataset=to_dataset(list(train_records), family, system_prompt),
            eval_dataset=to_dataset(list(eval_records), family, system_prompt) if eval_records else None,
            processing_class=tokenizer,
            peft_config=get_peft_config(margs),
            callbacks=callbacks,
        )
        if recipe.compact_lm_head:
            # Only under CPU bf16 autocast (FastSFTTrainer.train checks); the bench switches them per arm.
            trainer.bf16_weights = recipe.script.cpu_bf16_weights
            trainer.lean_head = recipe.script.cpu_lean_head
            trainer.float32_outputs = recipe.script.cpu_widen_outputs
            trainer.compile_blocks = recipe.script.cpu_compile
    if packs_batches(recipe) and not (recipe.heads.enabled or multitask):
        from empathic.training.packing import packed_collator

        # Same examples per step as the padded batches, laid end to end (tests/training/test_packing.py).
        trainer.data_collator = packed_collator(tokenizer, training.max_length)
        log.info("speed: each batch's conversations packed into rows without padding (cpu_packing: true)")
    if margs.load_in_4bit and training.fp16:
        keep_adapter_fp32(trainer.model)
    # Every recipe: a NaN/inf loss stops the run with a clear message instead of "training" on garbage.
    trainer.add_callback(NonFiniteLossWatchdog())
    return trainer


def packs_batches(recipe: Recipe) -> bool:
    """Whether plain SFT batches are packed padding-free: a CPU speed-up (`cpu_packing`, on by default).

    The multitask trainer keeps padded batches: its collator carries the head inputs per row.
    """
    return bool(recipe.script.cpu_speedups and recipe.script.cpu_packing and not recipe.machine.cuda)


def heldout_dataset(trainer: SFTTrainer, recipe: Recipe, records: Sequence[dict]) -> Dataset | None:
    """Held-out records in the form `trainer.evaluate(eval_dataset=...)` takes (None when empty)."""
    from empathic.training.multitask import MultiTaskSFTTrainer

    if not records:
        return None
    if isinstance(trainer, MultiTaskSFTTrainer):
        return trainer.encode_for_eval(records)  # its rows carry the head inputs; TRL does not prepare them
    return to_dataset(list(records), chat_family(recipe, trainer.processing_class), recipe.script.system_prompt)


def require_trainable(recipe: Recipe) -> None:
    """`empathic train` trains LoRA adapters; a loss on prompt tokens is allowed but said."""
    if not recipe.model.use_peft:
        raise UserError("empathic train trains LoRA adapters: set use_peft: true in the recipe")
    if not recipe.training.assistant_only_loss:
        log.warning("assistant_only_loss is false: the loss includes prompt tokens (not the project's recipe)")
