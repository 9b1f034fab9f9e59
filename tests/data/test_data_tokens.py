"""Length limits in tokens: drop over-long exchanges, window long conversations at pair boundaries."""

from __future__ import annotations

import pytest

from empathic.data.format import with_system
from empathic.data.records import Example, Ledger
from empathic.data.registry import MULTI_TURN
from empathic.data.tokens import TokenizerCounter, fit_to_length, pair_overhead, whitespace_counter
from empathic.modeling.templates import fold_system_into_user as fold_system_prompt


def conversation(
    id_: str, pairs: list[tuple[str, str]], source: str = "esconv", strategies: bool = True
) -> Example:
    messages = []
    for u, a in pairs:
        messages += [{"role": "user", "content": u}, {"role": "assistant", "content": a}]
    return Example(
        id=id_, source=source, messages=messages, links=[id_], split="train",
        strategies=[f"S{i}" for i in range(len(pairs))] if strategies else None,
    )  # fmt: skip


def words(n: int, tag: str) -> str:
    return " ".join(f"{tag}{i}" for i in range(n))


def ledgers() -> dict[str, Ledger]:
    return {name: Ledger() for name in ("esconv", "empathetic_dialogues", "counsel_chat", "mhcc")}


def test_short_examples_pass_unchanged_with_their_token_count():
    example = conversation("e", [("one two", "three four five")])
    kept = fit_to_length([example], whitespace_counter, 10, None, ledgers(), MULTI_TURN)
    assert kept == [example] and kept[0].n_tokens == 5


def test_system_prompt_counts_towards_the_limit():
    example = conversation("e", [("one two", "three")], source="counsel_chat")
    ledger = ledgers()
    assert fit_to_length([example], whitespace_counter, 4, "be kind please", ledger, MULTI_TURN) == []
    assert ledger["counsel_chat"].dropped == {"too_long": 1}


def test_over_long_single_exchange_is_dropped_not_cut():
    example = conversation("cc", [("q", words(50, "w"))], source="counsel_chat", strategies=False)
    ledger = ledgers()
    assert fit_to_length([example], whitespace_counter, 20, None, ledger, MULTI_TURN) == []
    assert ledger["counsel_chat"].dropped == {"too_long": 1}


def test_long_conversation_is_windowed_at_pair_boundaries():
    pairs = [(words(3, f"u{i}_"), words(4, f"a{i}_")) for i in range(10)]  # 7 words per pair
    example = conversation("esconv:1", pairs)
    ledger = ledgers()
    windows = fit_to_length([example], whitespace_counter, 15, None, ledger, MULTI_TURN)
    assert [w.id for w in windows] == [f"esconv:1#w{j}" for j in range(5)]
    rebuilt = [m for w in windows for m in w.messages]
    assert rebuilt == example.messages  # nothing lost, nothing cut, order kept
    for window in windows:
        assert window.messages[0]["role"] == "user" and window.messages[-1]["role"] == "assistant"
        assert all(a["role"] != b["role"] for a, b in zip(window.messages, window.messages[1:], strict=False))
        assert window.n_tokens == whitespace_counter(window.messages) <= 15
        assert len(window.strategies) == len(window.messages) // 2
    assert [s for w in windows for s in w.strategies] == example.strategies
    assert ledger["esconv"].fixes == {"conversations_windowed": 1, "windows_created": 5}


def test_a_pair_too_long_on_its_own_is_left_out_and_the_rest_still_windowed():
    pairs = [("u0", "a0"), ("u1", words(30, "x")), ("u2", "a2"), ("u3", "a3")]
    example = conversation("esconv:2", pairs)
    ledger = ledgers()
    windows = fit_to_length([example], whitespace_counter, 10, None, ledger, MULTI_TURN)
    contents = [[m["content"] for m in w.messages] for w in windows]
    assert contents == [["u0", "a0"], ["u2", "a2", "u3", "a3"]]
    assert [w.strategies for w in windows] == [["S0"], ["S2", "S3"]]
    assert ledger["esconv"].fixes["turn_pairs_dropped_too_long"] == 1


def test_windows_are_verified_with_the_real_count_when_pair_costs_do_not_add_up():
    # A counter with a per-conversation cost growing with length: the additive estimate is too low.
    def growing(messages):
        return whitespace_counter(messages) + len(messages) ** 2

    pairs = [(words(2, f"u{i}_"), words(2, f"a{i}_")) for i in range(8)]
    windows = fit_to_length([conversation("esconv:3", pairs)], growing, 40, None, ledgers(), MULTI_TURN)
    assert all(growing(w.messages) <= 40 for w in windows)
    assert [m for w in windows for m in w.messages] == conversation("esconv:3", pairs).messages


def test_pair_overhead_measures_what_is_counted_once_per_conversation():
    def with_header(messages):
        return 7 + whitespace_counter(messages)

    assert pair_overhead(with_header, None) == 7
    assert pair_overhead(whitespace_counter, "two words") == 2  # the system prompt repeats per pair


class FakeTokenizer:
    """Chat template = 'role: content' lines; one token per character. Rejects system turns if asked."""

    def __init__(self, system_ok: bool = True):
        self.system_ok = system_ok
        self.calls = 0

    def apply_chat_template(self, conversations, tokenize=False):
        assert tokenize is False
        self.calls += 1
        if not self.system_ok and any(m["role"] == "system" for c in conversations for m in c):
            raise ValueError("System role not supported")
        return ["".join(f"{m['role']}:{m['content']}\n" for m in c) for c in conversations]

    def __call__(self, texts, add_special_tokens=False):
        return {"input_ids": [list(t) for t in texts]}


def test_tokenizer_counter_renders_the_template_and_counts_in_batches():
    tokenizer = FakeTokenizer()
    counter = TokenizerCounter(tokenizer, batch_size=2, family="chatml")
    convs = [
        [{"role": "user", "content": "ab"}],
        [{"role": "user", "content": "abcd"}],
        [{"role": "assistant", "content": ""}],
    ]
    assert counter.batch(convs) == [len("user:ab\n"), len("user:abcd\n"), len("assistant:\n")]
    assert tokenizer.calls == 2  # two batches of at most 2


def test_tokenizer_counter_folds_the_system_prompt_when_the_template_has_no_system_role():
    counter = TokenizerCounter(FakeTokenizer(system_ok=False), family="gemma")
    messages = with_system([{"role": "user", "content": "hi"}], "sys")
    assert counter(messages) == len("user:sys\n\nhi\n")


def test_fold_system_prompt_merges_into_the_first_user_turn():
    messages = [
        {"role": "system", "content": "Be kind."},
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "hello"},
    ]
    assert fold_system_prompt(messages) == [
        {"role": "user", "content": "Be kind.\n\nhi"},
        {"role": "assistant", "content": "hello"},
    ]
    assert messages[0]["role"] == "system"  # input untouched
    plain = [{"role": "user", "content": "hi"}]
    assert fold_system_prompt(plain) == plain


@pytest.mark.slow
def test_tokenizer_counter_matches_apply_chat_template_of_the_default_model():
    from empathic.modeling.loading import load_tokenizer

    tokenizer = load_tokenizer()
    convs = [
        [
            {"role": "user", "content": "I feel low today."},
            {"role": "assistant", "content": "I'm sorry. Want to talk about it?"},
        ],
        with_system(
            [
                {"role": "user", "content": "Café — naïve ünïcode 😀"},
                {"role": "assistant", "content": "Sure."},
            ],
            "Be warm.",
        ),
    ]
    expected = [len(tokenizer.apply_chat_template(c, tokenize=True, return_dict=False)) for c in convs]
    assert TokenizerCounter(tokenizer).batch(convs) == expected
