"""The bad-input matrix: every case exits with its code and ONE line `empathic CMD: error: ...` naming
the file (and line) and what to do, with no traceback; the files it was about to replace are unchanged.

Each row: (case id, command, setup(ctx) -> argv, exit code, regex the error line must match). The
table is the specification; Notes/reliability.md lists it with the messages.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from factories import save_tiny_model, smollm2_tokenizer
from faults_helpers import snapshot, train_argv

pytestmark = pytest.mark.usefixtures("one_thread")

READ_ONLY = Path("/sys")  # a real read-only place, even for root (chmod does not stop root)


@dataclass
class Ctx:
    tmp: Path
    base: Path
    finished: Path
    data: Path

    def run(self) -> Path:
        """A private copy of the finished tiny run."""
        copy = self.tmp / "run"
        if not copy.exists():
            shutil.copytree(self.finished, copy)
        return copy

    def sources(self) -> Path:
        """A private copy of the synthetic source datasets."""
        copy = self.tmp / "shared"
        if not copy.exists():
            shutil.copytree(self.data, copy)
        return copy

    def prepared(self, train_lines: list[bytes]) -> Path:
        """A prepared-data folder whose train.jsonl holds `train_lines` (valid/test copied from the fixture)."""
        from _train_helpers import PREPARED

        folder = self.tmp / "prepared"
        shutil.copytree(PREPARED, folder, dirs_exist_ok=True)
        (folder / "train.jsonl").write_bytes(b"\n".join(train_lines) + b"\n")
        return folder

    def file(self, name: str, content: bytes | str = b"") -> Path:
        path = self.tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return path


GOOD_ROW = json.dumps({"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]})


def train(ctx: Ctx, *flags: str, out: Path | None = None, **sets: object) -> list[str]:
    return [*train_argv(ctx.base, out or ctx.tmp / "new-run", **sets), *flags]


def prepare(ctx: Ctx, *flags: str, out: Path | None = None, sources: str = "mhcc") -> list[str]:
    return ["data", "prepare", "--data-dir", ctx.sources(), "--out", out or ctx.tmp / "prepared-out",
            "--sources", sources, "--tokenizer", "whitespace", *flags]


def chat_batch(ctx: Ctx, *flags: str, output: Path | None = None) -> list[str]:
    src = ctx.file("in.jsonl", '{"prompt": "hi"}\n')
    return ["chat", "--base", ctx.base, "--no-adapter", "--screener", "rules", "--max-new-tokens", "2",
            "--input", src, "--output", output or ctx.tmp / "replies.jsonl", *flags]


def mhcc_file(ctx: Ctx, content: bytes) -> Path:
    folder = ctx.sources() / "mhcc"
    for old in folder.iterdir():
        old.unlink()
    return ctx.file("shared/mhcc/combined_dataset_subset.json", content)


def truncated_parquet(ctx: Ctx) -> list[str]:
    folder = ctx.sources() / "empathetic_dialogues_llm"
    victim = sorted(folder.rglob("*.parquet"))[0]
    victim.write_bytes(victim.read_bytes()[: victim.stat().st_size // 2])
    return prepare(ctx, sources="empathetic_dialogues")


def header_only_csv(ctx: Ctx) -> list[str]:
    folder = ctx.sources() / "counsel_chat"
    for csv_file in folder.rglob("*.csv"):
        csv_file.write_text(csv_file.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    return prepare(ctx, sources="counsel_chat")


def held_lock(ctx: Ctx, folder: Path, argv: list[str]) -> list[str]:
    """Take `folder`'s writer lock in this process (as another writer would) for the case's duration."""
    from empathic.durable import run_lock

    ctx.lock = run_lock(folder)  # type: ignore[attr-defined]
    ctx.lock.__enter__()  # type: ignore[attr-defined]
    return argv


def other_base(ctx: Ctx) -> Path:
    return save_tiny_model(smollm2_tokenizer(), ctx.tmp / "other-base", hidden=32)


def damaged_adapter(ctx: Ctx) -> Path:
    run = ctx.run()
    (run / "adapter_config.json").write_text('{"base_model_name_or_path": ', encoding="utf-8")
    return run


def unfinished(ctx: Ctx) -> Path:
    run = ctx.run()
    (run / "COMPLETE").unlink()
    (run / "metrics.json").unlink()
    return run


Setup = Callable[[Ctx], list]
CASES: list[tuple[str, Setup, int, str]] = [
    # ---- data prepare
    ("data-config-missing", lambda c: prepare(c, "--config", c.tmp / "nope.yaml"), 2, r"data config not found: .*nope\.yaml"),
    ("data-config-duplicate-key", lambda c: prepare(c, "--config", c.file("d.yaml", "seed: 1\nalpha: 0.5\nseed: 2\n")), 2,
     r"d\.yaml is not valid YAML at line 3 \(duplicate key 'seed' at line 3 \(first at line 1\)\)"),
    ("data-config-not-utf8", lambda c: prepare(c, "--config", c.file("d.yaml", b"seed: \xff\n")), 2, r"d\.yaml is not UTF-8"),
    ("data-out-is-a-file", lambda c: prepare(c, out=c.file("taken.txt", "x")), 2, r"taken\.txt is a file; --out needs a folder"),
    ("data-out-read-only", lambda c: prepare(c, out=READ_ONLY / "prepared"), 1, r"^empathic data: error: /sys/prepared: permission denied"),
    ("data-out-holds-other-files", lambda c: [c.file("mine/notes.txt", "keep me"), prepare(c, out=c.tmp / "mine")][1], 2,
     r"mine holds other files and no COMPLETE marker .*; pass a new or empty folder"),
    ("data-unknown-source", lambda c: prepare(c, sources="mhcc,esconf"), 2, r"unknown dataset 'esconf'; did you mean 'esconv'\?"),
    ("data-bad-set", lambda c: prepare(c, "--set", "sources.mhcc.capp=3"), 2, r"unknown key 'capp'"),
    ("data-data-dir-missing", lambda c: ["data", "prepare", "--data-dir", c.tmp / "none", "--out", c.tmp / "o",
                                         "--sources", "mhcc"], 2, r"--data-dir .*none is not a folder"),
    ("data-source-not-utf8", lambda c: [mhcc_file(c, GOOD_ROW.encode() + b"\n" + b'{"Context": "caf\xe9"}\n'), prepare(c)][1],
     2, r"mhcc: .*combined_dataset_subset\.json line 2: not UTF-8 text \(byte 0xe9\)"),
    ("data-source-all-rows-broken", lambda c: [mhcc_file(c, b"{broken\n[1, 2\n"), prepare(c)][1], 2,
     r"mhcc: no usable rows in .*mhcc: 2 rows read, all dropped \(bad_json 2\)"),
    ("data-source-header-only-csv", header_only_csv, 2, r"counsel_chat: no usable rows in .*no data rows \(only a header\?\)"),
    ("data-source-truncated-parquet", truncated_parquet, 2,
     r"empathetic_dialogues: .*\.parquet: cannot be read \(.*\); the file is damaged .*replace it"),
    ("data-out-locked", lambda c: held_lock(c, c.tmp / "prepared-out", prepare(c)), 2,
     r"prepared-out is being written by another empathic process \(pid \d+\)"),
    ("data-describe-missing-stats", lambda c: ["data", "describe", "--stats", c.tmp / "s.json", "--description", c.tmp / "d.md"],
     2, r"stats file not found"),
    ("data-fresh-missing-data", lambda c: ["data", "fresh", "--data", c.tmp / "none.jsonl", "--avoid-limit", "200",
                                           "--n", "200", "--seed", "6", "--out", c.tmp / "f.jsonl"],
     2, r"test data not found"),
    ("data-no-action", lambda c: ["data"], 2, r"choose an action"),
    # ---- train: recipe values, checked before anything is written or loaded
    ("train-lora-r-0", lambda c: train(c, lora_r=0), 2, r"lora_r=0; must be a whole number >= 1"),
    ("train-negative-lr", lambda c: train(c, learning_rate=-1e-4), 2, r"learning_rate=-0\.0001; must be greater than 0"),
    ("train-batch-size-0", lambda c: train(c, per_device_train_batch_size=0), 2, r"per_device_train_batch_size=0; must be a whole"),
    ("train-grad-accum-0", lambda c: train(c, gradient_accumulation_steps=0), 2, r"gradient_accumulation_steps=0"),
    ("train-dropout-2", lambda c: train(c, lora_dropout=2), 2, r"lora_dropout=2\.0; must be at least 0 and below 1"),
    ("train-zero-epochs", lambda c: train(c, max_steps=-1, num_train_epochs=0), 2,
     r"num_train_epochs=0\.0; with max_steps unset it must be greater than 0"),
    ("train-max-length-0", lambda c: train(c, max_length=0), 2, r"max_length=0; must be a whole number >= 1"),
    ("train-lora-alpha-0", lambda c: train(c, lora_alpha=0), 2, r"lora_alpha=0; must be greater than 0"),
    ("train-target-module-missing", lambda c: train(c, lora_target_modules="q_proj,qkv_proj"), 2,
     r"lora_target_modules entry 'qkv_proj' is not a module of .*tiny; its modules include .*q_proj"),
    ("train-unknown-key", lambda c: train(c, lerning_rate=1), 2, r"unknown key 'lerning_rate' in --set; did you mean 'learning_rate'\?"),
    ("train-not-a-number", lambda c: train(c, learning_rate="fast"), 2, r"invalid recipe value: .*learning_rate"),
    ("train-set-without-equals", lambda c: ["train", "--config", c.file("r.yaml", "seed: 1\n"), "--set", "lora_r"], 2,
     r"--set expects key=value"),
    ("train-config-missing", lambda c: ["train", "--config", c.tmp / "none.yaml"], 2, r"config file not found"),
    ("train-config-duplicate-key", lambda c: ["train", "--config", c.file("r.yaml", "lora_r: 8\nseed: 1\nlora_r: 16\n")], 2,
     r"r\.yaml is not valid YAML at line 3: duplicate key 'lora_r' at line 3 \(first at line 1\)"),
    ("train-config-not-a-mapping", lambda c: ["train", "--config", c.file("r.yaml", "- a\n- b\n")], 2, r"must be a YAML mapping"),
    ("train-resume-and-overwrite", lambda c: train(c, "--resume", "--overwrite", out=c.run()), 2,
     r"--resume and --overwrite contradict each other"),
    ("train-resume-without-checkpoint", lambda c: train(c, "--resume"), 2, r"--resume: no complete checkpoint in"),
    ("train-existing-run", lambda c: train(c, out=c.run()), 2, r"already holds a run; pass --resume .* --overwrite"),
    ("train-output-dir-is-a-file", lambda c: train(c, out=c.file("run.txt", "x")), 2, r"output_dir .*run\.txt is a file"),
    ("train-output-dir-read-only", lambda c: train(c, out=READ_ONLY / "run"), 1, r"/sys/run: permission denied"),
    ("train-locked", lambda c: held_lock(c, c.run(), train(c, "--resume", out=c.run())), 2,
     r"run is being written by another empathic process \(pid \d+\)"),
    ("train-data-broken-json-line", lambda c: train(c, data_prepared=c.prepared([GOOD_ROW.encode(), GOOD_ROW.encode(), b'{"messages": [']))
     , 2, r"prepared/train\.jsonl line 3: invalid JSON"),
    ("train-data-not-utf8", lambda c: train(c, data_prepared=c.prepared([GOOD_ROW.encode(), b'{"messages": "\xff"}'])), 2,
     r"prepared/train\.jsonl line 2: not UTF-8 text \(byte 0xff\)"),
    ("train-data-user-only-row", lambda c: train(c, data_prepared=c.prepared(
        [GOOD_ROW.encode(), json.dumps({"messages": [{"role": "user", "content": "hi"}]}).encode()])), 2,
     r"prepared/train\.jsonl line 2 has no assistant reply to learn from"),
    ("train-data-no-messages", lambda c: train(c, data_prepared=c.prepared([b'{"text": "hi"}'])), 2,
     r"train\.jsonl line 1 has no `messages` list"),
    ("train-data-bad-role", lambda c: train(c, data_prepared=c.prepared(
        [json.dumps({"messages": [{"role": "bot", "content": "x"}]}).encode()])), 2, r"line 1: every message needs a role"),
    ("train-data-empty", lambda c: train(c, data_prepared=c.prepared([b""])), 2, r"train\.jsonl is empty"),
    ("train-data-folder-missing", lambda c: train(c, data_prepared=c.tmp / "no-data"), 2, r"no-data has no train\.jsonl"),
    # ---- merge
    ("merge-no-adapter", lambda c: ["merge", c.tmp, "--out", c.tmp / "m"], 2, r"has no adapter_config\.json"),
    ("merge-damaged-adapter-config", lambda c: ["merge", damaged_adapter(c), "--out", c.tmp / "m"], 2,
     r"adapter_config\.json is damaged"),
    ("merge-other-base", lambda c: ["merge", c.run(), "--out", c.tmp / "m", "--base", other_base(c)], 2,
     r"adapter was trained for .*tiny, not .*other-base"),
    ("merge-unfinished-run", lambda c: ["merge", unfinished(c), "--out", c.tmp / "m"], 2,
     r"holds an unfinished run \(no COMPLETE marker\); finish it with"),
    ("merge-out-is-a-file", lambda c: ["merge", c.run(), "--out", c.file("m.txt", "x")], 2, r"m\.txt is a file"),
    ("merge-out-not-empty", lambda c: [c.file("m/keep.txt", "x"), ["merge", c.run(), "--out", c.tmp / "m"]][1], 2,
     r"exists and is not empty"),
    ("merge-out-read-only", lambda c: ["merge", c.run(), "--out", READ_ONLY / "merged"], 1, r"/sys/merged: permission denied"),
    # ---- chat (batch mode): the output is checked before the model is loaded
    ("chat-output-exists", lambda c: chat_batch(c, output=c.file("replies.jsonl", "{}\n")), 2,
     r"replies\.jsonl already exists; pass --overwrite .* or --resume"),
    ("chat-output-partial-exists", lambda c: [c.file("replies.jsonl.partial", "{}\n"), chat_batch(c)][1], 2,
     r"replies\.jsonl\.partial holds the replies of an interrupted batch; pass --resume"),
    ("chat-output-is-a-folder", lambda c: chat_batch(c, output=c.tmp), 2, r"is a folder; pass a file path"),
    ("chat-output-read-only", lambda c: chat_batch(c, output=READ_ONLY / "replies.jsonl"), 1, r"/sys.*: permission denied"),
    ("chat-resume-and-overwrite", lambda c: chat_batch(c, "--resume", "--overwrite"), 2, r"contradict each other"),
    ("chat-resume-without-batch", lambda c: ["chat", "--base", c.base, "--no-adapter", "--prompt", "hi", "--resume"], 2,
     r"apply to batch mode"),
    ("chat-config-duplicate-key", lambda c: ["chat", "--no-adapter", "--config", c.file("c.yaml", "temperature: 0\ntemperature: 1\n"),
                                             "--prompt", "hi"], 2, r"c\.yaml is not valid YAML \(duplicate key 'temperature' at line 2"),
    ("chat-input-missing", lambda c: ["chat", "--no-adapter", "--input", c.tmp / "none.jsonl", "--output", c.tmp / "o.jsonl"],
     2, r"input file not found"),
    ("chat-damaged-adapter", lambda c: ["chat", "--adapter", damaged_adapter(c), "--prompt", "hi", "--screener", "rules"], 2,
     r"adapter_config\.json is damaged"),
    ("chat-adapter-other-base", lambda c: ["chat", "--adapter", c.run(), "--base", other_base(c), "--prompt", "hi",
                                           "--screener", "rules"], 2, r"adapter was trained for .*tiny, not .*other-base"),
    # ---- eval
    ("eval-data-missing", lambda c: ["eval", "--adapter", c.run(), "--data", c.tmp / "none.jsonl", "--out", c.tmp / "e"], 2,
     r"test data not found"),
    ("eval-limit-0", lambda c: ["eval", "--data", "x", "--out", "y", "--limit", "0"], 2, r"expected a number >= 1"),
    ("eval-damaged-adapter", lambda c: ["eval", "--adapter", damaged_adapter(c), "--data", c.file("t.jsonl", GOOD_ROW + "\n"),
                                        "--out", c.tmp / "e", "--no-eqbench", "--no-classifiers", "--no-safety"], 2,
     r"adapter_config\.json is damaged"),
    ("eval-out-is-a-file", lambda c: ["eval", "--adapter", c.run(), "--data", c.file("t.jsonl", GOOD_ROW + "\n"),
                                      "--out", c.file("e.txt", "x")], 2, r"e\.txt is a file; --out needs a folder"),
    ("eval-out-locked", lambda c: held_lock(c, c.tmp / "e", ["eval", "--adapter", c.run(), "--data",
                                                            c.file("t.jsonl", GOOD_ROW + "\n"), "--out", c.tmp / "e"]),
     2, r"e is being written by another empathic process \(pid \d+\)"),
    # ---- screen
    ("screen-file-missing", lambda c: ["screen", "--rules-only", c.tmp / "none.txt"], 2, r"input file not found"),
    ("screen-unknown-flag", lambda c: ["screen", "--rules-onyl", c.tmp / "x.txt"], 2, r"unrecognized arguments"),
    ("train-unknown-flag", lambda c: ["train", "--bogus"], 2, r"unrecognized arguments: --bogus"),
]


@pytest.fixture
def ctx(tmp_path, tiny_base, finished_run, data_root, monkeypatch) -> Ctx:
    monkeypatch.setenv("EMPATHIC_CACHE", str(tmp_path / "cache"))
    made = Ctx(tmp_path, tiny_base, finished_run, data_root)
    yield made
    lock = getattr(made, "lock", None)
    if lock is not None:
        lock.__exit__(None, None, None)


@pytest.mark.parametrize(("setup", "code", "pattern"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_one_line_error_and_changes_nothing(ctx, cli, setup, code, pattern):
    import re

    argv = setup(ctx)
    command = next(str(a) for a in argv if not str(a).startswith("-"))
    touched = [p for p in (ctx.tmp / "run", ctx.tmp / "prepared-out") if p.exists()]
    before = {p: snapshot(p) for p in touched}
    result = cli(*argv)
    line = result.error_line()
    assert line.startswith(f"empathic {command}: error: "), line
    assert re.search(pattern, line), line
    assert result.code == code, (result.code, line)
    for path, files in before.items():
        assert snapshot(path) == files, f"{path} changed"
    if os.environ.get("EMPATHIC_FAULTS_TABLE"):  # regenerates the table in Notes/reliability.md
        with open(os.environ["EMPATHIC_FAULTS_TABLE"], "a", encoding="utf-8") as table:
            table.write(json.dumps({"code": result.code, "line": line.replace(str(ctx.tmp), "TMP")}) + "\n")
    assert not (ctx.tmp / "new-run").exists()  # a failed start leaves no half-made run folder


def test_the_matrix_covers_every_command_with_at_least_fifty_cases():
    commands = {c[0].split("-")[0] for c in CASES}
    assert len(CASES) >= 50 and {"data", "train", "merge", "chat", "eval", "screen"} <= commands


SUBPROCESS_CASES = ["screen-file-missing", "data-out-is-a-file", "train-lora-r-0"]


@pytest.mark.slow
@pytest.mark.parametrize("case", SUBPROCESS_CASES)
def test_the_same_errors_from_a_real_process(ctx, case):
    """A few rows again through `python -m empathic.cli`: the real stderr ends with the one error line."""
    import re
    import subprocess
    import sys

    from faults_helpers import Result

    _, setup, code, pattern = next(c for c in CASES if c[0] == case)
    argv = [str(a) for a in setup(ctx)]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    proc = subprocess.run([sys.executable, "-m", "empathic.cli", *argv], capture_output=True, text=True, env=env,
                          timeout=300)
    line = Result(proc.returncode, proc.stdout, proc.stderr).error_line()
    assert proc.returncode == code and re.search(pattern, line), proc.stderr[-2000:]
