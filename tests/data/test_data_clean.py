"""Cleaning rules: each test pins one rule of empathic.data.clean."""

from __future__ import annotations

import pytest

from empathic.data.clean import (
    clean_text,
    fix_run_together,
    normalise_key,
    normalise_turns,
    replace_name_placeholder,
    unquote_csv,
)
from empathic.data.records import Ledger


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def bot(text: str) -> dict[str, str]:
    return {"role": "assistant", "content": text}


def test_clean_text_turns_nbsp_and_odd_spaces_into_single_spaces():
    assert clean_text("a\u00a0\u00a0b\u2009c\u200bd\tx  y") == "a b cd x y"


def test_clean_text_unescapes_html_entities_including_double_escaped():
    assert clean_text("Tom &amp; Jerry &quot;hi&quot; &amp;amp; &#39;x&#39;") == "Tom & Jerry \"hi\" & 'x'"


def test_clean_text_strips_tags_but_keeps_hearts_and_comparisons():
    assert clean_text("<p>Hello <b>you</b></p>") == "Hello you"
    assert clean_text("line one<br>line two<br/>three") == "line one\nline two\nthree"
    assert clean_text("love you <3 and a < b > c") == "love you <3 and a < b > c"


def test_clean_text_normalises_line_endings_and_indentation():
    assert clean_text("  first\r\n   second\r\rthird \n\n\n\nfourth  ") == "first\nsecond\n\nthird\n\nfourth"


@pytest.mark.parametrize("value", [None, 3, 4.5, ["x"], "", "   \u00a0 "])
def test_clean_text_of_null_or_non_text_is_empty(value):
    assert clean_text(value) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "find new people to hang out with.Seriously, the context",
            "find new people to hang out with. Seriously, the context",
        ),
        ("Why?Because it matters!Really.", "Why? Because it matters! Really."),
        ("in 2015.Then it changed", "in 2015. Then it changed"),
        ('she said "no."Then left', 'she said "no." Then left'),
        ("wait...Then", "wait... Then"),
        ("Excluding.Isolating.Humiliating.", "Excluding. Isolating. Humiliating."),
        ("it hurts.I know", "it hurts. I know"),
        ("Dr.Smith agrees", "Dr. Smith agrees"),  # decided: the space is correct English
    ],
)
def test_run_together_sentences_get_a_space(text, expected):
    assert fix_run_together(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "take 3.5 mg, or 2.0",  # decimals
        "medications (e.g.Wellbutrin) help",  # dotted abbreviation
        "Seasonal Affective Disorder (S.A.D.) is real",
        "it is o.k.You see",  # ambiguous: left alone rather than guessed
        "see https://example.com/Page.Html today",
        "visit www.LivingYes.org.Be kind",  # the dot belongs to the URL's word
        "write to jane.Doe@example.org",
        "ASP.NET and U.S.A.Today",  # all-caps runs
        "e.g. this, i.e. that",
        "a sentence. Already spaced.",
    ],
)
def test_run_together_fix_leaves_decimals_urls_and_abbreviations_alone(text):
    fixed, n = fix_run_together(text)
    assert fixed == text and n == 0


def test_run_together_fix_counts_its_fixes():
    assert fix_run_together("one.Two.Three e.g.Four")[1] == 2


def test_unquote_csv_undoes_doubled_quotes_of_a_quoted_field():
    assert unquote_csv('"She said ""no way"" and left. "') == 'She said "no way" and left. '
    assert unquote_csv('"""[NAME]"" is here"') == '"[NAME]" is here'


def test_unquote_csv_leaves_ordinary_quotes_alone():
    assert unquote_csv('"Hi" she said') == '"Hi" she said'
    assert unquote_csv('He said "hi" and "bye"') == 'He said "hi" and "bye"'
    assert unquote_csv('"a" and "b"') == '"a" and "b"'  # inner quotes not doubled: not a CSV field


def test_name_placeholder_is_kept_by_default_and_replaced_on_request():
    assert replace_name_placeholder("[NAME] is great, [NAME]!", None) == "[NAME] is great, [NAME]!"
    assert replace_name_placeholder("[NAME] is great, [NAME]!", "Alex") == "Alex is great, Alex!"


def test_normalise_key_ignores_case_punctuation_and_spacing():
    assert normalise_key("I'm SO sorry…  to hear that!") == normalise_key("im so sorry to hear that")
    assert normalise_key("with.Seriously") == normalise_key("with. Seriously")
    assert normalise_key("Café") == normalise_key("CAFÉ")
    assert normalise_key("sad") != normalise_key("mad")


def test_normalise_turns_merges_consecutive_same_speaker_turns():
    ledger = Ledger()
    messages, _ = normalise_turns([user("a"), user("b"), bot("c"), bot("d")], None, ledger)
    assert messages == [user("a\nb"), bot("c\nd")]
    assert ledger.fixes["same_speaker_turns_merged"] == 2


def test_normalise_turns_drops_leading_assistant_and_trailing_user_turns():
    ledger = Ledger()
    messages, _ = normalise_turns([bot("hi"), user("a"), bot("b"), user("bye")], None, ledger)
    assert messages == [user("a"), bot("b")]
    assert ledger.fixes["leading_assistant_turn_dropped"] == 1
    assert ledger.fixes["trailing_user_turn_dropped"] == 1


def test_normalise_turns_drops_empty_turns_before_merging():
    ledger = Ledger()
    messages, _ = normalise_turns([user("a"), bot(""), user("b"), bot("c")], None, ledger)
    assert messages == [user("a\nb"), bot("c")]
    assert ledger.fixes["empty_turn_dropped"] == 1


def test_normalise_turns_keeps_strategies_aligned_with_assistant_turns():
    ledger = Ledger()
    messages, strategies = normalise_turns(
        [bot("hello"), user("a"), bot("b"), bot("c"), user("d"), bot("e"), user("f")],
        [None, None, "Question", "Information", None, None, None],
        ledger,
    )
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant"]
    # The merged turn keeps its first strategy; the last assistant turn had none.
    assert strategies == ["Question", None]
    assert ledger.fixes["merged_turn_with_two_strategies"] == 1


def test_normalise_turns_of_a_lone_user_turn_is_empty():
    assert normalise_turns([user("only me")], None, Ledger())[0] == []
