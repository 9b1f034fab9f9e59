"""Round 11 of the input screen: blind batch 16 (measured once on round 10, a9896fd: recall 0.927, FPR 0.115) became
dev and is trained on (all 420 rows, CV group "batch16"; none repeats a held-out row). Round 10's recipe otherwise (USE
features, one 128-unit MLP, risk windows, recall target 0.94, two-sentence weight 0.25): the four candidates tried
(our round-11 rows as training data, HYPO weighted 3x, the multi-sentence aggregation, per-language thresholds) did not
pass the grouped-CV rule set before their results (training.py module doc). Our round-11 rows
(`crisis_written_r11.jsonl`) are a check set, never trained on. Fast apart from the check-set test."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from empathic.safety import build_default_screener, encoder, load_redteam, training
from empathic.safety.learned import load_model, shipped_weights_path

RESOURCES = Path(__file__).parents[2] / "empathic" / "resources"
LANGS = {"en", "es", "fr", "de", "pt", "hi-latn"}


def test_batch16_is_merged_into_the_dev_split_unchanged():
    rows = [json.loads(line) for line in (RESOURCES / "redteam_batch16.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 420 and {r["split"] for r in rows} == {"heldout"}  # the record file stays as measured
    heldout = {r["text"].lower() for r in load_redteam(split="heldout")}
    merged = load_redteam(split="dev", batch=16)
    # All 420 rows are dev now (none repeats a held-out row); unchanged apart from the split and the benign category.
    assert len(merged) == 420 and not heldout & {r["text"].lower() for r in merged}
    assert [dict(r, split="dev", category=r["category"] if r["crisis"] else None) for r in rows] == merged


def test_batch16_is_its_own_cv_group_and_the_round11_rows_are_not_trained_on(monkeypatch):
    monkeypatch.setattr(encoder, "encode", lambda texts: np.zeros((len(texts), encoder.DIM), np.float32))
    own = training.own_rows()
    assert sum(g == "batch16" for g in own.groups) == 420
    assert {"batch15", "written_r6"} <= set(own.groups) and "written_r11" not in set(own.groups)
    written = load_redteam(training.written_r11_path())
    assert len(written) == 134 and {r["split"] for r in written} == {"check"} and {r["lang"] for r in written} == LANGS
    assert not {r["text"] for r in written} & set(own.texts)


def test_shipped_weights_come_from_the_round11_recipe():
    assert shipped_weights_path().stat().st_size < 140_000
    m = load_model()
    assert (training.BAG, training.HIDDEN, training.RECALL_TARGET, training.FEATURES) == (1, 128, 0.94, "use")
    assert training.TWO_SENTENCE_WEIGHT == 0.25 and m.two_sentence_weight == 0.25
    assert m.features == "use" and m.hidden_w.shape == (encoder.DIM, 128)
    assert m.meta["shippable"] and m.meta["recall_target"] == 0.94
    v = m.meta["validation"]
    assert v["own:batch16"]["n"] == 420 and v["own:batch15"]["n"] == 419 and "own:written_r11" not in v


def test_round11_operating_point_and_grouped_cv():
    # The recipe's own operating point (pooled out-of-group recall target 0.94 over all own rows, batch 16 included):
    # p >= 0.4225 for 1-2 sentences (round 10: 0.4124), length slope 2.141 (2.192), cap 3.479 (3.539). Out of group at
    # that point: pooled 0.9402 / 0.0770, everyday negatives 0.0607, long rows 0.937 / 0.1374; batch 16 0.923 / 0.110
    # (its blind measurement on round 10: 0.927 / 0.115). Same rows, round 10 as frozen -> round 11: AUC 0.9731 ->
    # 0.9743, FPR at pooled recall 0.95 0.0940 -> 0.0884 (Notes/decisions/safety.md, "Input screen round 11").
    m = load_model()
    assert abs(m.threshold - 0.4225) < 1e-3
    assert abs(m.length_slope - 2.1409) < 1e-3 and abs(m.length_cap - 3.4793) < 1e-3
    v = m.meta["validation"]
    assert v["own:batch16"]["recall"] >= 0.9227 and v["own:batch16"]["fpr"] <= 0.11
    assert v["own:everyday_negatives"]["fpr"] <= 0.0607 and v["own:long"]["fpr"] <= 0.1374
    pooled = m.meta["validation_pooled_own"]
    assert pooled["recall"] >= 0.94 and pooled["fpr"] <= 0.077


@pytest.mark.slow
def test_round11_check_rows_regression_floor():
    # Our round-11 rows, never trained on, with the chat default (rules + learned): round 11 catches 36/50 and flags
    # 17/84 (round 10: 33/50, 15/84). Hard on purpose: preparatory acts without risk words, violent idioms, recovery
    # stories and the same acts for ordinary reasons. A regression floor, one message of slack each way.
    screen = build_default_screener()
    rows = load_redteam(training.written_r11_path())
    caught = sum(1 for r in rows if r["crisis"] and screen(r["text"]).crisis)
    flagged = sum(1 for r in rows if not r["crisis"] and screen(r["text"]).crisis)
    assert caught >= 35 and flagged <= 18
