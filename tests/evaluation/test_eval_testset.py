"""Reading held-out chat rows: prompt = turns before the last assistant turn, reference = that turn."""

import pytest

from empathic.errors import UserError
from empathic.evaluation.testset import load_examples, parse_row


def test_fixture_rows_are_split_into_prompt_and_reference_and_bad_rows_counted(fixtures_dir):
    res = load_examples(fixtures_dir / "eval" / "chat_small.jsonl")
    assert len(res.examples) == 6
    assert res.skipped == {"invalid JSON": 1, "no assistant turn": 1, "empty reference": 1}
    first = res.examples[0]
    assert [m["role"] for m in first.prompt] == ["system", "user"]
    assert first.reference.startswith("That sounds really discouraging.")
    assert (first.source, first.group, first.emotion, first.line) == ("synthetic", "g1", "ashamed", 1)
    multi = res.examples[3]
    assert [m["role"] for m in multi.prompt] == ["user", "assistant", "user"]
    assert multi.last_user == "Nothing really works."
    assert multi.strategies == ["Question"] and multi.emotion is None


def test_limit_is_a_seeded_sample_in_file_order(fixtures_dir):
    path = fixtures_dir / "eval" / "chat_small.jsonl"
    a = [e.line for e in load_examples(path, limit=3, seed=0).examples]
    assert a == [e.line for e in load_examples(path, limit=3, seed=0).examples]
    assert len(a) == 3 and a == sorted(a)
    assert len(load_examples(path, limit=100).examples) == 6


@pytest.mark.parametrize("row, reason", [
    ([], "not a JSON object"),
    ({"messages": []}, "no messages list"),
    ({"messages": [{"role": "robot", "content": "x"}]}, "malformed message"),
    ({"messages": [{"role": "assistant", "content": "hi"}]}, "no user turn before the reply"),
])
def test_bad_rows_name_their_reason(row, reason):
    assert parse_row(row) == reason


def test_missing_or_useless_file_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="--data"):
        load_examples(tmp_path / "nope.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"messages": []}\n')
    with pytest.raises(UserError, match="no usable rows"):
        load_examples(bad)
