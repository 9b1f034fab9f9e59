"""Normalisation: disguised spellings are undone, and an obfuscated variant of a caught message is
still caught (property tests over random obfuscations)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from empathic.safety import deobfuscate, screen_user_message
from empathic.safety.normalize import _GLUE, _REAL_WORDS, FUZZY_TERMS, KEY_TERMS

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


_LEET = {"i": "1", "e": "3", "o": "0", "a": "4", "s": "5", "t": "7"}
_CYRILLIC = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "i": "і", "x": "х", "y": "у"}


def _leet(w: str) -> str:
    return "".join(_LEET.get(c, c) for c in w)


def _disguise(word: str, how: str, pos: int) -> str:
    low = word.lower()
    if how == "zero_width":
        return word[: pos % len(word)] + "\u200b" + word[pos % len(word):]
    if how == "soft_hyphen":
        return word[: pos % len(word)] + "\u00ad" + word[pos % len(word):]
    if how == "cyrillic":
        return "".join(_CYRILLIC.get(c, c) for c in word)
    if how == "full_width":
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in word)
    if how == "upper":
        return word.upper()
    if how == "leet" and low in KEY_TERMS | _GLUE and len(low) >= 3 and low.isascii():
        return _leet(low)
    if how == "spaced" and low in KEY_TERMS and len(low) >= 3 and low.isalpha():
        return " ".join(low)
    if how == "masked" and low in KEY_TERMS and len(low) >= 5:
        vowels = [i for i, c in enumerate(low) if c in "aeiou"]
        if vowels:
            i = vowels[pos % len(vowels)]
            return low[:i] + "*" + low[i + 1:]
    if how == "stretched" and low in KEY_TERMS and low.isalpha():
        i = pos % len(low)
        return low[:i] + low[i] * 4 + low[i + 1:]
    if how == "typo" and low in FUZZY_TERMS:
        i = 1 + pos % (len(low) - 2)
        typo = low[:i] + low[i + 1] + low[i] + low[i + 2:] if pos % 2 else low[:i] + low[i + 1:]
        return word if typo in _REAL_WORDS else typo  # "overdoes" is a word: no spelling fix can know
    return word


HOWS = ["zero_width", "soft_hyphen", "cyrillic", "full_width", "upper", "leet", "spaced", "masked",
        "stretched", "typo"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(CAUGHT), st.lists(st.tuples(st.sampled_from(HOWS), st.integers(0, 50)), min_size=1, max_size=3),
       st.integers(0, 50))
def test_an_obfuscated_variant_of_a_caught_message_is_still_caught(message, disguises, which):
    assert screen_user_message(message).crisis  # rules alone catch the plain message
    words = message.split(" ")
    for how, pos in disguises:
        i = (which + pos) % len(words)
        words[i] = _disguise(words[i], how, pos)
    variant = " ".join(words)
    result = screen_user_message(variant)
    assert result.crisis, (variant, deobfuscate(variant), result.reasons)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_deobfuscate_never_fails_on_any_text(text):
    out = deobfuscate(text)
    assert isinstance(out, str)
