"""Round 13 of the input screen: the threshold computed as documented (the fix of `pick_threshold`'s second pass, found
in round 12), and blind batches 19 and 20 (each measured once on round 12, 4c2684e: 19 recall 0.968, FPR 0.050; 20
recall 0.9455, FPR 0.055) dev and trained on (all 420 rows of each, CV groups "batch19" and "batch20"; none repeats a
held-out row). The round-12 recipe otherwise unchanged (USE features, one 128-unit MLP, risk windows, recall target
0.94, two-sentence weight 0.25); the rule, written before any result: "round 12's recipe with the threshold computed as
documented (the fix, nothing else), batches 19 and 20 merged as dev; no candidates, no other change". All fast: no
retraining here."""

from __future__ import annotations

import numpy as np
import pytest

from empathic.safety import encoder, training

# The merges (batches 17-22 unchanged in the dev split, each its own CV group) are checked with the other merged blind
# batches in tests/safety/test_merged_batches.py.

# Round 12's own operating point (its weights shipped until round 13, which fixed the threshold step and retrained the
# recipe with batches 19 and 20: tests/safety/test_round13.py): p >= 0.4878 for 1-2 sentences (the recall target's; the
# FPR budgets alone gave 0.4367, but the second pass of `pick_threshold` counted the first pass's recall threshold among
# the budgets), length slope 2.1581, cap 3.5294. Out of group at that point: pooled 0.9400 / 0.0670, everyday negatives
# 0.0491, long rows 0.938 / 0.1357; batch 17 0.968 / 0.080, batch 18 0.932 / 0.110. Learned-only AUC 0.9770, FPR at
# pooled recall 0.95 0.0779. On our round-11 check rows round 12 caught 37/50 and flagged 12/84; the floor on them
# is in the newest test_roundNN.py.


# The fix. Round 12 and before: the FPR-budget step took the maximum over all candidates, and on the second pass (after
# the length cap) the candidates still held the first pass's "own_recall", so a recall threshold above the budgets
# counted as a budget and the threshold was the recall target's, not min(recall target, highest budget).

def test_combine_thresholds_ignores_a_stale_recall_candidate():
    # Round 12's numbers: budgets own 0.4367, own_everyday 0.3915, own_long 0.0858, hypo_hyperbole 0.026, recall 0.4878.
    cands = {"own": 0.4367, "own_everyday": 0.3915, "own_long": 0.0858, "hypo_hyperbole": 0.026, "own_recall": 0.4878}
    assert training.combine_thresholds(cands) == pytest.approx(0.4367)  # round 12 shipped 0.4878
    assert training.combine_thresholds(dict(cands, own_recall=0.30)) == pytest.approx(0.30)  # the recall target lower
    assert training.combine_thresholds({"own": None, "own_recall": None}) == 0.5
    assert training.combine_thresholds({"own": 0.995, "own_recall": None}) == 0.99
    assert training.combine_thresholds({"own": None, "own_long": 0.2, "own_recall": 0.6}) == pytest.approx(0.2)


def test_train_model_threshold_is_min_of_recall_target_and_budgets_after_two_passes(monkeypatch):
    # Synthetic out-of-group scores, one sentence a row (no length shift, so both passes see the same scores), designed
    # so that the recall target's threshold lies above the FPR budget: the second pass must still pick the budget.
    rng = np.random.default_rng(0)
    n_pos, n_neg = 100, 200
    y = np.r_[np.ones(n_pos, bool), np.zeros(n_neg, bool)]
    p = np.r_[np.linspace(0.50, 0.99, n_pos), np.linspace(0.01, 0.45, n_neg)]
    n = len(y)
    x = rng.normal(size=(n, encoder.DIM)).astype(np.float32)
    own = training.OwnRows(x, y, ["suicidal_ideation" if c else None for c in y], [f"row {i}" for i in range(n)],
                           ["g1" if i % 2 else "g2" for i in range(n)], x, np.arange(n), [None] * n,
                           np.ones(n, np.int64))
    fitted = training.Fitted(np.zeros(encoder.DIM, np.float32), 0.0)
    monkeypatch.setattr(training, "own_rows", lambda *a, **k: own)
    monkeypatch.setattr(training, "_grouped_cv", lambda *a, **k: p.copy())
    monkeypatch.setattr(training, "_fit", lambda *a, **k: fitted)
    monkeypatch.setattr(training, "_own_training", lambda own_, rows, neg: (own_.x[rows], own_.y[rows]))
    model, report = training.train_model(None, [], cache_dir=None)
    cands = report["threshold_candidates"]
    budgets = max(v for k, v in cands.items() if k != "own_recall" and v is not None)
    assert report["length_slope"] > 0  # the cap was computed: pick_threshold ran twice
    assert cands["own_recall"] > budgets  # the case the old code got wrong
    assert model.threshold == pytest.approx(budgets, abs=1e-4)
    assert model.threshold == pytest.approx(min(cands["own_recall"], budgets), abs=1e-4)


# Round 13's own operating point (its weights shipped until round 14, which retrained the recipe unchanged with batches
# 21 and 22: tests/safety/test_round14.py): p >= 0.4268 for 1-2 sentences (the "own" FPR budget; the recall target's
# 0.586), length slope 2.1622, cap 3.7324. Out of group at that point: pooled 0.9525 / 0.0700, everyday negatives
# 0.0497, long rows 0.952 / 0.1445; batch 19 0.973 / 0.055, batch 20 0.959 / 0.060. Learned-only AUC 0.9806, FPR at
# pooled recall 0.95 0.0657. On our round-11 check rows round 13 caught 38/50 and flagged 15/84; the floor on them moved
# to test_round14.py.
