"""Normalisation: disguised spellings are undone, and an obfuscated variant of a caught message is
still caught (property tests over random obfuscations)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from empathic.safety import deobfuscate, screen_user_message
from empathic.safety.obfuscate import DISGUISES, disguise_word, obfuscate

CAUGHT = [
    "I want to kill myself",
    "i dont want to live anymore",
    "I am going to commit suicide tonight",
    "I just want to die",
    "I have been thinking about suicide a lot",
    "I want to cut myself tonight",
    "I took an overdose of my pills",
    "everyone would be better off if I was dead",
    "quiero morir",
    "je veux mourir",
    "ich will nicht mehr leben",
    "eu quero me matar",
    "main marna chahta hoon",
]


@pytest.mark.parametrize(
    ("disguised", "plain"),
    [
        ("k i l l  m y s e l f", "kill myself"),
        ("i want to k*ll myself", "i want to kill myself"),
        ("su1c1de", "suicide"),
        ("s**cide", "suicide"),
        ("kіll mysеlf", "kill myself"),  # Cyrillic і and е
        ("ｋｉｌｌ ｍｙｓｅｌｆ", "kill myself"),  # full width
        ("ki\u200bll my\u00adself", "kill myself"),  # zero-width space, soft hyphen
        ("I can't do this anymoreI feel empty", "I can't do this anymore I feel empty"),
        ("i want to diiiie", "i want to die"),
        ("suicdie", "suicide"),
        ("myslef", "myself"),
        ("i wanna d.i.e", "i wanna die"),
        ("I want to k-i-l-l myself", "I want to kill myself"),
    ],
)
def test_disguises_are_undone(disguised, plain):
    assert deobfuscate(disguised) == plain


@pytest.mark.parametrize(
    "text",
    [
        "I took 20 pills at 3am, 50mg each",  # numbers, times and doses stay
        "I'm fine, thanks!",
        "Hola, ¿cómo estás? Ayer fui a la playa.",  # accents stay
        "кошка спит на диване",  # a Russian sentence is not folded to Latin
        "overdone steak and a giving mood",  # real words near crisis terms are not "corrected"
        "@user #MentalHealthMatters",
        "",
    ],
)
def test_ordinary_text_is_left_alone(text):
    out = deobfuscate(text)
    assert out.lower().split() == text.lower().split() or text.startswith("@")


HOWS = list(DISGUISES)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(CAUGHT), st.lists(st.tuples(st.sampled_from(HOWS), st.integers(0, 50)), min_size=1, max_size=3),
       st.integers(0, 50))
def test_an_obfuscated_variant_of_a_caught_message_is_still_caught(message, disguises, which):
    assert screen_user_message(message).crisis  # rules alone catch the plain message
    words = message.split(" ")
    for how, pos in disguises:
        i = (which + pos) % len(words)
        words[i] = disguise_word(words[i], how, pos)
    variant = " ".join(words)
    result = screen_user_message(variant)
    assert result.crisis, (variant, deobfuscate(variant), result.reasons)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_deobfuscate_never_fails_on_any_text(text):
    out = deobfuscate(text)
    assert isinstance(out, str)


def test_obfuscate_is_seeded_and_disguises_the_crisis_words():
    a, b = obfuscate("I want to kill myself", 1), obfuscate("I want to kill myself", 1)
    assert a == b and a != "I want to kill myself"
    assert screen_user_message(a).crisis


@pytest.mark.parametrize(
    ("message", "lang"),
    [("tengo pensamientos suicidas", "es"), ("tenho pensamentos suicidas", "pt"), ("je suis suicidaire", "fr"),
     ("idées suicidaires depuis des semaines", "fr"), ("llevo días con pensamientos suicidas", "es")],
)
def test_real_inflections_of_crisis_words_are_not_corrected_into_another_word(message, lang):
    # Spelling repair once turned "suicidas" into "suicidal" and "suicidaire" into "suicidarme" (two edits from a long
    # crisis term), so the Spanish, Portuguese and French rules, which read the word as written, missed the plainest
    # sentences of their language.
    assert deobfuscate(message) == message.lower() or deobfuscate(message) == message
    assert screen_user_message(message).crisis, (lang, screen_user_message(message).reasons)


@pytest.mark.parametrize(("slip", "term"), [("suicdie", "suicide"), ("sucidal", "suicidal"), ("myslef", "myself"),
                                             ("overdsoe", "overdose")])
def test_slips_are_still_corrected(slip, term):
    assert term in deobfuscate(f"thinking about {slip} again")
