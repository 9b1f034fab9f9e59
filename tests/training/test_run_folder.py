"""The run folder's names live in RunFolder; the project's files are written atomically (empathic.io)."""

from __future__ import annotations

import os

import pytest

from empathic.errors import UserError, check_known_keys
from empathic.io import cache_dir, read_json, read_jsonl, read_yaml, write_json, write_jsonl, write_yaml
from empathic.training.run_folder import RunFolder, is_complete_checkpoint


def test_run_folder_paths_and_checkpoints_in_step_order(tmp_path):
    run = RunFolder(tmp_path)
    assert run.config == tmp_path / "config.yaml" and run.adapter_config == tmp_path / "adapter_config.json"
    assert run.metrics.name == "metrics.json" and run.data == tmp_path / "data"
    assert not run.holds_a_run()
    for step, complete in ((10, True), (2, True), (30, False)):
        (tmp_path / f"checkpoint-{step}").mkdir()
        if complete:
            (tmp_path / f"checkpoint-{step}" / "trainer_state.json").write_text("{}")
    (tmp_path / "checkpoint-notes").mkdir()  # not a step: ignored
    assert [p.name for p in run.checkpoints()] == ["checkpoint-2", "checkpoint-10", "checkpoint-30"]
    assert run.last_complete_checkpoint().name == "checkpoint-10"
    assert not is_complete_checkpoint(tmp_path / "checkpoint-30") and run.holds_a_run()


def test_adapter_folder_detection_and_base_model_read_through_run_folder(tmp_path):
    from empathic.modeling.loading import adapter_base, is_adapter_folder

    assert not is_adapter_folder(tmp_path)
    write_json(RunFolder(tmp_path).adapter_config, {"base_model_name_or_path": "some/base"})
    assert is_adapter_folder(tmp_path) and adapter_base(tmp_path) == "some/base"


def test_writes_are_atomic_and_leave_no_temporary_files(tmp_path, monkeypatch):
    target = tmp_path / "sub" / "metrics.json"
    write_json(target, {"a": 1})
    assert read_json(target) == {"a": 1}

    def crash(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        write_json(target, {"a": 2})
    assert read_json(target) == {"a": 1}  # the old file is intact
    assert [p.name for p in target.parent.iterdir()] == ["metrics.json"]


def test_jsonl_and_yaml_round_trip(tmp_path):
    rows = [{"text": "héllo"}, {"n": 2}]
    write_jsonl(tmp_path / "rows.jsonl", rows)
    (tmp_path / "rows.jsonl").write_text((tmp_path / "rows.jsonl").read_text() + "\n\n")  # blank lines are skipped
    assert read_jsonl(tmp_path / "rows.jsonl") == rows
    write_yaml(tmp_path / "c.yaml", {"b": 1, "a": [1, 2]}, header="# note\n")
    assert read_yaml(tmp_path / "c.yaml") == {"b": 1, "a": [1, 2]}
    assert (tmp_path / "c.yaml").read_text().startswith("# note\nb: 1")  # file order kept


@pytest.mark.parametrize("value", ["", None])
def test_cache_dir_treats_an_empty_variable_as_unset(tmp_path, monkeypatch, value):
    monkeypatch.setenv("HOME", str(tmp_path))
    if value is None:
        monkeypatch.delenv("EMPATHIC_CACHE", raising=False)
    else:
        monkeypatch.setenv("EMPATHIC_CACHE", value)
    assert cache_dir() == tmp_path / ".cache" / "empathic"
    assert cache_dir("models").is_dir()
    monkeypatch.setenv("EMPATHIC_CACHE", str(tmp_path / "elsewhere"))
    assert cache_dir("eval") == tmp_path / "elsewhere" / "eval"


def test_one_key_checker_names_the_key_where_it_was_and_the_closest_valid_one():
    with pytest.raises(UserError, match=r"^unknown key 'lerning_rate' in the recipe; did you mean 'learning_rate'\?$"):
        check_known_keys(["seed", "lerning_rate"], {"seed", "learning_rate"}, "the recipe")
    with pytest.raises(UserError, match=r"^unknown dataset 'zzz'; known: a, b$"):
        check_known_keys(["zzz"], ["a", "b"], "", what="dataset", otherwise="known: a, b")
    with pytest.raises(UserError, match=r"valid: alpha, seed$"):
        check_known_keys(["qqq"], ("alpha", "seed"), "the data config")
    check_known_keys(["seed"], {"seed"}, "anywhere")  # known keys pass


def test_label_sets_have_one_home():
    from empathic.data import goemotions
    from empathic.evaluation import classifiers
    from empathic.labels import ED_EMOTIONS, GOEMOTIONS, IGNORE_INDEX
    from empathic.modeling import heads, templates

    assert len(GOEMOTIONS) == 28 and GOEMOTIONS[-1] == "neutral" and len(ED_EMOTIONS) == 32
    assert classifiers.GOEMOTIONS is GOEMOTIONS and heads.GOEMOTIONS is GOEMOTIONS and heads.ED_EMOTIONS is ED_EMOTIONS
    assert goemotions.GOEMOTIONS is GOEMOTIONS
    assert heads.IGNORE_INDEX == templates.IGNORE_INDEX == IGNORE_INDEX == -100
