"""The one batched generate loop: batches by prompt length, a bucketed prefill, replies in input order."""

from __future__ import annotations

import pytest
from factories import user
from fixtures.chat.tiny_models import (
    CONVERSATIONS,
    FIRST_TURN,
    RUNON_TEXT,
    load,
    raw_greedy,
    third_token_stop,
)

from empathic.chat import GenerationSettings, generate_batch
from empathic.chat.generate import plan_batches, prefill_cache

GREEDY = GenerationSettings(max_new_tokens=16, temperature=0, repetition_penalty=1.0)

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.mark.parametrize("name", ["random-chatml", "runon-gemma-text"])
def test_left_padded_batch_matches_one_by_one_greedy(name):
    model, tokenizer = load(name)
    one_by_one = [generate_batch(model, tokenizer, [c], GREEDY)[0] for c in CONVERSATIONS]
    batched = generate_batch(model, tokenizer, CONVERSATIONS, GREEDY)
    assert [r.text for r in batched] == [r.text for r in one_by_one]
    assert batched == one_by_one
    assert generate_batch(model, tokenizer, CONVERSATIONS, GREEDY, batch_size=2) == one_by_one


def test_sampling_is_reproducible_with_a_seed():
    model, tokenizer = load("random-chatml")
    settings = GenerationSettings(max_new_tokens=12, temperature=1.0, seed=7)
    first = generate_batch(model, tokenizer, CONVERSATIONS[:2], settings)
    assert generate_batch(model, tokenizer, CONVERSATIONS[:2], settings) == first


def test_replies_come_back_in_input_order_and_each_batch_is_reported_once():
    model, tokenizer = load("random-chatml")
    one_by_one = [generate_batch(model, tokenizer, [c], GREEDY)[0] for c in CONVERSATIONS]
    seen = []
    replies = generate_batch(model, tokenizer, CONVERSATIONS, GREEDY, batch_size=2,
                             on_batch=lambda indices, got: seen.append((indices, got)))
    assert replies == one_by_one
    assert sorted(i for indices, _ in seen for i in indices) == list(range(len(CONVERSATIONS)))
    assert all(len(indices) <= 2 for indices, _ in seen)
    assert all(got == [one_by_one[i] for i in indices] for indices, got in seen)
    assert generate_batch(model, tokenizer, [], GREEDY, batch_size=2) == []


def test_without_single_turn_the_model_runs_to_its_own_end_of_turn():
    """For measuring whether a model stops by itself: no new-turn cut, `stopped` only on its end-of-turn."""
    model, tokenizer = load("runon-chatml-text")
    settings = GenerationSettings(max_new_tokens=40, temperature=0, repetition_penalty=1.0)
    raw = raw_greedy(model, tokenizer, [user("I had a bad day")], max_new_tokens=40)
    chat = generate_batch(model, tokenizer, [[user("I had a bad day")]], settings)[0]
    own = generate_batch(model, tokenizer, [[user("I had a bad day")]], settings, single_turn=False)[0]
    assert chat.text == FIRST_TURN
    assert own.text.startswith(RUNON_TEXT)  # the invented turn is kept: it is what the model wrote
    assert own.stopped == ("<|im_end|>" in raw)
    assert own.text == raw.split("<|im_end|>")[0].strip()


# --- batch plan and bucketed prefill ----------------------------------------------------------


def test_plan_batches_covers_every_index_once_and_bounds_rows_and_padding():
    lengths = [31, 298, 40, 41, 139, 36, 162, 90, 70, 47, 139, 45]
    plan = plan_batches(lengths, max_rows=4, max_padding=0.25)
    assert sorted(i for batch in plan for i in batch) == list(range(len(lengths)))
    for batch in plan:
        longest = max(lengths[i] for i in batch)
        assert len(batch) <= 4
        assert len(batch) * longest - sum(lengths[i] for i in batch) <= 0.25 * len(batch) * longest
    assert [1] in plan  # the 298-token outlier is not padded against 40-token prompts
    # Without a padding bound: consecutive runs of the length order, full but for the last.
    assert plan_batches(lengths, max_rows=5, max_padding=1.0) == [[0, 5, 2, 3, 11], [9, 8, 7, 4, 10], [6, 1]]
    with pytest.raises(ValueError):
        plan_batches(lengths, max_rows=0)


def test_bucketed_prefill_gives_the_padded_prefill_cache_at_every_real_position():
    import torch

    from empathic.chat.generate import encode_left_padded
    from empathic.chat.turns import render_prompt

    model, tokenizer = load("random-chatml")
    prompts = [render_prompt(tokenizer, c) for c in CONVERSATIONS]
    batch = encode_left_padded(tokenizer, prompts, model.device)
    cache = prefill_cache(model, batch, max_rows=2, min_saving=0.0)
    assert cache is not None
    mask = batch["attention_mask"][:, :-1]
    positions = (mask.long().cumsum(-1) - 1).masked_fill(mask == 0, 1)
    with torch.no_grad():
        padded = model(input_ids=batch["input_ids"][:, :-1], attention_mask=mask, position_ids=positions,
                       use_cache=True).past_key_values
    real = mask.bool()
    for ours, ref in zip(cache.layers, padded.layers, strict=True):
        assert ours.keys.shape == ref.keys.shape
        for row in range(len(prompts)):
            torch.testing.assert_close(ours.keys[row][:, real[row]], ref.keys[row][:, real[row]], rtol=1e-4, atol=1e-5)
            torch.testing.assert_close(ours.values[row][:, real[row]], ref.values[row][:, real[row]], rtol=1e-4, atol=1e-5)
            assert not ours.keys[row][:, ~real[row]].any()  # pad slots stay zero (and masked)


def test_bucketed_prefill_computes_repeated_prompts_once_with_the_same_cache():
    """A batch with each prompt three times (best-of sampling through `generate`): the model runs over each distinct
    prompt once, and every copy's cache equals the unrepeated batch's row, bitwise."""
    import torch

    from empathic.chat.generate import encode_left_padded
    from empathic.chat.turns import render_prompt

    model, tokenizer = load("random-chatml")
    prompts = [render_prompt(tokenizer, c) for c in CONVERSATIONS]
    once = encode_left_padded(tokenizer, prompts, model.device)
    thrice = encode_left_padded(tokenizer, [p for p in prompts for _ in range(3)], model.device)
    embedded = []  # rows x positions embedded per model call: the prefill's work
    hook = model.get_input_embeddings().register_forward_hook(lambda m, inp, out: embedded.append(inp[0].numel()))
    try:
        ref = prefill_cache(model, once, max_rows=2, min_saving=0.0)
        work = sum(embedded)
        embedded.clear()
        ours = prefill_cache(model, thrice, max_rows=2, min_saving=0.0)
    finally:
        hook.remove()
    assert sum(embedded) == work
    for a, b in zip(ours.layers, ref.layers, strict=True):
        assert torch.equal(a.keys, b.keys.repeat_interleave(3, dim=0))
        assert torch.equal(a.values, b.values.repeat_interleave(3, dim=0))


def test_batches_generated_with_the_bucketed_prefill_match_one_by_one(monkeypatch):
    import empathic.chat.generate

    model, tokenizer = load("random-chatml")
    used = []
    real = empathic.chat.generate.prefill_cache

    def always(model, batch, max_rows=8, min_saving=0.1):
        cache = real(model, batch, max_rows=1, min_saving=0.0)
        used.append(cache is not None)
        return cache

    one_by_one = [generate_batch(model, tokenizer, [c], GREEDY)[0] for c in CONVERSATIONS]
    monkeypatch.setattr(empathic.chat.generate, "prefill_cache", always)
    assert generate_batch(model, tokenizer, CONVERSATIONS, GREEDY, batch_size=8) == one_by_one
    assert used == [True]


def test_sliding_window_models_keep_the_plain_padded_prefill():
    from transformers import MistralConfig, MistralForCausalLM

    from empathic.chat.generate import full_attention_only

    config = MistralConfig(vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                           num_attention_heads=4, num_key_value_heads=2, sliding_window=8)
    assert not full_attention_only(MistralForCausalLM(config))
    assert full_attention_only(load("random-chatml")[0])


# --- continuous batching: finished rows leave, waiting prompts refill -------------------------


def count_decode_rows(monkeypatch) -> list[int]:
    """Rows of each decode step `continuous_greedy` runs (through whichever step `_decoder` gives it)."""
    from contextlib import contextmanager

    import empathic.chat.continuous

    rows: list[int] = []
    real = empathic.chat.continuous._decoder

    @contextmanager
    def counting(model, max_rows):
        with real(model, max_rows) as step:
            yield lambda tokens, *rest: rows.append(tokens.shape[0]) or step(tokens, *rest)

    monkeypatch.setattr(empathic.chat.continuous, "_decoder", counting)
    return rows


def test_finished_rows_leave_the_batch_and_waiting_prompts_refill_it(monkeypatch):
    """Greedy, 5 prompts, 2 rows at a time: a row that stops early is dropped from the next step,
    the queue refills the batch, and every reply equals the one-prompt-at-a-time reply."""
    import torch

    from empathic.chat.continuous import continuous_greedy
    from empathic.chat.generate import prepare_prompts

    model, tokenizer = load("random-chatml")
    settings = GenerationSettings(max_new_tokens=12, temperature=0, repetition_penalty=1.3)
    prompts = prepare_prompts(model, tokenizer, CONVERSATIONS, settings)
    ids = tokenizer(prompts.texts, add_special_tokens=False)["input_ids"]
    decode = lambda toks: tokenizer.decode(toks, skip_special_tokens=False)  # noqa: E731
    stop = third_token_stop(model, ids[0], prompts.pad_id, repetition_penalty=1.3)  # one reply ends early
    rows_per_step = count_decode_rows(monkeypatch)
    batched = continuous_greedy(model, ids, settings, stop, prompts.pad_id, decode, max_rows=2, tokenizer=tokenizer)
    reference = [continuous_greedy(model, [p], settings, stop, prompts.pad_id, decode, max_rows=1,
                                   tokenizer=tokenizer)[0] for p in ids]
    assert batched == reference
    batched_steps = rows_per_step[: len(rows_per_step) - sum(r.new_tokens for r in reference)]
    assert max(batched_steps) == 2
    # Rows that finished stopped costing compute: fewer row-steps than 5 rows x the longest reply.
    assert sum(batched_steps) < len(ids) * max(r.new_tokens for r in reference)
    assert torch.is_grad_enabled()


def test_continuous_greedy_batches_match_one_by_one_and_sampling_takes_the_continuous_loop_too(monkeypatch):
    import empathic.chat.continuous

    model, tokenizer = load("random-chatml")
    calls = []
    real = empathic.chat.continuous.continuous_decode
    monkeypatch.setattr(empathic.chat.continuous, "continuous_decode",
                        lambda *a, **k: calls.append(k["max_rows"]) or real(*a, **k))
    one_by_one = [generate_batch(model, tokenizer, [c], GREEDY)[0] for c in CONVERSATIONS]
    assert generate_batch(model, tokenizer, CONVERSATIONS, GREEDY, batch_size=3, continuous=True) == one_by_one
    generate_batch(model, tokenizer, CONVERSATIONS, GREEDY, batch_size=3)  # default: model.generate batches
    generate_batch(model, tokenizer, CONVERSATIONS[:2], GenerationSettings(max_new_tokens=4, temperature=1.0, seed=1),
                   batch_size=3, continuous=True)
    assert calls == [3, 3]


# --- the decode step: packed weights and the written-out Llama step ----------------------------


def test_packed_linears_compute_the_same_products_and_leave_the_model_as_it_was():
    import torch

    from empathic.chat.packed import mkl_packing_available, packed_linears

    if not mkl_packing_available():
        pytest.skip("this torch build has no MKL packed-linear ops")
    layer = torch.nn.Linear(24, 40)
    x = torch.randn(5, 1, 24)
    with torch.no_grad():
        expected = layer(x)
        with packed_linears(layer, rows=32) as count:
            packed = layer(x)
    assert count == 1
    torch.testing.assert_close(packed, expected, rtol=1e-6, atol=1e-6)
    assert "forward" not in vars(layer)  # the class forward again


def test_llama_step_gives_the_model_forwards_logits_over_a_padded_cache():
    """One decode step of rows with different prompt lengths (left padding masked) through `LlamaStep`
    equals the model's own forward on the same cache, and appends the same keys and values."""
    import torch
    from transformers import DynamicCache

    from empathic.chat.continuous import _prefill
    from empathic.chat.generate import prepare_prompts
    from empathic.chat.llama_step import LlamaStep, fast_step_supported

    model, tokenizer = load("random-chatml")
    if not fast_step_supported(model):
        pytest.skip("this torch build has no MKL packed-linear ops")
    prompts = prepare_prompts(model, tokenizer, CONVERSATIONS, GREEDY)
    ids = tokenizer(prompts.texts, add_special_tokens=False)["input_ids"]
    kv, mask = _prefill(model, ids, prompts.pad_id)
    mask = torch.cat([mask, mask.new_ones((len(ids), 1))], dim=1)
    positions = mask.sum(-1) - 1
    tokens = torch.tensor([p[-1] for p in ids])
    ours_cache = DynamicCache(ddp_cache_data=[(k.clone(), v.clone()) for k, v in kv], config=model.config)
    ref_cache = DynamicCache(ddp_cache_data=[(k.clone(), v.clone()) for k, v in kv], config=model.config)
    with torch.no_grad():
        ours = LlamaStep(model, rows=len(ids) + 3).logits(tokens, positions, mask, ours_cache)  # padded rows
        ref = model(input_ids=tokens[:, None], attention_mask=mask, position_ids=positions[:, None],
                    past_key_values=ref_cache, use_cache=True).logits[:, -1]
    torch.testing.assert_close(ours, ref, rtol=1e-5, atol=1e-5)
    assert torch.equal(ours.max(-1).indices, ref.argmax(-1))
    for a, b in zip(ours_cache.layers, ref_cache.layers, strict=True):
        torch.testing.assert_close(a.keys, b.keys, rtol=1e-5, atol=1e-6)
        torch.testing.assert_close(a.values, b.values, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("fast", [True, False])
def test_continuous_replies_match_one_by_one_with_and_without_the_llama_step(monkeypatch, fast):
    """Both decode steps of `continuous_greedy` (the written-out Llama step, and the model's forward
    with packed Linear weights) give the plain one-prompt-at-a-time `generate` replies."""
    import empathic.chat.llama_step
    from empathic.chat.llama_step import fast_step_supported

    model, tokenizer = load("random-chatml")
    one_by_one = [generate_batch(model, tokenizer, [c], GREEDY)[0] for c in CONVERSATIONS]
    if fast and not fast_step_supported(model):
        pytest.skip("this torch build has no MKL packed-linear ops")
    if not fast:
        monkeypatch.setattr(empathic.chat.llama_step, "fast_step_supported", lambda model: False)
    rows = count_decode_rows(monkeypatch)
    assert generate_batch(model, tokenizer, CONVERSATIONS, GREEDY, batch_size=4, continuous=True) == one_by_one
    assert max(rows) == 4


def test_rows_of_very_different_lengths_attend_in_separate_spans():
    """Left-padded rows: short rows next to a long one read only their own columns (plus a bounded
    share of padding), and every row's span starts at or before its first real column."""
    import torch

    from empathic.chat.llama_step import SPAN_PADDING, attention_spans

    lengths = [300, 290, 40, 38, 41, 39, 200, 35]
    mask = torch.zeros((len(lengths), 300), dtype=torch.long)
    for r, n in enumerate(lengths):
        mask[r, 300 - n:] = 1
    spans = attention_spans(mask)
    assert spans[0][0] == 0 and spans[-1][1] == len(lengths)
    assert all(b == c for (_, b, _), (c, _, _) in zip(spans, spans[1:], strict=False))  # consecutive, covering all rows
    read = 0
    for a, b, first in spans:
        assert all(first <= 300 - lengths[r] for r in range(a, b))
        assert sum(300 - lengths[r] - first for r in range(a, b)) <= SPAN_PADDING * (b - a) * (300 - first)
        read += (b - a) * (300 - first)
    assert read < 0.6 * len(lengths) * 300  # one call over the full width would read every column
    assert attention_spans(torch.ones((4, 50), dtype=torch.long)) == [(0, 4, 0)]


def test_the_llama_step_is_only_for_plain_llamas():
    from transformers import MistralConfig, MistralForCausalLM

    from empathic.chat.llama_step import fast_step_supported
    from empathic.chat.packed import mkl_packing_available

    llama = load("random-chatml")[0]
    assert fast_step_supported(llama) == mkl_packing_available()
    config = MistralConfig(vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                           num_attention_heads=4, num_key_value_heads=2)
    assert not fast_step_supported(MistralForCausalLM(config))
    biased = type(llama)(type(llama.config)(**{**llama.config.to_dict(), "attention_bias": True}))
    assert not fast_step_supported(biased)


def test_a_prefix_shared_by_all_prompts_is_prefilled_once_with_the_same_cache():
    """The default system turn every prompt starts with is computed once: per row, the real columns
    of the cache equal the plain left-padded prefill's, in order, and the mask marks the same count."""
    import torch

    from empathic.chat.continuous import MIN_SHARED_PREFIX, _prefill, _prefill_padded, _shared_prefix
    from empathic.chat.generate import prepare_prompts

    model, tokenizer = load("random-chatml")
    conversations = [c for c in CONVERSATIONS if c[0]["role"] != "system"]
    prompts = prepare_prompts(model, tokenizer, conversations, GREEDY)
    ids = tokenizer(prompts.texts, add_special_tokens=False)["input_ids"]
    assert _shared_prefix(ids) >= MIN_SHARED_PREFIX
    assert _shared_prefix([[1, 2, 3], [1, 2, 3, 4]]) == 1  # each row keeps 2 tokens of its own
    ours, ours_mask = _prefill(model, ids, prompts.pad_id)
    ref, ref_mask = _prefill_padded(model, ids, prompts.pad_id)
    assert ours_mask.sum(-1).tolist() == ref_mask.sum(-1).tolist() == [len(p) - 1 for p in ids]
    # Each row's real columns are one run at the right end, so the decode step can skip the left padding.
    assert all(row.tolist() == sorted(row.tolist()) for row in ours_mask)
    for (k, v), (rk, rv) in zip(ours, ref, strict=True):
        for r in range(len(ids)):
            mine, theirs = ours_mask[r].bool(), ref_mask[r].bool()
            torch.testing.assert_close(k[r][:, mine], rk[r][:, theirs], rtol=1e-4, atol=1e-5)
            torch.testing.assert_close(v[r][:, mine], rv[r][:, theirs], rtol=1e-4, atol=1e-5)


def test_repeated_prompts_are_prefilled_once_with_the_same_cache():
    """Best-of sampling repeats each prompt: the copies share one prefill, and every row's cache and mask
    equal those of the prompts prefilled without repeats."""
    import torch

    import empathic.chat.continuous as continuous
    from empathic.chat.generate import prepare_prompts

    model, tokenizer = load("random-chatml")
    prompts = prepare_prompts(model, tokenizer, CONVERSATIONS, GREEDY)
    ids = tokenizer(prompts.texts, add_special_tokens=False)["input_ids"]
    repeated = [p for p in ids for _ in range(3)]
    embedded = []  # rows x positions the model embeds per call: the prefill's work
    hook = model.get_input_embeddings().register_forward_hook(lambda m, inp, out: embedded.append(inp[0].numel()))
    try:
        ref, ref_mask = continuous._prefill(model, ids, prompts.pad_id)
        work = sum(embedded)
        embedded.clear()
        ours, ours_mask = continuous._prefill(model, repeated, prompts.pad_id)
    finally:
        hook.remove()
    assert sum(embedded) == work  # each distinct prompt ran through the model once
    assert torch.equal(ours_mask, ref_mask.repeat_interleave(3, dim=0))
    for (k, v), (rk, rv) in zip(ours, ref, strict=True):
        assert torch.equal(k, rk.repeat_interleave(3, dim=0)) and torch.equal(v, rv.repeat_interleave(3, dim=0))


def test_continuous_replies_with_a_shared_prefix_match_one_by_one():
    conversations = [c for c in CONVERSATIONS if c[0]["role"] != "system"] + [[user("I cannot sleep")]]
    model, tokenizer = load("random-chatml")
    one_by_one = [generate_batch(model, tokenizer, [c], GREEDY)[0] for c in conversations]
    assert generate_batch(model, tokenizer, conversations, GREEDY, batch_size=3, continuous=True) == one_by_one


def test_continuous_replies_of_a_lora_model_match_one_by_one():
    """Adapters keep the model's forward (with packed Linear weights, LoRA's own Linears included)."""
    import torch
    from factories import smollm2_tokenizer, tiny_model
    from peft import LoraConfig, get_peft_model

    from empathic.chat.llama_step import fast_step_supported

    tokenizer = load("random-chatml")[1]
    torch.manual_seed(0)
    model = get_peft_model(tiny_model(smollm2_tokenizer(), init_std=0.3),
                           LoraConfig(r=4, target_modules=["q_proj", "v_proj"], init_lora_weights=False)).eval()
    assert not fast_step_supported(model)
    one_by_one = [generate_batch(model, tokenizer, [c], GREEDY)[0] for c in CONVERSATIONS]
    assert generate_batch(model, tokenizer, CONVERSATIONS, GREEDY, batch_size=4, continuous=True) == one_by_one
    assert not any("forward" in vars(m) for m in model.modules())
