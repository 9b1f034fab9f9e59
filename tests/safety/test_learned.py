"""The learned screen: shipped weights (format, licence), window aggregation, local retraining."""

from __future__ import annotations

import json

import numpy as np
import pytest

from empathic.cli import main
from empathic.errors import UserError
from empathic.safety import encoder
from empathic.safety.crisis_data import SHIPPABLE_SOURCES, SOURCES
from empathic.safety.learned import LearnedModel, LearnedScreen, load_model, shipped_weights_path
from empathic.safety.patterns import CATEGORIES


def test_shipped_weights_are_small_and_trained_only_on_cc_by_data_and_our_own_rows():
    path = shipped_weights_path()
    assert path.stat().st_size < 256_000
    model = load_model()
    dim = encoder.feature_dim(model.features)  # 512 (USE) or 896 (USE + MiniLM, round 8)
    assert model.hidden_w is not None and model.hidden_w.shape == (dim, len(model.coef))
    assert model.centroids.shape == (len(CATEGORIES), dim)
    assert 0.0 < model.threshold < 1.0
    assert model.meta["shippable"] is True
    assert set(model.meta["sources"]) <= {*SHIPPABLE_SOURCES, "redteam_dev", "crisis_written_train",
                                         "crisis_written_r3", "crisis_written_r4", "crisis_written_r6"}


def test_a_crisis_sentence_inside_a_long_ordinary_message_is_found_by_the_window_max():
    screen = LearnedScreen()
    filler = ("Work was fine today and I went to the shops after. The weather was grey but mild. "
              "We had pasta for dinner and watched a show. ")
    crisis = "Honestly everyone would be better off if I was dead. "
    assert screen(filler * 3)[0] < 0.5
    score, category, why = screen(filler + crisis + filler * 2)
    assert score >= 0.5 and category == "suicidal_ideation" and "better off" in why


def test_screen_scale_maps_the_threshold_to_one_half():
    m = LearnedModel(np.zeros(512, np.float32), 0.0, 0.7, np.zeros((5, 512), np.float32))
    assert m.to_screen_scale(0.7) == pytest.approx(0.5)
    assert m.to_screen_scale(0.0) == 0.0 and m.to_screen_scale(1.0) == pytest.approx(1.0)
    assert m.to_screen_scale(0.69) < 0.5 < m.to_screen_scale(0.71)


def test_bad_weight_files_are_user_errors(tmp_path):
    with pytest.raises(UserError, match="not found"):
        load_model(tmp_path / "missing.npz")
    bad = tmp_path / "bad.npz"
    np.savez(bad, coef=np.zeros(3))
    with pytest.raises(UserError, match="not a learned-screen weights file"):
        load_model(bad)


@pytest.fixture(scope="module")
def embedded_own_rows():
    """Our own rows embedded once for this module (~30 s of encoding on one core)."""
    from empathic.safety import training

    return training.own_rows()


@pytest.fixture
def quick_training(monkeypatch, embedded_own_rows):
    """The retraining commands end to end with short fits. These tests check the plumbing (weights file, report,
    sources); the model's quality is measured by the shipped weights' tests and the red-team sets. At the full
    budget each command runs 13 fits of MAX_ITER Adam epochs, minutes on this CPU."""
    from empathic.safety import training

    def own_rows(include_written: bool = True):
        assert include_written
        return embedded_own_rows

    monkeypatch.setattr(training, "MAX_ITER", 5)
    monkeypatch.setattr(training, "own_rows", own_rows)


def _write_source(path, rows):
    with path.open("w", encoding="utf-8") as fh:
        for i, (text, label) in enumerate(rows):
            fh.write(json.dumps({"id": str(i), "text": text, "label": label, "lang": "en", "meta": {}}) + "\n")


@pytest.mark.slow
def test_screen_train_writes_weights_that_the_screen_can_load(tmp_path, capsys, monkeypatch, quick_training):
    monkeypatch.setenv("EMPATHIC_CRISIS_CACHE", str(tmp_path / "cache"))
    data = tmp_path / "crisis"
    data.mkdir()
    crisis = ["I want to end my life", "I am going to kill myself tonight", "I can't go on living like this",
              "nobody would miss me if I died", "I have pills saved up to end it"] * 4
    benign = ["I love my new job", "the weather is nice today", "my cat is sleeping on the sofa",
              "we are going to the beach", "I made pancakes this morning"] * 4
    _write_source(data / SOURCES["feix_twitter"], [(t, True) for t in crisis] + [(t, False) for t in benign])
    out = tmp_path / "w.npz"
    assert main(["screen", "train", "--data-dir", str(data), "--out", str(out),
                 "--sources", "feix_twitter"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["shippable"] is False and "feix_twitter" in report["sources"]
    model = load_model(out)
    assert model.meta["sources"][0] == "feix_twitter"
    path = tmp_path / "m.txt"
    path.write_text("I want to end my life\n", encoding="utf-8")
    assert main(["screen", "--weights", str(out), str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["crisis"] is True


def test_unknown_training_sources_are_a_user_error(tmp_path, capsys):
    (tmp_path / SOURCES["feix_twitter"]).write_text("", encoding="utf-8")
    assert main(["screen", "train", "--data-dir", str(tmp_path), "--out", str(tmp_path / "w.npz"),
                 "--sources", "nope"]) == 2
    assert "unknown or missing sources" in capsys.readouterr().err


@pytest.mark.slow
def test_eval_sources_reports_per_source_auc_recall_and_fpr(tmp_path, capsys, monkeypatch, quick_training):
    monkeypatch.setenv("EMPATHIC_CRISIS_CACHE", str(tmp_path / "cache"))
    data = tmp_path / "crisis"
    data.mkdir()
    hypo = [(f"This bag weighs a ton, number {i}.", False) for i in range(30)]
    _write_source(data / SOURCES["hypo_hyperbole"], hypo)
    _write_source(data / SOURCES["es_kvvaldez"], [("quiero morir", True), ("ya no quiero vivir", True),
                                                  ("hoy fui a la playa", False), ("me encanta el café", False)])
    # Gaur's labels are per user: a user-level row is reported next to the post-level one.
    gaur = [("I want to end my life tonight.", True, "u1"), ("Went to the beach today.", True, "u1"),
            ("I made pancakes this morning.", False, "u2"), ("My cat is asleep on the sofa.", False, "u2"),
            ("Nice weather for a walk.", False, "u3")]
    with (data / SOURCES["gaur2019_cssrs"]).open("w", encoding="utf-8") as fh:
        for i, (text, label, user) in enumerate(gaur):
            fh.write(json.dumps({"id": str(i), "text": text, "label": label, "lang": "en", "meta": {"user": user}}) + "\n")
    out = tmp_path / "report.json"
    assert main(["screen", "eval-sources", "--data-dir", str(data), "--out", str(out), "--max-rows", "3"]) == 0
    table = capsys.readouterr().out
    assert "| es_kvvaldez | yes | whole source | 3 |" in table
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["trained_on"] == ["hypo_hyperbole", "redteam_dev", "crisis_written_train", "crisis_written_r3",
                                    "crisis_written_r4", "crisis_written_r6"]
    es = report["per_source"]["es_kvvaldez"]
    assert es["n"] == 3 and 0.0 <= (es["recall"] or 0.0) <= 1.0
    users = report["per_source"]["gaur2019_cssrs (user level, max over posts)"]
    assert report["per_source"]["gaur2019_cssrs"]["n"] == 3 and "user level" in table
    assert users["positives"] <= users["n"] <= 3
    assert report["hand_labelled_macro"]["sources"] == ["gaur2019_cssrs", "es_kvvaldez", "hypo_hyperbole"]
