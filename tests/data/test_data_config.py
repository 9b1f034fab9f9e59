"""Data config: the repo YAML validates; every mistake is one UserError line naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from empathic.data.config import DataConfig, load_config, validate
from empathic.errors import UserError

REPO_CONFIG = Path(__file__).resolve().parents[2] / "finetuning" / "configs" / "data.yaml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "data.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_repo_config_loads_with_every_source():
    config = load_config(REPO_CONFIG)
    assert isinstance(config, DataConfig)
    assert config.enabled() == ["empathetic_dialogues", "counsel_chat", "mhcc", "esconv", "goemotions"]
    assert config.alpha == 0.5 and config.target_total == 12000
    assert config.sources["counsel_chat"].options == {"all_answers": False}


def test_no_config_means_defaults_with_all_sources():
    config = load_config(None)
    assert len(config.enabled()) == 5 and config.splits == {"train": 0.8, "valid": 0.1, "test": 0.1}


def test_only_listed_sources_are_used(tmp_path):
    config = load_config(write(tmp_path, "sources:\n  esconv: {}\n  mhcc: {cap: 10}\n"))
    assert config.enabled() == ["mhcc", "esconv"]  # registry order, not YAML order
    assert config.sources["mhcc"].cap == 10


@pytest.mark.parametrize(
    ("yaml_text", "key", "suggestion"),
    [
        ("alpah: 0.3\n", "'alpah'", "'alpha'"),
        ("sources:\n  esconv: {cpa: 3}\n", "'cpa'", "'cap'"),
        ("sources:\n  esconvv: {}\n", "'esconvv'", "'esconv'"),
        ("sources:\n  counsel_chat: {all_answer: true}\n", "'all_answer'", "'all_answers'"),
        ("splits: {train: 0.8, vaild: 0.1, test: 0.1}\n", "'vaild'", "'valid'"),
    ],
)
def test_unknown_key_names_itself_and_the_closest_valid_key(tmp_path, yaml_text, key, suggestion):
    with pytest.raises(UserError) as err:
        load_config(write(tmp_path, yaml_text))
    message = str(err.value)
    assert key in message and f"did you mean {suggestion}" in message and "\n" not in message


def test_source_specific_options_are_not_valid_elsewhere(tmp_path):
    with pytest.raises(UserError, match="'all_answers'"):
        load_config(write(tmp_path, "sources:\n  mhcc: {all_answers: true}\n"))
    with pytest.raises(UserError, match="'use_given_split'"):
        load_config(write(tmp_path, "sources:\n  counsel_chat: {use_given_split: true}\n"))


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ({"alpha": -1}, "alpha"),
        ({"alpha": "high"}, "alpha"),
        ({"target_total": 0}, "target_total"),
        ({"target_total": True}, "target_total"),
        ({"max_tokens": 12.5}, "max_tokens"),
        ({"splits": {"train": 0.9, "valid": 0.2, "test": 0.1}}, "sum"),
        ({"eval_mix": "some"}, "eval_mix"),
        ({"max_repeat": 0.5}, "max_repeat"),
        ({"sources": {"esconv": {"cap": -3}}}, "sources.esconv.cap"),
        ({"sources": {"esconv": {"enabled": "yes"}}}, "sources.esconv.enabled"),
        ({"sources": {"esconv": {"path": 5}}}, "sources.esconv.path"),
        ({"sources": {"counsel_chat": {"all_answers": "no"}}}, "sources.counsel_chat.all_answers"),
        ({"sources": ["esconv"]}, "sources"),
    ],
)
def test_wrong_types_and_ranges_are_user_errors(raw, fragment):
    with pytest.raises(UserError, match=fragment):
        validate(raw)


def test_overrides_refine_the_config(tmp_path):
    config = load_config(
        REPO_CONFIG,
        ["sources.esconv.cap=500", "alpha=0.3", "system_prompt=Be kind.", "sources.mhcc.enabled=false"],
    )
    assert config.sources["esconv"].cap == 500
    assert config.alpha == 0.3
    assert config.system_prompt == "Be kind."
    assert "mhcc" not in config.enabled()


def test_overrides_without_a_sources_section_keep_all_sources():
    config = load_config(None, ["sources.esconv.cap=5"])
    assert len(config.enabled()) == 5 and config.sources["esconv"].cap == 5


def test_bad_override_and_typo_in_override_are_user_errors():
    with pytest.raises(UserError, match="key=value"):
        load_config(None, ["alpha"])
    with pytest.raises(UserError, match="did you mean 'seed'"):
        load_config(None, ["sead=3"])


def test_missing_or_broken_config_file_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="not found"):
        load_config(tmp_path / "nope.yaml")
    with pytest.raises(UserError, match="not valid YAML"):
        load_config(write(tmp_path, "alpha: [0.5\n"))
