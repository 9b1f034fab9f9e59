"""Multitask training rows: token ids, assistant-only labels, and the user-turn spans the heads pool.

SFT conversations (ED, CounselChat, MHCC, ESConv) and classification-only GoEmotions rows (one user
turn, no assistant turn: no LM loss, emotion loss only) are tokenized here, once, with the same
assistant mask TRL builds (`apply_chat_template(return_assistant_tokens_mask=True)`). TRL's own
preparation is skipped because it drops rows without LM tokens, which are exactly the GoEmotions rows.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from empathic.data.esconv import STRATEGIES
from empathic.labels import ED_EMOTIONS, GOEMOTIONS, IGNORE_INDEX
from empathic.modeling.heads import encode_user_turns
from empathic.training.data import GOEMOTIONS_SOURCE, chat_messages

if TYPE_CHECKING:
    from datasets import Dataset

    from empathic.modeling.heads import HeadsConfig

log = logging.getLogger(__name__)

_REPEAT_SUFFIX = re.compile(r"#r\d+$")


def distinct_examples(records: list[dict]) -> list[dict]:
    """Drop the `#rN` copies the data pipeline adds when it upsamples: the sampler does the mixing here."""
    return [r for r in records if not _REPEAT_SUFFIX.search(str(r.get("id") or ""))]


def _assistant_labels(tokenizer: Any, messages: list[dict], input_ids: list[int]) -> list[int]:
    """Labels exactly as TRL's assistant_only_loss builds them (-100 outside assistant turns)."""
    if not any(m["role"] == "assistant" for m in messages):
        return [IGNORE_INDEX] * len(input_ids)
    encoded = tokenizer.apply_chat_template(
        messages, tokenize=True, return_dict=True, return_assistant_tokens_mask=True
    )
    if list(encoded["input_ids"]) != input_ids:
        raise ValueError("chat-template tokenization differs from the offsets tokenization; cannot align spans")
    return [t if m else IGNORE_INDEX for t, m in zip(input_ids, encoded["assistant_masks"], strict=True)]


def _clip(span: tuple[int, int], length: int) -> tuple[int, int]:
    start, end = span
    return (start, min(end, length)) if start < length and end > start else (0, 0)


def encode_example(
    tokenizer: Any,
    messages: list[dict],
    *,
    source_id: int,
    emotion: str | None = None,
    strategies: list | None = None,
    go_labels: list[str] | None = None,
    max_length: int | None = None,
    family: str | None = None,
) -> dict[str, Any]:
    """One training row: ids, assistant-only labels, and the head inputs with their user-turn spans.

    emotion: an ED situation emotion (pooled over the first user turn); go_labels: GoEmotions names
    (multi-label, same pooling); strategies: one per assistant turn, each pooled over the user turn
    right before it. Unknown names and turns without a preceding user turn carry no label.
    """
    enc = encode_user_turns(tokenizer, messages, family)
    ids = enc.input_ids
    labels = _assistant_labels(tokenizer, messages, ids)
    length = len(ids) if max_length is None else min(len(ids), max_length)
    spans = [_clip(s, length) for s in enc.user_spans]
    span_of_message = dict(zip(enc.user_message_index, spans, strict=True))

    first_user = spans[0] if spans else (0, 0)
    go_targets: list[float] = []
    if go_labels:
        hot = [name for name in go_labels if name in GOEMOTIONS]
        if hot:
            go_targets = [1.0 if name in hot else 0.0 for name in GOEMOTIONS]
    ed_label = ED_EMOTIONS.index(emotion) if emotion in ED_EMOTIONS else IGNORE_INDEX
    emo_span = first_user if (go_targets or ed_label != IGNORE_INDEX) else (0, 0)

    strat_spans: list[list[int]] = []
    strat_labels: list[int] = []
    if strategies:
        assistant_turns = [i for i, m in enumerate(messages) if m["role"] == "assistant"]
        for turn, name in zip(assistant_turns, strategies, strict=False):
            span = span_of_message.get(turn - 1)  # None unless the previous message is a user turn
            if name in STRATEGIES and span is not None and span[1] > span[0]:
                strat_spans.append(list(span))
                strat_labels.append(STRATEGIES.index(name))
    return {
        "input_ids": ids[:length],
        "labels": labels[:length],
        "emo_span": list(emo_span),
        "go_targets": go_targets,
        "ed_label": ed_label,
        "strat_spans": strat_spans,
        "strat_labels": strat_labels,
        "source_id": source_id,
    }


def has_any_loss(row: dict) -> bool:
    return (
        any(t != IGNORE_INDEX for t in row["labels"])
        or bool(row["go_targets"])
        or row["ed_label"] != IGNORE_INDEX
        or bool(row["strat_labels"])
    )


@dataclass
class EncodedData:
    """Rows ready for the trainer, the source names their `source_id` indexes, and what was dropped."""

    rows: list[dict]
    source_names: list[str]
    dropped: Counter = field(default_factory=Counter)

    def to_dataset(self) -> Dataset:
        from datasets import Dataset, Features, Sequence, Value

        features = Features({
            "input_ids": Sequence(Value("int32")),
            "labels": Sequence(Value("int64")),
            "emo_span": Sequence(Value("int64"), length=2),
            "go_targets": Sequence(Value("float32")),
            "ed_label": Value("int64"),
            "strat_spans": Sequence(Sequence(Value("int64"), length=2)),
            "strat_labels": Sequence(Value("int64")),
            "source_id": Value("int64"),
        })
        return Dataset.from_list(self.rows, features=features)

    def counts(self) -> dict[str, int]:
        found = Counter(self.source_names[r["source_id"]] for r in self.rows)
        return {name: found[name] for name in self.source_names}


def encode_records(
    tokenizer: Any,
    sft_records: Sequence[dict],
    classification_rows: Sequence[dict] = (),
    *,
    family: str,
    system_prompt: str | None = None,
    max_length: int | None = None,
    source_names: list[str] | None = None,
) -> EncodedData:
    """Encode SFT records (prepared-data format) and GoEmotions rows into trainer rows."""
    names = list(source_names or [])

    def source_id(name: str) -> int:
        if name not in names:
            names.append(name)
        return names.index(name)

    rows: list[dict] = []
    dropped: Counter = Counter()
    for record in sft_records:
        messages = chat_messages(record, family, system_prompt)
        try:
            row = encode_example(
                tokenizer, messages, source_id=source_id(str(record.get("source") or "unknown")),
                emotion=record.get("emotion"), strategies=record.get("strategies"),
                max_length=max_length, family=family,
            )
        except ValueError as err:  # a conversation the template renders unexpectedly: counted, not fatal
            log.debug("cannot encode %s: %s", record.get("id"), err)
            dropped["cannot_locate_turns"] += 1
            continue
        if has_any_loss(row):
            rows.append(row)
        else:
            dropped["no_loss_after_truncation"] += 1
    for item in classification_rows:
        messages = chat_messages({"messages": [{"role": "user", "content": item["text"]}]}, family, system_prompt)
        try:
            row = encode_example(
                tokenizer, messages, source_id=source_id(GOEMOTIONS_SOURCE),
                go_labels=list(item.get("labels") or []), max_length=max_length, family=family,
            )
        except ValueError as err:
            log.debug("cannot encode a GoEmotions row: %s", err)
            dropped["cannot_locate_turns"] += 1
            continue
        if row["go_targets"] and row["emo_span"][1] > row["emo_span"][0]:
            rows.append(row)
        else:
            dropped["classification_without_label"] += 1
    return EncodedData(rows, names, dropped)


def encode_training_data(tokenizer: Any, train_records: Sequence[dict], classification_rows: Sequence[dict],
                         heads_config: HeadsConfig, *, family: str, system_prompt: str | None = None,
                         max_length: int | None = None) -> EncodedData:
    """Training rows: distinct SFT records, plus GoEmotions rows when the config mixes them."""
    rows = classification_rows if heads_config.use_classification else ()
    return encode_records(tokenizer, distinct_examples(list(train_records)), rows, family=family,
                          system_prompt=system_prompt, max_length=max_length)
