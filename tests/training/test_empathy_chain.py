"""finetuning/empathy_chain.sh: the reference chain's stages, in order, each from the previous adapter; finished
stages are skipped so a stopped chain continues. Run against a stub `empathic` that records its arguments."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHAIN = REPO / "finetuning" / "empathy_chain.sh"

# Records each call and writes what the real command leaves behind: a COMPLETE marker in a run folder, or the
# pairs file and its stats. FAIL_ON=<word> makes the call whose arguments contain it fail.
STUB = r"""#!/usr/bin/env bash
echo "$*" >> "$CALLS"
if [[ -n "${FAIL_ON:-}" && "$*" == *"$FAIL_ON"* ]]; then exit 3; fi
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[i]}" in
        output_dir=*) mkdir -p "${args[i]#output_dir=}"; touch "${args[i]#output_dir=}/COMPLETE" ;;
        --out) out="${args[i+1]}"
               if [[ "$1 $2" == "data prepare" ]]; then mkdir -p "$out"; touch "$out/COMPLETE"
               else echo '{}' > "$out"; echo '{}' > "${out%.jsonl}.stats.json"; fi ;;
    esac
done
"""


@pytest.fixture
def stub(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    empathic = bin_dir / "empathic"
    empathic.write_text(STUB)
    empathic.chmod(empathic.stat().st_mode | stat.S_IEXEC)
    return bin_dir


def run_chain(stub: Path, tmp_path: Path, *extra: str, fail_on: str = "", dose_from: Path | None = None,
              valence_avoid: str = "") -> tuple[subprocess.CompletedProcess, list[str]]:
    calls = tmp_path / "calls.txt"
    env = {**os.environ, "BIN": str(stub), "CALLS": str(calls), "FAIL_ON": fail_on, "DATA_DIR": "/data",
           "DOSE_FROM": str(dose_from) if dose_from else "", "VALENCE_AVOID": valence_avoid}
    proc = subprocess.run(["bash", str(CHAIN), str(tmp_path / "out"), *extra], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)
    lines = calls.read_text().splitlines() if calls.exists() else []
    calls.unlink(missing_ok=True)
    return proc, lines


def test_runs_sft_then_three_preference_stages_each_from_the_last(stub, tmp_path):
    proc, calls = run_chain(stub, tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out"
    assert [c.split()[0] + " " + c.split()[1] for c in calls] == (["train --config", "data prepare"]
                                                                  + ["data pairs", "train --config"] * 3)
    assert "smollm2-135m-empathy.yaml" in calls[0] and f"output_dir={out}/sft" in calls[0]
    calls = calls[:1] + calls[2:]  # the valence data: its own test below
    splice, best_of, clause = calls[1], calls[3], calls[5]
    assert f"--adapter {out}/sft " in splice and "--best-of" not in splice and "--data-dir /data" in splice
    assert f"--adapter {out}/dpo-splice " in best_of and "--best-of 6 --score-weights 1,3,0.5" in best_of
    assert "--max-longer-words 3 --continuous --max-new-tokens 32" in best_of
    assert f"--adapter {out}/dpo-bestof " in clause and "--best-of" not in clause
    assert "--splice interpretations --trust-splices --max-added-words 2 --replace-closers" in clause
    for pairs_call in (splice, best_of, clause):
        assert f"--train-from {out}/sft " in pairs_call  # a DPO run holds no data split: prompts from the SFT run
    stages = [(calls[2], "sft", "pairs-splice", 2), (calls[4], "dpo-splice", "pairs-bestof", 2),
              (calls[6], "dpo-bestof", "pairs-clause", 3)]
    for call, start, pairs, epochs in stages:
        assert "smollm2-135m-empathy-dpo.yaml" in call and f"start_adapter={out}/{start} " in call
        assert f"pairs=[{out}/{pairs}.jsonl]" in call and f"num_train_epochs={epochs} " in call
    assert (out / "dpo-clause" / "COMPLETE").is_file()


def test_the_splice_and_best_of_stages_read_the_turns_valence_from_the_plain_mixs_train_split(stub, tmp_path):
    proc, calls = run_chain(stub, tmp_path, valence_avoid="a/val1.jsonl b/val2.jsonl")
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out"
    prepare, splice, best_of, clause = calls[1], calls[2], calls[4], calls[6]
    assert "--config finetuning/configs/data.yaml --data-dir /data" in prepare and f"--out {out}/valence-data" in prepare
    assert "eval_mix=all" in prepare
    flags = (f"--turn-valence --valence-data {out}/valence-data/train.jsonl "
             "--valence-avoid a/val1.jsonl --valence-avoid b/val2.jsonl")
    assert flags in splice and flags in best_of and "--turn-valence" not in clause
    proc, calls = run_chain(stub, tmp_path)  # finished: the data is not prepared again
    assert proc.returncode == 0 and calls == []


def test_sft_overrides_reach_the_sft_stage_only(stub, tmp_path):
    proc, calls = run_chain(stub, tmp_path, "--set", "data_config=finetuning/configs/data.yaml")
    assert proc.returncode == 0, proc.stderr
    assert "data_config=finetuning/configs/data.yaml" in calls[0]
    assert not any("data_config" in c for c in calls[1:])


def test_a_stopped_chain_continues_after_its_last_finished_stage(stub, tmp_path):
    proc, calls = run_chain(stub, tmp_path, fail_on="pairs-bestof")
    assert proc.returncode != 0
    assert len(calls) == 5  # sft, valence data, splice pairs, splice DPO, then the failed best-of pairs
    proc, calls = run_chain(stub, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert [c.split()[1] for c in calls] == ["pairs", "--config", "pairs", "--config"]
    assert "pairs-bestof" in calls[0] and "pairs-clause" in calls[2]


def test_dose_from_caps_each_preference_stage_at_the_reference_chains_pair_count(stub, tmp_path):
    """The ablation arm takes the reference arm's DPO steps per stage: max_pairs = that stage's reference pairs."""
    ref = tmp_path / "ref"
    ref.mkdir()
    for name, n in (("pairs-splice", 48), ("pairs-bestof", 22), ("pairs-clause", 16)):
        (ref / f"{name}.jsonl").write_text("{}\n" * n)
    proc, calls = run_chain(stub, tmp_path, dose_from=ref)
    assert proc.returncode == 0, proc.stderr
    assert [c.split()[-1] for c in (calls[3], calls[5], calls[7])] == ["max_pairs=48", "max_pairs=22", "max_pairs=16"]
    assert not any("max_pairs" in c for c in (calls[0], calls[1], calls[2], calls[4], calls[6]))


def test_dose_from_without_the_stages_pairs_file_stops_with_a_message(stub, tmp_path):
    proc, calls = run_chain(stub, tmp_path, dose_from=tmp_path / "missing")
    assert proc.returncode == 2 and "DOSE_FROM: no pairs file" in proc.stderr
    assert len(calls) == 3  # the SFT, the valence data and the first pairs ran; no DPO stage trained uncapped


def test_without_an_output_folder_it_prints_usage():
    proc = subprocess.run(["bash", str(CHAIN)], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and proc.stderr.startswith("usage: bash finetuning/empathy_chain.sh OUT")
