"""The fine-tuned crisis encoder (round 51): the shipped folder, retraining end to end, loading errors, and how
its logit joins the MLP's in the learned screen."""

from __future__ import annotations

import json

import numpy as np
import pytest

from empathic.cli import main
from empathic.errors import UserError
from empathic.safety import finetune_training
from empathic.safety.crisis_data import SHIPPABLE_SOURCES, SOURCES
from empathic.safety.finetuned import FinetunedEncoder, shipped_encoder_path
from empathic.safety.learned import Combination, LearnedScreen


def test_the_shipped_encoder_is_a_small_adapter_trained_on_our_rows_and_cc_by_data_only():
    folder = shipped_encoder_path()
    size = sum(p.stat().st_size for p in folder.iterdir())
    assert size < 4_000_000  # a LoRA adapter and a head, not a copy of the 90 MB encoder
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["shippable"] is True
    assert set(meta["sources"]) <= {"own"} | set(SHIPPABLE_SOURCES)
    assert set(meta["combine"]) >= {"sd_mlp", "mean_encoder", "sd_encoder", "tau"}


def test_the_shipped_encoder_ranks_a_plain_crisis_message_above_an_everyday_one():
    enc = FinetunedEncoder()
    crisis, everyday = enc(["I have the pills in my hand and I'm taking them all tonight", "I made pancakes today"])
    assert crisis > everyday + 2.0


def test_the_combined_margin_is_zero_at_the_decision_point():
    c = Combination(sd_mlp=2.0, mean_encoder=1.0, sd_encoder=4.0, tau=0.5)
    assert c.margin(u=1.0, v=1.0) == 0.0   # 1/2 + 0/4 - 0.5
    assert c.margin(u=0.0, v=9.0) == 1.5   # 0 + 8/4 - 0.5
    assert c.margin(u=-1.0, v=1.0) < 0


def test_the_shipped_screen_reads_the_encoder_and_a_users_own_weights_do_not(tmp_path):
    shipped = LearnedScreen()
    assert shipped.combination is not None
    assert "encoder logit" in shipped("I can't do this anymore, tonight is the night")[2]
    own = tmp_path / "w.npz"
    shipped.model.save(own)  # any weights file of the user's own: the constants belong to the shipped pair
    assert LearnedScreen(own).combination is None


def test_a_folder_without_combination_constants_leaves_the_mlp_alone(tmp_path):
    folder = tmp_path / "enc"
    folder.mkdir()
    (folder / "meta.json").write_text(json.dumps({"sources": ["own"]}), encoding="utf-8")
    screen = LearnedScreen(encoder_dir=folder)
    assert screen.combination is None and screen.encoder is None


def test_an_incomplete_encoder_folder_is_a_user_error(tmp_path):
    (tmp_path / "meta.json").write_text("{}", encoding="utf-8")
    with pytest.raises(UserError, match="lacks adapter_config.json"):
        FinetunedEncoder(tmp_path)


@pytest.mark.slow
def test_train_encoder_writes_a_folder_the_encoder_loads(tmp_path, capsys, monkeypatch):
    rows = (["I want to end my life tonight", "I have the rope ready"], ["lovely walk today", "pancakes again"])

    def tiny(data_dir):  # the plumbing end to end on four rows; quality is the shipped folder's tests' job
        return rows[0] + rows[1], [1.0, 1.0, 0.0, 0.0], ["own", "hypo_hyperbole"]

    monkeypatch.setattr(finetune_training, "training_texts", tiny)
    data = tmp_path / "crisis"
    data.mkdir()
    (data / SOURCES["hypo_hyperbole"]).write_text(
        json.dumps({"id": "0", "text": "this bag weighs a ton", "label": False}) + "\n", encoding="utf-8")
    out = tmp_path / "enc"
    assert main(["screen", "train-encoder", "--data-dir", str(data), "--out", str(out)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rows"] == 4 and report["shippable"] is True
    logits = FinetunedEncoder(out)(["I want to end my life tonight", ""])
    assert logits.shape == (2,) and np.isfinite(logits).all()


def test_train_encoder_needs_the_hypo_file(tmp_path, capsys):
    (tmp_path / SOURCES["feix_twitter"]).write_text("", encoding="utf-8")
    assert main(["screen", "train-encoder", "--data-dir", str(tmp_path), "--out", str(tmp_path / "enc")]) == 2
    assert "no HYPO file" in capsys.readouterr().err
