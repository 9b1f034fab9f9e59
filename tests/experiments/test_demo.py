"""`make demo`: the shipped sample, the split it trains on, and the whole flow on tiny settings."""

from __future__ import annotations

import json

import pytest

from empathic.experiments.demo import main, sample_conversations, write_sample_split


def test_sample_conversations_are_well_formed_chats():
    sample = sample_conversations()
    assert 60 <= len(sample) <= 100
    assert len({r["group"] for r in sample}) == len(sample)
    for record in sample:
        roles = [m["role"] for m in record["messages"]]
        assert roles[0] == "user" and roles[-1] == "assistant"
        assert all(a != b for a, b in zip(roles, roles[1:], strict=False))  # strictly alternating turns
        assert all(m["content"].strip() == m["content"] and len(m["content"]) > 10 for m in record["messages"])


def test_sample_split_is_stable_and_has_no_conversation_in_two_splits(tmp_path):
    first = write_sample_split(tmp_path / "a")
    second = write_sample_split(tmp_path / "b")
    groups = {}
    for split in ("train", "valid", "test"):
        text = (first / f"{split}.jsonl").read_text()
        assert text == (second / f"{split}.jsonl").read_text()
        groups[split] = {json.loads(line)["group"] for line in text.splitlines()}
        assert groups[split], split
    assert not (groups["train"] & groups["valid"] or groups["train"] & groups["test"] or groups["valid"] & groups["test"])
    assert sum(len(g) for g in groups.values()) == len(sample_conversations())


@pytest.mark.slow
def test_demo_trains_then_prints_base_and_tuned_replies_and_the_chat_command(tmp_path, capsys, one_thread):
    out = tmp_path / "demo"
    argv = ["--out", str(out), "--max-new-tokens", "8"]
    for item in ("max_steps=1", "max_length=64", "per_device_train_batch_size=2", "gradient_accumulation_steps=1",
                 "max_eval_examples=2", "max_test_examples=2", "base_model_eval=false", "dataloader_pin_memory=false",
                 "warmup_steps=0"):
        argv += ["--set", item]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert (out / "adapter_model.safetensors").is_file() and (out / "README.md").is_file()
    assert printed.count("--- BASE") == 3 and printed.count("--- TUNED") == 3
    assert "I didn't get the job I really wanted" in printed  # the recipe's demo prompts
    assert "empathic chat" in printed and "Inference/inference.py" in printed
    by_source = json.loads((out / "metrics.json").read_text())["data"]["train_by_source"]
    assert list(by_source) == ["empathic_sample"]  # no --data-dir: the shipped sample


def test_demo_rejects_a_missing_data_dir(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path / "nope"), "--out", str(tmp_path / "demo")]) == 2
    assert "is not a folder" in capsys.readouterr().err
