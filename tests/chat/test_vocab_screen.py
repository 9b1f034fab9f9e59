"""The bf16 screen of the vocabulary projection picks the float32 argmax (empathic/chat/vocab_screen.py)."""

import pytest

torch = pytest.importorskip("torch")

from empathic.chat.vocab_screen import VocabScreen, penalise  # noqa: E402


def float32_pick(hidden, weight, history=None, penalty=1.0):
    scores = hidden @ weight.T
    if penalty != 1.0:
        scores = penalise(scores, history, penalty)
    return scores.max(-1).indices


@pytest.mark.parametrize("vocab", [100, 20_000])
@pytest.mark.parametrize("penalty", [1.0, 1.3, 0.8])
def test_the_screened_pick_is_the_float32_argmax(vocab, penalty):
    """Random rows, large logits (where bf16 rounding is coarse), with and without the repetition penalty."""
    gen = torch.Generator().manual_seed(vocab)
    weight = torch.randn(vocab, 64, generator=gen) * 0.5
    hidden = torch.randn(24, 64, generator=gen) * 8
    history = [torch.randint(0, vocab, (n,), generator=gen).tolist() for n in range(5, 29)]
    expected = float32_pick(hidden, weight, history, penalty)
    assert torch.equal(VocabScreen(weight).pick(hidden, history, penalty), expected)


def test_tokens_that_bf16_cannot_tell_apart_are_decided_in_float32():
    """Logits 1.0 and 1.0 + 2^-12 are the same number in bf16: the screen keeps both and the exact
    product picks the larger, not the first."""
    weight = torch.zeros(300, 8)
    weight[7, 0], weight[200, 0] = 1.0, 1.0 + 2.0**-12
    hidden = torch.zeros(2, 8)
    hidden[:, 0] = 1.0
    screen = VocabScreen(weight)
    assert screen.screen(hidden)[0, 7] == screen.screen(hidden)[0, 200]
    assert screen.pick(hidden).tolist() == [200, 200]


def test_equal_float32_logits_go_to_the_lowest_token_like_argmax():
    weight = torch.zeros(300, 8)
    weight[[250, 40, 90], 1] = 2.0
    hidden = torch.zeros(1, 8)
    hidden[0, 1] = 3.0
    assert VocabScreen(weight).pick(hidden).tolist() == [40]


def test_the_error_bound_holds_for_every_logit():
    """|float32 logit - screened logit| <= E + 2^-8 |screened| on rows of very different sizes."""
    gen = torch.Generator().manual_seed(3)
    weight = torch.randn(5000, 96, generator=gen) * torch.rand(5000, 1, generator=gen) * 3
    hidden = torch.randn(16, 96, generator=gen) * torch.logspace(-2, 2, 16)[:, None]
    screen = VocabScreen(weight)
    screened = screen.screen(hidden)[:, : screen.vocab]
    gap = (hidden @ weight.T - screened).abs()
    assert (gap <= screen.input_error(hidden)[:, None] + 2.0**-8 * screened.abs()).all()
