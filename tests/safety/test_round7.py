"""Round 7 of the input screen: blind batch 12 (measured once on round 6, c9786d5) became dev and is trained on,
with the round-6 recipe otherwise unchanged. All fast: no retraining here."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from empathic.safety import encoder, load_redteam, training
from empathic.safety.learned import load_model, shipped_weights_path

BATCH12 = Path(__file__).parents[2] / "empathic" / "resources" / "redteam_batch12.jsonl"


def test_batch12_is_merged_into_the_dev_split():
    rows = load_redteam(BATCH12)
    assert len(rows) == 420 and {r["split"] for r in rows} == {"heldout"}  # the record file stays as measured
    heldout = {r["text"].lower() for r in load_redteam(split="heldout")}
    merged = load_redteam(split="dev", batch=12)
    # All 420 rows are dev now (none repeats a held-out row).
    assert len(merged) == 420 and not heldout & {r["text"].lower() for r in merged}
    # Unchanged apart from the split, and the category of benign rows ("benign" in the record file, None here).
    assert [dict(r, split="dev", category=r["category"] if r["crisis"] else None) for r in rows] == merged


def test_batch12_is_its_own_cv_group(monkeypatch):
    monkeypatch.setattr(encoder, "encode", lambda texts: np.zeros((len(texts), encoder.DIM), np.float32))
    monkeypatch.setattr(encoder, "encode_minilm", lambda texts: np.zeros((len(texts), encoder.MINILM_DIM), np.float32))
    own = training.own_rows()
    assert sum(g == "batch12" for g in own.groups) == 420
    assert {"batch11", "written_r6"} <= set(own.groups)


def test_shipped_weights_keep_the_round7_recipe():
    # Round 7 = the round-6 recipe (one 128-unit MLP, risk windows, recall target 0.94) with batch 12 trained on. Round 8
    # keeps it and adds batch 13 and MiniLM features (tests/safety/test_round8.py pins the shipped numbers). Round 7's
    # own operating point (its weights at 890a058): p >= 0.2981 for 1-2 sentences, slope 2.254, cap 3.526; batch 12 out
    # of group 0.936 / 0.14.
    assert shipped_weights_path().stat().st_size < 1_000_000
    m = load_model()
    assert (training.BAG, training.HIDDEN, training.RECALL_TARGET) == (1, 128, 0.94)
    assert m.hidden_w.shape == (encoder.feature_dim(m.features), 128)
    assert m.meta["shippable"] and m.meta["recall_target"] == 0.94
    assert {"own:batch11", "own:batch12", "own:written_r6"} <= set(m.meta["validation"])
    assert m.meta["validation"]["own:batch12"]["n"] == 420
    assert m.meta["validation_pooled_own"]["recall"] >= 0.94
