"""kill -9 at random points of `empathic data prepare` and `empathic train --overwrite` (real CLI in a
subprocess, tiny data and model, several seeds): what is left is the old complete state or the new
complete state, never a mix, and the next run recovers by itself. While a real run holds its folder, a
second writer is refused with the holder's pid.

Each seed picks a kill time uniformly over the writing part of the run (measured by one uninterrupted
calibration run of the same command), after a signal file says that part has started.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _train_helpers import REPO
from faults_helpers import snapshot, train_argv

from empathic.durable import is_complete, manifest_problems

pytestmark = pytest.mark.slow

HARNESS = Path(__file__).with_name("harness.py")
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false", "OMP_NUM_THREADS": "1",
       "PYTHONPATH": str(REPO)}
DATA_SEEDS = range(6)
TRAIN_SEEDS = range(3)


def launch(argv: list, signal_file: Path) -> subprocess.Popen:
    signal_file.unlink(missing_ok=True)
    return subprocess.Popen([sys.executable, str(HARNESS), str(signal_file), *map(str, argv)], cwd=REPO, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_for(signal_file: Path, proc: subprocess.Popen, timeout: float = 300) -> float:
    deadline = time.monotonic() + timeout
    while not signal_file.exists():
        assert proc.poll() is None, f"ended before its writing part:\n{proc.stdout.read()[-3000:]}"
        assert time.monotonic() < deadline, "never reached its writing part"
        time.sleep(0.01)
    return time.monotonic()


def calibrate(argv: list, signal_file: Path) -> float:
    """Seconds from the signal to the end of an uninterrupted run of `argv` (which must succeed)."""
    proc = launch(argv, signal_file)
    started = wait_for(signal_file, proc)
    out, _ = proc.communicate(timeout=600)
    assert proc.returncode == 0, out[-3000:]
    return time.monotonic() - started


def kill_at_random(argv: list, signal_file: Path, window: float, seed: int, meanwhile=None) -> float:
    """Run `argv`, SIGKILL it a random time into its writing part; returns that time (s).
    `meanwhile(pid)` runs as soon as the writing part has started (its time counts in the delay)."""
    delay = random.Random(seed).uniform(0, window)
    proc = launch(argv, signal_file)
    started = wait_for(signal_file, proc)
    if meanwhile is not None:
        meanwhile(proc.pid)
    time.sleep(max(0.0, delay - (time.monotonic() - started)))
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    return delay


def prepare_argv(data_root: Path, out: Path, seed: int) -> list:
    return ["data", "prepare", "--data-dir", data_root, "--out", out, "--tokenizer", "whitespace",
            "--set", f"seed={seed}"]


def test_kill_during_data_prepare_leaves_the_old_or_the_new_output(data_root, tmp_path, cli):
    out, signal_file = tmp_path / "prepared", tmp_path / "started"
    assert cli(*prepare_argv(data_root, out, 1)).code == 0
    old = snapshot(out)
    window = calibrate(prepare_argv(data_root, out, 2), signal_file)  # writes the new output over the old
    new = snapshot(out)
    assert new != old and is_complete(out)
    seen = set()
    for seed in DATA_SEEDS:
        shutil.rmtree(out)
        assert cli(*prepare_argv(data_root, out, 1)).code == 0  # back to the old output
        kill_at_random(prepare_argv(data_root, out, 2), signal_file, window * 1.2, seed)
        left = snapshot(out)
        assert left in (old, new), f"seed {seed}: a mix of two outputs"
        assert manifest_problems(out, hashes=True) == []
        seen.add("new" if left == new else "old")
        # The next run recovers: it succeeds and no half-written sibling is left behind.
        assert cli(*prepare_argv(data_root, out, 2)).code == 0 and snapshot(out) == new
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".prepared.") and "lock" not in p.name] == []
    print(f"data prepare kills over {window:.2f} s left: {sorted(seen)}")


def identity(run: Path) -> int:
    """The run's training seed, read from its config.yaml: tells the old run from the new one."""
    from empathic.io import read_yaml

    return read_yaml(run / "config.yaml")["seed"]


def test_kill_during_train_overwrite_leaves_the_old_or_the_new_run(finished_run, tiny_base, tmp_path, cli):
    from empathic.errors import UserError
    from empathic.training.merge import check_finished_adapter
    from empathic.training.run_folder import RunFolder

    run, signal_file = tmp_path / "run", tmp_path / "started"
    folder = RunFolder(run)
    old = snapshot(finished_run)

    def second_writer_is_refused(pid: int) -> None:
        """While the real run holds the folder, a second `train --resume` is refused, naming its pid."""
        result = cli(*new_argv[:-1], "--resume")
        assert result.code == 2
        assert f"is being written by another empathic process (pid {pid})" in result.error_line()

    new_argv = [*train_argv(tiny_base, run, seed=7, max_steps=4, save_steps=2, eval_steps=2), "--overwrite"]
    shutil.copytree(finished_run, run)
    window = calibrate(new_argv, signal_file)
    assert identity(run) == 7 and manifest_problems(run, hashes=True) == [] and not folder.replaced.exists()
    seen = []
    for seed in TRAIN_SEEDS:
        for leftover in (run, folder.replaced):
            shutil.rmtree(leftover, ignore_errors=True)
        shutil.copytree(finished_run, run)
        delay = kill_at_random(new_argv, signal_file, window, seed,
                               meanwhile=second_writer_is_refused if seed == 0 else None)
        if is_complete(run):  # the old run (killed before the swap) or the new one, whole
            assert manifest_problems(run, hashes=True) == [], f"seed {seed}: a finished run with damaged files"
            state = "new" if identity(run) == 7 else "old"
            if state == "old":
                assert {k: v for k, v in snapshot(run).items()} == old
        else:  # the new run was cut short: the old one is whole, kept aside, and readers say so
            state = "old, kept aside"
            assert snapshot(folder.replaced) == old, f"seed {seed}: the old run was damaged"
            with pytest.raises(UserError, match=r"\.run\.replaced"):
                check_finished_adapter(folder)
        seen.append(f"{delay:.1f}s: {state}")
    # The same command again finishes the job: a complete new run, the old one gone.
    assert cli(*new_argv).code == 0
    assert identity(run) == 7 and manifest_problems(run, hashes=True) == [] and not folder.replaced.exists()
    print(f"train kills over {window:.1f} s: {seen}")
