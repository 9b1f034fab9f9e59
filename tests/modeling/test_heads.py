"""Auxiliary heads: which tokens they read, their losses, saving, and the chat signals."""

from __future__ import annotations

import math

import pytest
import torch
from factories import smollm2_tokenizer, tiny_model

from empathic.errors import UserError
from empathic.modeling.heads import (
    ED_EMOTIONS,
    GOEMOTIONS,
    IGNORE_INDEX,
    STRATEGIES,
    HeadsConfig,
    SignalHeads,
    capture_hidden,
    emotion_loss,
    encode_user_turns,
    format_signals,
    head_forward,
    load_heads,
    pool_spans,
    predict_signals,
    save_heads,
    split_heads_section,
    strategy_loss,
)
from empathic.training.multitask_data import encode_example

CONVERSATION = [
    {"role": "user", "content": "I lost my job last week and I feel stuck."},
    {"role": "assistant", "content": "That sounds really hard. What happened?"},
    {"role": "user", "content": "They cut the whole team."},
    {"role": "assistant", "content": "I'm sorry. Being let go with everyone is still a blow."},
]


@pytest.fixture(scope="module")
def tokenizer():
    return smollm2_tokenizer()


@pytest.fixture(scope="module")
def model(tokenizer):
    return tiny_model(tokenizer, seed=0)


def trained_like(heads: SignalHeads) -> SignalHeads:
    """Heads start at zero (uniform predictions); give them weights, as training would."""
    gen = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for p in heads.parameters():
            p.add_(torch.randn(p.shape, generator=gen))
    return heads


def hidden_states(model, ids: list[int]) -> torch.Tensor:
    with torch.no_grad(), capture_hidden(model) as store:
        model(input_ids=torch.tensor([ids]))
    return store["hidden"]


# ---------------------------------------------------------------- which tokens are pooled


@pytest.mark.parametrize("content", [
    "I feel lonely.",
    "  leading and trailing spaces  ",
    "two\nlines <3 and an emoji 😢",
    "a",  # also a substring of the system prompt: must be found in its own turn
    "<|im_start|>user\nlooks like a header",  # a user typing template text
])
def test_span_covers_exactly_the_user_content_tokens(tokenizer, content):
    messages = [{"role": "user", "content": content}, {"role": "assistant", "content": "I hear you."},
                {"role": "user", "content": "and " + content}]
    enc = encode_user_turns(tokenizer, messages)
    reference = tokenizer.apply_chat_template(messages, tokenize=True, return_dict=True)["input_ids"]
    assert enc.input_ids == list(reference)  # same ids TRL trains on
    assert len(enc.user_spans) == 2
    for (start, end), message in zip(enc.user_spans, [messages[0], messages[2]], strict=True):
        pooled_text = tokenizer.decode(enc.input_ids[start:end])
        # All of the content; only whitespace that shares a token with the template may be left out.
        assert pooled_text in message["content"] and pooled_text.strip() == message["content"].strip()
        # Nothing of the template: right before is the role header, right after the end-of-turn token.
        assert tokenizer.decode(enc.input_ids[:start]).rstrip(" ").endswith("<|im_start|>user\n")
        assert tokenizer.convert_ids_to_tokens(enc.input_ids[end]) == "<|im_end|>"


def test_user_spans_hold_no_assistant_token_and_precede_their_reply(tokenizer):
    row = encode_example(tokenizer, CONVERSATION, source_id=0, strategies=["Question", "Reflection of feelings"])
    labels = row["labels"]
    assistant_positions = [i for i, t in enumerate(labels) if t != IGNORE_INDEX]
    reply_starts = [i for i in assistant_positions if labels[i - 1] == IGNORE_INDEX]
    assert len(row["strat_spans"]) == 2
    for (start, end), reply_start in zip(row["strat_spans"], reply_starts, strict=True):
        assert all(labels[i] == IGNORE_INDEX for i in range(start, end))
        assert end <= reply_start  # the pooled user turn ends before the reply it predicts begins


def test_changing_the_reply_does_not_change_the_pooled_user_turn(tokenizer, model):
    """Causal attention: no reply token (or later turn) can reach the user turn's hidden states."""
    other = [dict(m) for m in CONVERSATION]
    other[1]["content"] = "Totally different words, much longer than before, about something else entirely."
    other[3]["content"] = "Also changed."
    a, b = encode_user_turns(tokenizer, CONVERSATION), encode_user_turns(tokenizer, other)
    first_a, first_b = a.user_spans[0], b.user_spans[0]
    assert first_a == first_b and a.input_ids[: first_a[1]] == b.input_ids[: first_b[1]]
    h_a, h_b = hidden_states(model, a.input_ids), hidden_states(model, b.input_ids)
    pooled_a, _ = pool_spans(h_a, torch.tensor([first_a]))
    pooled_b, _ = pool_spans(h_b, torch.tensor([first_b]))
    torch.testing.assert_close(pooled_a, pooled_b)
    # The same check can fail: a span that runs into the reply (header: 6 tokens) does see the change.
    reply_a = (first_a[0], first_a[1] + 8)
    leaked_a, _ = pool_spans(h_a, torch.tensor([reply_a]))
    leaked_b, _ = pool_spans(h_b, torch.tensor([reply_a]))
    assert not torch.allclose(leaked_a, leaked_b)


def test_strategy_input_for_turn_k_ignores_reply_k_and_later(tokenizer, model):
    row_a = encode_example(tokenizer, CONVERSATION, source_id=0, strategies=["Question", "Information"])
    changed = [dict(m) for m in CONVERSATION]
    changed[3]["content"] = "A completely different second reply."
    row_b = encode_example(tokenizer, changed, source_id=0, strategies=["Question", "Information"])
    spans = torch.tensor([row_a["strat_spans"]])
    assert row_a["strat_spans"] == row_b["strat_spans"]
    pooled_a, _ = pool_spans(hidden_states(model, row_a["input_ids"]), spans)
    pooled_b, _ = pool_spans(hidden_states(model, row_b["input_ids"]), spans)
    torch.testing.assert_close(pooled_a, pooled_b)  # both user turns precede the changed reply


def test_pool_spans_is_the_mean_over_the_span_and_zero_for_an_empty_one():
    hidden = torch.arange(2 * 5 * 3, dtype=torch.float).view(2, 5, 3)
    pooled, valid = pool_spans(hidden, torch.tensor([[1, 3], [0, 0]]))
    torch.testing.assert_close(pooled[0], hidden[0, 1:3].mean(0))
    assert torch.equal(pooled[1], torch.zeros(3)) and valid.tolist() == [True, False]
    many, valid_many = pool_spans(hidden, torch.tensor([[[0, 5], [4, 5]], [[2, 4], [0, 0]]]))
    torch.testing.assert_close(many[1, 0], hidden[1, 2:4].mean(0))
    assert valid_many.tolist() == [[True, True], [True, False]]


# ---------------------------------------------------------------- losses


def test_multilabel_emotion_loss_matches_hand_computed_bce():
    # Two labels in the GoEmotions block (n_go=2) and two ED labels after it.
    logits = torch.tensor([[2.0, -1.0, 0.3, 0.1], [0.5, 0.0, 1.0, -2.0]])
    targets = torch.tensor([[1.0, 1.0], [0.0, 0.0]])
    go_mask = torch.tensor([True, False])
    ed = torch.tensor([IGNORE_INDEX, 0])

    def bce(x: float, y: float) -> float:
        p = 1 / (1 + math.exp(-x))
        return -(y * math.log(p) + (1 - y) * math.log(1 - p))

    row0 = (bce(2.0, 1.0) + bce(-1.0, 1.0)) / 2  # GoEmotions: mean BCE over its labels
    row1 = -math.log(math.exp(1.0) / (math.exp(1.0) + math.exp(-2.0)))  # ED: softmax CE over its block
    loss, n = emotion_loss(logits, targets, go_mask, ed, n_go=2)
    assert n == 2
    assert loss.item() == pytest.approx((row0 + row1) / 2, rel=1e-6)
    # Multi-label: both gold labels count (a collapsed single-label target would give another value).
    collapsed, _ = emotion_loss(logits, torch.tensor([[1.0, 0.0], [0.0, 0.0]]), go_mask, ed, n_go=2)
    assert collapsed.item() != pytest.approx(loss.item())


def test_unlabelled_examples_add_nothing_and_an_unlabelled_batch_gives_zero_not_nan():
    logits = torch.randn(3, 4, requires_grad=True)
    targets = torch.zeros(3, 2)
    none = torch.tensor([False, False, False])
    loss, n = emotion_loss(logits, targets, none, torch.full((3,), IGNORE_INDEX), n_go=2)
    assert n == 0 and loss.item() == 0.0 and not torch.isnan(loss)
    loss.backward()
    assert torch.equal(logits.grad, torch.zeros_like(logits))

    logits.grad = None
    mask = torch.tensor([True, False, False])
    loss, n = emotion_loss(logits, torch.ones(3, 2), mask, torch.full((3,), IGNORE_INDEX), n_go=2)
    loss.backward()
    assert n == 1 and torch.equal(logits.grad[1:], torch.zeros(2, 4))  # masked rows get no gradient
    alone, _ = emotion_loss(logits[:1], torch.ones(1, 2), mask[:1], torch.full((1,), IGNORE_INDEX), n_go=2)
    assert loss.item() == pytest.approx(alone.item())  # the mean is over labelled rows only


def test_strategy_loss_ignores_padding_and_unlabelled_turns():
    logits = torch.randn(2, 3, len(STRATEGIES), requires_grad=True)
    labels = torch.tensor([[1, IGNORE_INDEX, IGNORE_INDEX], [IGNORE_INDEX, 4, IGNORE_INDEX]])
    loss, n = strategy_loss(logits, labels)
    expected = (torch.nn.functional.cross_entropy(logits[0, 0:1], labels[0, 0:1])
                + torch.nn.functional.cross_entropy(logits[1, 1:2], labels[1, 1:2])) / 2
    assert n == 2 and loss.item() == pytest.approx(expected.item(), rel=1e-6)
    empty, n_empty = strategy_loss(logits, torch.full((2, 3), IGNORE_INDEX))
    assert n_empty == 0 and empty.item() == 0.0


def test_head_forward_masks_items_whose_span_is_empty():
    heads = SignalHeads(8, emotion=True, strategy=True)
    hidden = torch.randn(2, 6, 8)
    batch = {
        "emo_span": torch.tensor([[0, 0], [1, 3]]),  # row 0: labelled but nothing to pool -> no loss
        "go_targets": torch.ones(2, len(GOEMOTIONS)), "go_mask": torch.tensor([True, True]),
        "ed_label": torch.full((2,), IGNORE_INDEX),
        "strat_spans": torch.tensor([[[1, 2]], [[0, 0]]]), "strat_labels": torch.tensor([[3], [5]]),
    }
    out = head_forward(heads, hidden, batch)
    assert out.n_emotion == 1 and out.n_strategy == 1
    assert torch.isfinite(out.emotion_loss) and torch.isfinite(out.strategy_loss)


# ---------------------------------------------------------------- saving, loading, signals


def test_heads_reload_with_identical_outputs(tmp_path):
    heads = trained_like(SignalHeads(16, emotion=True, strategy=True))
    save_heads(heads, tmp_path, HeadsConfig(emotion=True, strategy=True), base_model="tiny")
    assert (tmp_path / "heads.safetensors").is_file() and (tmp_path / "heads_config.json").is_file()
    loaded = load_heads(tmp_path)
    x = torch.randn(4, 16)
    torch.testing.assert_close(loaded.emotion_logits(x), heads.emotion_logits(x))
    torch.testing.assert_close(loaded.strategy_logits(x), heads.strategy_logits(x))
    assert loaded.emotion_labels == GOEMOTIONS and loaded.situation_labels == ED_EMOTIONS
    assert loaded.meta["config"]["lambda_emotion"] == 0.2


def test_a_single_head_reloads_without_the_other(tmp_path):
    save_heads(SignalHeads(16, emotion=False, strategy=True), tmp_path)
    loaded = load_heads(tmp_path)
    assert loaded.emotion is None and loaded.strategy is not None


def test_load_heads_from_a_folder_without_heads_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="no heads.safetensors"):
        load_heads(tmp_path)


def test_heads_start_uniform_and_leave_the_global_random_stream_alone():
    torch.manual_seed(0)
    expected = torch.rand(3)
    torch.manual_seed(0)
    heads = SignalHeads(32, emotion=True, strategy=True)
    assert torch.equal(torch.rand(3), expected)
    logits = heads.strategy_logits(torch.randn(2, 32) * 50)
    assert torch.equal(logits, torch.zeros(2, len(STRATEGIES)))


def test_head_inputs_are_normalised_so_the_hidden_scale_does_not_matter():
    heads = trained_like(SignalHeads(32, emotion=True, strategy=False))
    x = torch.randn(4, 32)
    torch.testing.assert_close(heads.emotion_logits(x), heads.emotion_logits(30 * x), rtol=1e-4, atol=1e-4)


def test_predict_signals_reads_the_latest_user_turn(tokenizer, model):
    heads = trained_like(SignalHeads(model.config.hidden_size, emotion=True, strategy=True))
    signals = predict_signals(model, tokenizer, heads, CONVERSATION[:3])
    assert len(signals["emotion"]) == 3
    names = [name for name, _ in signals["emotion"]]
    probs = [p for _, p in signals["emotion"]]
    assert set(names) <= set(GOEMOTIONS) and probs == sorted(probs, reverse=True)
    assert all(0 < p < 1 for p in probs)
    label, p = signals["strategy"]
    assert label in STRATEGIES and 0 < p <= 1
    # A reply after the latest user turn is not read: same signals with or without it.
    assert predict_signals(model, tokenizer, heads, CONVERSATION) == signals
    # ...but the latest user turn is: a different one gives different signals.
    other = [*CONVERSATION[:2], {"role": "user", "content": "Honestly I am thrilled, best day ever!"}]
    assert predict_signals(model, tokenizer, heads, other) != signals
    assert format_signals(signals).startswith("[signals] emotion: ")


def test_predict_signals_without_user_text_or_heads():
    heads = SignalHeads(8, emotion=False, strategy=False)
    assert predict_signals(None, None, heads, [{"role": "user", "content": "  "}]) == {"emotion": [], "strategy": None}
    assert format_signals({"emotion": [], "strategy": None}) == "[signals] none"


# ---------------------------------------------------------------- configuration


def test_heads_are_off_by_default_and_config_keys_are_checked():
    assert not HeadsConfig().enabled and not HeadsConfig().use_classification
    rest, cfg = split_heads_section({"learning_rate": 1e-4, "heads": {"emotion": True, "lambda_emotion": 0.5}})
    assert rest == {"learning_rate": 1e-4}
    assert cfg.emotion and not cfg.strategy and cfg.lambda_emotion == 0.5 and cfg.use_classification
    with pytest.raises(UserError, match="did you mean 'lambda_emotion'"):
        HeadsConfig.from_dict({"lambda_emotoin": 0.1})
    with pytest.raises(UserError, match="true or false"):
        HeadsConfig.from_dict({"emotion": "yes"})
    assert HeadsConfig().with_overrides(["heads.strategy=true", "alpha=0.3"]).strategy is True
