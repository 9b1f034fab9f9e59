"""The writers every command shares (empathic.durable): a failed or killed block leaves the old output,
a finished one leaves the new output with a COMPLETE marker that lists it."""

from __future__ import annotations

import pytest
from faults_helpers import snapshot

from empathic.durable import is_complete, manifest_problems, staged_files, staged_folder


def test_staged_folder_swaps_in_only_a_finished_output(tmp_path):
    out = tmp_path / "out"
    with staged_folder(out) as work:
        (work / "a.jsonl").write_text("old\n")
    old = snapshot(out)
    with pytest.raises(RuntimeError), staged_folder(out) as work:
        (work / "a.jsonl").write_text("new, half")
        raise RuntimeError("killed")
    assert snapshot(out) == old and [p.name for p in tmp_path.iterdir()] == ["out"]
    with staged_folder(out) as work:
        (work / "b.jsonl").write_text("new\n")
    assert sorted(snapshot(out)) == ["COMPLETE", "b.jsonl"] and manifest_problems(out, hashes=True) == []


def test_staged_files_keep_other_files_and_list_only_their_own(tmp_path):
    out = tmp_path / "eval"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with staged_files(out) as work:
        (work / "metrics.json").write_text("{}")
        (work / "plots").mkdir()
        (work / "plots" / "d.png").write_bytes(b"png")
    assert (out / "notes.txt").read_text() == "mine" and manifest_problems(out, hashes=True) == []
    before = snapshot(out)
    with pytest.raises(OSError), staged_files(out) as work:
        (work / "metrics.json").write_text('{"new": 1}')
        raise OSError(28, "No space left on device", str(work / "report.md"))
    assert snapshot(out) == before and is_complete(out)


def test_a_changed_file_no_longer_matches_the_marker(tmp_path):
    out = tmp_path / "out"
    with staged_folder(out) as work:
        (work / "train.jsonl").write_text("a\n")
    (out / "train.jsonl").write_text("b\n")
    assert manifest_problems(out, hashes=True) == ["train.jsonl changed"]
    (out / "train.jsonl").unlink()
    assert manifest_problems(out) == ["train.jsonl missing"]
