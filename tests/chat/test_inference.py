"""`python Inference/inference.py` is the same program as `empathic chat`, runnable from the repo root."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from fixtures.chat.tiny_models import FIRST_TURN, runon_model

REPO = Path(__file__).resolve().parents[2]


def test_inference_script_answers_one_prompt_with_one_turn(tmp_path):
    model = tmp_path / "tmp_model"
    shutil.copytree(runon_model("runon-chatml-text"), model)  # a model that runs on into "User: ..."
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    result = subprocess.run(
        [sys.executable, "Inference/inference.py", "--base", str(model), "--no-adapter",
         "--temperature", "0", "--prompt", "I had a bad day at work"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == FIRST_TURN + "\n"
    assert "I'm an AI companion" in result.stderr
    assert "Traceback" not in result.stderr
