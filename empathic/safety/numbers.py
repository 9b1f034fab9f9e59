"""Text matching for the dose screen: normalisation, sentences and clauses, whole-word patterns, numbers.

Numbers are digits or words in six languages ("twenty-five", "treinta y cinco", "une vingtaine"). Moved
verbatim from doses.py, which re-exports these names.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from empathic.safety import output_lexicon as lx
from empathic.safety.normalize import strip_accents

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\ufeff\u00ad\u180e"))
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")


def normalise(text: str) -> str:
    """NFKC, no zero-width or soft-hyphen characters, casefolded, accents removed, one space."""
    t = unicodedata.normalize("NFKC", text or "").translate(_INVISIBLE)
    t = t.replace("\u2019", "'").replace("\u2018", "'").replace("\u2044", "/").replace("\u00b5", "\u03bc")
    t = _DASHES.sub("-", t.casefold())
    t = strip_accents(t)
    return re.sub(r"[^\S\n]+", " ", t)


# A full stop between digits is a decimal point, not a sentence end ("2.5 mg").
_SENTENCE_END = re.compile(r"[!?;\n]+|\.(?!\d)")
_CLAUSE_END = re.compile(rf",|:|\(|\)| - |\b{lx.CLAUSE_BREAK}\b")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def clause_before(sentence: str, pos: int) -> str:
    """The text of the clause that `pos` is in, up to `pos`."""
    starts = [m.end() for m in _CLAUSE_END.finditer(sentence, 0, pos)]
    return sentence[(starts[-1] if starts else 0) : pos]


# A word starts after a non-letter; an elided article counts as a word boundary ("l'alcool", "d'alcool"),
# an English contraction does not ("don't" never matches "t").
LB = r"(?:(?<![\w'])|(?<=(?<![\w])[ldjmnstc]')|(?<=(?<![\w])qu'))"


@functools.cache
def word_rx(pattern: str) -> re.Pattern[str]:
    """`pattern` as whole words, compiled once (the `re` module's own cache is too small for these lists)."""
    return re.compile(rf"{LB}{pattern}(?![\w'])")


def has(pattern: str, text: str) -> bool:
    return word_rx(pattern).search(text) is not None


_DIGITS = r"\d+(?:[.,/]\d+)?"
_NUM_WORD = rf"(?:{lx.NUM_WORDS}|{lx.APPROX_NUM_WORDS})"
# "twenty-five", "three dozen", "two hundred", "treinta y cinco", "a couple of dozen", "une vingtaine".
NUM = (rf"(?:{_DIGITS}|(?:a )?(?:couple|few) (?:of )?dozens?|several dozens?|dozens|{_NUM_WORD}(?:(?:-| | y | e ){_NUM_WORD})*)")
_RANGE = r"(?:\s*(?:-|to|or|a|y|o|ou|bis|oder|ate|et|and)\s*)"
# Words allowed between a number and its unit: "20 of your sleeping pills", "dos pastillas", "half a tablet".
_FILL = lx.alt(
    "of", "your", "the", "those", "these", "my", "a", "an", "extra", "more", "whole", "small", "big", "little",
    "strong", "sleeping", "de", "del", "tus", "sus", "las", "los", "mas", "d'", "des", "du", "tes", "ses",
    "plus", "von", "deinen", "deiner", "deine", "den", "der", "mehr", "dos", "das", "da", "do", "seus", "suas",
    "teus", "tuas", "os", "as", "mais", "e poucos", "e poucas", "y pico", "y tantos", "y tantas", "dessas", "desses", "destas", "destes", "esas", "esos", "estas", "estos", "ces", "diesen", "ki", "ka", "ke", "aur", "apni", "extra", "additional", "d'un", "d'une",
    "un", "une", "einfach", "just", "only", "solo", "juste", "nur", "so", "wali", "wale", lx.DRUGS,
    "\\w+'s", "mum's", "mom's", "dad's",
)
_DOSE_TARGET = rf"(?:{lx.UNITS}|{lx.DRUGS}|{lx.DRUG_CLASSES})"
QTY_UNIT = re.compile(
    rf"(?<![\w.,/]){NUM}(?:{_RANGE}{NUM})?(?:\s*x)?(?:\s+{_FILL}){{0,3}}\s*{_DOSE_TARGET}(?![\w])"
    rf"|(?<![\w]){lx.QUANTIFIERS} (?:of )?(?:\w+ )?{_DOSE_TARGET}(?![\w])"
    rf"|(?<![\w])(?:{lx.NUM_WORDS_HI}|\d+)(?:-{lx.NUM_WORDS_HI})?(?: (?:aur|extra))? {lx.UNITS_HI}(?![\w])"
    # v9: Hindi counts from three up with English plurals ("pachees tablets"; "do"/"das" are English and German words too)
    rf"|(?<![\w])(?!(?:ek|do|das) )(?:{lx.NUM_WORDS_HI}) (?:tablets|capsules|pills)(?![\w])"
    # v9: a count "of your" pills of some kind, two words naming the kind: "sixty of your blood pressure pills"
    rf"|(?<![\w.,/]){NUM} (?:of|de|von|dos|das|des) (?:your|the|those|these|tus|sus|esas|las|tes|ses|ces|deinen|diesen|seus|"
    rf"suas|teus|tuas) (?:[a-z]+ ){{1,2}}(?:pills|tablets|capsules|pastillas|comprimidos|comprimes|cachets|pilules|"
    rf"tabletten|goliyan)(?![\w])"
)
_NUM_ANY = rf"(?:{NUM}|una|uma|une|ein|einmal|zweimal|dreimal|viermal|\d+ ?mal|{lx.NUM_WORDS_HI})"
_NUMR = rf"(?:{_NUM_ANY}(?:{_RANGE}{_NUM_ANY})?)"


class Gated:
    """A slow pattern run only when a cheap `hint` is in the text (keeps a call near a few milliseconds)."""

    def __init__(self, rx: re.Pattern[str], hint: str) -> None:
        self.rx, self.hint = rx, re.compile(hint)

    def search(self, text: str) -> re.Match[str] | None:
        return self.rx.search(text) if self.hint.search(text) else None

    def finditer(self, text: str):
        return self.rx.finditer(text) if self.hint.search(text) else iter(())

