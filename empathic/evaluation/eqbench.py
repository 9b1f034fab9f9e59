"""EQ-Bench v2: 171 dialogue questions, four emotion intensities each, scored with EQ-Bench's full-scale rule.

Faithful to the public reference implementation, EQ-bench/EQ-Bench at commit 92e4a8f:
- `lib/scoring.py::parse_answers` (REVISE=True): strip '*' and '#', take the text between
  "First pass scores:" and "Revised scores:" and after "Revised scores:", and read `(\\w+):\\s+(\\d+)`
  pairs into a dict (later duplicates win).
- `lib/scoring.py::calculate_score_fullscale`: exactly 4 parsed emotions that all match the reference
  (case-insensitive), else unparseable; per emotion d = |user - ref|, scaled 0 if d == 0,
  6.5 / (1 + e^(-1.2 (d - 4))) if d <= 5, else d; question score = 10 - 0.7477 * sum of scaled d
  (it can be negative; EQ-Bench does not clip it).
- `lib/scoring.py::calculate_eq_bench_score(fullscale=True)`: first-pass and revised benchmark scores are
  100 * mean(question score) / 10 over their parseable questions; the revised score is reported if it is
  >= the first-pass score and has at least 95% as many parseable answers, else the first-pass score.
- `lib/eq_bench_utils.py::process_question`: a question's answers are kept only if the v1 (normalised)
  score of at least one pass can be computed; v1 additionally needs the four scores to sum to > 0.
- the v2 runner marks a run FAILED when fewer than 83.33% of questions are parseable.
Differences, on purpose: one greedy attempt per question (EQ-Bench retries up to 5 times at rising
temperature; greedy decoding would repeat the same answer), and our chat template (same for base and tuned).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from empathic.errors import UserError

ADJUST_CONST = 0.7477  # EQ-Bench: chosen so that answering randomly scores about zero
MIN_PARSE_RATE = 0.8333  # EQ-Bench v2 marks runs below this FAILED

_PAIR = re.compile(r"(\w+):\s+(\d+)")


@dataclass
class Question:
    qid: str
    prompt: str
    reference: dict  # reference_answer_fullscale: emotion1..4, emotion1_score..4 (scores may be strings)
    reference_v1: dict | None = None


def load_questions(path: str | Path, limit: int | None = None) -> list[Question]:
    """The v2 questions file (id -> {prompt, reference_answer, reference_answer_fullscale}); first `limit`
    in id order so a limited run is always the same subset."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"EQ-Bench questions not found: {path} (pass --eqbench-file, or --no-eqbench)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise UserError(f"EQ-Bench file {path} is not JSON ({err}); pass eq_bench_v2_questions_171.json") from None
    questions = []
    for qid in sorted(data, key=lambda k: (len(k), k)):
        q = data[qid]
        ref = q.get("reference_answer_fullscale") if isinstance(q, dict) else None
        if not isinstance(q, dict) or not isinstance(q.get("prompt"), str) or not isinstance(ref, dict):
            continue  # v1 files have no full-scale reference; skip rather than score with the wrong rule
        questions.append(Question(qid, q["prompt"], ref, q.get("reference_answer")))
    if not questions:
        raise UserError(f"{path} has no EQ-Bench v2 questions (needs reference_answer_fullscale)")
    return questions[:limit] if limit else questions


def parse_answers(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """(first-pass, revised) emotion -> score-string dicts, as EQ-Bench's parse_answers(REVISE=True)."""
    text = text.replace("*", "").replace("#", "")
    first: dict[str, str] = {}
    revised: dict[str, str] = {}
    m = re.search(r"First pass scores:(.*?)Revised scores:", text, re.DOTALL)
    if m:
        first = dict(_PAIR.findall(m.group(1)))
    m = re.search(r"Revised scores:(.*?)$", text, re.DOTALL)
    if m:
        revised = dict(_PAIR.findall(m.group(1)))
    return first, revised


def _matches_reference(reference: dict, user: dict) -> bool:
    if len(user) != 4:
        return False
    names = {reference[f"emotion{i}"].lower() for i in range(1, 5)}
    return len({e.lower() for e in user if e.lower() in names}) == 4


def score_fullscale(reference: dict, user: dict) -> float | None:
    """One question's v2 score (10 = exact; about 0 = random), or None when unparseable."""
    if not _matches_reference(reference, user):
        return None
    tally = 0.0
    for emotion, value in user.items():
        for i in range(1, 5):
            if emotion.lower() == reference[f"emotion{i}"].lower():
                d = abs(float(value) - float(reference[f"emotion{i}_score"]))
                if d == 0:
                    scaled = 0.0
                elif d <= 5:
                    scaled = 6.5 * (1 / (1 + math.e ** (-1.2 * (d - 4))))
                else:
                    scaled = d
                tally += scaled
    return 10 - tally * ADJUST_CONST


def v1_parseable(user: dict, reference: dict | None) -> bool:
    """Whether EQ-Bench's v1 `calculate_score` would return a number (it gates storing the answer)."""
    if len(user) != 4:
        return False
    if reference is not None:
        names = [reference[f"emotion{i}"].lower() for i in range(1, 5)]
        if len({e for e in user if e.lower() in names}) != 4:  # v1 keys by the emotion as written
            return False
    return sum(float(v) for v in user.values()) > 0


@dataclass
class QuestionResult:
    qid: str
    first_pass: float | None
    revised: float | None


@dataclass
class EQBenchResult:
    score: float  # 0-100 as EQ-Bench reports (can be below 0 for worse-than-random answers)
    parse_rate: float  # parseable questions of the reported pass / questions asked
    n_questions: int
    n_parseable: int
    pass_used: str  # "revised" or "first_pass"
    first_pass_score: float
    revised_score: float
    valid_run: bool  # EQ-Bench would not mark this run FAILED
    per_question: list[QuestionResult] = field(default_factory=list)

    def question_scores(self) -> list[float]:
        """Per-question scores of the reported pass (NaN = unparseable), for a paired bootstrap."""
        attr = "revised" if self.pass_used == "revised" else "first_pass"
        return [float("nan") if getattr(r, attr) is None else getattr(r, attr) for r in self.per_question]

    def to_dict(self) -> dict:
        d = {k: v for k, v in self.__dict__.items() if k != "per_question"}
        d["per_question"] = [r.__dict__ for r in self.per_question]
        return d


def score_question(q: Question, output: str) -> QuestionResult:
    first, revised = parse_answers(output)
    ref_v1 = q.reference_v1 or q.reference
    if not (v1_parseable(first, ref_v1) or v1_parseable(revised, ref_v1)):
        return QuestionResult(q.qid, None, None)  # EQ-Bench stores nothing for this question
    return QuestionResult(q.qid, score_fullscale(q.reference, first), score_fullscale(q.reference, revised))


def aggregate(results: list[QuestionResult]) -> EQBenchResult:
    """EQ-Bench's calculate_eq_bench_score(fullscale=True) for one iteration."""
    n = len(results)
    fp = [r.first_pass for r in results if r.first_pass is not None]
    rv = [r.revised for r in results if r.revised is not None]
    fp_score = 100 * (sum(fp) / len(fp) / 10) if fp else 0.0
    rv_score = 100 * (sum(rv) / len(rv) / 10) if rv else 0.0
    if rv_score >= fp_score and len(rv) >= 0.95 * len(fp):
        score, parseable, used = rv_score, len(rv), "revised"
    else:
        score, parseable, used = fp_score, len(fp), "first_pass"
    rate = parseable / n if n else 0.0
    return EQBenchResult(
        score=round(score, 2), parse_rate=rate, n_questions=n, n_parseable=parseable, pass_used=used,
        first_pass_score=fp_score, revised_score=rv_score, valid_run=rate >= MIN_PARSE_RATE,
        per_question=results,
    )


def score_outputs(questions: list[Question], outputs: list[str]) -> EQBenchResult:
    return aggregate([score_question(q, o) for q, o in zip(questions, outputs, strict=True)])


def conversations(questions: list[Question]) -> list[list[dict]]:
    """Each prompt as a single user turn (no system prompt), rendered by the model's own chat template."""
    return [[{"role": "user", "content": q.prompt}] for q in questions]
