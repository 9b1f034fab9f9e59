"""Crisis screening of user messages: idioms, negation and past tense both ways, every category."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from empathic.safety import CATEGORIES, Screening, screen_user_message
from empathic.safety.rules import _NEGATION, PATTERNS, rules_cleared

NOT_CRISIS = [
    "this traffic is killing me",
    "I killed it at my presentation",
    "I'm dying to see that movie",
    "my boss will murder me if I'm late",
    "I stopped self-harming years ago",
    "I would never hurt myself",
    "the ending made me want to die laughing",
    "I killed the boss on my first try!",
    "Just watched Suicide Squad again, Harley Quinn is the best.",
    "Why did Hitler kill himself in the bunker?",
    "How can I support a friend who has depression?",
    "What's the maximum safe dose of ibuprofen per day?",
    "I'm cutting carbs and sugar this month.",
    "She beat me at chess again",
    "I'm afraid I'll hurt her feelings if I say no",
    "Goodbye everyone, see you Monday!",
    "My team would be better off without me on the night shift, I'm so slow",
    "",
]

CRISIS = [
    ("everyone would be better off without me", "suicidal_ideation"),
    ("I've been giving away my things", "suicidal_ideation"),
    ("I won't be a burden much longer", "suicidal_ideation"),
    ("I just want to go to sleep and not wake up", "suicidal_ideation"),
    ("how many of my pills would be lethal", "suicidal_ideation"),
    ("what's the tallest bridge near me", "suicidal_ideation"),
    ("I want to kill myself", "suicidal_ideation"),
    ("i wanna kms", "suicidal_ideation"),
    ("i dont want to live anymore", "suicidal_ideation"),
    ("I want to cut myself tonight", "self_harm"),
    ("i started cutting again", "self_harm"),
    ("I'm going to kill my stepfather when he gets home.", "harm_to_others"),
    ("I've thought about shooting up my school.", "harm_to_others"),
    ("My husband hits me when he's drunk.", "abuse"),
    ("My boyfriend said he'll kill me if I ever leave him.", "abuse"),
    ("I just took a whole bottle of pills.", "immediate_danger"),
    ("I'm standing on the bridge", "immediate_danger"),
    ("Someone is hurting me right now.", "immediate_danger"),
]


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_idioms_negation_past_and_third_party_are_not_crisis(text):
    result = screen_user_message(text)
    assert result.crisis is False, result.reasons
    assert result.category is None
    assert result.score < 0.5


@pytest.mark.parametrize(("text", "category"), CRISIS)
def test_direct_indirect_and_method_seeking_messages_are_crisis_with_category(text, category):
    result = screen_user_message(text)
    assert result.crisis is True, result.reasons
    assert result.category == category
    assert 0.5 <= result.score <= 1.0
    assert any(r.startswith(category) for r in result.reasons)


def test_every_category_is_reachable():
    assert {c for _, c in CRISIS} == set(CATEGORIES)


@pytest.mark.parametrize(
    "text",
    [
        "I stopped cutting last year but tonight I want to die",
        "I'm not okay. I'm thinking of overdosing tonight.",
        "I don't want to talk to anyone, I just want to end it.",
        "I used to be okay, but now I'm hurting myself every day.",
        "i can't sleep and i want to die",
    ],
)
def test_negation_or_past_elsewhere_does_not_swallow_a_present_crisis(text):
    assert screen_user_message(text).crisis is True


def test_past_and_negated_matches_are_reported_as_ignored():
    reasons = screen_user_message("I stopped self-harming years ago").reasons
    assert any("ignored" in r and "(past)" in r for r in reasons)
    reasons = screen_user_message("I would never kill myself").reasons
    assert any("ignored" in r and "(negated)" in r for r in reasons)


def test_immediate_danger_outranks_other_categories():
    result = screen_user_message("I want to die and I just took all my pills")
    assert result.category == "immediate_danger"


def test_a_joke_marker_never_clears_a_self_directed_crisis():
    assert screen_user_message("i want to die lol").crisis is True


def test_a_joke_marker_clears_hyperbole_about_others_unless_there_is_a_weapon():
    assert screen_user_message("My roommate keeps stealing my food, I'm going to kill him lol").crisis is False
    assert screen_user_message("I'm going to kill him lol, I have a gun").crisis is True


def test_a_second_opinion_can_raise_a_flag():
    def always_crisis(text):
        return 0.8, "self_harm", "test opinion"

    result = screen_user_message("I feel a bit off today", second_opinion=always_crisis)
    assert result == Screening(True, "self_harm", 0.8, ("test opinion",), "en")


def test_a_second_opinion_can_never_clear_a_rule_flag():
    def never_crisis(text):
        return 0.0, None, "test opinion"

    assert screen_user_message("I want to kill myself", second_opinion=never_crisis).crisis is True


def test_patterns_that_contain_their_own_negation_are_not_cancelled_by_it():
    # "better off without me" contains "without"; checking the match itself for negation cues
    # would cancel the pattern on every message. Such patterns must only look before the match.
    for p in PATTERNS:
        words = set(re.findall(r"[a-z']+", p.regex.pattern.replace("\\b", "")))
        own = {w for w in words if _NEGATION.fullmatch(w)}
        assert not (own and p.negation == "window"), (p.name, own)


def test_importing_the_safety_layer_and_screen_command_does_not_import_torch():
    code = (
        "import sys, empathic.safety, empathic.safety.cli; "
        "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_accident_words_excuse_self_harm_wording_but_not_a_wish_to_die():
    assert screen_user_message("I hurt myself skiing").crisis is False
    assert screen_user_message("I cut myself shaving this morning").crisis is False
    assert screen_user_message("I fell apart and I want to die").crisis is True
    assert screen_user_message("since the operation I just want to die").crisis is True


def test_a_second_opinion_cannot_overrule_an_explicit_rule_clearance():
    def always_crisis(text):
        return 0.9, "suicidal_ideation", "test opinion"

    assert rules_cleared("I would never hurt myself")
    assert screen_user_message("I would never hurt myself", second_opinion=always_crisis).crisis is False
    assert not rules_cleared("I feel a bit off today")  # no crisis wording at all: the opinion may speak


def test_the_pattern_table_lives_in_patterns_and_rules_only_match():
    import inspect

    from empathic.safety import patterns, patterns_intl, rules

    assert rules.PATTERNS is patterns.PATTERNS
    assert set(rules.ALL_PATTERNS) == {*patterns.PATTERNS, *patterns_intl.INTL_PATTERNS}
    assert "_p(" not in inspect.getsource(rules)
