"""Scale-out through accelerate: `empathic train` in two processes (CPU, gloo) trains like one process.

Same global batch (two processes x 1 example vs one process x 2), same data order, so the loss
curves must agree up to bf16-autocast noise, and only rank 0 may write the run folder. The GPU
configs in finetuning/accelerate/ are config-tested only: accelerate's own parser and launcher
checks read them; nothing here runs DDP on GPUs, FSDP or DeepSpeed (not installed).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from _train_helpers import CPU_RECIPE, REPO, tiny_recipe_overrides
from factories import save_tiny_model, smollm2_tokenizer

ACCELERATE_CONFIGS = REPO / "finetuning" / "accelerate"
# Per-step training loss, two processes vs one (Notes/scaling_out.md, 8 steps): float32, max difference
# 1.9e-6; the CPU recipe's bf16 autocast (padding changes its rounding) 1.6e-4. LoRA dropout is off:
# with it on, two processes draw other dropout masks than one process does, and the curves drift
# apart by up to 0.005 within 8 steps: sampling noise, not a scale-out error.
LOSS_TOLERANCE = 2e-3
STEPS = 6

# Runs `empathic` with Python's audit hook on ranks other than 0, recording every write, rename,
# mkdir and removal under the run folder. It sees Python-level file access (our JSON, YAML, card,
# plot; transformers' trainer state); weights written from native code (safetensors, torch.save)
# are outside its view, and transformers already saves those on rank 0 only.
AUDITED_MAIN = """
import json, os, sys
from pathlib import Path

run_dir, rank, events = os.environ["AUDIT_RUN_DIR"], int(os.environ.get("RANK", "0")), []

def hook(event, args):
    if not args or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    path = os.fsdecode(args[0])
    if not path.startswith(run_dir):
        return
    if event == "open":
        mode, flags = args[1], args[2]
        if any(c in mode for c in "wax+") if isinstance(mode, str) else flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            events.append(f"write {path}")
    elif event in ("os.mkdir", "os.remove", "os.rename", "os.replace", "os.rmdir", "shutil.rmtree"):
        events.append(f"{event} {path}")

if rank != 0:
    sys.addaudithook(hook)
from empathic.cli import main
try:
    code = main(sys.argv[1:])
finally:
    if rank != 0:
        Path(os.environ["AUDIT_OUT"]).write_text(json.dumps(events))
sys.exit(code)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env() -> dict[str, str]:
    # One thread per process: two processes share two cores with everything else on the machine.
    return {**os.environ, "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
            "HF_DATASETS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}


def _train_args(base: Path, out: Path, per_device_batch: int) -> list[str]:
    sets = tiny_recipe_overrides(base, out, per_device_train_batch_size=per_device_batch, max_steps=STEPS,
                                 eval_strategy="no", save_steps=3, lora_dropout=0)
    return ["train", "--config", str(CPU_RECIPE), *(arg for s in sets for arg in ("--set", s))]


def _losses(run: Path) -> list[float]:
    return [entry["loss"] for entry in json.loads((run / "metrics.json").read_text())["train"]["losses"]]


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Path]:
    """The same tiny recipe trained twice: one process x batch 2, and accelerate's two processes x batch 1."""
    root = tmp_path_factory.mktemp("multiprocess")
    base = save_tiny_model(smollm2_tokenizer(), root / "base")
    one, two = root / "one", root / "two"
    subprocess.run([sys.executable, "-m", "empathic", *_train_args(base, one, 2)], env=_env(), check=True,
                   capture_output=True, timeout=300)
    script = root / "audited_main.py"
    script.write_text(AUDITED_MAIN)
    launched = subprocess.run(
        [sys.executable, "-m", "accelerate.commands.launch", "--config_file", str(ACCELERATE_CONFIGS / "cpu-2proc.yaml"),
         "--main_process_port", str(_free_port()), str(script), *_train_args(base, two, 1)],
        env={**_env(), "ACCELERATE_USE_CPU": "true", "AUDIT_RUN_DIR": str(two), "AUDIT_OUT": str(root / "rank1.json")},
        capture_output=True, text=True, timeout=300,
    )
    assert launched.returncode == 0, launched.stderr[-3000:]
    return {"one": one, "two": two, "rank1_events": root / "rank1.json", "log": launched.stderr}


@pytest.mark.slow
def test_two_processes_train_with_gloo_and_finish(runs):
    metrics = json.loads((runs["two"] / "metrics.json").read_text())
    assert metrics["train"]["global_step"] == STEPS
    assert metrics["effective_batch"] == 2  # 1 per process x world size 2: the gloo process group was up
    for name in ("adapter_model.safetensors", "adapter_config.json", "config.yaml", "metrics.json", "loss_curve.png",
                 "README.md"):
        assert (runs["two"] / name).is_file(), name


@pytest.mark.slow
def test_two_process_loss_curve_matches_one_process_with_the_same_global_batch(runs):
    one, two = _losses(runs["one"]), _losses(runs["two"])
    assert len(one) == len(two) == STEPS
    assert one[0] == pytest.approx(two[0], abs=1e-4)  # step 1: same weights, same examples
    assert max(abs(a - b) for a, b in zip(one, two, strict=True)) <= LOSS_TOLERANCE, (one, two)


@pytest.mark.slow
def test_only_rank_0_writes_the_run_folder(runs):
    """Rank 1 may only create checkpoint folders: transformers saves each rank's RNG state there for resuming."""
    events = json.loads(runs["rank1_events"].read_text())
    two = str(runs["two"])
    allowed = [e for e in events if e.startswith(f"os.mkdir {two}/checkpoint-")]
    assert [e for e in events if e not in allowed] == []


# ---------------------------------------------------------------- GPU configs: parsed, not run

GPU_CONFIGS = {
    "ddp.yaml": ("MULTI_GPU", {}),
    "fsdp.yaml": ("FSDP", {"fsdp_version": 2}),
    "deepspeed-zero2.yaml": ("DEEPSPEED", {"zero_stage": 2}),
    "deepspeed-zero3.yaml": ("DEEPSPEED", {"zero_stage": 3, "zero3_save_16bit_model": True}),
}


@pytest.mark.parametrize("name", [*GPU_CONFIGS, "cpu-2proc.yaml"])
def test_accelerate_config_parses_into_accelerates_config_class(name):
    from accelerate.commands.config.config_args import ClusterConfig, load_config_from_file

    config = load_config_from_file(str(ACCELERATE_CONFIGS / name))
    assert isinstance(config, ClusterConfig)
    assert config.num_processes == 2 and config.num_machines == 1
    kind, settings = GPU_CONFIGS.get(name, ("MULTI_GPU", {}))
    assert config.distributed_type.value == kind
    section = config.fsdp_config if kind == "FSDP" else config.deepspeed_config
    assert settings.items() <= section.items()


@pytest.mark.parametrize("name", GPU_CONFIGS)
def test_gpu_configs_pass_accelerates_launch_checks_and_say_config_tested_only(name):
    # accelerate's own pre-launch validation (private, but it is what `accelerate launch` runs; pinned version).
    from accelerate.commands.launch import _validate_launch_command, launch_command_parser

    path = ACCELERATE_CONFIGS / name
    assert "CONFIG-TESTED ONLY" in path.read_text().splitlines()[0]
    args, _, _ = _validate_launch_command(launch_command_parser().parse_args(["--config_file", str(path), "train.py"]))
    kind = GPU_CONFIGS[name][0]
    assert (args.multi_gpu, args.use_fsdp, args.use_deepspeed) == (kind == "MULTI_GPU", kind == "FSDP", kind == "DEEPSPEED")
