"""The in-domain ceiling (`empathic screen eval-sources --in-domain`): oracle operating points, grouped folds,
user-level scores, and the command end to end on a tiny crisis folder."""

from __future__ import annotations

import json

import numpy as np
import pytest

from empathic.cli import main
from empathic.safety.crisis_data import SOURCES, Row
from empathic.safety.source_ceiling import (
    oracle_fpr_at_recall,
    oracle_recall_at_fpr,
    out_of_fold,
    user_summary,
)

# 4 crisis rows, 10 others; one other row (0.85) outranks three crisis rows.
Y = np.array([True] * 4 + [False] * 10)
S = np.array([0.9, 0.8, 0.3, 0.2, 0.85, 0.25] + [0.1] * 8)


def test_recall_at_the_fpr_budget_is_the_best_any_threshold_reaches():
    # threshold 0.3: 3 of 4 crisis rows and 1 of 10 others (FPR 0.10); 0.2 would flag 2 of 10.
    assert oracle_recall_at_fpr(Y, S, 0.10) == 0.75
    assert oracle_recall_at_fpr(Y, S, 0.20) == 1.0
    assert oracle_recall_at_fpr(Y, S, 0.0) == 0.25


def test_fpr_at_the_recall_target_is_the_least_any_threshold_needs():
    assert oracle_fpr_at_recall(Y, S, 0.90) == 0.2
    assert oracle_fpr_at_recall(Y, S, 0.75) == 0.1
    assert oracle_fpr_at_recall(Y, S, 0.25) == 0.0


def test_out_of_fold_scores_never_train_on_a_row_of_the_same_group():
    y = np.array([True, False] * 20)
    groups = [f"user{i // 4}" for i in range(40)]  # ten users of four posts each
    seen = []

    def fit_predict(train, test, labels):
        assert not {groups[i] for i in train} & {groups[i] for i in test}
        seen.extend(test.tolist())
        return np.full(len(test), 0.5)

    out_of_fold(fit_predict, y, groups, folds=5)
    assert sorted(seen) == list(range(40))  # every row scored exactly once


def test_users_are_scored_by_the_mean_of_their_posts():
    rows = [Row("a", True, "gaur2019_cssrs", "u1", "en"), Row("b", True, "gaur2019_cssrs", "u1", "en"),
            Row("c", False, "gaur2019_cssrs", "u2", "en"), Row("d", True, "gaur2019_cssrs", "u3", "en")]
    # u1 mean 0.5 (one strong post, one off-topic post), u2 0.6, u3 0.9: u2 outranks u1.
    m = user_summary(rows, np.array([0.9, 0.1, 0.6, 0.9]))
    assert (m["n"], m["positives"], m["auc"]) == (3, 2, 0.5)


def _write(path, rows):
    with path.open("w", encoding="utf-8") as fh:
        for i, (text, label, user) in enumerate(rows):
            fh.write(json.dumps({"id": str(i), "text": text, "label": label, "lang": "en",
                                 "meta": {"user": user} if user else {}}) + "\n")


CRISIS = ["I want to end my life tonight", "I am going to kill myself", "I have the pills ready to die",
          "nobody would miss me if I was dead", "I wrote my goodbye letter", "I can't go on living anymore"]
OTHER = ["I made pancakes this morning", "the weather is lovely today", "my cat is asleep on the sofa",
         "we are going to the beach", "this new song is great", "I finished my homework early"]


@pytest.mark.slow
def test_in_domain_command_reports_each_source_and_the_macro_ceiling(tmp_path, capsys):
    data = tmp_path / "crisis"
    data.mkdir()
    _write(data / SOURCES["feix_twitter"], [(t, True, None) for t in CRISIS] + [(t, False, None) for t in OTHER])
    gaur = [(t, True, f"u{i % 6}") for i, t in enumerate(CRISIS)] + [(t, False, f"v{i % 6}") for i, t in enumerate(OTHER)]
    _write(data / SOURCES["gaur2019_cssrs"], gaur)
    out = tmp_path / "ceiling.json"
    assert main(["screen", "eval-sources", "--in-domain", "--data-dir", str(data), "--out", str(out)]) == 0
    table = capsys.readouterr().out
    assert "| feix_twitter | use | 12 | 6 |" in table and "| gaur2019_cssrs (users, mean over posts) | tfidf | 12 | 6 |" in table
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report["per_source"]) == {"gaur2019_cssrs", "feix_twitter"}
    assert set(report["per_source"]["feix_twitter"]) == {"use", "tfidf"}
    best = [max(m["recall_at_fpr"] for m in report["per_source"][s].values()) for s in report["per_source"]]
    assert report["macro_best_recall_at_fpr"] == pytest.approx(np.mean(best), abs=1e-4)
    # crisis and everyday wording this far apart: the sentence encoder separates them on held-out folds
    assert report["per_source"]["feix_twitter"]["use"]["auc"] > 0.8


def test_in_domain_needs_a_source_with_crisis_rows(tmp_path, capsys):
    _write(tmp_path / SOURCES["hypo_hyperbole"], [("this bag weighs a ton", False, None)])
    assert main(["screen", "eval-sources", "--in-domain", "--data-dir", str(tmp_path)]) == 2
    assert "none of the hand-labelled sources with crisis rows" in capsys.readouterr().err


def test_loso_and_in_domain_together_are_a_user_error(tmp_path, capsys):
    assert main(["screen", "eval-sources", "--loso", "--in-domain", "--data-dir", str(tmp_path)]) == 2
    assert "not both" in capsys.readouterr().err
