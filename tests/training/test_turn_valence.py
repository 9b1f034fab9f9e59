"""Turn valence (empathic.training.turn_valence and `empathic data pairs --turn-valence`): the opener's valence and
the best-of chosen reply's tone follow the seeker's last turn, learned from EmpatheticDialogues opening turns. A
keyword embedder stands in for MiniLM, so no model runs here."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from test_pair_builder import KeywordScorer, Reply, constant_embed

from empathic.cli import main
from empathic.errors import UserError
from empathic.training.pair_builder import (
    OPENERS,
    PairRules,
    TrainPrompt,
    make_best_of_pairs,
    reply_valence,
    sentences,
    splices,
    tone_contradicts,
)
from empathic.training.turn_valence import (
    MIN_PER_CLASS,
    fit_turn_valence,
    label_prompts,
    load_or_train_turn_valence,
    opening_turns,
)

GOOD = ("won", "passed", "promotion", "birthday", "married", "contest")
BAD = ("died", "lost", "failed", "fired", "sick", "alone")


def keyword_embed(texts: list[str]) -> np.ndarray:
    """Good-news words pull one way, bad-news words the other; a text with neither sits in the middle."""
    rows = []
    for t in texts:
        words = t.lower().split()
        rows.append([sum(w in GOOD for w in words), sum(w in BAD for w in words), 1.0])
    return np.asarray(rows, dtype=float)


class KeywordEmbedder:
    model_id = "keywords"

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        return keyword_embed(texts)


def ed_row(group: str, first: str, emotion: str, later: str = "And then?") -> dict:
    return {"source": "empathetic_dialogues", "group": group, "emotion": emotion, "id": group,
            "messages": [{"role": "user", "content": first}, {"role": "assistant", "content": "Oh?"},
                         {"role": "user", "content": later}, {"role": "assistant", "content": "I see."}]}


def write_rows(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def corpus(n: int = MIN_PER_CLASS) -> list[dict]:
    good = [ed_row(f"ed:g{i}", f"I {GOOD[i % len(GOOD)]} today", "proud") for i in range(n)]
    bad = [ed_row(f"ed:b{i}", f"My cat {BAD[i % len(BAD)]} today", "sad") for i in range(n)]
    return good + bad


def test_the_turns_valence_replaces_the_conversation_label_and_unsure_gives_no_opener():
    # A conversation labelled "sad" whose last turn is good news gets a glad opener, not "I'm so sorry".
    glad, _ = splices("What happened next?", {"emotional_reactions"}, "sad", "I won!", turn_valence="positive")
    assert glad and all(sentences(c.text)[0] in OPENERS["positive"] for c in glad)
    assert reply_valence("proud", "What happened?", turn_valence="negative") == "negative"
    assert reply_valence("proud", "What happened?", turn_valence="") is None
    assert reply_valence("proud", "I'm so sorry. What happened?", turn_valence="positive") is None  # the reply clashes
    assert reply_valence("proud", "What happened?") == "positive"  # not read: the label, as before


def test_a_tone_contradicts_only_the_other_valence():
    assert tone_contradicts("I'm so sorry to hear that.", "positive")
    assert tone_contradicts("That's great!", "negative")
    assert not tone_contradicts("I'm sorry, but I'm glad you're safe.", "positive")  # mixed reads both ways
    assert not tone_contradicts("I'm so sorry to hear that.", "negative")
    assert not tone_contradicts("I'm so sorry to hear that.", "")
    assert not tone_contradicts("I'm so sorry to hear that.", None)


BEST_OF = PairRules(mode="best_of", samples=3, turn_valence=True)
SORRY_BEST = "I'm so sorry, that sounds really hard. What happened next?"  # score 3 by the keyword scorer
PLAIN = "That sounds like a big day for you, what happened next?"        # score 1
FLAT = "Things like that happen to people sometimes in their lives, right."  # score 0


def test_best_of_never_chooses_a_reply_that_meets_good_news_with_sorrow():
    good_news = TrainPrompt([{"role": "user", "content": "I won the contest"}], "Congrats!", "proud", "p1",
                            turn_valence="positive")
    samples = [[Reply(SORRY_BEST), Reply(PLAIN), Reply(FLAT)]]
    (pair,), _ = make_best_of_pairs([good_news], samples, KeywordScorer(), constant_embed, BEST_OF)
    assert pair.chosen.text == PLAIN and pair.rejected == FLAT
    bad_news = TrainPrompt(good_news.messages, "Oh no.", "proud", "p2", turn_valence="negative")
    (pair,), _ = make_best_of_pairs([bad_news], samples, KeywordScorer(), constant_embed, BEST_OF)
    assert pair.chosen.text == SORRY_BEST  # sorrow fits bad news


def test_best_of_with_only_contradicting_replies_in_band_gives_no_pair_and_says_why():
    good_news = TrainPrompt([{"role": "user", "content": "I won"}], "Congrats!", "proud", "p1",
                            turn_valence="positive")
    samples = [[Reply(SORRY_BEST), Reply("I'm so sorry, that sounds bad. Are you ok now?")]]
    pairs, stats = make_best_of_pairs([good_news], samples, KeywordScorer(), constant_embed,
                                      PairRules(mode="best_of", samples=2, turn_valence=True))
    assert pairs == [] and stats["prompts_without_pair"] == {"tone": 1}


def test_opening_turns_are_one_per_valenced_conversation_and_skip_avoided_groups(tmp_path):
    rows = [ed_row("ed:1", "I won the contest", "proud"),
            ed_row("ed:1", "I won the contest", "proud", later="It was great"),  # a second window: read once
            ed_row("ed:2", "My dog died", "devastated"),
            ed_row("ed:3", "Guess what happened", "surprised"),               # no valence of its own
            ed_row("ed:4", "I failed my exam", "sad"),
            {**ed_row("cc:1", "I feel anxious", "anxious"), "source": "counsel_chat"}]
    data = write_rows(tmp_path / "train.jsonl", rows)
    avoid = write_rows(tmp_path / "val.jsonl", [ed_row("ed:4", "anything", "sad")])
    texts, positive = opening_turns([data], [avoid])
    assert texts == ["I won the contest", "My dog died"] and positive == [True, False]


def test_the_classifier_reads_a_turn_and_abstains_when_unsure():
    rows = corpus()
    texts = [r["messages"][0]["content"] for r in rows]
    model = fit_turn_valence(texts, [r["emotion"] == "proud" for r in rows], keyword_embed)
    assert model.label(keyword_embed(["We got married", "He died last year", "It rained"])) == [
        "positive", "negative", None]
    with pytest.raises(UserError, match=f"at least {MIN_PER_CLASS}"):
        fit_turn_valence(texts[:5] + texts[-40:], [True] * 5 + [False] * 40, keyword_embed)


def test_only_empathetic_dialogues_prompts_get_a_turn_valence():
    rows = corpus()
    model = fit_turn_valence([r["messages"][0]["content"] for r in rows], [r["emotion"] == "proud" for r in rows],
                             keyword_embed)
    prompts = [TrainPrompt([{"role": "user", "content": "Sad start"}, {"role": "assistant", "content": "Oh"},
                            {"role": "user", "content": "But then I passed"}], "Yay", "sad", "a"),
               TrainPrompt([{"role": "user", "content": "It rained"}], "Ok", "joyful", "b"),
               TrainPrompt([{"role": "user", "content": "I lost my job"}], "Hard.", "anxiety", "c"),  # ESConv
               TrainPrompt([{"role": "user", "content": "I lost my job"}], "Hard.", None, "d")]      # CounselChat
    assert [p.turn_valence for p in label_prompts(prompts, model, keyword_embed)] == ["positive", "", None, None]


def test_the_fitted_classifier_is_cached_per_data_and_avoid_files(tmp_path):
    data = write_rows(tmp_path / "train.jsonl", corpus(MIN_PER_CLASS + 1))
    embedder = KeywordEmbedder()
    first = load_or_train_turn_valence([data], embedder, cache=tmp_path / "cache")
    calls = embedder.calls
    again = load_or_train_turn_valence([data], embedder, cache=tmp_path / "cache")
    assert embedder.calls == calls and again.rows == first.rows == 2 * MIN_PER_CLASS + 2  # loaded, not refitted
    avoid = write_rows(tmp_path / "val.jsonl", [ed_row("ed:g0", "x", "proud")])
    fewer = load_or_train_turn_valence([data], embedder, [avoid], cache=tmp_path / "cache")
    assert fewer.rows == 2 * MIN_PER_CLASS + 1 and embedder.calls > calls


def test_turn_valence_rules_and_flags_fail_in_one_line(tmp_path, capsys):
    with pytest.raises(ValueError, match="turn valence"):
        PairRules(mode="trim", turn_valence=True)
    run = tmp_path / "run"
    (run / "data").mkdir(parents=True)
    write_rows(run / "data" / "train.jsonl", corpus())
    base = ["data", "pairs", "--adapter", str(run), "--out", str(tmp_path / "p.jsonl")]
    cases = [(["--valence-data", str(run / "data" / "train.jsonl")], "pass it too"),
             (["--turn-valence", "--valence-avoid", str(tmp_path / "missing.jsonl")], "no JSONL file"),
             (["--trim", "--turn-valence"], "--turn-valence is for the splice and --best-of modes")]
    for extra, message in cases:
        assert main(base + extra) == 2
        err = capsys.readouterr().err.strip()
        assert message in err and len(err.splitlines()) == 1
