"""Generation settings: validated on construction, read from a config mapping, turned into `generate` arguments."""

from __future__ import annotations

import pytest

from empathic.chat import GenerationSettings
from empathic.errors import UserError


def test_do_sample_follows_temperature():
    assert GenerationSettings(temperature=0.7).do_sample
    greedy = GenerationSettings(temperature=0)
    assert not greedy.do_sample
    assert "top_p" not in {k for k, v in greedy.generate_kwargs().items() if v is not None}


def test_settings_from_mapping_rejects_unknown_keys_and_bad_values():
    assert GenerationSettings.from_mapping({"max_new_tokens": 5, "temperature": 0}).max_new_tokens == 5
    with pytest.raises(UserError, match="unknown key"):
        GenerationSettings.from_mapping({"max_tokens": 5})
    with pytest.raises(UserError, match="integer"):
        GenerationSettings.from_mapping({"max_new_tokens": 2.5})
    with pytest.raises(UserError, match="top_p"):
        GenerationSettings(top_p=0)
