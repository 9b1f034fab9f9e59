"""Seeded disguises of a message, for robustness checks (`empathic screen --redteam --obfuscate SEED`).

The disguises people use to get past a filter: zero-width characters and soft hyphens, Cyrillic
look-alike letters, full-width letters, capitals, leetspeak, spaced letters, a masked vowel,
stretched letters and one-letter typos. Format-level disguises apply to any word; spelling-level
ones only to crisis vocabulary (`normalize.KEY_TERMS`), because that is what a filter evader hides.
"""

from __future__ import annotations

import random

from empathic.safety.normalize import _GLUE, _REAL_WORDS, FUZZY_TERMS, KEY_TERMS

_LEET = {"i": "1", "e": "3", "o": "0", "a": "4", "s": "5", "t": "7"}
_CYRILLIC = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "i": "і", "x": "х", "y": "у"}
DISGUISES = ("zero_width", "soft_hyphen", "cyrillic", "full_width", "upper", "leet", "spaced", "masked",
             "stretched", "typo")


def disguise_word(word: str, how: str, pos: int) -> str:
    """`word` disguised `how` (one of `DISGUISES`); `pos` picks where. Unchanged when it does not apply."""
    low = word.lower()
    if not word:
        return word
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
        return "".join(_LEET.get(c, c) for c in low)
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


def obfuscate(text: str, seed: int) -> str:
    """Disguise every crisis-vocabulary word of `text` (and one other word) in a seeded random way."""
    rng = random.Random(f"{seed}:{text}")
    words = text.split(" ")
    key = [i for i, w in enumerate(words) if w.lower().strip(".,!?;:'\"") in KEY_TERMS]
    targets = set(key) | {rng.randrange(len(words))}
    for i in targets:
        core = words[i].strip(".,!?;:'\"")
        if not core:
            continue
        how = rng.choice(DISGUISES)
        words[i] = words[i].replace(core, disguise_word(core, how, rng.randrange(50)), 1)
    return " ".join(words)
