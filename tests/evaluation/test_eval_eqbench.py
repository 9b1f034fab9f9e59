"""EQ-Bench v2 parsing and full-scale scoring, against hand-computed cases.

Reference answers below: Frustrated 7, Relieved 0, Amused 0, Hurt 6 (scores may be strings in the file).
"""

import json

import pytest

from empathic.errors import UserError
from empathic.evaluation import eqbench as eq

REF = {"emotion1": "Frustrated", "emotion2": "Relieved", "emotion3": "Amused", "emotion4": "Hurt",
       "emotion1_score": "7", "emotion2_score": 0, "emotion3_score": 0, "emotion4_score": "6"}


def answer(first: str, revised: str, critique: str = "Looks reasonable.") -> str:
    return f"First pass scores:\n{first}\n\nCritique: {critique}\n\nRevised scores:\n{revised}\n\n[End of answer]"


EXACT = "Frustrated: 7\nRelieved: 0\nAmused: 0\nHurt: 6"


def test_exact_answer_scores_10():
    assert eq.score_fullscale(REF, {"Frustrated": "7", "Relieved": "0", "Amused": "0", "Hurt": "6"}) == 10


def test_one_point_off_uses_the_s_curve():
    # d = 1 -> 6.5 / (1 + e^(-1.2 * (1 - 4))) = 6.5 / (1 + e^3.6) = 6.5 / 37.598 = 0.17288
    # score = 10 - 0.17288 * 0.7477 = 9.87074
    user = {"Frustrated": "6", "Relieved": "0", "Amused": "0", "Hurt": "6"}
    assert eq.score_fullscale(REF, user) == pytest.approx(9.87074, abs=1e-4)


def test_five_off_is_still_on_the_curve_and_six_off_is_linear():
    # d = 5 -> 6.5 / (1 + e^-1.2) = 6.5 / 1.301194 = 4.99541 -> 10 - 4.99541 * 0.7477 = 6.26493
    assert eq.score_fullscale(REF, {"Frustrated": "2", "Relieved": "0", "Amused": "0", "Hurt": "6"}) == \
        pytest.approx(6.26493, abs=1e-4)
    # d = 6 -> scaled 6 -> 10 - 6 * 0.7477 = 5.5138
    assert eq.score_fullscale(REF, {"Frustrated": "1", "Relieved": "0", "Amused": "0", "Hurt": "6"}) == \
        pytest.approx(5.5138, abs=1e-9)


def test_far_off_answers_go_below_zero_unclipped():
    # d = 7, 10, 10, 6 -> tally 33 -> 10 - 33 * 0.7477 = -14.6741
    user = {"Frustrated": "0", "Relieved": "10", "Amused": "10", "Hurt": "0"}
    assert eq.score_fullscale(REF, user) == pytest.approx(-14.6741, abs=1e-9)


def test_emotion_names_match_case_insensitively():
    assert eq.score_fullscale(REF, {"frustrated": "7", "RELIEVED": "0", "amused": "0", "hurt": "6"}) == 10


@pytest.mark.parametrize("user", [
    {"Frustrated": "7", "Relieved": "0", "Amused": "0"},  # three emotions
    {"Frustrated": "7", "Relieved": "0", "Amused": "0", "Hurt": "6", "Sad": "1"},  # five
    {"Frustrated": "7", "Relieved": "0", "Amused": "0", "Sad": "6"},  # a name not in the reference
])
def test_wrong_emotion_sets_are_unparseable(user):
    assert eq.score_fullscale(REF, user) is None


def test_parser_reads_both_passes_and_strips_markdown():
    text = answer("**Frustrated:** 6\n**Relieved:** 1\nAmused: 0\n# Hurt: 5", EXACT)
    first, revised = eq.parse_answers(text)
    assert first == {"Frustrated": "6", "Relieved": "1", "Amused": "0", "Hurt": "5"}
    assert revised == {"Frustrated": "7", "Relieved": "0", "Amused": "0", "Hurt": "6"}


@pytest.mark.parametrize("text", [
    "I think Frustrated: 7, Relieved: 0, Amused: 0, Hurt: 6",  # no headings at all
    "First pass scores:\nFrustrated: 7\nRelieved: 0\nAmused: 0\nHurt: 6\n",  # no revised heading
    answer("Frustrated:7\nRelieved:0\nAmused:0\nHurt:6", "Frustrated:7\nRelieved:0\nAmused:0\nHurt:6"),  # no space
    answer("Frustrated: high\nRelieved: low\nAmused: none\nHurt: some", "Frustrated: high"),  # words, not digits
    "",
])
def test_malformed_output_is_unparsed(text):
    r = eq.score_question(eq.Question("1", "", REF), text)
    assert r.first_pass is None and r.revised is None


def test_a_number_after_critique_breaks_the_first_pass_like_eq_bench():
    # "Critique: 3 things" adds a fifth (Critique, 3) pair to the first-pass block -> first pass unparseable
    r = eq.score_question(eq.Question("1", "", REF), answer(EXACT, EXACT, critique="3 things"))
    assert r.first_pass is None and r.revised == 10


def test_all_zero_answers_are_not_stored_but_count_when_the_other_pass_is_valid():
    zeros = "Frustrated: 0\nRelieved: 0\nAmused: 0\nHurt: 0"
    q = eq.Question("1", "", REF)
    assert (eq.score_question(q, answer(zeros, zeros)).first_pass is None)  # v1 needs a sum > 0
    # first pass all zero but revised valid: EQ-Bench keeps the pair, and the full-scale first pass is
    # scored: d = 7, 0, 0, 6, both non-zero ones > 5 so linear -> tally 13 -> 10 - 13 * 0.7477 = 0.2799
    r = eq.score_question(q, answer(zeros, EXACT))
    assert r.revised == 10
    assert r.first_pass == pytest.approx(0.2799, abs=1e-9)


def test_aggregate_prefers_revised_when_at_least_as_good_and_as_parseable():
    # revised: (10 + 8) / 2 = 9 -> 90; first pass (6 + 6) / 2 -> 60
    res = eq.aggregate([eq.QuestionResult("1", 6.0, 10.0), eq.QuestionResult("2", 6.0, 8.0),
                        eq.QuestionResult("3", None, None)])
    assert (res.score, res.pass_used, res.n_parseable, res.n_questions) == (90.0, "revised", 2, 3)
    assert res.parse_rate == pytest.approx(2 / 3) and not res.valid_run  # below EQ-Bench's 83.33%


def test_aggregate_falls_back_to_first_pass_when_revised_parses_less_often():
    # revised 90 on 1 question < 0.95 * 2 first-pass questions -> first pass 60 is reported
    res = eq.aggregate([eq.QuestionResult("1", 6.0, 9.0), eq.QuestionResult("2", 6.0, None)])
    assert (res.score, res.pass_used, res.n_parseable) == (60.0, "first_pass", 2)
    assert res.valid_run
    assert res.question_scores() == [6.0, 6.0]


def test_nothing_parsed_scores_zero_with_zero_parse_rate():
    res = eq.aggregate([eq.QuestionResult("1", None, None)])
    assert res.score == 0 and res.parse_rate == 0 and not res.valid_run


def test_load_questions_from_a_v2_file(fixtures_dir, tmp_path):
    qs = eq.load_questions(fixtures_dir / "eval" / "eqbench_small.json")
    assert [q.qid for q in qs] == ["1", "2"]
    assert "First pass scores:" in qs[0].prompt
    assert eq.load_questions(fixtures_dir / "eval" / "eqbench_small.json", limit=1)[0].qid == "1"
    assert eq.conversations(qs[:1]) == [[{"role": "user", "content": qs[0].prompt}]]
    with pytest.raises(UserError, match="--eqbench-file"):
        eq.load_questions(tmp_path / "missing.json")
    v1 = tmp_path / "v1.json"
    v1.write_text(json.dumps({"1": {"prompt": "p", "reference_answer": REF}}))
    with pytest.raises(UserError, match="reference_answer_fullscale"):
        eq.load_questions(v1)


def test_score_outputs_end_to_end_on_fixture(fixtures_dir):
    qs = eq.load_questions(fixtures_dir / "eval" / "eqbench_small.json")
    # fixture references: q1 Frustrated 7 Relieved 0 Amused 0 Hurt 6; q2 Proud 9 Exhausted 6 Angry 0 Grateful 5
    out1 = answer(EXACT, EXACT)
    out2 = "garbage"
    res = eq.score_outputs(qs, [out1, out2])
    assert res.score == 100.0 and res.n_parseable == 1 and res.parse_rate == 0.5
