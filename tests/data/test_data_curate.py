"""Empathy-aware curation: the rule keeps what it says it keeps, scores reach the rows and stats.json,
the old mix stays the default, and config mistakes are one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from fixtures.data.build_fixtures import fixture_root

from empathic.data import load_config, prepare
from empathic.data.curate import CurationConfig, ReplyScores, curate, parse_curation, score_examples, verdict
from empathic.data.records import Example, Ledger
from empathic.data.tokens import whitespace_counter
from empathic.errors import UserError

SHARED = fixture_root() / "shared"
MECHS = ("emotional_reactions", "interpretations", "explorations")


def fake_predict(texts: list[str]) -> dict[str, np.ndarray]:
    """A stand-in scorer: "sorry" is an emotional reaction, "?" an exploration, nothing else counts."""
    return {
        "emotional_reactions": np.array([2 if "sorry" in t.lower() else 0 for t in texts]),
        "interpretations": np.zeros(len(texts), dtype=int),
        "explorations": np.array([1 if "?" in t else 0 for t in texts]),
    }


def example(eid: str, source: str, *replies: str, split: str = "train") -> Example:
    messages = []
    for r in replies:
        messages += [{"role": "user", "content": "I lost my job today."}, {"role": "assistant", "content": r}]
    return Example(id=eid, source=source, messages=messages, split=split)


RULE = CurationConfig(enabled=True, min_mechanism_share={"empathetic_dialogues": 0.5},
                      min_words={"empathetic_dialogues": 5, "counsel_chat": 5}, max_words={"counsel_chat": 12})


def test_scores_count_levels_and_words_per_reply():
    scores = score_examples([example("a", "empathetic_dialogues", "I'm so sorry.", "What happened next?")],
                            fake_predict)["a"]
    assert scores.levels["emotional_reactions"] == [2, 0]
    assert scores.levels["explorations"] == [0, 1]
    assert scores.words == [3, 3]
    assert scores.mechanism_share == 1.0
    assert scores.as_record()["emotional_reactions"] == 1.0


@pytest.mark.parametrize(("replies", "reason"), [
    (("I am so sorry that happened to you today.",), None),
    (("That is a plain statement about the weather.",), "curation_no_empathy_mechanism"),
    (("So sorry.",), "curation_too_short"),
])
def test_empathetic_dialogues_needs_a_mechanism_and_enough_words(replies, reason):
    e = example("x", "empathetic_dialogues", *replies)
    assert verdict(e, score_examples([e], fake_predict)["x"], RULE) == reason


def test_counsel_chat_answers_outside_the_length_band_or_advertising_are_dropped():
    long = example("l", "counsel_chat", "sorry " * 20)
    ad = example("p", "counsel_chat", "I am sorry, please schedule a session at www.example.org today")
    ok = example("o", "counsel_chat", "I am sorry you are carrying this alone.")
    scores = score_examples([long, ad, ok], fake_predict)
    assert verdict(long, scores["l"], RULE) == "curation_too_long"
    assert verdict(ad, scores["p"], RULE) == "curation_promotional"
    assert verdict(ok, scores["o"], RULE) is None


STRICT = CurationConfig(enabled=True, min_mechanism_share={"esconv": 1.0}, min_mechanisms={"esconv": 2},
                        required_mechanisms={"esconv": ("emotional_reactions",)})


@pytest.mark.parametrize(("replies", "reason"), [
    (("I'm so sorry. What happened?",), None),  # reaction + exploration: two, the required one among them
    (("What happened? Tell me more?",), "curation_no_empathy_mechanism"),  # one mechanism only
    (("I'm so sorry.",), "curation_no_empathy_mechanism"),  # the required one, but alone
    (("I'm so sorry. What happened?", "What then?"), "curation_no_empathy_mechanism"),  # share 0.5 < 1.0
])
def test_a_source_can_require_several_mechanisms_per_reply_and_name_one_that_must_be_there(replies, reason):
    e = example("s", "esconv", *replies)
    assert verdict(e, score_examples([e], fake_predict)["s"], STRICT) == reason


def test_per_reply_mechanism_rules_are_parsed_and_checked():
    sources = ["esconv", "empathetic_dialogues"]
    config = parse_curation({"enabled": True, "min_mechanisms": {"esconv": 2},
                             "required_mechanisms": {"esconv": ["emotional_reactions"]}}, sources)
    assert config.min_mechanisms == {"esconv": 2}
    assert config.required_mechanisms == {"esconv": ("emotional_reactions",)}
    with pytest.raises(UserError, match="required_mechanisms"):
        parse_curation({"required_mechanisms": {"esconv": ["empathy"]}}, sources)
    with pytest.raises(UserError, match="min_mechanisms"):
        parse_curation({"min_mechanisms": {"esconv": "two"}}, sources)


def test_sources_without_thresholds_pass_and_splits_outside_the_rule_are_untouched():
    esconv = example("e", "esconv", "ok")
    held_out = example("t", "empathetic_dialogues", "ok", split="test")
    rule = CurationConfig(**{**RULE.__dict__, "splits": ("train",)})
    ledgers = {"esconv": Ledger(), "empathetic_dialogues": Ledger()}
    kept, _, stats = curate([esconv, held_out], rule, ledgers, fake_predict)
    assert [e.id for e in kept] == ["e", "t"]
    assert stats["before"] == stats["after"]


def test_dropped_examples_are_counted_in_the_ledger_by_reason():
    ledgers = {"empathetic_dialogues": Ledger()}
    kept, _, stats = curate([example("d", "empathetic_dialogues", "The weather is fine today, thanks.")], RULE,
                            ledgers, fake_predict)
    assert kept == []
    assert ledgers["empathetic_dialogues"].dropped == {"curation_no_empathy_mechanism": 1}
    assert stats["dropped"] == {"empathetic_dialogues/curation_no_empathy_mechanism": 1}


def test_config_errors_name_the_key():
    sources = ["empathetic_dialogues", "counsel_chat"]
    with pytest.raises(UserError, match="min_word"):
        parse_curation({"min_word": {}}, sources)
    with pytest.raises(UserError, match="empathetic_dialogue"):
        parse_curation({"min_words": {"empathetic_dialogue": 3}}, sources)
    with pytest.raises(UserError, match="non-negative"):
        parse_curation({"min_words": {"counsel_chat": -1}}, sources)
    assert parse_curation(None, sources) == CurationConfig()


def test_old_mix_is_the_default_and_writes_no_scores(tmp_path):
    config = load_config(None, ["max_repeat=1"])
    assert config.curation.enabled is False
    stats = prepare(config, SHARED, tmp_path, token_counter=whitespace_counter)
    assert "curation" not in stats
    assert all("empathy" not in json.loads(line) for line in (tmp_path / "train.jsonl").read_text().splitlines())


def test_curated_prepare_writes_scores_into_rows_and_stats(tmp_path):
    config = load_config(None, ["max_repeat=1", "curation.enabled=true",
                                "curation.min_mechanism_share={empathetic_dialogues: 1.0}"])
    stats = prepare(config, SHARED, tmp_path, token_counter=whitespace_counter, predictor=fake_predict)
    rows = [json.loads(line) for split in ("train", "valid", "test")
            for line in (tmp_path / f"{split}.jsonl").read_text().splitlines()]
    assert rows and all(set(MECHS) <= set(r["empathy"]) for r in rows)
    ed = [r for r in rows if r["source"] == "empathetic_dialogues"]
    assert all(r["empathy"]["mechanism_share"] == 1.0 for r in ed)
    assert set(stats["curation"]) >= {"before", "after", "dropped", "config"}
    assert sum(stats["curation"]["after"].values()) < sum(stats["curation"]["before"].values())
    json.dumps(stats)  # stats.json stays serialisable
    assert Path(tmp_path / "stats.json").is_file()


def test_reply_scores_of_an_example_without_replies_are_empty():
    assert ReplyScores({m: [] for m in MECHS}, []).mechanism_share == 0.0


def test_description_shows_the_mix_before_and_after_curation(tmp_path):
    config = load_config(None, ["max_repeat=1", "curation.enabled=true",
                                "curation.min_mechanism_share={empathetic_dialogues: 1.0}"])
    prepare(config, SHARED, tmp_path / "out", token_counter=whitespace_counter, predictor=fake_predict,
            description=tmp_path / "d.md")
    text = (tmp_path / "d.md").read_text()
    assert "## Empathy-aware curation (before / after)" in text
    assert "| train | empathetic_dialogues |" in text and "Train share after mixing" in text
