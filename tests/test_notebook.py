"""The Colab notebook runs top to bottom (CPU recipe, tiny settings) so it cannot rot."""

from __future__ import annotations

import json
import os
import sys

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
