"""Groups, leak-free splits, de-duplication and the one-split-per-reply rule."""

from __future__ import annotations

from collections import Counter

from empathic.data.clean import normalise_key
from empathic.data.counsel_chat import question_link
from empathic.data.records import Example, Ledger
from empathic.data.registry import MULTI_TURN
from empathic.data.split import (
    assign_groups,
    assign_splits,
    deduplicate,
    drop_cross_source_replies,
    enforce_reply_splits,
    hash_unit,
    split_for,
)

FRACTIONS = {"train": 0.8, "valid": 0.1, "test": 0.1}
SOURCES = ["empathetic_dialogues", "counsel_chat", "mhcc", "esconv"]


def qa(
    id_: str, source: str, question: str, answer: str, links: list[str] | None = None, split: str = ""
) -> Example:
    return Example(
        id=id_,
        source=source,
        messages=[{"role": "user", "content": question}, {"role": "assistant", "content": answer}],
        links=links or [id_, question_link(question)],
        split=split,
    )


def chat(id_: str, *turns: str, split: str = "train", source: str = "esconv", strategies=None) -> Example:
    messages = [{"role": "user" if i % 2 == 0 else "assistant", "content": t} for i, t in enumerate(turns)]
    return Example(id=id_, source=source, messages=messages, links=[id_], split=split, strategies=strategies)


def ledgers() -> dict[str, Ledger]:
    return {name: Ledger() for name in SOURCES}


def test_one_question_text_under_two_ids_and_its_mhcc_copy_form_one_group():
    examples = [
        qa(
            "counsel_chat:7:1",
            "counsel_chat",
            "How do I stop worrying?",
            "a",
            ["counsel_chat:7", question_link("How do I stop worrying?")],
        ),
        qa(
            "counsel_chat:9:2",
            "counsel_chat",
            "how do I stop worrying",
            "b",
            ["counsel_chat:9", question_link("how do I stop worrying")],
        ),
        qa(
            "counsel_chat:9:3",
            "counsel_chat",
            "Other text, same id",
            "c",
            ["counsel_chat:9", question_link("Other text, same id")],
        ),
        qa(
            "mhcc:1",
            "mhcc",
            "How do I stop worrying?!",
            "d",
            ["mhcc:abc", question_link("How do I stop worrying?!")],
        ),
        qa(
            "counsel_chat:5:4",
            "counsel_chat",
            "Unrelated question",
            "e",
            ["counsel_chat:5", question_link("Unrelated question")],
        ),
    ]
    assign_groups(examples)
    groups = [e.group for e in examples]
    assert groups[:4] == ["counsel_chat:7"] * 4  # smallest name in the component
    assert groups[4] == "counsel_chat:5"


def test_groups_do_not_depend_on_input_order():
    def build():
        return [
            qa("b", "counsel_chat", "q1", "x", ["counsel_chat:b", "q:one"]),
            qa("a", "counsel_chat", "q2", "y", ["counsel_chat:a", "q:one"]),
            qa("c", "counsel_chat", "q3", "z", ["counsel_chat:c", "q:three"]),
        ]

    forward, backward = build(), build()[::-1]
    assign_groups(forward)
    assign_groups(backward)
    assert {e.id: e.group for e in forward} == {e.id: e.group for e in backward}


def test_hash_split_is_deterministic_seeded_and_near_the_fractions():
    groups = [f"counsel_chat:{i}" for i in range(20000)]
    splits = [split_for(7, g, FRACTIONS) for g in groups]
    assert splits == [split_for(7, g, FRACTIONS) for g in groups]
    assert splits != [split_for(8, g, FRACTIONS) for g in groups]
    counts = Counter(splits)
    assert abs(counts["train"] / 20000 - 0.8) < 0.01
    assert abs(counts["valid"] / 20000 - 0.1) < 0.01
    assert 0 <= hash_unit(7, "x") < 1 and hash_unit(7, "x") == hash_unit(7, "x")


def test_a_whole_group_lands_in_one_split():
    examples = []
    for q in range(300):
        for a in range(3):
            examples.append(
                qa(
                    f"counsel_chat:{q}:{a}",
                    "counsel_chat",
                    f"question {q}",
                    f"answer {q}-{a}",
                    [f"counsel_chat:{q}", f"q:{q}"],
                )
            )
    assign_groups(examples)
    assign_splits(examples, FRACTIONS, 1, frozenset())
    per_group: dict[str, set[str]] = {}
    for e in examples:
        per_group.setdefault(e.group, set()).add(e.split)
    assert all(len(s) == 1 for s in per_group.values())
    assert {s for splits in per_group.values() for s in splits} == {"train", "valid", "test"}


def test_given_splits_are_respected_only_for_sources_that_ask():
    ed = chat("empathetic_dialogues:c1", "hi", "hello", source="empathetic_dialogues")
    ed.given_split = "test"
    cc = qa("counsel_chat:1:1", "counsel_chat", "q", "a")
    cc.given_split = "test"  # CounselChat's given split leaks: never respected
    examples = [ed, cc]
    assign_groups(examples)
    assign_splits(examples, {"train": 1.0, "valid": 0.0, "test": 0.0}, 1, frozenset({"empathetic_dialogues"}))
    assert ed.split == "test" and cc.split == "train"


def test_exact_and_normalised_duplicates_are_dropped_within_and_across_sources():
    examples = [
        qa("cc1", "counsel_chat", "q1", "Try a walk each day.", split="train"),
        qa("cc2", "counsel_chat", "q2", "Try a walk each day.", split="train"),  # exact reply duplicate
        qa("cc3", "counsel_chat", "q3", "try a walk, each day!", split="train"),  # normalised duplicate
        qa("m1", "mhcc", "q4", "TRY A WALK EACH DAY", split="train"),  # normalised, across sources
        qa("cc4", "counsel_chat", "q5", "Something else entirely.", split="train"),
    ]
    ledger = ledgers()
    kept = deduplicate(examples, ledger, MULTI_TURN, SOURCES)
    assert [e.id for e in kept] == ["cc1", "cc4"]
    assert ledger["counsel_chat"].dropped == {"duplicate_exact": 1, "duplicate_normalised": 1}
    assert ledger["mhcc"].dropped == {"duplicate_normalised": 1}


def test_dedup_keeps_the_copy_in_the_most_held_out_split():
    examples = [chat("a", "hi", "hello", split="train"), chat("b", "hi", "hello", split="test")]
    kept = deduplicate(examples, ledgers(), MULTI_TURN, SOURCES)
    assert [e.id for e in kept] == ["b"]


def test_multi_turn_dedup_compares_whole_conversations_not_single_replies():
    examples = [chat("a", "I lost my job", "What happened?"), chat("b", "My car broke", "What happened?")]
    assert len(deduplicate(examples, ledgers(), MULTI_TURN, SOURCES)) == 2


def test_mhcc_answers_copied_from_counsel_chat_are_dropped_as_cross_source_duplicates():
    examples = [
        qa("m1", "mhcc", "q", "Copied answer.with run-on"),
        qa("m2", "mhcc", "q", "Own answer"),
        qa("c1", "counsel_chat", "q", "x"),
    ]
    ledger = Ledger()
    kept = drop_cross_source_replies(
        examples, {normalise_key("Copied answer. With run-on")}, "mhcc", "duplicate_of_counsel_chat", ledger
    )
    assert [e.id for e in kept] == ["m2", "c1"]
    assert (
        ledger.dropped == {"duplicate_of_counsel_chat": 1}
        and ledger.examples["duplicate_of_counsel_chat"] == "m1"
    )


def test_a_reply_shared_across_splits_stays_only_in_the_most_held_out_split():
    train = chat("t", "I heard a noise", "What happened?", "Just the cat", "Cats!", "Also rain", "Oh no.",
                 split="train", strategies=["Question", "Others", "Information"])  # fmt: skip
    test = chat("x", "My car broke", "what happened", split="test")
    valid = chat("v", "Lost keys", "Oh no!", split="valid")
    ledger = ledgers()
    out = enforce_reply_splits([train, test, valid], ledger)
    by_id = {e.id: e for e in out}
    assert set(by_id) == {"t#s0", "x", "v"}
    # The train conversation lost its 1st pair (reply owned by test) and 3rd pair (owned by valid).
    assert by_id["t#s0"].messages == [
        {"role": "user", "content": "Just the cat"},
        {"role": "assistant", "content": "Cats!"},
    ]
    assert by_id["t#s0"].strategies == ["Others"]
    assert ledger["esconv"].fixes["turn_pairs_dropped_reply_in_other_split"] == 2


def test_a_single_exchange_whose_reply_is_held_out_elsewhere_is_dropped():
    ledger = ledgers()
    out = enforce_reply_splits(
        [
            qa("a", "counsel_chat", "q", "Same.", split="train"),
            qa("b", "counsel_chat", "q2", "same", split="valid"),
        ],
        ledger,
    )
    assert [e.id for e in out] == ["b"]
    assert ledger["counsel_chat"].dropped == {"reply_in_other_split": 1}


def test_a_middle_clash_splits_a_conversation_into_two_runs_that_start_with_user():
    conv = chat("c", "u1", "a1", "u2", "shared", "u3", "a3", split="train")
    out = enforce_reply_splits([conv, chat("o", "x", "Shared!", split="test")], ledgers())
    pieces = [e for e in out if e.id.startswith("c#")]
    assert [[m["content"] for m in p.messages] for p in pieces] == [["u1", "a1"], ["u3", "a3"]]


def test_all_punctuation_replies_are_only_deduplicated_exactly():
    examples = [
        qa("a", "counsel_chat", "q1", ":((", split="train"),
        qa("b", "counsel_chat", "q2", ":^(", split="train"),  # normalises to "" too, but is another text
        qa("c", "counsel_chat", "q3", ":((", split="train"),
    ]
    ledger = ledgers()
    assert [e.id for e in deduplicate(examples, ledger, MULTI_TURN, SOURCES)] == ["a", "b"]
    assert ledger["counsel_chat"].dropped == {"duplicate_exact": 1}
