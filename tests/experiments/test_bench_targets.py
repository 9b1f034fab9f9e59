"""Performance targets (make bench, not the fast suite): `empathic bench train|generate` on the offline
SmolLM2-135M and the real prepared data, checked against the issue's numbers.

They measure speed, so they only mean something on an idle machine: each prints its JSON (machine
load before and after included) and Notes/performance.md records the runs. Data: EMPATHIC_BENCH_DATA
(a prepared folder, default runs/perf/data; `empathic data prepare --config finetuning/configs/data.yaml
--data-dir ../shared/data --out runs/perf/data`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.benchmark

REPO = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("EMPATHIC_BENCH_DATA", REPO / "runs" / "perf" / "data"))
RECIPE = REPO / "finetuning" / "configs" / "smollm2-135m-cpu.yaml"


@pytest.fixture(scope="module")
def data() -> Path:
    if not (DATA / "train.jsonl").is_file():
        pytest.skip(f"no prepared data at {DATA} (set EMPATHIC_BENCH_DATA)")
    return DATA


@pytest.fixture(scope="module")
def train_result(data) -> dict:
    """One interleaved run (3 repeats) of TRL's defaults, the project path (compiled blocks) and the same uncompiled."""
    from empathic.experiments.bench.train import bench_train

    result = bench_train(str(RECIPE), ["max_length=512", "lora_target_modules=[q_proj, v_proj]",
                                       "gradient_accumulation_steps=1", f"data_prepared={data}", "cpu_compile=true"],
                         steps=8, data=str(data), eval_examples=24, repeats=3,
                         arms=["baseline", "project", "project-eager"])
    print(json.dumps(result, indent=2))
    return result


def test_training_is_six_times_trl_defaults_with_the_same_heldout_loss(train_result):
    assert abs(train_result["heldout_loss_rel_diff"]) <= 0.01
    assert train_result["ratio_tokens_per_s"] >= 6


@pytest.mark.xfail(strict=True, reason="CPU attention (torch's flash SDPA, forward + backward) alone takes longer than "
                   "the counted 4N matmul work at peak: MFU(4N) stays below ~0.45 (Notes/performance.md, Performance v5)")
def test_training_mfu_on_4n_reaches_half_the_bf16_peak(train_result):
    project = train_result["median"]["project"]
    assert project["mfu_4n"] >= 0.5 or project["mfu_4n_model_shape"] >= 0.5


def test_continuous_generation_is_ten_times_the_sequential_loop_at_batch_32(data):
    from empathic.experiments.bench.generate import bench_generate

    result = bench_generate(None, data, n_prompts=64, max_new_tokens=64, batch_sizes=[32])
    print(json.dumps(result, indent=2))
    row = result["batched"]["32"]
    assert row["identical_greedy_share"] >= 0.95
    assert row["speedup_vs_sequential"] >= 10
