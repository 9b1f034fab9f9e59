"""Disk full (a patched writer raising ENOSPC part-way): the message says "no space left on device",
names the file, and the old state survives whole."""

from __future__ import annotations

import errno
import json

import pytest
from faults_helpers import snapshot, train_argv

from empathic.durable import manifest_problems

pytestmark = pytest.mark.usefixtures("one_thread")


def enospc(path) -> OSError:
    return OSError(errno.ENOSPC, "No space left on device", str(path))


def test_data_prepare_out_of_space_keeps_the_old_output(data_root, tmp_path, cli, monkeypatch):
    from empathic.data import pipeline

    out = tmp_path / "prepared"
    argv = ["data", "prepare", "--data-dir", data_root, "--out", out, "--tokenizer", "whitespace"]
    assert cli(*argv, "--set", "seed=1").code == 0
    old = snapshot(out)
    real_write, calls = pipeline._write_jsonl, []

    def fill_up(path, records):
        calls.append(path)
        if len(calls) == 2:
            real_write(path, records[: len(records) // 2])  # half a file, then the disk is full
            raise enospc(path)
        real_write(path, records)

    monkeypatch.setattr(pipeline, "_write_jsonl", fill_up)
    result = cli(*argv, "--set", "seed=2")
    assert result.code == 1
    assert "valid.jsonl: no space left on device; free some space or write elsewhere" in result.error_line()
    assert snapshot(out) == old
    assert sorted(p.name for p in tmp_path.iterdir()) == [".prepared.lock", "prepared"]  # no half-written sibling


@pytest.mark.parametrize("checkpoints", [False, True], ids=["no-checkpoint", "with-checkpoint"])
def test_train_overwrite_out_of_space_at_the_end_keeps_the_old_run(run_copy, tiny_base, cli, monkeypatch, checkpoints):
    """Without a checkpoint the old run is put back in place; with one (the new run is resumable)
    the old run stays whole beside it until the new one finishes."""
    from empathic.training import sft
    from empathic.training.run_folder import RunFolder

    old = snapshot(run_copy)
    folder = RunFolder(run_copy)

    def full(path, *args, **kwargs):
        raise enospc(path)

    monkeypatch.setattr(sft, "write_json", full)  # metrics.json, the last file before COMPLETE
    saving = {"save_steps": 1} if checkpoints else {"save_strategy": "no"}
    result = cli(*train_argv(tiny_base, run_copy, seed=3, **saving), "--overwrite")
    line = result.error_line()
    assert result.code == 2 and "metrics.json: no space left on device" in line
    if checkpoints:
        assert "continue with --resume (from checkpoint-2)" in line and str(folder.replaced) in line
        assert snapshot(folder.replaced) == old
        monkeypatch.undo()
        assert cli(*train_argv(tiny_base, run_copy, seed=3, **saving), "--resume").code == 0
        assert manifest_problems(run_copy, hashes=True) == [] and not folder.replaced.exists()
    else:
        assert f"the previous run in {run_copy} is back as it was" in line
        assert snapshot(run_copy) == old and not folder.replaced.exists()


def test_chat_batch_out_of_space_keeps_the_old_output_and_resumes(tiny_base, tmp_path, cli, monkeypatch):
    from empathic.chat import batch

    src, out = tmp_path / "in.jsonl", tmp_path / "replies.jsonl"
    src.write_text("".join(json.dumps({"id": i, "prompt": "hi"}) + "\n" for i in range(3)), encoding="utf-8")
    out.write_text('{"old": true}\n', encoding="utf-8")
    argv = ["chat", "--base", tiny_base, "--no-adapter", "--screener", "rules", "--max-new-tokens", "2",
            "--temperature", "0", "--input", src, "--output", out, "--batch-size", "1"]
    real_row, made = batch._reply_row, []

    def full_after_one(*args, **kwargs):
        made.append(1)
        if len(made) == 2:
            raise enospc(batch.partial_path(out))
        return real_row(*args, **kwargs)

    monkeypatch.setattr(batch, "_reply_row", full_after_one)
    result = cli(*argv, "--overwrite")
    assert result.code == 2
    assert "replies.jsonl.partial: no space left on device" in result.error_line()
    assert "1 of 3 lines kept in" in result.error_line() and "--resume" in result.error_line()
    assert out.read_text(encoding="utf-8") == '{"old": true}\n'  # the old output is untouched
    monkeypatch.setattr(batch, "_reply_row", real_row)
    result = cli(*argv, "--resume")
    assert result.code == 0, result.err[-2000:]
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [0, 1, 2] and not batch.partial_path(out).exists()
    assert "1 already answered" in result.err
