"""The one batched generate loop: prompts grouped by length, a bucketed prefill, replies back in input order.

Everything that generates replies for many conversations (the chat stack, evaluation, base-vs-tuned
samples, benchmarks) goes through `generate_batch`, so batching, seeding and the single-turn rules
are the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from empathic.chat.settings import GenerationSettings
from empathic.chat.turns import (
    Reply,
    check_conversation,
    context_window,
    finish_raw_reply,
    finish_reply,
    fit_history,
    render_prompt,
    stop_token_ids,
    turn_marker_criteria,
)
from empathic.errors import UserError

# Batched generation closes a batch before left padding exceeds this share of its prompt tokens.
MAX_PADDING = 0.25

# Called after each generated batch with the conversations' input indices and their replies.
OnBatch = Callable[[list[int], list[Reply]], None]


@dataclass(frozen=True)
class Prompts:
    """Conversations ready for `generate`: rendered prompts, trimming notices, stop ids and pad id."""

    texts: list[str]
    notices: list[str | None]
    stop_ids: list[int]
    pad_id: int


def seed_generation(settings: GenerationSettings) -> None:
    """Re-seed before a generate call, so the same conversation and settings give the same reply."""
    if settings.seed is not None:
        import torch

        torch.manual_seed(settings.seed)


def encode_left_padded(tokenizer: Any, prompts: list[str], device: Any) -> dict:
    """Tokenized prompts, left-padded (the tokenizer's padding side is restored afterwards)."""
    side = tokenizer.padding_side
    tokenizer.padding_side = "left"  # decoder-only: new tokens must follow the prompt directly
    try:
        batch = tokenizer(prompts, return_tensors="pt", padding=True, add_special_tokens=False)
    finally:
        tokenizer.padding_side = side
    return {k: v.to(device) for k, v in batch.items()}


def prepare_prompts(
    model: Any, tokenizer: Any, conversations: list[list[dict]], settings: GenerationSettings, *, single_turn: bool = True
) -> Prompts:
    """Check each conversation, fit it to the context window and render it in the chat template."""
    from empathic.modeling.templates import detect_family, end_of_turn_token_ids

    family = detect_family(tokenizer)
    window = context_window(model, tokenizer, settings.context_window)
    if settings.max_new_tokens >= window:
        raise UserError(f"max_new_tokens ({settings.max_new_tokens}) must be smaller than the model's {window}-token context")
    fitted = [fit_history(tokenizer, check_conversation(c), settings.max_new_tokens, window, family) for c in conversations]
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    stop_ids = stop_token_ids(tokenizer, family) if single_turn else list(end_of_turn_token_ids(tokenizer, family))
    return Prompts([render_prompt(tokenizer, m, family) for m, _ in fitted], [n for _, n in fitted], stop_ids, pad)


# ---------------------------------------------------------------------------------------------
# Batch plan


def plan_batches(lengths: Sequence[int], max_rows: int, max_padding: float = MAX_PADDING) -> list[list[int]]:
    """Indices grouped into batches of similar length: at most `max_rows` each, and a batch closes
    before left padding would exceed `max_padding` of its padded tokens.

    Padding is paid twice in batched generation: the prefill runs the model over every pad position,
    and each decode step attends over them. On this project's test prompts (31 to 298 tokens) a fixed
    batch of 16 spent most of its prefill on padding (Notes/performance.md).
    """
    if max_rows < 1:
        raise ValueError(f"max_rows must be at least 1, got {max_rows}")
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], i))
    batches: list[list[int]] = []
    current: list[int] = []
    total = 0
    for i in order:
        n = max(int(lengths[i]), 1)
        rows = len(current) + 1  # ascending order: n is the longest of the batch if i joins it
        if current and (rows > max_rows or rows * n - (total + n) > max_padding * rows * n):
            batches.append(current)
            current, total = [], 0
        current.append(i)
        total += n
    if current:
        batches.append(current)
    return batches


def length_batches(tokenizer: Any, conversations: Sequence[list[dict]], max_rows: int, model: Any = None) -> list[list[int]]:
    """Batches of conversations by prompt length in tokens (as rendered for generation).

    When `model` can take a bucketed prefill (`prefill_cache`), padding costs only the decode's
    attention over masked slots, so batches are just consecutive runs of the length order;
    otherwise `plan_batches` also bounds the padding.
    """
    from empathic.modeling.templates import detect_family

    family = detect_family(tokenizer)
    prompts = [render_prompt(tokenizer, list(c), family) for c in conversations]
    lengths = [len(ids) for ids in tokenizer(prompts, add_special_tokens=False)["input_ids"]] if prompts else []
    unbounded = model is not None and full_attention_only(model)
    return plan_batches(lengths, max_rows, max_padding=1.0 if unbounded else MAX_PADDING)


# ---------------------------------------------------------------------------------------------
# Prefill


def full_attention_only(model: Any) -> bool:
    """Whether every layer's KV cache is a plain full-attention one (no sliding window, no recurrent state)."""
    from transformers import DynamicCache
    from transformers.cache_utils import DynamicLayer

    try:
        layers = DynamicCache(config=model.config).layers
    except Exception:  # noqa: BLE001 - an exotic config: use the plain padded prefill
        return False
    return bool(layers) and all(type(layer) is DynamicLayer for layer in layers)


def cache_only_kwargs(model: Any) -> dict:
    """Forward kwargs that skip the vocabulary projection of all but the last position, where supported.

    A prefill only needs the KV cache, yet a plain forward computes float32 logits for every prompt
    position: for SmolLM2-135M the 49k-token head is ~20% of the prefill's flops (and a
    positions x 49k tensor). `generate` does the same for its own prefill (`logits_to_keep=1`).
    """
    import inspect

    base = model.get_base_model() if hasattr(model, "get_base_model") else model  # PEFT passes kwargs on
    try:
        params = inspect.signature(base.forward).parameters
    except (TypeError, ValueError):
        return {}
    return {"logits_to_keep": 1} if "logits_to_keep" in params else {}


def prefill_cache(model: Any, batch: dict, max_rows: int = 8, min_saving: float = 0.1) -> Any:
    """The KV cache of a left-padded batch's prompts minus their last token, computed in buckets of
    similar length, so the prefill does not run the model over the batch's padding.

    `generate` then sees a cache one token shorter than the prompts and feeds only the last column.
    Positions follow `generate`'s own rule (cumulative attention mask), so each row's keys and values
    are those of its prompt alone; pad slots stay zero and masked. Repeated prompts are computed once.
    Returns None (plain prefill) for models with sliding-window or recurrent layers, when a prompt is
    a single token, or when the buckets would save less than `min_saving` of the padded prefill's
    positions.
    """
    import torch
    from transformers import DynamicCache

    ids, mask = batch["input_ids"], batch["attention_mask"]
    lengths = mask.sum(dim=1).tolist()
    width = ids.shape[1] - 1
    if min(lengths) < 2 or not full_attention_only(model):
        return None
    # Repeated prompts (best-of sampling: each prompt's copies share a batch) are computed once; every copy gets
    # its rows of that cache, the same numbers.
    copies: dict[tuple[int, ...], list[int]] = {}
    for r, row in enumerate(ids.tolist()):
        copies.setdefault(tuple(row), []).append(r)
    groups = list(copies.values())
    plan = plan_batches([lengths[g[0]] for g in groups], max_rows)  # indices into groups
    if sum(max(lengths[groups[j][0]] for j in rows) * len(rows) for rows in plan) > (
            (1 - min_saving) * len(lengths) * (width + 1)):
        return None  # little padding anyway: one padded prefill is cheaper than several small ones
    keys: list[Any] = []
    values: list[Any] = []
    last_only = cache_only_kwargs(model)
    for bucket in plan:
        rows = [groups[j][0] for j in bucket]
        n = max(lengths[r] for r in rows)
        sub_mask = mask[rows, -n:-1]
        positions = (sub_mask.long().cumsum(-1) - 1).masked_fill(sub_mask == 0, 1)
        with torch.no_grad():
            cache = model(input_ids=ids[rows, -n:-1], attention_mask=sub_mask, position_ids=positions,
                          use_cache=True, **last_only).past_key_values
        targets = [r for j in bucket for r in groups[j]]
        sources = [b for b, j in enumerate(bucket) for _ in groups[j]]
        for i, layer in enumerate(cache.layers):
            if i == len(keys):
                shape = (ids.shape[0], *layer.keys.shape[1:2], width, layer.keys.shape[-1])
                keys.append(layer.keys.new_zeros(shape))
                values.append(layer.values.new_zeros((*shape[:-1], layer.values.shape[-1])))
            keys[i][targets, :, width - (n - 1):] = layer.keys[sources]
            values[i][targets, :, width - (n - 1):] = layer.values[sources]
    return DynamicCache(ddp_cache_data=list(zip(keys, values, strict=True)), config=model.config)


# ---------------------------------------------------------------------------------------------
# The loop


def _generate_one_batch(
    model: Any, tokenizer: Any, conversations: list[list[dict]], settings: GenerationSettings, single_turn: bool
) -> list[Reply]:
    import torch
    from transformers import StoppingCriteriaList

    prompts = prepare_prompts(model, tokenizer, conversations, settings, single_turn=single_turn)
    batch = encode_left_padded(tokenizer, prompts.texts, model.device)
    start = batch["input_ids"].shape[1]
    markers = turn_marker_criteria(tokenizer, start) if single_turn else None
    cache = prefill_cache(model, batch) if len(prompts.texts) > 1 else None
    seed_generation(settings)
    with torch.no_grad():
        out = model.generate(
            **batch,
            **({"past_key_values": cache} if cache is not None else {}),
            **settings.generate_kwargs(),
            eos_token_id=prompts.stop_ids,
            pad_token_id=prompts.pad_id,
            **({"stopping_criteria": StoppingCriteriaList([markers])} if markers is not None else {}),
        )
    rows = out[:, start:].tolist()
    if markers is None:
        return [finish_raw_reply(tokenizer, ids, prompts.stop_ids) for ids in rows]
    return [
        finish_reply(tokenizer, ids, prompts.stop_ids, markers.stopped_at.get(row), notice)
        for row, (ids, notice) in enumerate(zip(rows, prompts.notices, strict=True))
    ]


def _generate_continuous(
    model: Any, tokenizer: Any, conversations: list[list[dict]], settings: GenerationSettings, batch_size: int,
    on_batch: OnBatch | None, single_turn: bool,
) -> list[Reply] | None:
    """Greedy or sampled replies through `continuous_decode`: finished rows leave, waiting prompts refill
    the batch. None when a prompt is a single token (nothing to prefill): the caller uses the batched `generate`."""
    from empathic.chat.continuous import continuous_decode

    prompts = prepare_prompts(model, tokenizer, conversations, settings, single_turn=single_turn)
    ids = tokenizer(prompts.texts, add_special_tokens=False)["input_ids"]
    if min(len(x) for x in ids) < 2:
        return None
    return continuous_decode(
        model, ids, settings, prompts.stop_ids, prompts.pad_id,
        lambda toks: tokenizer.decode(toks, skip_special_tokens=False),
        max_rows=batch_size, single_turn=single_turn, notices=prompts.notices, tokenizer=tokenizer,
        on_done=(lambda i, reply: on_batch([i], [reply])) if on_batch is not None else None,
    )


def generate_batch(
    model: Any,
    tokenizer: Any,
    conversations: Sequence[list[dict]],
    settings: GenerationSettings | None = None,
    *,
    batch_size: int | None = None,
    on_batch: OnBatch | None = None,
    single_turn: bool = True,
    continuous: bool = False,
) -> list[Reply]:
    """One assistant reply per conversation (each ending with a user turn), in the conversations' order.

    With `batch_size`, conversations are generated in batches of similar prompt length
    (`length_batches`) through `model.generate`, else all in one left-padded batch. With
    `continuous=True` (evaluation, benchmarks) and `batch_size` on a full-attention
    model, `continuous_decode` runs instead: prompts shortest first, a finished reply leaves the batch
    and the next prompts refill it, and `on_batch` gets each reply as it finishes. Greedy replies equal
    `model.generate`'s; sampled ones are drawn with `generate`'s processors (penalty, temperature,
    top-k, top-p) from one generator per call seeded from `settings.seed` (None: from the global torch
    RNG): the same per-step distribution, not the same random stream as the batched path.
    `single_turn=False` lets the model run to its own end-of-turn/EOS (no new-turn cut, no fallback
    text): for measuring whether it stops by itself.
    """
    settings = settings or GenerationSettings()
    conversations = [list(c) for c in conversations]
    if not conversations:
        return []
    if continuous and batch_size and len(conversations) > 1 and full_attention_only(model):
        replies = _generate_continuous(model, tokenizer, conversations, settings, batch_size, on_batch, single_turn)
        if replies is not None:
            return replies
    plan = (
        length_batches(tokenizer, conversations, batch_size, model)
        if batch_size and len(conversations) > 1
        else [list(range(len(conversations)))]
    )
    replies: list[Reply | None] = [None] * len(conversations)
    for indices in plan:
        got = _generate_one_batch(model, tokenizer, [conversations[i] for i in indices], settings, single_turn)
        for i, reply in zip(indices, got, strict=True):
            replies[i] = reply
        if on_batch is not None:
            on_batch(indices, got)
    return replies  # type: ignore[return-value]
