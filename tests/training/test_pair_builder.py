"""Mechanism-splice, trim and best-of DPO pairs (empathic.training.pair_builder, `empathic data pairs`): what a chosen
reply may look like, which replies and prompts are used, and that the file is what the DPO stage reads. A keyword scorer and a
word-overlap embedder stand in for the curation scorer and MiniLM, so no model runs here."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, replace
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
    build_pairs,
    make_best_of_pairs,
    make_pairs,
    make_trim_pairs,
    read_replies,
    read_samples,
    read_train_prompts,
    reply_valence,
    samples_path,
    sentences,
    splices,
    stats_path,
    train_split_path,
    trims,
    word_count,
    write_pairs,
    write_replies,
    write_samples,
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


def test_keep_reactions_never_replaces_a_sentence_with_its_own_reaction():
    # Round 26 (E29): length-neutral clauses replaced "That sounds really tough." and ER fell below base.
    reply = "I see. That sounds really tough. You are doing your best. How are you now?"
    free, _ = splices(reply, {IP}, "sad", "My dad is ill")
    assert any("That sounds really tough." not in sentences(c.text) for c in free)  # the default may replace it
    kept, _ = splices(reply, {IP}, "sad", "My dad is ill", keep_reactions=True)
    assert kept and all("That sounds really tough." in sentences(c.text) for c in kept)
    assert any(c.inserted == 0 for c in kept)  # a plain statement is still replaced: the pairs stay length-neutral
    assert all(c.text.endswith("How are you now?") for c in kept)


def test_replace_closers_lets_a_clause_take_the_place_of_a_final_well_wish_only():
    reply = "I'm sorry to hear that. I hope you're doing well."
    default, _ = splices(reply, {IP}, "sad", "My cat is ill")
    assert default and all(c.text.endswith("I hope you're doing well.") for c in default)
    swapped, _ = splices(reply, {IP}, "sad", "My cat is ill", replace_closers=True)
    neutral = [c for c in swapped if c.inserted == 0]
    assert neutral and all(c.text.startswith("I'm sorry to hear that. ") and "I hope" not in c.text for c in neutral)
    assert all(len(sentences(c.text)) == 2 for c in neutral)  # the well-wish gave its place, no sentence added
    # a final statement that is not a well-wish, a final question and a lone well-wish stay untouched
    for kept in ("I'm sorry to hear that. You deserve better.", "I'm sorry. I hope he is ok?", "I hope you're well."):
        cands, _ = splices(kept, {IP}, "sad", "My cat is ill", replace_closers=True)
        assert all(c.inserted == 1 or c.text.endswith(sentences(kept)[-1]) for c in cands)


def test_replace_closers_is_a_splice_mode_rule():
    with pytest.raises(ValueError, match="replace closers"):
        PairRules(mode="best_of", samples=4, replace_closers=True)


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


def test_a_run_trained_on_a_prepared_folder_reads_that_folders_train_split(tmp_path):
    prepared = _sft_run(tmp_path / "prepared", [_row(f"prepared prompt {i}") for i in range(5)]) / "data"
    run = tmp_path / "run"
    run.mkdir()
    assert train_split_path(run) is None  # no data/ and no config.yaml: not an SFT run
    (run / "config.yaml").write_text(f"data_prepared: {prepared}\n")
    assert train_split_path(run) == prepared / "train.jsonl"
    texts = {p.messages[-1]["content"] for p in read_train_prompts(run, PairRules(prompts=10))}
    assert texts == {f"prepared prompt {i}" for i in range(5)}
    (run / "config.yaml").write_text(f"data_prepared: {tmp_path / 'gone'}\n")
    assert train_split_path(run) is None


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


# ------------------------------------------------------------------ the pair mode (PairRules.mode)


def test_pair_rules_reject_an_unknown_mode():
    with pytest.raises(ValueError, match="unknown pair mode 'greedy'; choose one of splice, trim, best_of"):
        PairRules(mode="greedy")


def test_pair_rules_best_of_needs_at_least_two_samples_and_samples_need_best_of():
    for samples in (0, 1, -2):
        with pytest.raises(ValueError, match=f"best_of needs at least 2 samples per prompt to pick from, got {samples}"):
            PairRules(mode="best_of", samples=samples)
    with pytest.raises(ValueError, match="samples .4. are for the best_of mode only, not trim"):
        PairRules(mode="trim", samples=4)
    assert PairRules().mode == "splice" and PairRules(mode="best_of", samples=2).samples == 2


# ------------------------------------------------------------------ best-of mode (on-policy pairs from sampled replies)

BEST_OF = PairRules(mode="best_of", samples=4)
# KeywordScorer scores (ER + IP + 0.5 EX expected levels): "sorry" 2, a reflective clause 1, a question 1.
IN_BAND_BEST = "I'm so sorry, that sounds really hard. What happened next?"  # 10 words, score 3
TOO_LONG_BEST = ("I'm so sorry, I can imagine how hard that is for you and your whole family right now. "
                 "What happened?")  # 20 words, score 4: above the band
UNSTOPPED_BEST = "I'm so sorry. I understand how hard that is. What now?"  # 11 words, score 4
LONGER_LOW = "Things like that happen to people sometimes, do you know why?"  # 11 words, score 1
SHORT_LOWEST = "Ok."  # 1 word, score 0: the lowest, but shorter than any chosen reply


def test_best_of_chosen_is_the_best_in_band_sample_and_rejected_the_lowest_at_least_as_long():
    samples = [[Reply(TOO_LONG_BEST), Reply(UNSTOPPED_BEST, stopped=False), Reply(SHORT_LOWEST), Reply(LONGER_LOW),
                Reply(IN_BAND_BEST), Reply(IN_BAND_BEST + " ")]]
    pairs, stats = make_best_of_pairs([prompt("My dog died")], samples, KeywordScorer(), constant_embed, BEST_OF)
    (pair,) = pairs
    assert pair.chosen.text == IN_BAND_BEST and pair.rejected == LONGER_LOW
    assert BEST_OF.min_words <= word_count(pair.chosen.text) <= BEST_OF.max_words
    assert word_count(pair.chosen.text) <= word_count(pair.rejected)
    assert pair.mode == "best_of" and pair.chosen.inserted == 0 and pair.chosen.mechanisms == ()
    assert stats["replies_skipped"] == {"not_stopped": 1, "duplicate": 1} and stats["replies"] == 6
    assert stats["score"] == {"chosen": 3.0, "rejected": 1.0} and stats["replies_in_band"] == 2
    assert stats["words"]["chosen"]["median"] <= stats["words"]["rejected"]["median"]
    assert "spliced" not in stats and "template_shares" not in stats


def test_best_of_chosen_is_never_longer_than_rejected_across_many_prompts():
    rng = np.random.default_rng(0)
    pieces = ["I'm so sorry.", "That is hard.", "What happened?", "I can imagine how hard that is.", "Oh.",
              "People go through this all the time and it passes.", "Tell me more?"]
    prompts = [prompt(f"Something happened {i}") for i in range(30)]
    samples = [[Reply(" ".join(rng.choice(pieces, size=rng.integers(1, 5)))) for _ in range(6)] for _ in prompts]
    pairs, _ = make_best_of_pairs(prompts, samples, KeywordScorer(), constant_embed, BEST_OF)
    assert len(pairs) >= 5
    for p in pairs:
        assert BEST_OF.min_words <= word_count(p.chosen.text) <= BEST_OF.max_words
        assert word_count(p.chosen.text) <= word_count(p.rejected) and p.chosen.text != p.rejected


def test_best_of_keeps_a_pair_only_with_the_score_gap():
    samples = [[Reply("I'm sorry, that sounds so hard for you today."),   # 9 words, score 2
                Reply("That sounds so hard, what happened to you today then?")]]  # 10 words, score 1
    for gap, kept in ((1.0, True), (1.01, False)):
        pairs, stats = make_best_of_pairs([prompt("I lost my job")], samples, KeywordScorer(), constant_embed,
                                          PairRules(mode="best_of", samples=2, min_score_gap=gap))
        assert bool(pairs) is kept
        assert stats["prompts_without_pair"] == ({} if kept else {"score_gap": 1})


def test_best_of_score_weights_decide_which_mechanism_the_choice_is_made_on():
    reaction = "I'm so sorry, that sounds really hard for you."       # 9 words: ER 2, IP 0, EX 0
    reflection = "I can imagine how hard that must be for you now."  # 10 words: ER 0, IP 1, EX 0
    flat = "That is a thing that happens to many people at some point."  # 12 words, score 0: rejected either way
    samples = [[Reply(reaction), Reply(reflection), Reply(flat)]]
    chosen = {}
    for weights in ((1.0, 1.0, 0.5), (1.0, 3.0, 0.5)):
        rules = PairRules(mode="best_of", samples=3, score_weights=weights)
        (pair,), stats = make_best_of_pairs([prompt("My dog died")], samples, KeywordScorer(), constant_embed, rules)
        chosen[weights] = pair.chosen.text
        assert pair.rejected == flat
    assert chosen == {(1.0, 1.0, 0.5): reaction, (1.0, 3.0, 0.5): reflection}
    assert stats["score"] == {"chosen": 3.0, "rejected": 0.0}


def test_best_of_similarity_weight_prefers_the_sample_that_stays_on_the_reference():
    on_topic = "I'm so sorry, losing your dog is really hard."    # 9 words, score 2, close to the reference
    off_topic = "I'm so sorry, that must be hard with your job."    # 10 words, score 2, far from it; first by tie
    flat = "That is a thing that happens to many people at some point."  # 12 words, score 0: rejected
    reference = "Losing a dog is so hard."
    vectors = {reference: [1.0, 0.0], on_topic: [0.9, 0.436], off_topic: [0.2, 0.98], flat: [0.1, 0.995]}

    def embed(texts: list[str]) -> np.ndarray:
        return np.array([vectors[t] for t in texts])

    samples = [[Reply(off_topic), Reply(on_topic), Reply(flat)]]
    for weight, expected in ((0.0, off_topic), (5.0, on_topic)):
        rules = PairRules(mode="best_of", samples=3, similarity_weight=weight)
        (pair,), _ = make_best_of_pairs([prompt("My dog died", reference=reference)], samples, KeywordScorer(), embed,
                                        rules)
        assert pair.chosen.text == expected and pair.rejected == flat


def test_best_of_max_longer_words_keeps_the_rejected_side_about_as_long_as_the_chosen():
    chosen = "I'm so sorry, that sounds really hard for you."              # 9 words, score 2
    much_longer = "That is a thing that happens to many people at some point."  # 12 words, score 0
    close = "That is a thing that happens to people."                       # 8 words: shorter, never rejected
    near = "That is a thing that happens to many people."                   # 9 words, score 0
    samples = [[Reply(chosen), Reply(much_longer), Reply(close), Reply(near)]]
    for cap, rejected in ((None, much_longer), (2, near), (0, near)):
        rules = PairRules(mode="best_of", samples=4, max_longer_words=cap)
        pairs, stats = make_best_of_pairs([prompt("My dog died")], samples, KeywordScorer(), constant_embed, rules)
        assert [p.rejected for p in pairs] == [rejected], cap
    samples = [[Reply(chosen), Reply(much_longer)]]
    pairs, stats = make_best_of_pairs([prompt("My dog died")], samples, KeywordScorer(), constant_embed,
                                      PairRules(mode="best_of", samples=2, max_longer_words=2))
    assert pairs == [] and stats["prompts_without_pair"] == {"no_longer_rejected": 1}


def test_score_weights_are_three_non_negative_numbers_not_all_zero():
    for weights in ((1.0, 1.0), (1.0, -1.0, 0.5), (0.0, 0.0, 0.0)):
        with pytest.raises(ValueError, match="score weights are 3 numbers"):
            PairRules(score_weights=weights)
    assert PairRules().score_weights == (1.0, 1.0, 0.5)


def test_best_of_prompts_without_a_usable_sample_count_their_reason():
    long = " ".join(["word"] * 19) + "?"
    samples = [[Reply(long), Reply("Oh no?"), Reply(long + " Yes.")],                     # nothing in the band
               [Reply(IN_BAND_BEST, stopped=False), Reply(LONGER_LOW, stopped=False)],     # nothing stopped
               [Reply("My dog died last year too, I know how it feels."), Reply("Same here, that happened to me.")],
               [Reply(IN_BAND_BEST), Reply(SHORT_LOWEST), Reply("Oh, what?")],             # nothing as long as chosen
               [Reply(IN_BAND_BEST), Reply(LONGER_LOW)]]                                    # a pair
    prompts = [prompt(f"p{i}") for i in range(len(samples))]
    pairs, stats = make_best_of_pairs(prompts, samples, KeywordScorer(), constant_embed, BEST_OF)
    assert [p.prompt for p in pairs] == prompts[-1:]
    assert stats["prompts_without_pair"] == {"no_in_band": 1, "not_stopped": 1, "self_disclosure": 1,
                                             "no_longer_rejected": 1}
    assert stats["replies_skipped"] == {"not_stopped": 2, "self_disclosure": 2}
    assert stats["prompts"] == 5 and stats["pairs"] == 1 and stats["replies_stopped"] == 10


def test_best_of_chosen_is_never_less_similar_to_the_reference_than_rejected():
    def sorry_is_far(texts: list[str]) -> np.ndarray:  # the best-scoring reply drifts from what the reference says
        return np.array([[0.0, 1.0] if "sorry" in t else [1.0, 0.0] for t in texts])

    samples = [[Reply(IN_BAND_BEST), Reply(LONGER_LOW)]]
    pairs, stats = make_best_of_pairs([prompt("My dog died")], samples, KeywordScorer(), sorry_is_far, BEST_OF)
    assert pairs == [] and stats["prompts_without_pair"] == {"similarity": 1}
    near = prompt("My dog died", reference="I'm so sorry for your loss.")
    pairs, _ = make_best_of_pairs([near], samples, KeywordScorer(), sorry_is_far, BEST_OF)
    assert len(pairs) == 1 and pairs[0].similarity_chosen > pairs[0].similarity_rejected


def test_sampled_replies_are_kept_and_read_back_only_for_the_same_prompts_and_mode(tmp_path):
    prompts = [prompt("My dog died"), prompt("I lost my job")]
    samples = [[Reply(IN_BAND_BEST), Reply("Ok.", stopped=False)], [Reply(LONGER_LOW), Reply(LONG), Reply("Hm.")]]
    path = samples_path(tmp_path / "pairs.jsonl")
    assert path.name == "pairs.samples.jsonl"
    write_samples(path, prompts, samples)
    back = read_samples(path, prompts)
    assert [[(r.text, r.stopped) for r in rs] for rs in back] == [[(r.text, r.stopped) for r in rs] for rs in samples]
    with pytest.raises(UserError, match="other prompts"):
        read_samples(path, prompts[::-1])
    with pytest.raises(UserError, match="other prompts"):
        read_samples(path, prompts[:1])
    with pytest.raises(UserError, match="holds best-of samples"):  # a samples file is no greedy replies file
        read_replies(path, prompts)
    greedy = tmp_path / "pairs.replies.jsonl"
    write_replies(greedy, prompts, [Reply(LONG), Reply("Ok.")])
    with pytest.raises(UserError, match="holds greedy replies"):
        read_samples(greedy, prompts)
    write_samples(path, prompts, [samples[0], samples[1][:1]])
    with pytest.raises(UserError, match="row 2: samples must list at least 2 replies"):
        read_samples(path, prompts)


def test_own_samples_are_n_seeded_sampled_replies_per_prompt_grouped_in_prompt_order(monkeypatch, one_thread):
    from factories import smollm2_tokenizer, tiny_model

    from empathic.training.pair_builder import own_samples

    tokenizer = smollm2_tokenizer()
    model = tiny_model(tokenizer)
    monkeypatch.setattr("empathic.modeling.loading.load_model_and_tokenizer", lambda adapter: (model, tokenizer))
    prompts = [prompt("My dog died"), prompt("I lost my job and I do not know what to tell my family")]
    rules = PairRules(mode="best_of", samples=3, max_new_tokens=6, batch_size=4)
    got = own_samples(Path("unused"), prompts, rules, progress=False)
    assert [len(replies) for replies in got] == [3, 3]
    assert all(len({r.text for r in replies}) > 1 for replies in got)  # sampling, not three greedy copies
    again = own_samples(Path("unused"), prompts, rules, progress=False)
    assert [[r.text for r in rs] for rs in again] == [[r.text for r in rs] for rs in got]  # seeded
    other = own_samples(Path("unused"), prompts,
                        PairRules(mode="best_of", samples=3, max_new_tokens=6, batch_size=4, seed=7), False)
    assert [[r.text for r in rs] for rs in other] != [[r.text for r in rs] for rs in got]
    with pytest.raises(UserError, match="temperature must be above 0"):
        own_samples(Path("unused"), prompts, PairRules(mode="best_of", samples=3, temperature=0.0), progress=False)
    calls = []

    def echo(model, tokenizer, conversations, settings, **options):  # which prompt each reply answers
        calls.append((settings, options))
        return [Reply(f"{c[-1]['content']} #{i}") for i, c in enumerate(conversations)]

    monkeypatch.setattr("empathic.chat.generate_batch", echo)
    got = own_samples(Path("unused"), prompts, rules, progress=False)
    assert [[r.text for r in rs] for rs in got] == [[f"My dog died #{i}" for i in range(3)],
                                                   [f"{prompts[1].messages[-1]['content']} #{i}" for i in (3, 4, 5)]]
    ((settings, options),) = calls
    assert settings.do_sample and (settings.temperature, settings.top_p) == (rules.temperature, rules.top_p)
    assert settings.max_new_tokens == 6 and options["batch_size"] == 4 and options["continuous"] is False
    calls.clear()
    own_samples(Path("unused"), prompts, replace(rules, continuous=True), progress=False)
    assert calls[0][1]["continuous"] is True  # --continuous: the faster loop, asked for


def test_build_pairs_best_of_samples_once_keeps_them_and_reuses_them(tmp_path, monkeypatch):
    import empathic.training.pair_builder as builder

    run = _sft_run(tmp_path / "run", [_row(f"train prompt {i}") for i in range(3)])
    calls = []

    def fake_samples(adapter, prompts, rules, progress=True):
        calls.append(rules.samples)
        return [[Reply(IN_BAND_BEST), Reply(LONGER_LOW), Reply(SHORT_LOWEST)] for _ in prompts]

    class FakeEmbedder:
        encode = staticmethod(constant_embed)

    monkeypatch.setattr(builder, "own_samples", fake_samples)
    monkeypatch.setattr("empathic.evaluation.lexical_judge.load_or_train_lexical", lambda folder: KeywordScorer())
    monkeypatch.setattr("empathic.evaluation.embeddings.Embedder", FakeEmbedder)
    out = tmp_path / "pairs.jsonl"
    stats = build_pairs(run, out, tmp_path, PairRules(mode="best_of", samples=3), progress=False)
    assert calls == [3] and stats["pairs"] == 3 and samples_path(out).is_file()
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert all(r["meta"]["mode"] == "best_of" and r["chosen"][0]["content"] == IN_BAND_BEST for r in rows)
    assert len(read_pairs([out])) == 3  # what the DPO stage reads
    again = tmp_path / "again.jsonl"
    stats = build_pairs(run, again, tmp_path, PairRules(mode="best_of", samples=3, min_score_gap=2.0),
                        replies_from=samples_path(out))
    assert calls == [3] and stats["replies_from"] == str(samples_path(out))  # no new sampling
    assert stats["pairs"] == 3 and stats["rules"]["min_score_gap"] == 2.0
    with pytest.raises(UserError, match="holds best-of samples"):  # the greedy modes refuse a samples file
        build_pairs(run, tmp_path / "greedy.jsonl", tmp_path, PairRules(), replies_from=samples_path(out))


def test_cli_best_of_bad_input_is_one_line(tmp_path, capsys):
    out = str(tmp_path / "pairs.jsonl")
    run = _sft_run(tmp_path / "run", [_row("hello there")])
    prompts = [prompt("hello there")]
    greedy, sampled = tmp_path / "x.replies.jsonl", tmp_path / "x.samples.jsonl"
    write_replies(greedy, prompts, [Reply("Hi.")])
    write_samples(sampled, prompts, [[Reply("Hi."), Reply("Hello.")]])
    cases = [(["--best-of", "1"], "--best-of needs at least 2 samples per prompt"),
             (["--best-of", "-2"], "--best-of needs at least 2 samples per prompt"),
             (["--best-of", "4", "--trim"], "--best-of and --trim are two modes"),
             (["--best-of", "4", "--min-score-gap", "-1"], "--min-score-gap must be 0 or more"),
             (["--best-of", "4", "--score-weights", "1,two,0.5"], "--score-weights must be three numbers"),
             (["--best-of", "4", "--score-weights", "1,2"], "--score-weights are 3 numbers"),
             (["--best-of", "4", "--score-weights", "1,-2,0.5"], "--score-weights are 3 numbers"),
             (["--best-of", "4", "--similarity-weight", "-1"], "--similarity-weight (-1.0) is 0 or more"),
             (["--similarity-weight", "5"], "for the --best-of mode only"),
             (["--max-longer-words", "3"], "--max-longer-words (3) is 0 or more and for the --best-of mode only"),
             (["--best-of", "4", "--max-longer-words", "-1"], "--max-longer-words (-1) is 0 or more"),
             (["--continuous"], "--continuous is for the --best-of mode only"),
             (["--best-of", "4", "--replace-closers"], "--replace-closers is for the splice mode only"),
             (["--best-of", "4", "--max-new-tokens", "0"], "--max-new-tokens must be at least 1"),
             (["--best-of", "4", "--replies", str(greedy)], "holds greedy replies"),
             (["--replies", str(sampled)], "holds best-of samples"),
             (["--trim", "--replies", str(sampled)], "holds best-of samples")]
    for extra, message in cases:
        assert main(["data", "pairs", "--adapter", str(run), "--out", out, *extra]) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("empathic data: error:") and message in err and "\n" not in err, (extra, err)


def test_pair_rows_say_their_mode(tmp_path):
    spliced, _ = make_pairs([prompt("My dog died")], [Reply("Did you tell anyone?")], KeywordScorer(), constant_embed,
                            RULES)
    trimmed, _ = make_trim_pairs([prompt("My dog died")], [Reply(LONG)], KeywordScorer(), constant_embed, PairRules())
    best, _ = make_best_of_pairs([prompt("My dog died")], [[Reply(IN_BAND_BEST), Reply(LONGER_LOW)]], KeywordScorer(),
                                 constant_embed, BEST_OF)
    out = write_pairs(tmp_path / "pairs.jsonl", spliced + trimmed + best, {})
    assert [json.loads(line)["meta"]["mode"] for line in out.read_text().splitlines()] == ["splice", "trim", "best_of"]
