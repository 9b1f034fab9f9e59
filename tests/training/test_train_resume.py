"""--resume after a SIGKILL continues a real run with nothing lost: same steps, same losses, same adapter."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _train_helpers import CPU_RECIPE, REPO, tiny_recipe_overrides
from factories import one_thread, save_tiny_model, smollm2_tokenizer

from empathic.errors import UserError

pytestmark = pytest.mark.slow

STEPS = 10  # 16 training conversations, batch 2: the run crosses an epoch boundary (8 steps per epoch)


def train_argv(base: Path, out: Path) -> list[str]:
    argv = ["train", "--config", str(CPU_RECIPE)]
    for item in tiny_recipe_overrides(base, out, max_steps=STEPS):
        argv += ["--set", item]
    return argv


# The killed run is the real CLI; the only harness is a pause after the first checkpoint is written,
# so the SIGKILL lands mid-run deterministically instead of racing a fast tiny model.
PAUSE_AFTER_FIRST_CHECKPOINT = """
import sys, time
import transformers
save = transformers.Trainer._save_checkpoint
def save_then_pause(self, *args, **kwargs):
    save(self, *args, **kwargs)
    time.sleep(600)
transformers.Trainer._save_checkpoint = save_then_pause
from empathic.cli import main
sys.exit(main(sys.argv[1:]))
"""


def cli(argv: list[str], env: dict, pause: bool = False) -> subprocess.Popen:
    launcher = ["-c", PAUSE_AFTER_FIRST_CHECKPOINT] if pause else ["-m", "empathic.cli"]
    return subprocess.Popen(
        [sys.executable, *launcher, *argv], cwd=REPO, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def adapter_tensors(run: Path) -> dict:
    from safetensors.torch import load_file

    return load_file(run / "adapter_model.safetensors")


def logged(run: Path) -> tuple[dict[int, float], dict[int, float]]:
    history = json.loads((run / "metrics.json").read_text())
    train = {p["step"]: p["loss"] for p in history["train"]["losses"]}
    evals = {p["step"]: p["loss"] for p in history["eval"]["losses"]}
    return train, evals


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory) -> Path:
    return save_tiny_model(smollm2_tokenizer(), tmp_path_factory.mktemp("base") / "tiny")


def test_killed_run_resumes_to_the_same_result_as_an_uninterrupted_one(tiny_base, tmp_path):
    from empathic.cli import main
    from empathic.training.run_folder import RunFolder, is_complete_checkpoint

    # One thread everywhere: identical reductions in all three runs, and no OpenMP spin-waiting when the
    # machine is busy (a tiny model gains nothing from a second thread).
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false", "OMP_NUM_THREADS": "1"}
    reference, interrupted = tmp_path / "reference", tmp_path / "interrupted"

    # 1. A real run in a subprocess, killed with SIGKILL as soon as its first checkpoint is complete.
    proc = cli(train_argv(tiny_base, interrupted), env, pause=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if any(is_complete_checkpoint(c) for c in RunFolder(interrupted).checkpoints()):
            break
        time.sleep(0.02)
    assert proc.poll() is None, f"the run ended before it could be killed:\n{proc.stdout.read()[-3000:]}"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert not (interrupted / "adapter_model.safetensors").exists()  # it really died before finishing
    killed_at = max(int(c.name.split("-")[1]) for c in RunFolder(interrupted).checkpoints() if is_complete_checkpoint(c))
    assert killed_at < STEPS

    # 2. Resume it (in a fresh process) from the last complete checkpoint.
    resumed = cli([*train_argv(tiny_base, interrupted), "--resume"], env)
    out, _ = resumed.communicate(timeout=600)
    assert resumed.returncode == 0, out[-3000:]

    # 3. The same recipe, uninterrupted.
    with one_thread():
        assert main(train_argv(tiny_base, reference)) == 0

    metrics = json.loads((interrupted / "metrics.json").read_text())
    assert metrics["resumed_from"] == f"checkpoint-{killed_at}"
    assert metrics["train"]["global_step"] == STEPS == json.loads((reference / "metrics.json").read_text())["train"]["global_step"]
    ref_train, ref_eval = logged(reference)
    res_train, res_eval = logged(interrupted)
    # Steps logged after the resume point match the uninterrupted run (same data order, RNG and optimizer state).
    after = [s for s in ref_train if s > killed_at]
    assert after and all(res_train[s] == pytest.approx(ref_train[s], rel=1e-4) for s in after)
    assert all(res_eval[s] == pytest.approx(ref_eval[s], rel=1e-4) for s in ref_eval if s > killed_at)
    ref_weights, res_weights = adapter_tensors(reference), adapter_tensors(interrupted)
    assert ref_weights.keys() == res_weights.keys()
    for name, tensor in ref_weights.items():
        assert (tensor - res_weights[name]).abs().max().item() < 1e-5, name


def test_resume_skips_a_checkpoint_left_half_written(tmp_path):
    from empathic.training.run_folder import RunFolder

    for step, complete in ((2, True), (4, True), (6, False)):
        folder = tmp_path / f"checkpoint-{step}"
        folder.mkdir()
        if complete:
            (folder / "trainer_state.json").write_text("{}")
    assert RunFolder(tmp_path).last_complete_checkpoint().name == "checkpoint-4"


def test_resume_without_checkpoints_and_rerun_over_a_finished_run_are_user_errors(tmp_path):
    from empathic.training.recipe import Machine, load_recipe
    from empathic.training.run_folder import prepare_run_dir

    recipe = load_recipe(CPU_RECIPE, [f"output_dir={tmp_path / 'run'}"], machine=Machine(cuda=False))
    with pytest.raises(UserError, match="no complete checkpoint"):
        prepare_run_dir(recipe, resume=True, overwrite=False)
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "config.yaml").write_text(recipe.to_yaml())
    with pytest.raises(UserError, match="already holds a run; pass --resume"):
        prepare_run_dir(recipe, resume=False, overwrite=False)


def test_resume_with_a_different_recipe_is_refused(tmp_path):
    from empathic.training.recipe import Machine, load_recipe
    from empathic.training.run_folder import prepare_run_dir

    run = tmp_path / "run"
    first = load_recipe(CPU_RECIPE, [f"output_dir={run}"], machine=Machine(cuda=False))
    (run / "checkpoint-5").mkdir(parents=True)
    (run / "checkpoint-5" / "trainer_state.json").write_text("{}")
    (run / "config.yaml").write_text(first.to_yaml())
    changed = load_recipe(CPU_RECIPE, [f"output_dir={run}", "learning_rate=1e-3"], machine=Machine(cuda=False))
    with pytest.raises(UserError, match=r"differs from the one the run started with \(learning_rate\)"):
        prepare_run_dir(changed, resume=True, overwrite=False)
    assert prepare_run_dir(first, resume=True, overwrite=False).name == "checkpoint-5"
