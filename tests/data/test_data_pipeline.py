"""End to end on the synthetic fixtures (whitespace token counter): output format, leak-freedom,
determinism, stats, and the CLI's one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures.data.build_fixtures import fixture_root

from empathic.cli import main
from empathic.data import load_config, prepare
from empathic.data.clean import normalise_key
from empathic.data.tokens import whitespace_counter

FIX = fixture_root()  # synthetic, written at test time
SHARED = FIX / "shared"
SPLITS = ("train", "valid", "test")


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def run(out: Path, *overrides: str, description: Path | None = None) -> dict:
    config = load_config(None, ["max_repeat=1", *overrides])
    return prepare(config, SHARED, out, token_counter=whitespace_counter, description=description)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("prepared")
    return out, run(out, description=out / "data_description.md")


def test_writes_splits_classification_and_stats(built):
    out, stats = built
    for split in SPLITS:
        assert (out / f"{split}.jsonl").is_file()
        assert (out / "classification" / f"goemotions.{split}.jsonl").is_file()
    assert json.loads((out / "stats.json").read_text()) == stats


def test_every_line_is_an_alternating_conversation_in_the_sft_schema(built):
    out, _ = built
    for split in SPLITS:
        for line in read(out / f"{split}.jsonl"):
            assert set(line) == {"messages", "source", "group", "emotion", "strategies", "id"}
            roles = [m["role"] for m in line["messages"]]
            assert roles[0] == "user" and roles[-1] == "assistant"
            assert all(a != b for a, b in zip(roles, roles[1:], strict=False))
            assert all(m["content"] and m["content"] == m["content"].strip() for m in line["messages"])
            if line["source"] == "esconv":
                assert len(line["strategies"]) == roles.count("assistant")
            else:
                assert line["strategies"] is None


def test_no_group_and_no_normalised_reply_is_in_two_splits(built):
    out, _ = built
    group_split: dict[str, str] = {}
    reply_split: dict[str, str] = {}
    for split in SPLITS:
        for line in read(out / f"{split}.jsonl"):
            assert group_split.setdefault(line["group"], split) == split
            for m in line["messages"]:
                if m["role"] == "assistant":
                    assert reply_split.setdefault(normalise_key(m["content"]), split) == split


def test_shared_question_text_and_its_mhcc_copy_share_one_group(built):
    out, _ = built
    lines = [line for s in SPLITS for line in read(out / f"{s}.jsonl")]
    partner = [
        line for line in lines if line["messages"][0]["content"].startswith("My partner never listens")
    ]
    assert {line["source"] for line in partner} == {"counsel_chat", "mhcc"}
    assert len({line["group"] for line in partner}) == 1


def test_cross_source_and_exact_duplicates_are_not_written(built):
    out, stats = built
    replies = [line["messages"][-1]["content"] for s in SPLITS for line in read(out / f"{s}.jsonl")]
    assert replies.count("Talk to someone you trust about it.") == 1  # CounselChat's, not MHCC's copy
    assert "A low-upvote answer about worth." not in replies  # MHCC copy of a non-top answer
    assert stats["sources"]["mhcc"]["dropped"]["duplicate_of_counsel_chat"]["count"] == 2
    assert stats["sources"]["empathetic_dialogues"]["dropped"]["duplicate_exact"]["count"] == 1
    ids = [line["id"] for s in SPLITS for line in read(out / f"{s}.jsonl")]
    assert len(ids) == len(set(ids))


def test_stats_count_each_bad_row_reason_with_an_example_id(built):
    _, stats = built
    mhcc = stats["sources"]["mhcc"]
    assert mhcc["rows_read"] == 7
    assert mhcc["dropped"]["bad_json"] == {"count": 1, "example_id": "mhcc:combined_dataset_subset.json:3"}
    assert mhcc["dropped"]["missing_field"]["count"] == 1 and mhcc["dropped"]["wrong_type"]["count"] == 1
    assert stats["sources"]["esconv"]["dropped"]["bad_json"]["count"] == 1
    assert stats["sources"]["counsel_chat"]["dropped"]["bad_upvotes"]["count"] == 1
    goemotions = stats["sources"]["goemotions"]
    assert (
        goemotions["dropped"]["malformed_row"]["count"] == 1
        and goemotions["dropped"]["bad_labels"]["count"] == 1
    )
    assert stats["sources"]["esconv"]["license"].startswith("CC BY-NC")
    assert set(stats["splits"]["train"]["tokens"]) == {"p50", "p90", "p99", "max", "n"}
    assert stats["splits"]["train"]["strategies"]


def test_written_counts_match_the_files(built):
    out, stats = built
    for split in SPLITS:
        lines = read(out / f"{split}.jsonl")
        for source, entry in stats["sources"].items():
            if entry["task"] == "sft":
                assert entry["written"][split] == sum(line["source"] == source for line in lines)
        assert stats["splits"][split]["examples"] == len(lines)


def test_goemotions_rows_stay_multi_label_and_held_out_texts_leave_train(built):
    out, _ = built
    train = read(out / "classification" / "goemotions.train.jsonl")
    test = read(out / "classification" / "goemotions.test.jsonl")
    assert {
        "text": "[NAME] is the best, love it",
        "labels": ["admiration", "love"],
        "group": "c001",
        "source": "goemotions",
    } in train
    assert "c003" not in {r["group"] for r in train}  # "Thank you!" is also in test as "thank you"
    assert "c200" in {r["group"] for r in test}


def test_description_is_written_from_the_stats(built):
    out, _ = built
    text = (out / "data_description.md").read_text(encoding="utf-8")
    for fragment in (
        "## Sources",
        "counsel_chat",
        "duplicate_of_counsel_chat",
        "p99",
        "Apache-2.0",
        "## Train mix",
    ):
        assert fragment in text


def test_same_config_gives_byte_identical_files_and_a_new_seed_does_not(tmp_path):
    run(tmp_path / "a")
    run(tmp_path / "b")
    run(tmp_path / "c", "seed=99")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.json*"))
    assert len(files) == 7
    for rel in files:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    assert (tmp_path / "a" / "train.jsonl").read_bytes() != (tmp_path / "c" / "train.jsonl").read_bytes()


def test_system_prompt_is_a_leading_system_message(tmp_path):
    run(tmp_path, "system_prompt=You are a warm listener.", "sources.goemotions.enabled=false")
    for line in read(tmp_path / "train.jsonl"):
        assert line["messages"][0] == {"role": "system", "content": "You are a warm listener."}
        assert line["messages"][1]["role"] == "user"


def test_long_conversations_are_windowed_in_the_output(tmp_path):
    stats = run(tmp_path, "max_tokens=30", "sources.goemotions.enabled=false")
    lines = [line for s in SPLITS for line in read(tmp_path / f"{s}.jsonl")]
    windows = [line for line in lines if line["id"].startswith("empathetic_dialogues:hit:4_conv:4#w")]
    assert len(windows) > 1
    assert all(whitespace_counter(w["messages"]) <= 30 for w in windows)
    assert stats["sources"]["empathetic_dialogues"]["fixes"]["conversations_windowed"] == 1


def test_target_total_and_caps_shape_the_train_mix(tmp_path):
    stats = run(tmp_path, "target_total=10", "sources.counsel_chat.cap=2")
    assert stats["splits"]["train"]["examples"] == 10
    assert stats["mix"]["counsel_chat"]["train_selected"] <= 2


# --- CLI -------------------------------------------------------------------------------------------


def cli(capsys, *args: str) -> tuple[int, str]:
    code = main(["data", *args])
    return code, capsys.readouterr().err.strip()


def test_cli_prepare_writes_outputs_and_description(tmp_path, capsys):
    code = main(["data", "prepare", "--data-dir", str(SHARED), "--out", str(tmp_path / "out"),
                 "--tokenizer", "whitespace", "--description", str(tmp_path / "desc.md")])  # fmt: skip
    assert code == 0
    assert "wrote" in capsys.readouterr().out
    stats = json.loads((tmp_path / "out" / "stats.json").read_text())
    assert stats["command"].startswith("empathic data prepare --data-dir")
    assert "empathic data prepare" in (tmp_path / "desc.md").read_text()
    assert (
        main(
            [
                "data",
                "describe",
                "--stats",
                str(tmp_path / "out" / "stats.json"),
                "--description",
                str(tmp_path / "again.md"),
            ]
        )
        == 0
    )
    assert (tmp_path / "again.md").read_text() == (tmp_path / "desc.md").read_text()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--data-dir", "/no/such/dir"], "--data-dir"),
        (["--sources", "esconv,esconf"], "unknown dataset 'esconf'; did you mean 'esconv'"),
        (["--sources", "mhcc", "--set", "sources.mhcc.path=/no/such/file.json"], "file or folder not found"),
        (
            ["--sources", "mhcc", "--set", "sources.mhcc.path=someone/not-on-this-machine"],
            "cannot load Hub dataset",
        ),
        (
            ["--sources", "mhcc"],
            "Amod/mental_health_counseling_conversations",
        ),  # no --data-dir: default Hub id
        (["--set", "alpah=1", "--data-dir", str(SHARED)], "did you mean 'alpha'"),
        (["--config", "/no/such.yaml"], "data config not found"),
    ],
)
def test_cli_mistakes_print_one_line_and_exit_2(tmp_path, capsys, monkeypatch, args, fragment):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    code, err = cli(capsys, "prepare", "--out", str(tmp_path / "out"), "--tokenizer", "whitespace", *args)
    assert code == 2
    assert len(err.splitlines()) == 1, err
    assert err.startswith("empathic data: error:") and fragment in err


def test_cli_data_without_an_action_exits_2(capsys):
    code, err = cli(capsys)
    assert code == 2 and "prepare" in err


def test_given_splits_are_used_only_when_allowed_and_really_split():
    from empathic.data.pipeline import respected_given_splits

    given = {
        "esconv": ["train", "test", "valid"],
        "empathetic_dialogues": ["train", "train"],  # a lone train file: hash split instead
        "counsel_chat": ["train", "valid"],  # its given split leaks: never used
        "mhcc": [None],
    }
    assert respected_given_splits(load_config(None), given) == {"esconv"}
    assert respected_given_splits(load_config(None, ["sources.esconv.use_given_split=false"]), given) == set()


def test_a_single_train_file_is_split_by_group_hash(tmp_path):
    path = SHARED / "empathetic_dialogues_llm" / "train.parquet"
    stats = run(tmp_path, f"sources.empathetic_dialogues.path={path}", "sources.goemotions.enabled=false")
    assert stats["sources"]["empathetic_dialogues"]["given_split_respected"] is False
    assert stats["sources"]["esconv"]["given_split_respected"] is True
