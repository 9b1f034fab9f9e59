"""Sampled replies through the continuous loop: `generate`'s processors, one seeded generator per call,
finished rows leave and waiting prompts refill the batch as in greedy decoding."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace

import pytest
from fixtures.chat.tiny_models import CONVERSATIONS, load, third_token_stop

from empathic.chat import GenerationSettings, generate_batch
from empathic.chat.continuous import Sampling, continuous_decode

pytestmark = pytest.mark.usefixtures("one_thread")

SAMPLED = GenerationSettings(max_new_tokens=12, temperature=1.0, top_p=0.9, repetition_penalty=1.1, seed=7)


def count_sampled_rows(monkeypatch) -> list[int]:
    """Rows of each sampled decode step the continuous loop runs."""
    import empathic.chat.continuous

    rows: list[int] = []
    real = empathic.chat.continuous._decoder

    @contextmanager
    def counting(model, max_rows, sample=None):
        assert sample is not None, "a sampled call must hand the decoder its sampler"
        with real(model, max_rows, sample) as step:
            yield lambda tokens, *rest: rows.append(tokens.shape[0]) or step(tokens, *rest)

    monkeypatch.setattr(empathic.chat.continuous, "_decoder", counting)
    return rows


def tokenized(model, tokenizer, settings, conversations=CONVERSATIONS):
    from empathic.chat.generate import prepare_prompts

    prompts = prepare_prompts(model, tokenizer, conversations, settings)
    return prompts, tokenizer(prompts.texts, add_special_tokens=False)["input_ids"]


# --- the processors are transformers' own --------------------------------------------------------


@pytest.mark.parametrize(("temperature", "top_p", "top_k", "penalty"), [
    (0.7, 0.9, 50, 1.1), (1.0, 1.0, None, 1.0), (1.3, 0.5, None, 1.3), (0.5, 0.95, 20, 0.8), (1.0, 0.3, 5, 1.0),
])
def test_processed_probabilities_equal_transformers_processors(temperature, top_p, top_k, penalty):
    import torch
    from transformers import (
        LogitsProcessorList,
        RepetitionPenaltyLogitsProcessor,
        TemperatureLogitsWarper,
        TopKLogitsWarper,
        TopPLogitsWarper,
    )

    torch.manual_seed(0)
    logits = torch.randn(6, 300) * 3
    history = torch.randint(0, 300, (6, 40))
    reference = LogitsProcessorList(
        ([RepetitionPenaltyLogitsProcessor(penalty)] if penalty != 1.0 else [])
        + ([TemperatureLogitsWarper(temperature)] if temperature != 1.0 else [])
        + ([TopKLogitsWarper(top_k)] if top_k else [])
        + ([TopPLogitsWarper(top_p)] if top_p < 1.0 else []))
    expected = reference(history, logits.clone()).softmax(-1)
    sampling = Sampling(temperature=temperature, top_p=top_p, top_k=top_k, penalty=penalty)
    ours = sampling.probabilities(logits, history.tolist())
    assert torch.equal(ours == 0, expected == 0)  # the same tokens removed
    torch.testing.assert_close(ours, expected, rtol=1e-6, atol=1e-7)
    # The draw's shortcut: the same distribution over each row's top-k tokens only
    top = sampling.candidates(logits, history.tolist())
    assert (top is None) == (top_k is None)
    if top is not None:
        probs, ids = top
        spread = torch.zeros_like(expected).scatter(1, ids, probs)
        assert torch.equal(spread == 0, expected == 0)
        torch.testing.assert_close(spread, expected, rtol=1e-6, atol=1e-7)


def test_ties_at_the_kth_score_keep_every_tied_token_as_transformers_does():
    import torch
    from transformers import TopKLogitsWarper

    logits = torch.tensor([[5.0, 4.0, 3.0, 3.0, 3.0, 1.0]])
    sampling = Sampling(temperature=1.0, top_k=3)
    assert sampling.candidates(logits) is None  # three tokens tie for 3rd place: the full path
    expected = TopKLogitsWarper(3)(None, logits.clone()).softmax(-1)
    torch.testing.assert_close(sampling.probabilities(logits), expected)
    assert int((expected > 0).sum()) == 5
    draws = [int(sampling.draw(logits, None, torch.Generator().manual_seed(s))[0]) for s in range(200)]
    assert set(draws) == {0, 1, 2, 3, 4}


def test_sampling_applies_what_generate_applies_for_the_model():
    """`Sampling.of(settings, model)` processes raw logits into exactly the scores `model.generate`
    samples from with the same settings (top_k from the model's generation config or its default)."""
    import torch

    model, tokenizer = load("random-chatml")
    _, ids = tokenized(model, tokenizer, SAMPLED, CONVERSATIONS[:1])
    with torch.no_grad():
        out = model.generate(torch.tensor(ids[:1]), **(SAMPLED.generate_kwargs() | {"max_new_tokens": 1}),
                             pad_token_id=tokenizer.pad_token_id, output_scores=True, output_logits=True,
                             return_dict_in_generate=True)
    ours = Sampling.of(SAMPLED, model).scores(out.logits[0], ids[:1])
    assert torch.equal(ours == float("-inf"), out.scores[0] == float("-inf"))
    torch.testing.assert_close(ours, out.scores[0], rtol=1e-6, atol=1e-6)


# --- seeding ----------------------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_samples_and_another_seed_other_samples(monkeypatch):
    import torch

    model, tokenizer = load("random-chatml")
    rows = count_sampled_rows(monkeypatch)
    first = generate_batch(model, tokenizer, CONVERSATIONS, SAMPLED, batch_size=3, continuous=True)
    assert rows and max(rows) == 3  # the continuous loop, not model.generate
    assert generate_batch(model, tokenizer, CONVERSATIONS, SAMPLED, batch_size=3, continuous=True) == first
    other = replace(SAMPLED, seed=8)
    # 5 replies of up to 12 tokens each: all five equal by chance is negligible
    assert [r.text for r in generate_batch(model, tokenizer, CONVERSATIONS, other, batch_size=3, continuous=True)] \
        != [r.text for r in first]
    # seed=None: the generator is seeded from the global RNG, so torch.manual_seed before the call reproduces it
    unseeded = replace(SAMPLED, seed=None)
    torch.manual_seed(3)
    a = generate_batch(model, tokenizer, CONVERSATIONS, unseeded, batch_size=3, continuous=True)
    torch.manual_seed(3)
    assert generate_batch(model, tokenizer, CONVERSATIONS, unseeded, batch_size=3, continuous=True) == a


def test_copies_of_one_prompt_sample_different_replies():
    """What best-of sampling relies on: each copy of a prompt is its own row with its own draws."""
    model, tokenizer = load("random-chatml")
    replies = generate_batch(model, tokenizer, [CONVERSATIONS[1]] * 6, SAMPLED, batch_size=4, continuous=True)
    assert len(replies) == 6 and len({r.text for r in replies}) > 1


# --- a tiny top_p is greedy ----------------------------------------------------------------------------


@pytest.mark.parametrize("fast", [True, False])
def test_with_a_tiny_top_p_sampling_equals_the_greedy_continuous_replies(monkeypatch, fast):
    """Only the top token survives top_p=1e-6, so every draw is the argmax: the sampled replies equal
    greedy ones, through the written-out Llama step and through the model's own forward."""
    import empathic.chat.llama_step
    from empathic.chat.llama_step import fast_step_supported

    model, tokenizer = load("random-chatml")
    if fast and not fast_step_supported(model):
        pytest.skip("this torch build has no MKL packed-linear ops")
    if not fast:
        monkeypatch.setattr(empathic.chat.llama_step, "fast_step_supported", lambda model: False)
    greedy = GenerationSettings(max_new_tokens=12, temperature=0, repetition_penalty=1.3)
    nearly_greedy = GenerationSettings(max_new_tokens=12, temperature=0.8, top_p=1e-6, repetition_penalty=1.3, seed=5)
    expected = generate_batch(model, tokenizer, CONVERSATIONS, greedy, batch_size=2, continuous=True)
    assert generate_batch(model, tokenizer, CONVERSATIONS, nearly_greedy, batch_size=2, continuous=True) == expected


# --- rows leave and refill ---------------------------------------------------------------------------


def test_every_prompt_gets_one_reply_in_input_order_as_rows_leave_and_refill(monkeypatch):
    """5 prompts, 2 rows: a reply that reaches the stop token ends there (the 3rd token of the first
    prompt's reply is made a stop id), its row takes the next prompt, every reply lands at its
    prompt's index, and no reply runs past max_new_tokens."""

    model, tokenizer = load("random-chatml")
    settings = GenerationSettings(max_new_tokens=10, temperature=0.9, top_p=1e-6, repetition_penalty=1.3, seed=2)
    prompts, ids = tokenized(model, tokenizer, settings)
    decode = lambda toks: tokenizer.decode(toks, skip_special_tokens=False)  # noqa: E731
    stop = third_token_stop(model, ids[0], prompts.pad_id, repetition_penalty=1.3)
    rows = count_sampled_rows(monkeypatch)
    done: list[int] = []
    batched = continuous_decode(model, ids, settings, stop, prompts.pad_id, decode, max_rows=2, tokenizer=tokenizer,
                                on_done=lambda i, reply: done.append(i))
    batched_steps = list(rows)
    one_by_one = [continuous_decode(model, [p], settings, stop, prompts.pad_id, decode, max_rows=1,
                                    tokenizer=tokenizer)[0] for p in ids]
    assert sorted(done) == list(range(len(ids)))  # each prompt answered exactly once
    assert batched == one_by_one  # ...at its own index
    assert batched[0].stopped and batched[0].new_tokens <= 3
    assert all(r.new_tokens <= settings.max_new_tokens for r in batched)
    assert max(batched_steps) == 2
    assert sum(batched_steps) < len(ids) * max(r.new_tokens for r in batched)  # finished rows stopped costing steps


def test_truly_sampled_rows_also_leave_and_refill(monkeypatch):
    model, tokenizer = load("random-chatml")
    prompts, ids = tokenized(model, tokenizer, SAMPLED)
    decode = lambda toks: tokenizer.decode(toks, skip_special_tokens=False)  # noqa: E731
    rows = count_sampled_rows(monkeypatch)
    done: list[int] = []
    replies = continuous_decode(model, ids * 2, SAMPLED, prompts.stop_ids, prompts.pad_id, decode, max_rows=3,
                                tokenizer=tokenizer, notices=prompts.notices * 2,
                                on_done=lambda i, reply: done.append(i))
    assert len(replies) == 10 and sorted(done) == list(range(10))
    assert all(r.new_tokens <= SAMPLED.max_new_tokens for r in replies)
    assert max(rows) == 3 and sum(rows) <= 10 * SAMPLED.max_new_tokens


def test_continuous_greedy_refuses_sampled_settings():
    from empathic.chat.continuous import continuous_greedy

    model, tokenizer = load("random-chatml")
    with pytest.raises(ValueError, match="greedy settings"):
        continuous_greedy(model, [[1, 2]], SAMPLED, [0], 0, str, max_rows=1)
