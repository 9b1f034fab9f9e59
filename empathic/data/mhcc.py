"""Mental Health Counseling Conversations: JSON lines `{"Context": str, "Response": str}`.

Most responses are verbatim CounselChat answers; the pipeline drops those when both are enabled.
Contexts are CounselChat question texts, so they share the question-text group link.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from empathic.data.clean import clean_text, fix_run_together, normalise_key
from empathic.data.counsel_chat import question_link
from empathic.data.records import Example, Ledger, LoadResult, progress, short_hash
from empathic.data.sources import Location, files_in, iter_json_records, load_hub
from empathic.errors import UserError

NAME = "mhcc"
HUB_ID = "Amod/mental_health_counseling_conversations"
HUB_CONFIG = None
DIR_NAMES = ("mhcc", "mental_health_counseling_conversations")
LICENSE = "OpenRAIL (Hub card of Amod/mental_health_counseling_conversations)"
OPTIONS: dict[str, Any] = {}


def _records(location: Location, ledger: Ledger) -> Iterable[tuple[str, Any]]:
    if location.hub_id is not None:
        for split, rows in load_hub(location).items():
            yield from ((f"{NAME}:{split or 'train'}:{i}", row) for i, row in enumerate(rows))
        return
    assert location.path is not None
    paths = files_in(location.path, (".json", ".jsonl"))
    if not paths:
        raise UserError(f"{NAME}: no .json/.jsonl file in {location.path}; pass the MHCC JSON-lines file")
    for path in paths:
        for line_no, record in iter_json_records(path, ledger, NAME):
            yield f"{NAME}:{path.name}:{line_no}", record


def load(location: Location, options: dict[str, Any], ledger: Ledger) -> LoadResult:
    examples: list[Example] = []
    for order, (row_id, record) in enumerate(progress(_records(location, ledger), NAME)):
        ledger.read += 1
        if not isinstance(record, dict):
            ledger.drop("not_an_object", row_id)
            continue
        context, response = record.get("Context"), record.get("Response")
        if context is None or response is None:
            ledger.drop("missing_field", row_id)
            continue
        if not isinstance(context, str) or not isinstance(response, str):
            ledger.drop("wrong_type", row_id)
            continue
        question, fixed_q = fix_run_together(clean_text(context))
        answer, fixed_a = fix_run_together(clean_text(response))
        if not question or not answer:
            ledger.drop("empty_text", row_id)
            continue
        ledger.fix("run_together_sentences_split", fixed_q + fixed_a)
        examples.append(
            Example(
                id=row_id,
                source=NAME,
                messages=[{"role": "user", "content": question}, {"role": "assistant", "content": answer}],
                # Its own group name (a hash of the context) plus the link CounselChat shares.
                links=[f"{NAME}:{short_hash(normalise_key(question))}", question_link(question)],
                order=order,
            )
        )
    return LoadResult(examples)
