"""Work is never lost and a failure never blocks the retry: --overwrite keeps the finished run until the
new one finishes, a failed start leaves the folder as it was, --resume on a finished run is a no-op,
the resume hint works on a copied run folder, and broken source rows are reported on the console."""

from __future__ import annotations

import json
import shutil

import pytest
from faults_helpers import snapshot, train_argv

from empathic.durable import manifest_problems

pytestmark = pytest.mark.usefixtures("one_thread")


def test_overwrite_with_a_start_failure_keeps_the_finished_run(run_copy, tiny_base, cli):
    from empathic.training.run_folder import RunFolder

    old = snapshot(run_copy)
    result = cli(*train_argv(tiny_base, run_copy, lora_target_modules="q_proj,qkv_proj"), "--overwrite")
    assert result.code == 2 and "'qkv_proj' is not a module" in result.error_line()
    assert snapshot(run_copy) == old and not RunFolder(run_copy).replaced.exists()


def test_a_failed_start_leaves_nothing_and_the_corrected_command_just_works(tiny_base, tmp_path, cli):
    run = tmp_path / "run"
    result = cli(*train_argv(tiny_base, run, lora_target_modules="q_proj,qkv_proj"))  # fails after loading the model
    assert result.code == 2 and not run.exists()
    assert cli(*train_argv(tiny_base, run)).code == 0  # no "already holds a run"
    assert manifest_problems(run, hashes=True) == []


def test_resume_on_a_finished_run_is_a_clear_no_op(run_copy, tiny_base, cli):
    before = snapshot(run_copy)
    result = cli(*train_argv(tiny_base, run_copy), "--resume")
    assert result.code == 0
    assert f"{run_copy} already finished; nothing to resume (pass --overwrite to train it again)" in result.out
    assert snapshot(run_copy) == before  # no extra step, metrics.json not rewritten


def test_the_resume_hint_on_a_copied_run_folder_resumes_the_copy(finished_run, tmp_path, cli):
    """`empathic train --config RUN/config.yaml --resume` (what the run folder says) on a copy of an
    unfinished run continues the copy, not the folder the run was started in."""
    from empathic.training.run_folder import RunFolder

    original, copy = tmp_path / "original", tmp_path / "copy"
    shutil.copytree(finished_run, original)
    for name in ("COMPLETE", "metrics.json", "adapter_model.safetensors", "adapter_config.json", "checkpoint-2"):
        path = original / name
        shutil.rmtree(path) if path.is_dir() else path.unlink()  # as if killed after checkpoint-1
    config = (original / "config.yaml").read_text(encoding="utf-8")
    (original / "config.yaml").write_text(config.replace(str(finished_run), str(original)), encoding="utf-8")
    shutil.copytree(original, copy)
    untouched = snapshot(original)
    result = cli("train", "--config", copy / "config.yaml", "--resume")
    assert result.code == 0, result.err[-2000:]
    assert snapshot(original) == untouched
    assert manifest_problems(copy, hashes=True) == [] and RunFolder(copy).is_finished()
    assert json.loads((copy / "metrics.json").read_text())["resumed_from"] == "checkpoint-1"


def test_broken_source_rows_are_reported_on_the_console(data_root, tmp_path, cli):
    result = cli("data", "prepare", "--data-dir", data_root, "--out", tmp_path / "out", "--sources", "mhcc",
                 "--tokenizer", "whitespace")
    assert result.code == 0
    assert "warning: mhcc: skipped 2 unreadable row(s) (bad_json 1, wrong_type 1; first: mhcc:combined_dataset_subset.json:3)" \
        in result.out


def test_screen_keeps_one_output_row_per_input_line_blank_lines_included(tmp_path, cli):
    src = tmp_path / "m.txt"
    src.write_bytes(b"hello\n\n  \nI feel fine\n\xff\n")
    result = cli("screen", "--rules-only", src)
    rows = [json.loads(line) for line in result.out.splitlines()]
    assert len(rows) == 5 and rows[1]["text"] == "" and "UTF-8" in rows[4]["error"]
    assert result.code == 1  # a bad line is reported in its row and in the exit code
