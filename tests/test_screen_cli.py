"""`empathic screen`: one JSON line per input line; bad lines get an error record and the rest go on."""

from __future__ import annotations

import io
import json
import sys

from empathic.cli import main


def _records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_screens_plain_and_json_lines_from_a_file_one_row_per_line_blank_lines_included(fixtures_dir, capsys):
    assert main(["screen", str(fixtures_dir / "safety" / "messages.txt")]) == 0
    records = _records(capsys.readouterr().out)
    assert [r["text"] for r in records] == [
        "I want to kill myself.",
        "This traffic is killing me.",
        "I just took a whole bottle of pills",
        "",  # the blank input line keeps its row, so output row k answers input line k
        "I killed it at my presentation",
    ]
    assert [r["crisis"] for r in records] == [True, False, True, False, False]
    assert [r["category"] for r in records] == ["suicidal_ideation", None, "immediate_danger", None, None]
    assert all(set(r) == {"text", "crisis", "category", "score", "language"} for r in records)


def test_default_is_the_chat_screen_and_rules_only_is_weaker(tmp_path, capsys):
    path = tmp_path / "m.txt"
    path.write_text("No le veo sentido a nada, quiero desaparecer\n", encoding="utf-8")
    assert main(["screen", str(path)]) == 0
    default = _records(capsys.readouterr().out)[0]
    assert default["crisis"] is True and default["language"] == "es"
    assert main(["screen", "--rules-only", str(path)]) == 0
    assert _records(capsys.readouterr().out)[0]["crisis"] is False


def test_the_cli_default_and_chat_use_the_same_second_opinion():
    from empathic.safety.defaults import default_second_opinion
    from empathic.safety.embedding import default_screener

    assert default_screener() is default_second_opinion()


def test_messages_lines_are_screened_as_a_conversation(tmp_path, capsys):
    conv = [{"role": "user", "content": "I want to kill myself"},
            {"role": "assistant", "content": "(escalation reply)"},
            {"role": "user", "content": "how many of my sleeping pills would it take"}]
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"messages": conv}) + "\n", encoding="utf-8")
    assert main(["screen", str(path)]) == 0
    rec = _records(capsys.readouterr().out)[0]
    assert rec["text"] == conv[-1]["content"] and rec["crisis"] is True


def test_stdin_bad_bytes_and_malformed_json_get_error_records_and_the_rest_go_on(monkeypatch, capsys):
    data = (
        b"I want to die\n"
        b"caf\xe9 au lait \xff\n"
        b'{"text": "unterminated\n'
        b'{"no_text": 1}\n'
        b'{"text": "my feet are killing me"}\n'
    )
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["screen"]) == 1  # non-zero so scripts notice the bad lines
    records = _records(capsys.readouterr().out)
    assert records[0]["crisis"] is True
    assert records[1]["line"] == 2 and "UTF-8" in records[1]["error"]
    assert records[2]["line"] == 3 and "malformed JSON" in records[2]["error"]
    assert records[3]["line"] == 4 and '"text"' in records[3]["error"]
    assert records[4]["text"] == "my feet are killing me" and records[4]["crisis"] is False


def test_missing_file_is_a_one_line_user_error(tmp_path, capsys):
    assert main(["screen", str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("empathic screen: error: input file not found") and err.count("\n") == 1


def test_redteam_flag_prints_metrics_for_the_chosen_split(capsys):
    assert main(["screen", "--redteam", "--split", "heldout"]) == 0
    metrics = json.loads(capsys.readouterr().out)
    assert metrics["split"] == "heldout"
    assert metrics["n_crisis"] >= 60 and metrics["n_benign"] >= 60
    assert 0.0 <= metrics["recall"] <= 1.0 and isinstance(metrics["missed"], list)


def test_split_without_redteam_is_a_user_error(capsys):
    assert main(["screen", "--split", "dev"]) == 2
    assert "only apply with --redteam" in capsys.readouterr().err


def test_train_and_eval_sources_need_a_data_dir(capsys):
    assert main(["screen", "train", "--out", "x.npz"]) == 2
    assert "--data-dir" in capsys.readouterr().err
    assert main(["screen", "eval-sources"]) == 2
    assert "--data-dir" in capsys.readouterr().err
