"""Mechanism-splice DPO pairs (empathic.training.pair_builder, `empathic data pairs`): what a chosen reply may look
like, which replies and prompts are used, and that the file is what the DPO stage reads. A keyword scorer and a
word-overlap embedder stand in for the curation scorer and MiniLM, so no model runs here."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from empathic.cli import main
from empathic.errors import UserError
from empathic.training.pair_builder import (
    CLAUSES_FREE,
    ER,
    EX,
    IP,
    OPENERS,
    PairRules,
    TrainPrompt,
    adjective_misfit,
    make_pairs,
    make_trim_pairs,
    read_replies,
    read_train_prompts,
    reply_valence,
    sentences,
    splices,
    stats_path,
    trims,
    word_count,
    write_pairs,
    write_replies,
)
from empathic.training.preference_data import read_pairs
from empathic.training.self_disclosure import claims_experience


@dataclass(frozen=True)
class Reply:
    text: str
    stopped: bool = True


class KeywordScorer:
    """Curation levels from keywords: ER 2 for "sorry"/"happy for you", IP 1 for a reflective clause, EX 2 for "?"."""

    def predict_proba(self, responses: list[str]) -> dict[str, np.ndarray]:
        def onehot(level: int) -> list[float]:
            return [float(level == i) for i in range(3)]

        return {
            ER: np.array([onehot(2 if re.search(r"sorry|happy for you", t, re.I) else 0) for t in responses]),
            IP: np.array([onehot(1 if re.search(r"(understand|imagine) how", t) else 0) for t in responses]),
            EX: np.array([onehot(2 if "?" in t else 0) for t in responses]),
        }


def constant_embed(texts: list[str]) -> np.ndarray:
    """Every text the same vector: the similarity filter always passes."""
    return np.ones((len(texts), 4)) / 2.0


def prompt(text: str, emotion: str | None = "sad", reference: str = "That must be hard. What happened?") -> TrainPrompt:
    return TrainPrompt([{"role": "user", "content": text}], reference, emotion, id=f"t:{abs(hash(text))}")


RULES = PairRules(template_cap=1.0)  # a handful of prompts: the cap has its own test


# ------------------------------------------------------------------ splice rules


def test_questions_and_the_final_sentence_are_never_touched():
    reply = "Oh wow. Did she call you back? I hope she does."
    cands, _ = splices(reply, {ER, IP}, "sad", "My sister stopped talking to me")
    assert cands
    for c in cands:
        assert "Did she call you back?" in sentences(c.text)
        assert c.text.endswith("I hope she does.")


def test_a_statement_is_replaced_when_possible_else_the_sentence_is_inserted():
    replaced, _ = splices("That is rough. What happened?", {IP}, "sad", "I failed my exam")
    neutral = [c for c in replaced if c.inserted == 0]
    assert neutral and all(c.text.endswith("What happened?") and "That is rough." not in c.text for c in neutral)
    only_question, _ = splices("What happened?", {IP}, "sad", "I failed my exam")
    assert only_question and all(c.inserted == 1 and c.text.endswith("What happened?") for c in only_question)


def test_a_reply_that_opens_with_its_own_reaction_keeps_it_first():
    cands, _ = splices("I'm sorry to hear that. I hope you're well.", {IP}, "sad", "My cat is ill")
    assert cands and all(c.text.startswith("I'm sorry to hear that. ") for c in cands)
    alone, _ = splices("Oh no, that's awful!", {IP}, "sad", "My cat is ill")
    assert alone and all(c.text.startswith("Oh no, that's awful! ") for c in alone)


def test_missing_er_gets_an_opener_of_the_emotions_valence_at_the_start():
    sad, _ = splices("What happened?", {ER}, "devastated", "My dog died")
    assert all(c.mechanisms == (ER,) and c.text.endswith("What happened?") for c in sad)
    assert all(sentences(c.text)[0] in OPENERS["negative"] for c in sad)
    happy, _ = splices("What happened?", {ER}, "excited", "I got the job!")
    assert happy and all(sentences(c.text)[0] in OPENERS["positive"] for c in happy)
    assert reply_valence("surprised", "What happened?") is None  # no valence of its own: no opener
    assert reply_valence(None, "Congratulations, that is great!") == "positive"  # unlabeled: the reply's tone
    assert reply_valence("sad", "Congratulations, that is great!") is None  # label and tone clash: no opener
    assert reply_valence("apprehensive", "That is very good! You made it out.") is None


def test_a_negated_or_clashing_adjective_falls_back_to_adjective_free_clauses():
    assert adjective_misfit("scary", "Good for you. What was the view like?", "The climb was not scary at all") == "negated"
    assert adjective_misfit("scary", "What a view. Did you go far?", "Honestly it wasn't really that scary") == "negated"
    assert adjective_misfit("exciting", "I'm so sorry. Did it hurt?", "I broke my leg skiing") == "tone"
    assert adjective_misfit("scary", "That is great, congratulations!", "I finally did it") == "tone"
    cands, misfit = splices("Good for you. What was the view like?", {IP}, "afraid", "The climb was not scary at all")
    assert misfit == "negated"
    clauses = {s for c in cands for s in sentences(c.text)} - {"Good for you.", "What was the view like?"}
    assert clauses and clauses <= set(CLAUSES_FREE)
    fitting, _ = splices("Oh no. What was it like?", {IP}, "afraid", "The climb was really scary")
    assert any("scary" in c.text for c in fitting)


def test_first_person_experience_is_detected_but_set_phrases_are_not():
    assert claims_experience("I lost my dad last year too.")
    assert claims_experience("Same here, that happened to me.")
    assert not claims_experience("I was wondering how you are. Oh my gosh, what happened?")
    assert not claims_experience("I can only imagine how hard that was.")


# ------------------------------------------------------------------ pair selection


def test_pairs_raise_a_spliced_mechanism_and_respect_the_length_caps():
    prompts = [prompt("My dog died"), prompt("I lost my job"), prompt("My friend moved away")]
    replies = [Reply("Did you tell anyone?"), Reply("That is rough. What will you do now?"),
               Reply("Friends drift sometimes. Do you still talk to them?")]
    pairs, stats = make_pairs(prompts, replies, KeywordScorer(), constant_embed, RULES)
    assert len(pairs) == 3 and stats["pairs"] == 3
    for p in pairs:
        chosen, rejected = word_count(p.chosen.text), word_count(p.rejected)
        assert RULES.min_words <= chosen <= RULES.max_words and chosen <= rejected + RULES.max_added_words
        assert all(p.levels_chosen[m] >= p.levels_rejected[m] for m in (ER, IP, EX))
        assert any(p.levels_chosen[m] > p.levels_rejected[m] for m in p.chosen.mechanisms)
        assert p.chosen.text.endswith("?") and p.rejected.split()[-1] in p.chosen.text  # the question kept


def test_a_second_stage_splices_only_the_reflective_clause():
    prompts = [prompt("My dog died"), prompt("I lost my job")]
    replies = [Reply("I'm so sorry to hear that. Did you tell anyone?"), Reply("That is rough. What will you do now?")]
    pairs, stats = make_pairs(prompts, replies, KeywordScorer(), constant_embed, PairRules(template_cap=1.0, splice=(IP,)))
    assert pairs and all(p.chosen.mechanisms == (IP,) for p in pairs)
    assert not any("sorry" in p.chosen.text.lower() and "sorry" not in p.rejected.lower() for p in pairs)
    done = [Reply("I'm so sorry, I can imagine how hard that is. Did you tell anyone?")]
    _, stats = make_pairs(prompts[:1], done, KeywordScorer(), constant_embed, PairRules(splice=(IP,)))
    assert stats["replies_skipped"] == {"nothing_missing": 1}


class BlindToClausesScorer(KeywordScorer):
    """The lexical curation scorer's weakness, exaggerated: it never sees an interpretation."""

    def predict_proba(self, responses: list[str]) -> dict[str, np.ndarray]:
        proba = super().predict_proba(responses)
        proba[IP] = np.tile([1.0, 0.0, 0.0], (len(responses), 1))
        return proba


def test_trusted_splices_count_by_construction_but_the_scorer_still_vetoes_a_fall():
    prompts = [prompt("My dog died"), prompt("I lost my job")]
    replies = [Reply("I'm so sorry to hear that. Did you tell anyone?"), Reply("That is rough. What will you do now?")]
    only_ip = PairRules(template_cap=1.0, splice=(IP,))
    assert make_pairs(prompts, replies, BlindToClausesScorer(), constant_embed, only_ip)[0] == []
    trusted, _ = make_pairs(prompts, replies, BlindToClausesScorer(), constant_embed,
                            PairRules(template_cap=1.0, splice=(IP,), curation_must_rise=False))
    assert trusted and all(p.chosen.mechanisms == (IP,) for p in trusted)
    assert all(p.levels_chosen[m] >= p.levels_rejected[m] for p in trusted for m in (ER, IP, EX))


def test_replies_that_did_not_stop_are_too_long_or_already_complete_give_no_pair():
    prompts = [prompt("a"), prompt("b"), prompt("c"), prompt("d")]
    replies = [Reply("What happened to you then?", stopped=False),
               Reply(" ".join(["word"] * 23) + "."),
               Reply("I'm so sorry, I can imagine how hard that is."),
               Reply("Ok.")]
    pairs, stats = make_pairs(prompts, replies, KeywordScorer(), constant_embed, RULES)
    assert pairs == []
    assert stats["replies_skipped"] == {"not_stopped": 1, "rejected_length": 2, "nothing_missing": 1}


def test_candidates_that_claim_experience_or_lose_similarity_are_dropped():
    # The reply's own final sentence (never touched) claims an experience, so every candidate does.
    disclosing = [prompt("My dog died")]
    pairs, stats = make_pairs(disclosing, [Reply("Did you cry a lot? My dog died last year too.")], KeywordScorer(),
                              constant_embed, RULES)
    assert pairs == [] and stats["candidates_dropped"]["self_disclosure"] > 0

    def clause_is_far(texts: list[str]) -> np.ndarray:  # a spliced sentence moves the reply away from the reference
        return np.array([[0.0, 1.0] if re.search(r"sorry|understand|imagine|happy", t) else [1.0, 0.0] for t in texts])

    pairs, stats = make_pairs([prompt("I lost my job")], [Reply("That is rough. What will you do now?")],
                              KeywordScorer(), clause_is_far, RULES)
    assert pairs == [] and stats["prompts_without_pair"] == {"similarity": 1}


def test_no_template_exceeds_the_cap_share():
    prompts = [prompt(f"Something sad happened {i}") for i in range(40)]
    replies = [Reply("That is rough. What will you do now?") for _ in prompts]
    pairs, stats = make_pairs(prompts, replies, KeywordScorer(), constant_embed, PairRules())
    shares = Counter(t for p in pairs for t in p.chosen.templates)
    assert pairs and max(shares.values()) <= PairRules().template_cap * len(pairs)
    assert max(stats["template_shares"].values()) <= PairRules().template_cap
    # Too few templates for the cap to hold: no pairs at all rather than a broken cap.
    few, _ = make_pairs(prompts[:3], replies[:3], KeywordScorer(), constant_embed, PairRules(template_cap=0.01))
    assert few == []


# ------------------------------------------------------------------ files


def _sft_run(root: Path, rows: list[dict]) -> Path:
    (root / "data").mkdir(parents=True)
    (root / "data" / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    held_out = {"messages": [{"role": "user", "content": "HELD OUT"}, {"role": "assistant", "content": "x"}]}
    for split in ("valid", "test"):
        (root / "data" / f"{split}.jsonl").write_text(json.dumps(held_out) + "\n")
    return root


def _row(text: str, emotion: str | None = "sad") -> dict:
    return {"messages": [{"role": "user", "content": text}, {"role": "assistant", "content": "I'm sorry."}],
            "emotion": emotion, "id": text[:10]}


# ------------------------------------------------------------------ trim mode (a conciseness stage)

LONG = ("I'm so sorry. Losing a pet is one of the hardest things anyone goes through. I can imagine how sad that is. "
        "Pets are family. Did you say goodbye?")  # 29 words; the scorer's ER, IP and EX each sit in one sentence


def test_a_trim_removes_whole_sentences_but_never_a_question_or_a_reflective_clause():
    options = trims(LONG, PairRules())
    assert options and all(PairRules().min_words <= word_count(t) <= PairRules().max_words for t, _ in options)
    for text, removed in options:
        assert "Did you say goodbye?" in text and "I can imagine how sad that is." in text
        kept = sentences(text)
        assert all(s in sentences(LONG) for s in kept) and len(kept) == len(sentences(LONG)) - removed
    assert trims("Did you cry? Was it sudden? I can imagine how sad that is for your whole family.", PairRules()) == []


def test_trim_pairs_come_only_from_over_long_stopped_replies_and_keep_every_mechanism():
    prompts = [prompt("My dog died"), prompt("b"), prompt("c")]
    replies = [Reply(LONG), Reply("That is rough. What will you do now?"), Reply(LONG, stopped=False)]
    pairs, stats = make_trim_pairs(prompts, replies, KeywordScorer(), constant_embed, PairRules())
    assert len(pairs) == 1 and stats["replies_skipped"] == {"short_enough": 1, "not_stopped": 1}
    (pair,) = pairs
    assert pair.rejected == LONG and word_count(pair.chosen.text) <= PairRules().max_words
    assert all(pair.levels_chosen[m] >= pair.levels_rejected[m] for m in (ER, IP, EX))
    assert "sorry" in pair.chosen.text  # the scorer's ER sentence: removing it would lower ER, so it stays
    assert pair.chosen.inserted == -stats["sentences_removed"].popitem()[0] < 0
    assert "spliced" not in stats and stats["words"]["chosen"]["median"] < stats["words"]["rejected"]["median"]


def test_the_chosen_trim_is_the_most_similar_and_never_less_similar_than_the_reply():
    def near_reference(texts: list[str]) -> np.ndarray:  # "Pets are family." is what the reference says
        return np.array([[1.0, 0.0] if "family" in t else [0.0, 1.0] for t in texts])

    reference_prompt = prompt("My dog died", reference="Pets are family, that is so hard.")
    pairs, _ = make_trim_pairs([reference_prompt], [Reply(LONG)], KeywordScorer(), near_reference, PairRules())
    assert len(pairs) == 1 and "Pets are family." in pairs[0].chosen.text

    def trims_drift(texts: list[str]) -> np.ndarray:  # the full reply is the closest thing to the reference
        return np.array([[1.0, 0.0] if t in (LONG, reference_prompt.reference) else [0.0, 1.0] for t in texts])

    pairs, stats = make_trim_pairs([reference_prompt], [Reply(LONG)], KeywordScorer(), trims_drift, PairRules())
    assert pairs == [] and stats["prompts_without_pair"] == {"similarity": 1}


def test_own_replies_are_kept_and_read_back_only_for_the_same_prompts(tmp_path):
    prompts = [prompt("My dog died"), prompt("I lost my job")]
    path = tmp_path / "pairs.replies.jsonl"
    write_replies(path, prompts, [Reply(LONG), Reply("Ok.", stopped=False)])
    back = read_replies(path, prompts)
    assert [(r.text, r.stopped) for r in back] == [(LONG, True), ("Ok.", False)]
    with pytest.raises(UserError, match="other prompts"):
        read_replies(path, prompts[::-1])
    with pytest.raises(UserError, match="other prompts"):
        read_replies(path, prompts[:1])


def test_train_prompts_are_short_distinct_seeded_and_never_held_out(tmp_path):
    rows = [_row(f"train prompt {i}") for i in range(30)] + [_row("train prompt 0"), _row("long " * 300)]
    run = _sft_run(tmp_path / "run", rows)
    picked = read_train_prompts(run, PairRules(prompts=10, seed=1))
    texts = [p.messages[-1]["content"] for p in picked]
    assert len(texts) == len(set(texts)) == 10
    assert all(t.startswith("train prompt") for t in texts)  # no long context, nothing from valid/test
    assert picked == read_train_prompts(run, PairRules(prompts=10, seed=1))
    assert picked != read_train_prompts(run, PairRules(prompts=10, seed=2))
    assert len(read_train_prompts(run, PairRules(prompts=1000))) == 30


def test_the_pairs_file_is_what_the_dpo_stage_reads(tmp_path):
    prompts = [prompt("My dog died"), prompt("I lost my job")]
    replies = [Reply("Did you tell anyone?"), Reply("That is rough. What will you do now?")]
    pairs, stats = make_pairs(prompts, replies, KeywordScorer(), constant_embed, RULES)
    out = write_pairs(tmp_path / "pairs.jsonl", pairs, stats)
    rows = read_pairs([out])
    assert [r["chosen"][0]["content"] for r in rows] == [p.chosen.text for p in pairs]
    assert all(r["prompt"][-1]["role"] == "user" and r["rejected"][0]["role"] == "assistant" for r in rows)
    written = json.loads(stats_path(out).read_text())
    assert written["pairs"] == len(pairs) and set(written["levels"]) == {"chosen", "rejected"}


def test_cli_bad_input_is_one_line(tmp_path, capsys):
    out = str(tmp_path / "pairs.jsonl")
    assert main(["data", "pairs", "--adapter", str(tmp_path / "missing"), "--out", out]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("empathic data: error:") and "not an SFT run folder" in err and "\n" not in err
    run = _sft_run(tmp_path / "run", [_row("hello there")])
    assert main(["data", "pairs", "--adapter", str(run), "--out", out, "--epitome-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "no EPITOME CSVs" in err and "\n" not in err
    assert main(["data", "pairs", "--adapter", str(run), "--out", out, "--prompts", "0"]) == 2
    assert "--prompts must be at least 1" in capsys.readouterr().err
    assert main(["data", "pairs", "--adapter", str(run), "--out", out, "--splice", "explorations"]) == 2
    assert "--splice takes emotional_reactions and/or interpretations" in capsys.readouterr().err
    assert main(["data", "pairs", "--adapter", str(tmp_path / "dpo"), "--train-from", str(tmp_path / "nope"),
                 "--out", out]) == 2
    assert "--train-from it for a DPO run" in capsys.readouterr().err
    assert main(["data", "pairs", "--adapter", str(run), "--out", out, "--trim", "--replies",
                 str(tmp_path / "none.jsonl")]) == 2
    assert "no replies file at" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # --epitome-dir and --data-dir name the same thing: one of them
        main(["data", "pairs", "--adapter", str(run), "--out", out, "--epitome-dir", "a", "--data-dir", "b"])
