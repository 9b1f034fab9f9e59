"""Batched decoding (greedy or sampled) where a finished reply leaves the batch and a waiting prompt takes its place.

`model.generate` keeps every row of a batch until its longest reply ends: a row that stopped after
5 tokens keeps decoding pad tokens for the other 123. Here each step runs only the rows still
writing; when half the rows have left, the next prompts of the length-sorted queue are prefilled
and their KV caches joined to the running one (left-padded to a common width, pad slots masked;
each row keeps its own position ids). Rows see exactly their own prompt and reply, so greedy
replies equal the one-at-a-time loop's up to float rounding (the benchmark counts identical texts).

Sampled settings (`do_sample`) draw each row's next token from the full float32 logits after
transformers' processors in `model.generate`'s order (`Sampling`: repetition penalty, temperature,
top-k, top-p), with one `torch.Generator` per call. The per-step distribution is `model.generate`'s
(tested against its own scores), not the same random stream: a row's draws depend on which rows share
its steps. Benchmarks found the stopped share of whole replies ~3 points lower than `generate`'s,
not yet explained (Notes/performance.md), so best-of pairs still sample through `generate`.
Only for models whose KV cache is full attention in every layer (`full_attention_only`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from empathic.chat.settings import GenerationSettings
from empathic.chat.turns import Reply, finish_raw_reply, finish_reply, split_new_turn
from empathic.chat.vocab_screen import penalise


@dataclass
class _Rows:
    """The running batch: one entry per row still writing, aligned with the cache's batch axis."""

    index: list[int] = field(default_factory=list)  # input position of each row
    generated: list[list[int]] = field(default_factory=list)
    history: list[list[int]] = field(default_factory=list)  # prompt + reply (repetition penalty)
    stopped_at: list[int | None] = field(default_factory=list)  # tokens written when a turn marker appeared


def _growing_layer_class() -> type:
    from transformers.cache_utils import DynamicLayer

    class GrowingLayer(DynamicLayer):
        """A DynamicLayer that appends into spare capacity instead of `torch.cat` per token.

        `DynamicLayer.update` copies the whole layer cache at every step (measured: 17% of a batch-12
        decode's time on SmolLM2-135M). Here keys/values are views of a buffer with room for 64 more
        columns; when rows leave (`keys` is replaced by a sliced copy) the next update reallocates.
        """

        _kbuf: Any = None
        _vbuf: Any = None

        def update(self, key_states: Any, value_states: Any, *args: Any, **kwargs: Any) -> tuple[Any, Any]:
            import torch

            n, add = self.keys.shape[-2], key_states.shape[-2]
            if (self._kbuf is None or self._kbuf.shape[-2] < n + add or self.keys.data_ptr() != self._kbuf.data_ptr()
                    or self._kbuf.shape[0] != self.keys.shape[0]):
                shape = (*self.keys.shape[:2], n + add + 64, self.keys.shape[-1])
                self._kbuf = torch.empty(shape, dtype=self.keys.dtype, device=self.keys.device)
                self._vbuf = torch.empty(shape[:-1] + (self.values.shape[-1],), dtype=self.values.dtype,
                                         device=self.values.device)
                self._kbuf[:, :, :n], self._vbuf[:, :, :n] = self.keys, self.values
            self._kbuf[:, :, n : n + add], self._vbuf[:, :, n : n + add] = key_states, value_states
            self.keys, self.values = self._kbuf[:, :, : n + add], self._vbuf[:, :, : n + add]
            return self.keys, self.values

    return GrowingLayer


# transformers' top_k when neither the call nor the model's generation config sets one
# (`GenerationConfig._get_default_generation_params`); `model.generate` applies it when sampling.
GENERATE_DEFAULT_TOP_K = 50


@dataclass(frozen=True)
class Sampling:
    """The logits processors `model.generate(do_sample=True)` applies, in its order: repetition
    penalty (`RepetitionPenaltyLogitsProcessor`, when != 1), temperature (`TemperatureLogitsWarper`,
    when != 1), top-k (`TopKLogitsWarper`, when set and > 0), top-p (`TopPLogitsWarper`, when < 1)."""

    temperature: float
    top_p: float = 1.0
    top_k: int | None = None
    penalty: float = 1.0

    @classmethod
    def of(cls, settings: GenerationSettings, model: Any = None) -> Sampling:
        """What `model.generate(**settings.generate_kwargs())` samples with: the settings' temperature,
        top_p and repetition penalty, and the top_k the model's generation config (else transformers'
        default, 50) supplies, since `generate_kwargs` leaves top_k unset when sampling."""
        config = getattr(model, "generation_config", None)
        top_k = getattr(config, "top_k", None) if config is not None else None
        return cls(temperature=settings.temperature, top_p=settings.top_p,
                   top_k=GENERATE_DEFAULT_TOP_K if top_k is None else int(top_k),
                   penalty=settings.repetition_penalty)

    def _tempered(self, logits: Any, history: list[list[int]] | None) -> Any:
        """float32 `logits` after the repetition penalty and the temperature."""
        scores = logits.float()
        if self.penalty != 1.0:
            scores = penalise(scores, history, self.penalty)
        if self.temperature != 1.0:
            scores = scores / self.temperature
        return scores

    def scores(self, logits: Any, history: list[list[int]] | None = None) -> Any:
        """Processed float32 scores (rows, vocab) of `logits`; removed tokens are -inf. `history`:
        each row's prompt + reply tokens (for the repetition penalty)."""
        import torch

        scores = self._tempered(logits, history)
        if self.top_k:
            k = min(self.top_k, scores.shape[-1])
            scores = scores.masked_fill(scores < torch.topk(scores, k)[0][..., -1, None], float("-inf"))
        if self.top_p < 1.0:
            ascending, order = torch.sort(scores, descending=False)
            remove = ascending.softmax(dim=-1).cumsum(dim=-1) <= (1 - self.top_p)
            remove[..., -1:] = False  # at least one token
            scores = scores.masked_fill(remove.scatter(1, order, remove), float("-inf"))
        return scores

    def probabilities(self, logits: Any, history: list[list[int]] | None = None) -> Any:
        """The next-token distribution (rows, vocab) `model.generate` samples from."""
        return self.scores(logits, history).softmax(dim=-1)

    def candidates(self, logits: Any, history: list[list[int]] | None = None) -> tuple[Any, Any] | None:
        """`probabilities` restricted to each row's top-k tokens: (probabilities (rows, k), token ids
        (rows, k)); zero outside them. None when top-k is off or keeps more than k tokens in some row
        (ties at the k-th score, which `TopKLogitsWarper` keeps all of).

        Why: sorting the whole vocabulary for top-p (and drawing over it) cost ~150 ms per batch-32
        step of SmolLM2 (49k tokens) on this CPU; over k=50 tokens it is negligible. Equal to
        `probabilities` up to float rounding (the softmax sums the same terms in another order) and
        the order of tied scores at the top-p cut."""
        import torch

        scores = self._tempered(logits, history)
        if not self.top_k or self.top_k >= scores.shape[-1]:
            return None
        values, ids = torch.topk(scores, self.top_k)  # descending
        if bool(((scores >= values[:, -1:]).sum(dim=-1) > self.top_k).any()):
            return None
        if self.top_p < 1.0:
            remove = values.flip(-1).softmax(dim=-1).cumsum(dim=-1) <= (1 - self.top_p)
            remove[..., -1:] = False  # at least one token
            values = values.masked_fill(remove.flip(-1), float("-inf"))
        return values.softmax(dim=-1), ids

    def draw(self, logits: Any, history: list[list[int]] | None, generator: Any) -> Any:
        """One token per row (rows,) drawn from `probabilities` with `generator` (over `candidates`
        when there are any)."""
        import torch

        top = self.candidates(logits, history)
        if top is None:
            return torch.multinomial(self.probabilities(logits, history), 1, generator=generator).squeeze(1)
        probs, ids = top
        return ids.gather(1, torch.multinomial(probs, 1, generator=generator)).squeeze(1)


def sampling_generator(settings: GenerationSettings, device: Any = "cpu") -> Any:
    """The random stream of one sampled call: seeded from `settings.seed`, or when that is None from
    a seed drawn from the global torch RNG (so `torch.manual_seed(s)` before the call reproduces it)."""
    import torch

    seed = settings.seed if settings.seed is not None else int(torch.randint(0, 2**62, (1,)))
    return torch.Generator(device=device).manual_seed(seed)


@contextmanager
def _decoder(model: Any, rows: int,
             sample: Callable[[Any, list[list[int]] | None], Any] | None = None) -> Iterator[Callable[..., Any]]:
    """The decode step for the block: (last tokens, positions, mask, cache, history, penalty) -> next
    tokens (rows,). Greedy (`sample` None): the argmax of the float32 logits after the repetition
    penalty over `history`. Sampled: `sample(float32 logits, history)` (which applies its own penalty).

    Plain fp32 CPU Llamas get `LlamaStep` (packed, fused weights; the model's own arithmetic; for
    greedy the vocabulary projection screened in bf16 and rescored in fp32, for sampling the full fp32
    projection); other models keep their forward, with MKL-packed Linear weights where the torch build
    has them. Packing costs one pass over the weights per call (~0.4 s for SmolLM2-135M on 1 thread).
    """
    from empathic.chat.llama_step import LlamaStep, fast_step_supported
    from empathic.chat.packed import packed_linears

    if fast_step_supported(model):
        fast = LlamaStep(model, rows)
        if sample is None:
            yield fast.next_tokens
        else:
            yield lambda tokens, positions, mask, cache, history=None, penalty=1.0: sample(
                fast.logits(tokens, positions, mask, cache), history)
        return

    def forward(tokens: Any, positions: Any, mask: Any, cache: Any, history: list[list[int]] | None = None,
                penalty: float = 1.0) -> Any:
        out = model(input_ids=tokens[:, None], attention_mask=mask, position_ids=positions[:, None],
                    past_key_values=cache, use_cache=True)
        scores = out.logits[:, -1, :].float()
        if sample is not None:
            return sample(scores, history)
        if penalty != 1.0:
            scores = penalise(scores, history, penalty)
        return scores.max(-1).indices  # argmax's first-maximum rule, ~3x faster than argmax over 49k

    with packed_linears(model, rows):
        yield forward


def _left_pad(t: Any, width: int) -> Any:
    """Zero columns on the left of a cache tensor (…, T, D) or a mask (R, T) up to `width`."""
    import torch

    extra = width - t.shape[-2 if t.dim() == 4 else -1]
    if extra <= 0:
        return t
    shape = list(t.shape)
    shape[-2 if t.dim() == 4 else -1] = extra
    return torch.cat([t.new_zeros(shape), t], dim=-2 if t.dim() == 4 else -1)


# Waiting prompts join once this share of the rows is free: each join prefills and re-lays out the
# whole cache, and each step with empty rows wastes most of a full step's weight reads.
REFILL_AT = 0.5

# A prefix shared by every prompt of a refill (the chat template's system turn: 20+ tokens for
# SmolLM2) is prefilled once when it is at least this long.
MIN_SHARED_PREFIX = 4


def _shared_prefix(prompts: list[list[int]]) -> int:
    """Leading tokens all `prompts` have in common, leaving each at least 2 of its own (one to prefill,
    the last one to feed at the first decode step)."""
    limit = min(len(p) for p in prompts) - 2
    first = prompts[0]
    for i in range(max(limit, 0)):
        if any(p[i] != first[i] for p in prompts):
            return i
    return max(limit, 0)


def _prefill(model: Any, prompts: list[list[int]], pad_id: int) -> tuple[list[tuple[Any, Any]], Any]:
    """KV cache and mask of `prompts` minus their last token (the last token is fed first).

    Repeated prompts are computed once. A prefix common to every prompt is computed once and shared (its
    columns come first, then each row's own tokens left-padded); otherwise rows are plainly left-padded.
    The layout does not matter to attention: each key was rotated at its own position and pad columns
    are masked.
    """
    unique = list(dict.fromkeys(map(tuple, prompts)))
    if len(unique) < len(prompts):
        # Repeated prompts (best-of sampling draws several replies per prompt) share one prefill: their caches
        # are equal, so each copy is a row of the unique prompt's cache (same numbers, a fraction of the work).
        import torch

        kv, mask = _prefill(model, [list(u) for u in unique], pad_id)
        where = {u: i for i, u in enumerate(unique)}
        rows = torch.tensor([where[tuple(p)] for p in prompts], device=mask.device)
        return [(k.index_select(0, rows), v.index_select(0, rows)) for k, v in kv], mask.index_select(0, rows)
    shared = _shared_prefix(prompts) if len(prompts) > 1 else 0
    if shared < MIN_SHARED_PREFIX:
        return _prefill_padded(model, prompts, pad_id)
    return _prefill_with_prefix(model, prompts, shared, pad_id)


def _prefill_padded(model: Any, prompts: list[list[int]], pad_id: int) -> tuple[list[tuple[Any, Any]], Any]:
    """KV cache and mask of left-padded `prompts` minus their last token."""
    import torch

    from empathic.chat.generate import cache_only_kwargs, prefill_cache

    width = max(len(p) for p in prompts)
    ids = torch.full((len(prompts), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(prompts), width), dtype=torch.long)
    for r, p in enumerate(prompts):
        ids[r, width - len(p):] = torch.tensor(p)
        mask[r, width - len(p):] = 1
    ids, mask = ids.to(model.device), mask.to(model.device)
    cache = prefill_cache(model, {"input_ids": ids, "attention_mask": mask}) if len(prompts) > 1 else None
    if cache is None:  # one row, or little padding: one padded forward
        sub = mask[:, :-1]
        positions = (sub.cumsum(-1) - 1).masked_fill(sub == 0, 1)
        with torch.no_grad():
            cache = model(input_ids=ids[:, :-1], attention_mask=sub, position_ids=positions,
                          use_cache=True, **cache_only_kwargs(model)).past_key_values
    return [(layer.keys, layer.values) for layer in cache.layers], mask[:, :-1]


def _prefill_with_prefix(model: Any, prompts: list[list[int]], shared: int,
                         pad_id: int) -> tuple[list[tuple[Any, Any]], Any]:
    """`_prefill` with the first `shared` tokens (common to all prompts) computed once.

    Each length bucket (`plan_batches`: <= 8 rows, <= 25% padding) runs its rows' own tokens over
    the prefix's cache, at positions continuing the prefix. Each row is laid out as [left padding |
    prefix | own tokens], so its real columns are one run at the right end, as in a plain
    left-padded prefill (the decode step skips the padding on the left, `LlamaStep`).
    """
    import torch
    from transformers import DynamicCache

    from empathic.chat.generate import cache_only_kwargs, plan_batches

    device, last_only = model.device, cache_only_kwargs(model)
    with torch.no_grad():
        prefix = model(input_ids=torch.tensor([prompts[0][:shared]], device=device), use_cache=True,
                       **last_only).past_key_values
    prefix_kv = [(layer.keys, layer.values) for layer in prefix.layers]
    own = [p[shared:-1] for p in prompts]  # each row's tokens to prefill (the last is fed at decode)
    width = shared + max(len(o) for o in own)
    keys = [k.new_zeros((len(prompts), k.shape[1], width, k.shape[-1])) for k, _ in prefix_kv]
    values = [v.new_zeros((len(prompts), v.shape[1], width, v.shape[-1])) for _, v in prefix_kv]
    mask = torch.zeros((len(prompts), width), dtype=torch.long, device=device)
    for rows in plan_batches([len(o) for o in own], max_rows=8):
        n = max(len(own[r]) for r in rows)
        ids = torch.full((len(rows), n), pad_id, dtype=torch.long, device=device)
        sub = torch.zeros((len(rows), n), dtype=torch.long, device=device)
        for b, r in enumerate(rows):
            ids[b, n - len(own[r]):] = torch.tensor(own[r], device=device)
            sub[b, n - len(own[r]):] = 1
        positions = (shared + sub.cumsum(-1) - 1).masked_fill(sub == 0, 1)
        past = DynamicCache(ddp_cache_data=[(k.expand(len(rows), -1, -1, -1), v.expand(len(rows), -1, -1, -1))
                                            for k, v in prefix_kv], config=model.config)
        with torch.no_grad():
            cache = model(input_ids=ids, attention_mask=torch.cat([sub.new_ones((len(rows), shared)), sub], dim=1),
                          position_ids=positions, past_key_values=past, use_cache=True, **last_only).past_key_values
        for b, r in enumerate(rows):
            real = shared + len(own[r])  # prefix and own tokens: the row's last `real` columns
            for i, layer in enumerate(cache.layers):
                keys[i][r, :, width - real:] = torch.cat([prefix_kv[i][0][0], layer.keys[b, :, shared + n - len(own[r]):]], dim=-2)
                values[i][r, :, width - real:] = torch.cat([prefix_kv[i][1][0], layer.values[b, :, shared + n - len(own[r]):]], dim=-2)
            mask[r, width - real:] = 1
    return list(zip(keys, values, strict=True)), mask


def continuous_greedy(model: Any, prompt_ids: list[list[int]], settings: GenerationSettings, *args: Any,
                      **kwargs: Any) -> list[Reply]:
    """`continuous_decode` for greedy settings (temperature 0)."""
    if settings.do_sample:
        raise ValueError("continuous_greedy needs greedy settings (temperature 0); use continuous_decode")
    return continuous_decode(model, prompt_ids, settings, *args, **kwargs)


def continuous_decode(
    model: Any,
    prompt_ids: list[list[int]],
    settings: GenerationSettings,
    stop_ids: list[int],
    pad_id: int,
    decode: Callable[[list[int]], str],
    *,
    max_rows: int,
    single_turn: bool = True,
    notices: list[str | None] | None = None,
    tokenizer: Any = None,
    on_done: Callable[[int, Reply], None] | None = None,
) -> list[Reply]:
    """Replies to tokenized prompts (each >= 2 tokens), in input order: greedy, or sampled when
    `settings.do_sample` (`Sampling.of(settings, model)`, one generator per call: `sampling_generator`).

    Prompts are taken shortest first, at most `max_rows` at a time. With `single_turn`, a row also
    stops once its decoded text opens a new turn (as `turn_marker_criteria` does for `generate`).
    `on_done(i, reply)` is called as each reply finishes.
    """
    import torch
    from transformers import DynamicCache

    growing = _growing_layer_class()
    queue = sorted(range(len(prompt_ids)), key=lambda i: (len(prompt_ids[i]), i))
    replies: list[Reply | None] = [None] * len(prompt_ids)
    notices = notices or [None] * len(prompt_ids)
    rows = _Rows()
    cache: Any = None  # one DynamicCache, rebuilt only when prompts join; rows leave by slicing it
    mask = positions = last = None

    def finish(r: int) -> None:
        i, ids = rows.index[r], rows.generated[r]
        if single_turn:
            reply = finish_reply(tokenizer, ids, stop_ids, rows.stopped_at[r], notices[i])
        else:
            reply = finish_raw_reply(tokenizer, ids, stop_ids)
        replies[i] = reply
        if on_done is not None:
            on_done(i, reply)

    if settings.do_sample:
        sampling, generator = Sampling.of(settings, model), sampling_generator(settings, model.device)
        decoder = _decoder(model, max_rows, lambda logits, history: sampling.draw(logits, history, generator))
    else:
        decoder = _decoder(model, max_rows)
    with decoder as step:
        while queue or rows.index:
            free = max_rows - len(rows.index)
            if queue and (not rows.index or free >= max(1, int(max_rows * REFILL_AT))):
                take, queue = queue[:free], queue[free:]
                new_kv, new_mask = _prefill(model, [prompt_ids[i] for i in take], pad_id)
                width = max(new_mask.shape[1], mask.shape[1] if mask is not None else 0)
                new_pos = new_mask.sum(-1)
                new_last = torch.tensor([prompt_ids[i][-1] for i in take], device=model.device)
                if rows.index:
                    kv = [(torch.cat([_left_pad(layer.keys, width), _left_pad(nk, width)]),
                           torch.cat([_left_pad(layer.values, width), _left_pad(nv, width)]))
                          for layer, (nk, nv) in zip(cache.layers, new_kv, strict=True)]
                    mask = torch.cat([_left_pad(mask, width), _left_pad(new_mask, width)])
                    positions, last = torch.cat([positions, new_pos]), torch.cat([last, new_last])
                else:
                    kv, mask, positions, last = new_kv, new_mask, new_pos, new_last
                cache = DynamicCache(ddp_cache_data=kv, config=model.config)
                for layer in cache.layers:  # full-attention DynamicLayers (checked by the caller)
                    layer.__class__ = growing
                rows.index += take
                rows.generated += [[] for _ in take]
                rows.history += [list(prompt_ids[i]) for i in take]
                rows.stopped_at += [None for _ in take]

            mask = torch.cat([mask, mask.new_ones((mask.shape[0], 1))], dim=1)
            with torch.no_grad():  # the cache grows by one column in place
                last = step(last, positions, mask, cache, rows.history, settings.repetition_penalty)
            positions = positions + 1
            tokens = last.tolist()
            done = []
            for r, tok in enumerate(tokens):
                rows.generated[r].append(tok)
                rows.history[r].append(tok)
                ended = tok in stop_ids or len(rows.generated[r]) >= settings.max_new_tokens
                if single_turn and not ended and split_new_turn(decode(rows.generated[r]))[1]:
                    rows.stopped_at[r], ended = len(rows.generated[r]), True
                if ended:
                    done.append(r)
            if done:
                for r in done:
                    finish(r)
                keep = [r for r in range(len(tokens)) if r not in set(done)]
                select = torch.tensor(keep, dtype=torch.long, device=model.device)
                mask, positions, last = mask[select], positions[select], last[select]
                first = int(mask.any(0).nonzero()[0]) if keep else 0  # columns no remaining row attends to
                mask = mask[:, first:]
                for layer in cache.layers:
                    layer.keys, layer.values = layer.keys[select, :, first:], layer.values[select, :, first:]
                for name in ("index", "generated", "history", "stopped_at"):
                    setattr(rows, name, [getattr(rows, name)[r] for r in keep])
                if not keep:
                    cache = mask = None
    return replies  # type: ignore[return-value]

