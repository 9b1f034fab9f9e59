"""The real pipeline on ../shared/data, counted with the real SmolLM2 tokenizer (load_tokenizer).

The second run (determinism) reuses the first run's token counts through a memo, so the test
checks the pipeline's determinism without paying for tokenization twice.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from empathic.data import load_config, prepare
from empathic.data.clean import normalise_key
from empathic.data.tokens import TokenizerCounter

REPO_CONFIG = Path(__file__).resolve().parents[2] / "finetuning" / "configs" / "data.yaml"
SPLITS = ("train", "valid", "test")


class MemoCounter:
    """Wraps a batch counter; identical conversations are counted once across runs."""

    def __init__(self, inner: TokenizerCounter) -> None:
        self.inner = inner
        self.memo: dict[str, int] = {}

    def __call__(self, messages):
        return self.batch([messages])[0]

    def batch(self, conversations):
        keys = [json.dumps(c, ensure_ascii=False) for c in conversations]
        missing = [i for i, k in enumerate(keys) if k not in self.memo]
        for i, n in zip(missing, self.inner.batch([conversations[i] for i in missing]), strict=True):
            self.memo[keys[i]] = n
        return [self.memo[k] for k in keys]


_RUNS: dict[Path, tuple] = {}


@pytest.fixture
def real_runs(shared_data, tmp_path_factory):
    """Two runs of the repo config on the real data, built once per session (shared_data is per test)."""
    if shared_data not in _RUNS:
        from empathic.modeling.loading import load_tokenizer

        counter = MemoCounter(TokenizerCounter(load_tokenizer()))
        config = load_config(REPO_CONFIG)
        first, second = tmp_path_factory.mktemp("real_a"), tmp_path_factory.mktemp("real_b")
        stats = prepare(config, shared_data, first, token_counter=counter)
        prepare(config, shared_data, second, token_counter=counter)
        _RUNS[shared_data] = (first, second, stats, config)
    return _RUNS[shared_data]


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.integration
def test_real_data_conversations_alternate_and_fit_the_token_limit(real_runs):
    out, _, stats, config = real_runs
    for split in SPLITS:
        for line in read(out / f"{split}.jsonl"):
            roles = [m["role"] for m in line["messages"]]
            assert roles[0] == "user" and roles[-1] == "assistant"
            assert all(a != b for a, b in zip(roles, roles[1:], strict=False))
            if line["source"] == "esconv":
                assert len(line["strategies"]) == roles.count("assistant")
        assert stats["splits"][split]["tokens"]["max"] <= config.max_tokens


@pytest.mark.integration
def test_real_data_has_no_group_and_no_normalised_reply_in_two_splits(real_runs):
    out, _, _, _ = real_runs
    group_split: dict[str, str] = {}
    reply_split: dict[str, str] = {}
    for split in SPLITS:
        for line in read(out / f"{split}.jsonl"):
            assert group_split.setdefault(line["group"], split) == split, line["group"]
            for m in line["messages"]:
                if m["role"] == "assistant":
                    key = normalise_key(m["content"])
                    assert reply_split.setdefault(key, split) == split, m["content"]
    goemotions = {
        s: {r["group"] for r in read(out / "classification" / f"goemotions.{s}.jsonl")} for s in SPLITS
    }
    assert not (goemotions["train"] & goemotions["test"]) and not (goemotions["train"] & goemotions["valid"])


@pytest.mark.integration
def test_real_data_every_source_contributes_to_every_split(real_runs):
    _, _, stats, config = real_runs
    for name, entry in stats["sources"].items():
        assert entry["rows_read"] > 0
        for split in SPLITS:
            assert entry["written"][split] > 0, (name, split)
    assert stats["splits"]["train"]["examples"] == config.target_total
    # MHCC is mostly CounselChat copies: the cross-source rule must have fired.
    assert stats["sources"]["mhcc"]["dropped"]["duplicate_of_counsel_chat"]["count"] > 2000


@pytest.mark.integration
def test_real_data_same_config_gives_byte_identical_files(real_runs):
    first, second, _, _ = real_runs
    files = sorted(p.relative_to(first) for p in first.rglob("*.json*"))
    assert len(files) == 7
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel
