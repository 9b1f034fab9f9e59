"""Round 12 of the input screen: blind batches 17 and 18 (each measured once on round 11, 3bd1eb4: 17 recall 0.977,
FPR 0.095; 18 recall 0.932, FPR 0.105) became dev and are trained on (all 420 rows of each, CV groups "batch17" and
"batch18"; none repeats a held-out row). The round-11 recipe unchanged (USE features, one 128-unit MLP, risk windows,
recall target 0.94, two-sentence weight 0.25); the rule, written before any result: "recipe unchanged, batches 17 and
18 added; no candidates". All fast: no retraining here."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from empathic.safety import encoder, load_redteam, training

RESOURCES = Path(__file__).parents[2] / "empathic" / "resources"
NEW_BATCHES = (17, 18)


@pytest.mark.parametrize("batch", NEW_BATCHES)
def test_batch_is_merged_into_the_dev_split_unchanged(batch):
    path = RESOURCES / f"redteam_batch{batch}.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 420 and {r["split"] for r in rows} == {"heldout"}  # the record file stays as measured
    heldout = {r["text"].lower() for r in load_redteam(split="heldout")}
    merged = load_redteam(split="dev", batch=batch)
    # All 420 rows are dev now (none repeats a held-out row); unchanged apart from the split and the benign category.
    # (One row of each repeats an earlier dev row - batch 17 "my feet are killing me ...", batch 18 "we had to put our
    # dog down today ..." - and is kept, as earlier batches' repeats of dev rows were.)
    assert len(merged) == 420 and not heldout & {r["text"].lower() for r in merged}
    assert [dict(r, split="dev", category=r["category"] if r["crisis"] else None) for r in rows] == merged


def test_batches_17_and_18_are_their_own_cv_groups(monkeypatch):
    monkeypatch.setattr(encoder, "encode", lambda texts: np.zeros((len(texts), encoder.DIM), np.float32))
    own = training.own_rows()
    assert sum(g == "batch17" for g in own.groups) == 420 and sum(g == "batch18" for g in own.groups) == 420
    assert {"batch16", "batch15", "written_r6"} <= set(own.groups) and "written_r11" not in set(own.groups)


# Round 12's own operating point (its weights shipped until round 13, which fixed the threshold step and retrained the
# recipe with batches 19 and 20: tests/safety/test_round13.py): p >= 0.4878 for 1-2 sentences (the recall target's; the
# FPR budgets alone gave 0.4367, but the second pass of `pick_threshold` counted the first pass's recall threshold among
# the budgets), length slope 2.1581, cap 3.5294. Out of group at that point: pooled 0.9400 / 0.0670, everyday negatives
# 0.0491, long rows 0.938 / 0.1357; batch 17 0.968 / 0.080, batch 18 0.932 / 0.110. Learned-only AUC 0.9770, FPR at
# pooled recall 0.95 0.0779. On our round-11 check rows round 12 caught 37/50 and flagged 12/84; the floor on them
# moved to test_round13.py.
