"""CounselChat: therapist answers to user questions (the 2020 CSV with `split`, the Hub 2022 CSV without).

The given `split` column is ignored: 40 duplicated question+answer pairs cross it. One example per
question (its most upvoted answer) unless `all_answers: true`.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from empathic.data.clean import clean_text, fix_run_together, normalise_key
from empathic.data.records import Example, Ledger, LoadResult, progress
from empathic.data.sources import Location, files_in, load_hub
from empathic.errors import UserError

NAME = "counsel_chat"
HUB_ID = "nbertagnolli/counsel-chat"
HUB_CONFIG = None
DIR_NAMES = ("counsel_chat", "counsel-chat", "counselchat")
LICENSE = "MIT"
OPTIONS: dict[str, Any] = {"all_answers": False}
REQUIRED = ("questionID", "answerText")


def question_link(text: str) -> str:
    """Union-find node shared by every question (CounselChat or MHCC) with this normalised text."""
    return f"q:{normalise_key(text)}"


def _read_csv(path: Path) -> Iterable[tuple[str, dict[str, Any]]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # answers can be long
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        missing = [c for c in REQUIRED if c not in columns]
        if missing or not ({"questionText", "questionTitle"} & set(columns)):
            raise UserError(
                f"{NAME}: {path} lacks columns {missing or ['questionText']}; "
                "expected the CounselChat CSV (questionID, questionTitle, questionText, answerText, upvotes...)"
            )
        for i, row in enumerate(reader):
            # The 2020 file's unnamed first column is the row index; use it as the stable row id.
            yield str(row.get("") or i), row


def _rows(location: Location) -> Iterable[tuple[str, dict[str, Any]]]:
    if location.hub_id is not None:
        for split_rows in load_hub(location).values():
            yield from ((str(i), row) for i, row in enumerate(split_rows))
        return
    assert location.path is not None
    paths = files_in(location.path, (".csv",))
    if not paths:
        raise UserError(f"{NAME}: no .csv file in {location.path}; pass the CounselChat CSV")
    for path in paths:
        yield from _read_csv(path)


def load(location: Location, options: dict[str, Any], ledger: Ledger) -> LoadResult:
    all_answers = bool(options.get("all_answers", OPTIONS["all_answers"]))
    # question id -> list of (upvotes, order, example)
    by_question: dict[str, list[tuple[int, int, Example]]] = {}
    reply_keys: set[str] = set()
    for order, (row_id, row) in enumerate(progress(_rows(location), NAME)):
        ledger.read += 1
        raw_qid = row.get("questionID")
        qid = "" if raw_qid is None else str(raw_qid).strip()
        example_id = f"{NAME}:{qid or '?'}:{row_id}"
        if not qid:
            ledger.drop("missing_question_id", example_id)
            continue
        if not isinstance(row.get("answerText"), str) or not (
            isinstance(row.get("questionText"), str) or isinstance(row.get("questionTitle"), str)
        ):
            ledger.drop("missing_text", example_id)
            continue
        try:
            upvotes = int(float(row.get("upvotes") or 0))
        except (TypeError, ValueError):
            ledger.drop("bad_upvotes", example_id)
            continue
        question, fixed_q = fix_run_together(clean_text(row.get("questionText")))
        question = question or clean_text(row.get("questionTitle"))
        answer, fixed_a = fix_run_together(clean_text(row["answerText"]))
        if not question or not answer:
            ledger.drop("empty_text", example_id)
            continue
        ledger.fix("run_together_sentences_split", fixed_q + fixed_a)
        reply_keys.add(normalise_key(answer))
        example = Example(
            id=example_id,
            source=NAME,
            messages=[{"role": "user", "content": question}, {"role": "assistant", "content": answer}],
            links=[f"{NAME}:{qid}", question_link(question)],
            order=order,
        )
        by_question.setdefault(qid, []).append((upvotes, order, example))
    examples: list[Example] = []
    for answers in by_question.values():
        if all_answers:
            examples.extend(e for _, _, e in answers)
            continue
        # Most upvoted; ties go to the earliest row so the choice is stable.
        best = max(answers, key=lambda a: (a[0], -a[1]))
        examples.append(best[2])
        for _, _, other in answers:
            if other is not best[2]:
                ledger.drop("not_top_answer", other.id)
    examples.sort(key=lambda e: e.order)
    return LoadResult(examples, reply_keys)
