"""The Colab notebook runs top to bottom (CPU recipe, tiny settings) so it cannot rot."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
from _train_helpers import PREPARED, REPO

pytestmark = pytest.mark.slow

NOTEBOOK = REPO / "finetuning" / "gemmaemp.ipynb"


def test_notebook_has_a_parameters_cell_and_calls_the_package():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and "CONFIG = " in params[0].source and "INSTALL = " in params[0].source
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for call in ("load_recipe(", "prepare_data(", "train(recipe", "base_and_tuned_replies(", "push_run(", "notebook_login()"):
        assert call in code, call
    assert "SFTTrainer(" not in code  # the package does the training, the notebook only drives it


def test_notebook_executes_with_the_cpu_recipe(tmp_path, caplog):
    papermill = pytest.importorskip("papermill")
    # A kernelspec for this interpreter, found through JUPYTER_PATH: independent of installed kernels.
    kernel_dir = tmp_path / "jupyter" / "kernels" / "empathic-test"
    kernel_dir.mkdir(parents=True)
    (kernel_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "empathic test", "language": "python",
    }))
    run = tmp_path / "run"
    overrides = [
        f"output_dir={run}", f"data_prepared={PREPARED}", "max_steps=1", "max_length=64",
        "per_device_train_batch_size=2", "gradient_accumulation_steps=1", "eval_steps=1", "save_steps=1",
        "max_eval_examples=2", "max_test_examples=2", "base_model_eval=false", "dataloader_pin_memory=false",
        "cpu_compile=false",
    ]
    env = {"JUPYTER_PATH": str(tmp_path / "jupyter"), "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        papermill.execute_notebook(
            str(NOTEBOOK), str(tmp_path / "out.ipynb"), kernel_name="empathic-test", cwd=str(REPO),
            parameters={
                "CONFIG": "finetuning/configs/smollm2-135m-cpu.yaml", "OVERRIDES": overrides, "DATA_DIR": None,
                "INSTALL": False, "HUB_LOGIN": False, "HUB_REPO": "someone/notebook-test", "PUSH": False,
                "MAX_NEW_TOKENS": 8,
            },
            progress_bar=False, execution_timeout=600,
        )
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    import nbformat

    executed = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert "Passed unknown parameter" not in caplog.text  # every injected parameter exists in the notebook
    outputs = "\n".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
    assert (run / "adapter_model.safetensors").is_file() and (run / "README.md").is_file()
    assert "--- TUNED" in outputs and "would upload" in outputs  # sample replies and the push (dry run)


# ---------------------------------------------------------------- Colab: install and parameters


def _cells():
    import nbformat

    return nbformat.read(NOTEBOOK, as_version=4).cells


def _install_cell() -> str:
    return next(c.source for c in _cells() if c.cell_type == "code" and "requirements-colab.txt" in c.source)


def test_repo_url_is_the_first_documented_parameter():
    params = next(c for c in _cells() if "parameters" in c.metadata.get("tags", []))
    first = [line for line in params.source.splitlines() if line and not line.startswith("#")][0]
    assert first.startswith('REPO_URL = ""') and "git URL" in first
    for name in ("DRIVE_DIR = None", "RESUME = False"):
        assert name in params.source


def run_install_cell(monkeypatch, cwd, **params):
    """Execute the install cell in `cwd` with pip and git replaced by a recorder; returns the commands."""
    import subprocess

    commands: list[list[str]] = []

    def run(cmd, check):
        commands.append(list(cmd))
        if cmd[:2] == ["git", "clone"]:  # a clone leaves a checkout behind
            (Path(cmd[-1]) / "empathic").mkdir(parents=True)
            (Path(cmd[-1]) / "empathic" / "__init__.py").write_text("")

    monkeypatch.setattr(subprocess, "run", run)
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(sys, "path", list(sys.path))
    exec(_install_cell(), {"INSTALL": True, "REPO_URL": "", **params})
    return commands


def test_without_repo_url_outside_a_checkout_the_install_cell_says_what_to_set(monkeypatch, tmp_path):
    with pytest.raises(SystemExit, match="REPO_URL is not set: put the git URL"):
        run_install_cell(monkeypatch, tmp_path)


def test_the_install_is_restart_free_runtime_only_and_leaves_torch_to_colab(monkeypatch, tmp_path):
    url = "https://example.invalid/empathic.git"
    commands = run_install_cell(monkeypatch, tmp_path, REPO_URL=url)
    checkout = tmp_path / "empathic-repo"
    assert commands[0] == ["git", "clone", "--depth", "1", url, "empathic-repo"]
    pip = [c for c in commands if "pip" in c]
    assert len(pip) == 2
    assert pip[0][-2:] == ["-r", "requirements-colab.txt"] and pip[1][-3:] == ["--no-deps", "-e", "."]
    assert not any("requirements.txt" in c for c in pip[0])  # never the whole dev requirements
    assert str(checkout) in sys.path  # importable in the running kernel, without a restart

    wanted = [line.split("#")[0].strip() for line in (REPO / "requirements-colab.txt").read_text().splitlines()]
    names = {re.split(r"[<>=!~ ]", line)[0].lower() for line in wanted if line}
    pinned = {re.split(r"==", line)[0].lower() for line in (REPO / "requirements.txt").read_text().splitlines()
              if line and not line.startswith("#")}
    assert names <= pinned  # the same packages the test suite runs, nothing new
    assert not names & {"torch", "numpy", "pandas", "pyarrow", "matplotlib", "pytest", "ruff", "papermill", "playwright"}


def test_checkpoints_can_live_on_drive_and_the_train_cell_resumes_there():
    code = "\n".join(c.source for c in _cells() if c.cell_type == "code")
    assert 'drive.mount("/content/drive")' in code and "output_dir={Path(DRIVE_DIR)" in code
    assert "train(recipe, resume=True) if RESUME else train(recipe, overwrite=True)" in code
