"""Round 5 of the input screen: batch 10 became dev, the learned screen is a bag of MLPs, and the likeliest
risk window of each long crisis training row is a positive too. All fast: no retraining here."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from empathic.safety import encoder, load_redteam, training
from empathic.safety.learned import load_model

BATCH10 = Path(__file__).parents[2] / "empathic" / "resources" / "redteam_batch10.jsonl"


def test_batch10_is_merged_into_the_dev_split():
    rows = load_redteam(BATCH10)
    assert len(rows) == 420
    dev = {r["text"].lower() for r in load_redteam(split="dev")}
    assert all(r["text"].lower() in dev for r in rows)  # no row repeated an existing one: all 420 merged
    merged = load_redteam(split="dev", batch=10)
    assert len(merged) == 420 and all(r["category"] is None for r in merged if not r["crisis"])
    heldout = {r["text"].lower() for r in load_redteam(split="heldout")}
    assert not heldout & {r["text"].lower() for r in merged}


def test_batch10_everyday_kinds_count_as_everyday():
    assert training.is_everyday("work_stress") and training.is_everyday("long_everyday_post")
    assert not training.is_everyday("hyperbole") and not training.is_everyday("resolved_past")


def test_shipped_weights_come_from_the_round5_recipe():
    m = load_model()
    assert m.hidden_w.shape == (encoder.feature_dim(m.features), training.BAG * training.HIDDEN)
    assert m.meta["risk_windows"] is True and m.meta["shippable"]
    assert "own:batch10" in m.meta["validation"]  # batch 10 is a dev group of the grouped CV


def test_a_bag_is_the_mean_logit_of_its_members(monkeypatch):
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    monkeypatch.setattr(training, "BAG", 2)
    monkeypatch.setattr(training, "MAX_ITER", 3)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((40, 512)).astype(np.float32)
    y = x[:, 0] > 0.3
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        fit = training._fit(x, y, "mlp")
        monkeypatch.setattr(training, "BAG", 1)
        members = [training._fit(x, y, "mlp")]  # seed 0 alone
    h = training.HIDDEN
    assert fit.hidden_w.shape == (512, 2 * h)
    assert np.allclose(fit.hidden_w[:, :h], members[0].hidden_w) and np.allclose(fit.coef[:h] * 2, members[0].coef)
    p, p0 = fit.probabilities(x), members[0].probabilities(x)
    z, z0 = np.log(p / (1 - p)), np.log(p0 / (1 - p0))
    hid1 = np.maximum(x @ fit.hidden_w[:, h:] + fit.hidden_b[h:], 0)
    z1 = hid1 @ (fit.coef[h:] * 2) + (2 * fit.intercept - members[0].intercept)
    assert np.allclose(z, (z0 + z1) / 2, atol=1e-3)


def _own(texts_n, y):
    """A tiny OwnRows: row i has n_i windows (the whole message first); embeddings chosen by hand."""
    rng = np.random.default_rng(1)
    owner = np.concatenate([[i] * n for i, n in enumerate(texts_n)])
    wins = rng.standard_normal((len(owner), 512)).astype(np.float32) * 0.01
    first = np.searchsorted(owner, np.arange(len(texts_n)))
    return training.OwnRows(wins[first], np.array(y), [None] * len(y), [str(i) for i in range(len(y))],
                            ["g"] * len(y), wins, owner, [None] * len(y),
                            np.array([max(1, (n - 1 + 1) // 2) for n in texts_n]))


def test_risk_windows_pick_one_window_per_long_crisis_row():
    # Rows 0-1 crisis (row 0 long: 4 sentences -> 8 windows), rows 2-3 not; the crisis direction is dimension 0.
    own = _own([8, 1, 1, 8], [True, True, False, False])
    own.x[:, 0] = [1, 1, -1, -1]
    risky = int(np.flatnonzero(own.owner == 0)[5])
    own.windows[risky, 0] = 1.0  # the risk sentence of the long crisis post
    best = training._risk_windows(own, np.arange(4))
    assert list(best) == [risky]  # not the whole message, not the non-crisis long row
    x, y = training._own_training(own, np.arange(4), True)
    assert y.sum() == 2 + 1 and len(y) == 4 + 7 + 1  # 4 rows, 7 windows of the long non-crisis row, 1 risk window
