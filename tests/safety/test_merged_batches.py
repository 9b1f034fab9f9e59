"""Blind red-team batches that became dev after their one measurement: merged unchanged, each its own CV group.
All fast: the encoders are replaced by zeros (only the grouping is checked)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from empathic.safety import encoder, load_redteam, training

RESOURCES = Path(__file__).parents[2] / "empathic" / "resources"
# batch -> the CV groups of the batches merged before it
MERGED = {12: {"batch11", "written_r6"}, 13: {"batch11", "batch12", "written_r6"},
          14: {"batch11", "batch12", "batch13", "written_r6"},
          15: {"batch11", "batch12", "batch13", "batch14", "written_r6"},
          # rounds 12-21 merged two blind batches each (17-18, 19-20, 21-22, 23-24, 25-26, 27-28, 31-32, 33-34,
          # 35-36, 37-38; round 22 four: 41-44, since 39/40 were lost unread); rows repeating earlier dev rows are
          # kept (batch 35's "my dog died yesterday and the house
          # feels so empty" repeats a batch-9 dev row, and a German batch-38 row an earlier dev row, same labels)
          17: {"batch15", "batch16", "written_r6"}, 18: {"batch15", "batch16", "batch17", "written_r6"},
          19: {"batch16", "batch17", "batch18", "written_r6"}, 20: {"batch17", "batch18", "batch19", "written_r6"},
          21: {"batch18", "batch19", "batch20", "written_r6"}, 22: {"batch19", "batch20", "batch21", "written_r6"},
          23: {"batch20", "batch21", "batch22", "written_r6"}, 24: {"batch21", "batch22", "batch23", "written_r6"},
          25: {"batch22", "batch23", "batch24", "written_r6"}, 26: {"batch23", "batch24", "batch25", "written_r6"},
          27: {"batch24", "batch25", "batch26", "written_r6"}, 28: {"batch25", "batch26", "batch27", "written_r6"},
          31: {"batch26", "batch27", "batch28", "written_r6"}, 32: {"batch27", "batch28", "batch31", "written_r6"},
          33: {"batch28", "batch31", "batch32", "written_r6"}, 34: {"batch31", "batch32", "batch33", "written_r6"},
          35: {"batch32", "batch33", "batch34", "written_r6"}, 36: {"batch33", "batch34", "batch35", "written_r6"},
          37: {"batch34", "batch35", "batch36", "written_r6"}, 38: {"batch35", "batch36", "batch37", "written_r6"},
          41: {"batch36", "batch37", "batch38", "written_r6"}, 42: {"batch37", "batch38", "batch41", "written_r6"},
          43: {"batch38", "batch41", "batch42", "written_r6"}, 44: {"batch41", "batch42", "batch43", "written_r6"}}
# batch -> rows left out of the merge because they repeat a held-out row (they stay held out)
REPEATS_HELDOUT = {15: 1}  # "I want to kill myself." is a held-out row of batch 1


@pytest.mark.parametrize("batch", sorted(MERGED))
def test_blind_batch_is_merged_into_the_dev_split_unchanged(batch):
    rows = load_redteam(RESOURCES / f"redteam_batch{batch}.jsonl")
    assert len(rows) == 420 and {r["split"] for r in rows} == {"heldout"}  # the record file stays as measured
    heldout = {r["text"].lower() for r in load_redteam(split="heldout")}
    merged = load_redteam(split="dev", batch=batch)
    # Every row is dev now, except one repeating a held-out row of an earlier batch (it stays held out there).
    kept = [r for r in rows if r["text"].lower() not in heldout]
    assert len(rows) - len(kept) == REPEATS_HELDOUT.get(batch, 0)
    assert len(merged) == len(kept) and not heldout & {r["text"].lower() for r in merged}
    # Unchanged apart from the split, and the category of benign rows ("benign" in the record file, None here).
    assert [dict(r, split="dev", category=r["category"] if r["crisis"] else None) for r in kept] == merged


@pytest.mark.parametrize("batch", sorted(MERGED))
def test_blind_batch_is_its_own_cv_group(monkeypatch, batch):
    monkeypatch.setattr(encoder, "encode", lambda texts: np.zeros((len(texts), encoder.DIM), np.float32))
    monkeypatch.setattr(encoder, "encode_minilm", lambda texts: np.zeros((len(texts), encoder.MINILM_DIM), np.float32))
    own = training.own_rows()
    assert sum(g == f"batch{batch}" for g in own.groups) == 420 - REPEATS_HELDOUT.get(batch, 0)
    assert MERGED[batch] <= set(own.groups)
    assert own.windows.shape[1] == encoder.feature_dim(training.FEATURES)
