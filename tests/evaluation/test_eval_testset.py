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


def _grouped_rows(path, groups: int, per_group: int) -> None:
    import json

    rows = [{"messages": [{"role": "user", "content": f"post {g}.{k}"}, {"role": "assistant", "content": "reply"}],
             "group": f"g{g}"} for g in range(groups) for k in range(per_group)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_a_fresh_sample_shares_no_group_with_the_limited_evaluation(tmp_path):
    from empathic.evaluation.testset import fresh_lines

    path = tmp_path / "test.jsonl"
    _grouped_rows(path, groups=40, per_group=2)
    evaluated = load_examples(path, limit=10, seed=0).examples
    lines = fresh_lines(path, n=20, seed=6, avoid_limit=10)
    by_line = {e.line: e for e in load_examples(path).examples}
    assert len(lines) == 20 and lines == sorted(lines)
    assert not {by_line[n].group for n in lines} & {e.group for e in evaluated}
    assert fresh_lines(path, n=20, seed=6, avoid_limit=10) == lines
    assert fresh_lines(path, n=20, seed=7, avoid_limit=10) != lines


def test_a_further_fresh_sample_also_avoids_the_groups_of_earlier_sets(tmp_path, capsys):
    """Round 44's sets: disjoint from the evaluated rows and from an earlier fresh set (`data fresh --avoid`)."""
    from empathic.cli import main
    from empathic.evaluation.testset import fresh_lines

    path, first, second = tmp_path / "test.jsonl", tmp_path / "fresh1.jsonl", tmp_path / "fresh2.jsonl"
    _grouped_rows(path, groups=40, per_group=2)
    common = ["data", "fresh", "--data", str(path), "--avoid-limit", "10", "--n", "15"]
    assert main([*common, "--seed", "1", "--out", str(first)]) == 0
    assert main([*common, "--seed", "2", "--avoid", str(first), "--out", str(second)]) == 0
    groups = {name: {e.group for e in load_examples(f).examples} for name, f in (("first", first), ("second", second))}
    evaluated = {e.group for e in load_examples(path, limit=10, seed=0).examples}
    assert not groups["second"] & groups["first"] and not groups["second"] & evaluated
    assert f"and of {first}" in capsys.readouterr().out
    with pytest.raises(UserError, match="and the --avoid sets"):
        fresh_lines(path, n=60, seed=2, avoid_limit=10, avoid_files=(first,))


def test_a_fresh_sample_larger_than_what_is_left_or_without_groups_is_refused(tmp_path):
    from empathic.evaluation.testset import fresh_lines

    path = tmp_path / "test.jsonl"
    _grouped_rows(path, groups=5, per_group=2)
    with pytest.raises(UserError, match="usable rows lie outside"):
        fresh_lines(path, n=5, seed=1, avoid_limit=5)  # 5 evaluated rows from at least 3 groups leave <= 4 rows
    path.write_text('{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hey"}]}\n' * 3)
    with pytest.raises(UserError, match='no "group"'):
        fresh_lines(path, n=1, seed=1, avoid_limit=1)


def test_data_fresh_writes_the_sampled_rows_unchanged(tmp_path, capsys):
    from empathic.cli import main

    path, out = tmp_path / "test.jsonl", tmp_path / "fresh.jsonl"
    _grouped_rows(path, groups=30, per_group=1)
    assert main(["data", "fresh", "--data", str(path), "--avoid-limit", "10", "--n", "5", "--seed", "3",
                 "--out", str(out)]) == 0
    rows = path.read_text().splitlines()
    written = out.read_text().splitlines()
    assert len(written) == 5 and all(line in rows for line in written)
    assert "wrote" in capsys.readouterr().out


def test_data_fresh_with_evaluated_writes_the_evaluated_rows_then_the_fresh_ones(tmp_path):
    """The pooled set: exactly the rows `empathic eval --limit 10` takes, then 5 rows from other groups."""
    import json

    from empathic.cli import main

    path, out = tmp_path / "test.jsonl", tmp_path / "pooled.jsonl"
    _grouped_rows(path, groups=30, per_group=2)
    assert main(["data", "fresh", "--data", str(path), "--avoid-limit", "10", "--n", "5", "--seed", "3",
                 "--out", str(out), "--with-evaluated"]) == 0
    written = [json.loads(line) for line in out.read_text().splitlines()]
    evaluated = load_examples(path, limit=10, seed=0).examples
    assert len(written) == 15
    assert [r["group"] for r in written[:10]] == [e.group for e in evaluated]
    assert [r["messages"][0]["content"] for r in written[:10]] == [e.prompt[0]["content"] for e in evaluated]
    assert not {r["group"] for r in written[:10]} & {r["group"] for r in written[10:]}
