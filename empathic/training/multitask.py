"""Multi-task SFT: LM loss plus the auxiliary heads, trained jointly by a subclass of TRL's SFTTrainer.

L = λ_lm·NLL(assistant tokens) + λ_emo·L_emotion + λ_strat·L_strategy (see `empathic.modeling.heads`).

Rows come from empathic.training.multitask_data (tokenized once, with the user-turn spans the heads
pool). Examples are drawn by temperature sampling over sources (p_i ∝ n_i^α) and the per-source
counts of every logging window are logged.
"""

from __future__ import annotations

import contextlib
import copy
import logging
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from trl import SFTConfig, SFTTrainer

from empathic.errors import UserError
from empathic.labels import GOEMOTIONS, IGNORE_INDEX
from empathic.modeling.heads import (
    HEADS_WEIGHTS,
    HeadsConfig,
    build_heads,
    capture_hidden,
    has_heads,
    head_forward,
    save_heads,
)
from empathic.training.data import (
    read_classification as read_classification,  # kept importable for experiments/
)
from empathic.training.multitask_data import (
    EncodedData,
    encode_records,
    encode_training_data,
)
from empathic.training.speed import compact_lm_head

log = logging.getLogger(__name__)

# Columns the collator turns into head inputs; kept by the Trainer's unused-column filter.
ROW_KEYS = ("emo_span", "go_targets", "ed_label", "strat_spans", "strat_labels", "source_id")
# Batch keys popped before the model's forward.
BATCH_KEYS = ("emo_span", "go_targets", "go_mask", "ed_label", "strat_spans", "strat_labels", "source_id")


# ---------------------------------------------------------------- mixing


def mixing_probabilities(counts: Mapping[str, int], alpha: float) -> dict[str, float]:
    """p_i ∝ n_i^alpha over sources with at least one example (alpha 1: natural sizes, 0: uniform)."""
    weights = {name: float(n) ** alpha for name, n in counts.items() if n > 0}
    total = sum(weights.values())
    if total == 0:
        raise ValueError("no examples to mix")
    return {name: w / total for name, w in weights.items()}


class TemperatureSampler(torch.utils.data.Sampler[int]):
    """Indices drawn source-first: a source with p_i ∝ n_i^α, then its next example.

    Within a source the examples are visited in a fresh seeded permutation, so nothing repeats before
    the source is exhausted. Deterministic for a (seed, epoch).
    """

    def __init__(self, source_ids: Sequence[int], alpha: float, num_samples: int | None = None, seed: int = 0):
        self.alpha = alpha
        self.seed = seed
        self.epoch = 0
        self.by_source: dict[int, list[int]] = {}
        for index, source in enumerate(source_ids):
            self.by_source.setdefault(int(source), []).append(index)
        self.sources = sorted(self.by_source)
        probs = mixing_probabilities({str(s): len(self.by_source[s]) for s in self.sources}, alpha)
        self.probabilities = torch.tensor([probs[str(s)] for s in self.sources], dtype=torch.float64)
        self.num_samples = len(source_ids) if num_samples is None else num_samples

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def __len__(self) -> int:
        return self.num_samples

    def __iter__(self) -> Iterator[int]:
        gen = torch.Generator().manual_seed(self.seed * 1_000_003 + self.epoch)
        picks = torch.multinomial(self.probabilities, self.num_samples, replacement=True, generator=gen).tolist()
        orders: dict[int, list[int]] = {}
        cursor: dict[int, int] = {}
        for pick in picks:
            source = self.sources[pick]
            pool = self.by_source[source]
            if cursor.get(source, len(pool)) >= len(pool):  # first visit or exhausted: a new permutation
                orders[source] = [pool[i] for i in torch.randperm(len(pool), generator=gen).tolist()]
                cursor[source] = 0
            yield orders[source][cursor[source]]
            cursor[source] += 1


# ---------------------------------------------------------------- collator


@dataclass
class MultiTaskCollator:
    """TRL's LM collator (right padding, labels -100 on padding) plus padded head inputs."""

    pad_token_id: int
    n_emotions: int = len(GOEMOTIONS)

    def __call__(self, examples: list[dict[str, Any]]) -> dict[str, Any]:
        from trl.trainer.sft_trainer import DataCollatorForLanguageModeling

        lm = DataCollatorForLanguageModeling(pad_token_id=self.pad_token_id)
        batch = lm([{"input_ids": e["input_ids"], "labels": e["labels"]} for e in examples])
        b = len(examples)
        k = max((len(e["strat_labels"]) for e in examples), default=0)
        go_targets = torch.zeros(b, self.n_emotions)
        go_mask = torch.zeros(b, dtype=torch.bool)
        strat_spans = torch.zeros(b, k, 2, dtype=torch.long)
        strat_labels = torch.full((b, k), IGNORE_INDEX, dtype=torch.long)
        for i, e in enumerate(examples):
            if len(e["go_targets"]):
                go_targets[i] = torch.tensor(e["go_targets"], dtype=torch.float)
                go_mask[i] = True
            n = len(e["strat_labels"])
            if n:
                strat_spans[i, :n] = torch.tensor(e["strat_spans"], dtype=torch.long)
                strat_labels[i, :n] = torch.tensor(e["strat_labels"], dtype=torch.long)
        batch.update({
            "emo_span": torch.tensor([list(e["emo_span"]) for e in examples], dtype=torch.long),
            "go_targets": go_targets,
            "go_mask": go_mask,
            "ed_label": torch.tensor([e["ed_label"] for e in examples], dtype=torch.long),
            "strat_spans": strat_spans,
            "strat_labels": strat_labels,
            "source_id": torch.tensor([e["source_id"] for e in examples], dtype=torch.long),
        })
        return batch


# ---------------------------------------------------------------- trainer


class MultiTaskSFTTrainer(SFTTrainer):
    """SFTTrainer whose loss adds the auxiliary head losses; samples sources by temperature.

    Training loss: λ_lm·LM + λ_emo·emotion + λ_strat·strategy. Evaluation loss (`eval_loss`) stays
    the LM loss alone, so it compares with plain SFT runs; head losses are logged beside it.
    """

    def __init__(self, *args: Any, heads_config: HeadsConfig, source_names: Sequence[str] = (),
                 heads: Any = None, compact_head: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.heads_config = heads_config
        self.compact_head = compact_head  # the CPU speed-up of FastSFTTrainer: LM head on labelled positions only
        self.source_names = list(source_names)
        if heads is None and heads_config.enabled:
            heads = build_heads(self.accelerator.unwrap_model(self.model), heads_config)
        self.heads = heads
        self._mix_window: Counter = Counter()
        self.mix_probabilities: dict[str, float] = {}

    # -- data
    def encode_for_eval(self, records: Sequence[dict]) -> Any:
        """A held-out split (prepared-data records) as this trainer's rows, for `evaluate(eval_dataset=...)`.

        TRL's own preparation is skipped for this trainer, so an untokenized dataset must come through here.
        """
        settings = getattr(self, "encoding", None) or {}
        encoded = encode_records(self.processing_class, records, source_names=self.source_names, **settings)
        rows = [r for r in encoded.rows if any(t != IGNORE_INDEX for t in r["labels"])]
        return EncodedData(rows, encoded.source_names).to_dataset() if rows else None

    def _set_signature_columns_if_needed(self) -> None:
        super()._set_signature_columns_if_needed()
        self._signature_columns = list(dict.fromkeys([*self._signature_columns, *ROW_KEYS]))

    def _get_train_sampler(self, train_dataset: Any = None) -> Any:
        dataset = train_dataset if train_dataset is not None else self.train_dataset
        sampler = TemperatureSampler(dataset["source_id"], self.heads_config.alpha,
                                     seed=self.args.data_seed if self.args.data_seed is not None else self.args.seed)
        counts = {self._name(s): len(ix) for s, ix in sampler.by_source.items()}
        self.mix_probabilities = {self._name(s): float(p) for s, p in zip(sampler.sources, sampler.probabilities,
                                                                         strict=True)}
        log.info("source mix (alpha %.2f): %s", self.heads_config.alpha, ", ".join(
            f"{name} n={counts[name]} p={p:.3f}" for name, p in self.mix_probabilities.items()))
        return sampler

    def _name(self, source_id: int) -> str:
        return self.source_names[source_id] if source_id < len(self.source_names) else str(source_id)

    # -- optimisation
    def create_optimizer(self, model: Any = None) -> Any:
        optimizer = super().create_optimizer(model) if model is not None else super().create_optimizer()
        if self.heads is not None and not any(g.get("name") == "heads" for g in optimizer.param_groups):
            # The heads are not part of the PEFT model: their own group, own (higher) rate, no decay.
            optimizer.add_param_group({"params": list(self.heads.parameters()), "lr": self.heads_config.learning_rate,
                                       "weight_decay": 0.0, "name": "heads"})
        return optimizer

    def _loss_is_scaled_for_ga(self, num_items_in_batch: Any) -> bool:
        """Whether the Trainer leaves gradient-accumulation averaging to the loss (as it does for the LM)."""
        if getattr(self, "loss_is_scaled_for_ga", None) is not None:
            return bool(self.loss_is_scaled_for_ga)
        return bool(self.model_accepts_loss_kwargs and num_items_in_batch is not None)

    def compute_loss(self, model: Any, inputs: dict[str, Any], return_outputs: bool = False,
                     num_items_in_batch: Any = None) -> Any:
        head_batch = {k: inputs.pop(k) for k in BATCH_KEYS if k in inputs}
        training = self.model.training
        mode = "train" if training else "eval"
        if training and "source_id" in head_batch:
            self._mix_window.update(self._name(int(s)) for s in head_batch["source_id"].tolist())
        if self.heads is not None:
            self.heads.train(training)
        compact = compact_lm_head() if self.compact_head else contextlib.nullcontext()
        with capture_hidden(self.accelerator.unwrap_model(model)) as store, compact:
            result = super().compute_loss(model, inputs, return_outputs, num_items_in_batch)
        lm_loss, outputs = result if return_outputs else (result, None)
        self._log_lm_loss(mode, lm_loss, inputs, num_items_in_batch)
        cfg = self.heads_config
        aux = lm_loss.new_zeros(())
        if self.heads is not None:
            heads_out = head_forward(self.heads, store["hidden"], head_batch)
            if heads_out.emotion_loss is not None:
                aux = aux + cfg.lambda_emotion * heads_out.emotion_loss
                if heads_out.n_emotion:
                    self._metrics[mode]["emotion_loss"].append(float(heads_out.emotion_loss.detach()))
            if heads_out.strategy_loss is not None:
                aux = aux + cfg.lambda_strategy * heads_out.strategy_loss
                if heads_out.n_strategy:
                    self._metrics[mode]["strategy_loss"].append(float(heads_out.strategy_loss.detach()))
        if not training:
            return result  # eval_loss is the LM loss alone (comparable with plain SFT); head losses are logged
        # Head terms are per-micro-batch means: under gradient accumulation, average them over the
        # micro-batches exactly when the Trainer leaves that averaging to the loss (as for the LM term).
        steps = self.current_gradient_accumulation_steps if self._loss_is_scaled_for_ga(num_items_in_batch) else 1
        loss = cfg.lambda_lm * lm_loss + aux / steps
        return (loss, outputs) if return_outputs else loss

    def _log_lm_loss(self, mode: str, lm_loss: Any, inputs: dict[str, Any], num_items_in_batch: Any) -> None:
        """This micro-batch's mean LM loss (undoing TRL's division by the whole accumulation's tokens)."""
        n_tokens = int((inputs["labels"][:, 1:] != IGNORE_INDEX).sum()) if "labels" in inputs else 0
        if n_tokens == 0:
            return  # a batch of GoEmotions rows only: no LM term to report
        scale = float(num_items_in_batch) / n_tokens if num_items_in_batch is not None else 1.0
        self._metrics[mode]["lm_loss"].append(float(lm_loss.detach()) * scale)

    # -- logging
    def log(self, logs: dict[str, float], start_time: float | None = None) -> None:
        if self.model.training and self._mix_window:
            window = dict(sorted(self._mix_window.items()))
            logs.update({f"mix/{name}": n for name, n in window.items()})
            log.info("examples per source since the last log (step %d): %s", self.state.global_step,
                     ", ".join(f"{name} {n}" for name, n in window.items()))
            self._mix_window.clear()
        super().log(logs, start_time)

    # -- saving
    def _save(self, output_dir: str | None = None, state_dict: Any = None) -> None:
        super()._save(output_dir, state_dict)
        if self.heads is not None and self.args.should_save:
            unwrapped = self.accelerator.unwrap_model(self.model)
            base = getattr(getattr(unwrapped, "config", None), "_name_or_path", None)
            save_heads(self.heads, output_dir or self.args.output_dir, self.heads_config, base_model=base,
                       mix_probabilities=self.mix_probabilities)

    def _load_from_checkpoint(self, resume_from_checkpoint: str, model: Any = None) -> None:
        super()._load_from_checkpoint(resume_from_checkpoint, model)
        if self.heads is not None and has_heads(resume_from_checkpoint):
            from safetensors.torch import load_file

            self.heads.load_state_dict(load_file(str(Path(resume_from_checkpoint) / HEADS_WEIGHTS)))


# ---------------------------------------------------------------- the hook for `empathic train`


def multitask_args(args: SFTConfig) -> SFTConfig:
    """A copy of the SFTConfig for the multitask trainer: labels and spans are built here, not by TRL.

    `assistant_only_loss` is turned off in the copy only because TRL would re-tokenize; the labels
    this module builds are the same assistant-only labels (same `apply_chat_template` mask).
    """
    if args.packing or getattr(args, "padding_free", False):
        raise UserError("heads need one conversation per row: set packing: false and padding_free: false")
    out = copy.copy(args)
    out.assistant_only_loss = False
    out.dataset_kwargs = {**(args.dataset_kwargs or {}), "skip_prepare_dataset": True}
    return out


def build_multitask_trainer(
    *,
    model: Any,
    args: Any,
    processing_class: Any,
    train_records: Sequence[dict],
    eval_records: Sequence[dict] | None,
    heads_config: HeadsConfig,
    peft_config: Any = None,
    classification_rows: Sequence[dict] = (),
    family: str | None = None,
    system_prompt: str | None = None,
    callbacks: list | None = None,
    train_data: EncodedData | None = None,
    compact_head: bool = False,
) -> MultiTaskSFTTrainer:
    """A MultiTaskSFTTrainer over prepared-data records (+ GoEmotions rows when the config mixes them).

    The SFT records' `#rN` upsampling copies are dropped (the temperature sampler mixes instead).
    `train_data` (from `encode_training_data`) skips encoding, e.g. when several runs share it.
    """
    from empathic.modeling.templates import detect_family

    tokenizer = processing_class
    family = family or detect_family(tokenizer)
    max_length = args.max_length
    train = train_data or encode_training_data(tokenizer, train_records, classification_rows, heads_config,
                                               family=family, system_prompt=system_prompt, max_length=max_length)
    log.info("multitask train rows per source: %s%s", train.counts(),
             f"; dropped {dict(train.dropped)}" if train.dropped else "")
    eval_dataset = None
    if eval_records:
        evaluation = encode_records(tokenizer, eval_records, family=family, system_prompt=system_prompt,
                                    max_length=max_length, source_names=train.source_names)
        eval_rows = [r for r in evaluation.rows if any(t != IGNORE_INDEX for t in r["labels"])]
        eval_dataset = EncodedData(eval_rows, evaluation.source_names).to_dataset() if eval_rows else None
        train.source_names = evaluation.source_names  # eval may have added a source name
    text_config = model.config.get_text_config() if hasattr(model.config, "get_text_config") else model.config
    text_config.pad_token_id = tokenizer.pad_token_id  # TRL mirrors this only for its own collator
    trainer = MultiTaskSFTTrainer(
        model=model,
        args=multitask_args(args),
        data_collator=MultiTaskCollator(pad_token_id=tokenizer.pad_token_id),
        train_dataset=train.to_dataset(),
        eval_dataset=eval_dataset,
        processing_class=tokenizer,
        peft_config=peft_config,
        callbacks=callbacks,
        heads_config=heads_config,
        source_names=train.source_names,
        compact_head=compact_head,
    )
    trainer.encoding = {"family": family, "system_prompt": system_prompt, "max_length": max_length}
    return trainer
