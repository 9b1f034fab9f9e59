"""Undo the spellings people use to get a message past a filter, before any screen reads it.

`deobfuscate(text)` keeps the message readable (case, accents and punctuation stay) and:
1. Unicode NFKC (full-width letters, ligatures, circled and mathematical letters become plain);
2. drops format characters (zero-width space/joiner, soft hyphen, BOM) and combining marks stacked
   on Latin letters ("zalgo" text);
3. folds Cyrillic and Greek look-alike letters to Latin inside words that are written in Latin
   letters (a Russian or Greek message is left alone);
4. splits title/body run-ons ("anymoreI feel", "SuicideRecently");
5. joins spaced or dotted letters ("k i l l  m y s e l f", "d.i.e") and re-segments the result;
6. reads digits and symbols inside words as letters ("su1c1de", "k!ll", "d3ad"), leaving numbers,
   times and doses ("20 pills", "3am", "50mg") alone;
7. fills masked letters against the crisis vocabulary ("k*ll", "s**cide", "su_c_de");
8. squeezes stretched letters ("diiiie") and corrects near misses of crisis terms by edit distance
   ("suicdie", "myslef", "overdsoe"), for terms long enough that a one-letter slip is not another word.

Crisis vocabulary (`KEY_TERMS`) covers the five supported languages. Only steps 7 and 8 depend on
it; the rest are spelling-independent.
"""

from __future__ import annotations

import functools
import re
import unicodedata

EN_TERMS = frozenset(
    "suicide suicidal kill killing myself die dying dead death overdose overdosing pills cut cutting "
    "hang hanging noose rope bridge jump end life live living wrists wrist blade razor bleed "
    "hurt harm self-harm murder stab shoot gun knife poison want wanna tonight anymore goodbye".split()
)
KEY_TERMS = EN_TERMS | frozenset(
    # Spanish / Portuguese
    "suicidio suicida suicidarme suicidar matarme morir morirme muerte muerto muerta vivir quiero "
    "suicídio suicidar-me matar-me morrer morto morta viver quero "
    # French
    "suicider mourir mort morte vivre veux tuer "
    # German
    "selbstmord suizid umbringen sterben sterbe leben tot töten "
    # romanised Hindi
    "marna marne maut khudkushi atmahatya jeena jeene zindagi".split()
) | frozenset(
    # Real inflections two edits from a longer crisis term: they are words, not slips, and the rules read them as
    # written ("pensamientos suicidas" had become "pensamientos suicidal", "je suis suicidaire" "je suis suicidarme").
    "suicidas suicidó suicidado suicidada suicidou suicidé suicidée suicidés suicidées suicidaire suicidaires "
    "suicidais suicidait suicidant".split()
)
# Near misses are corrected only towards these: long, distinctive terms whose one-edit neighbours
# are not everyday words ("living" and "killing" are: "giving", "willing").
FUZZY_TERMS = frozenset(
    "suicide suicidal myself overdose overdosing suicidio suicidarme suicidar matarme morirme "
    "suicídio selbstmord umbringen suizid khudkushi atmahatya".split()
)
# Real words one edit away from a key term: never "corrected".
_REAL_WORDS = frozenset(
    "overdone overdoes overdue lives lived liver liven river diet died dies diner dine dice dime "
    "dire dike hire cute cuter cutie cutting gut cup cat kit kin kiln hill till will bill fill mill "
    "pill pile pilot live love like line lice lift wife knife knives hang hand hung sang rang bang "
    "ring rope ripe robe rose role rode dead deed deaf deal dear bead head lead read mead dean "
    "myself herself himself itself wanted wants shoot short shout stab stay star stub "
    "bridges bride ridge jump dump hump lump pump bump goodbye goodbyes".split()
)

_FORMAT = {ord(c): None for c in "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\ufeff\u180e"}
# Cyrillic and Greek letters that look like Latin ones (lower and upper case).
_CONFUSABLE = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "һ": "h", "ӏ": "l", "ɡ": "g", "к": "k", "м": "m", "т": "t", "в": "b", "н": "h", "ո": "n",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S",
    "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
})
_CONFUSABLE_CHARS = frozenset(chr(c) for c in _CONFUSABLE)
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s",
                       "!": "i", "|": "l", "€": "e", "8": "b", "9": "g"})
_LEET_CHARS = "01345789@$!|€"
# Digits glued to letters that are units or chat words, not disguised letters.
_NUMERIC_TOKEN = re.compile(
    r"^(?:\d*1st|\d*2nd|\d*3rd|\d+th|\d+(?:[.,]\d+)?(?:am|pm|s|k|m|x|mg|ml|g|kg|lb|lbs|h|hr|hrs|min|mins|km|mi|yo|y|"
    r"yr|yrs|d|gb|mb|ft|cm|mm|p)|b4|2nite|2day|2moro|2morrow|gr8|l8r|l8|m8|w8|h8|4ever|4eva|2|4|ur|u2|"
    r"[a-z]\d|\d[a-z]|\d+)$"
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|[^\s]+", re.UNICODE)
_MASK = "*#_?%"
_SPACED = re.compile(r"(?<![\w*#'’])((?:[^\W\d_][ .\-_·•]{1,2}){2,}[^\W\d_])(?![\w*#])")
_RUN_ON = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z])|(?<=[a-z]{3})(?=I\b)")
_STRETCH = re.compile(r"([^\W\d_])\1{2,}")
# Words a joined run of spaced letters is re-segmented into (besides KEY_TERMS).
_GLUE = frozenset(
    "i i'm im a to my me the and it all be not no want wanna going gonna so just of in on is am "
    "myself self end off go now do how many much take kill die feel commit attempt hate everyone".split()
)


def _strip_marks(text: str) -> str:
    out: list[str] = []
    for ch in text:
        if unicodedata.category(ch) == "Mn" and out and out[-1].isascii():
            continue  # a mark stacked on a Latin letter after NFKC: decoration, not an accent
        out.append(ch)
    return "".join(out)


def strip_accents(text: str) -> str:
    """Accents and other combining marks dropped ("não" -> "nao", "é" -> "e"); "ß" stays. The one home for this fold."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _fold_confusables(text: str) -> str:
    if not any(c in _CONFUSABLE_CHARS for c in text):
        return text
    latin = sum(c.isascii() and c.isalpha() for c in text)
    other = sum(c.isalpha() and not c.isascii() for c in text)

    def fold(m: re.Match[str]) -> str:
        w = m.group(0)
        if any(c.isascii() and c.isalpha() for c in w) or latin >= other:
            return w.translate(_CONFUSABLE)
        return w

    return re.sub(r"[^\W\d_]+", fold, text)


@functools.cache
def _segment(joined: str) -> str:
    """'killmyself' -> 'kill myself' when the vocabulary covers the whole run, else unchanged."""
    vocab = KEY_TERMS | _GLUE
    n = len(joined)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(n, i, -1):
            w = joined[i:j]
            if w in vocab and (best[j] is None or len(best[j]) > len(best[i]) + 1):
                best[j] = [*best[i], w]
    return " ".join(best[n]) if best[n] else joined


def _join_spaced(text: str) -> str:
    def join(m: re.Match[str]) -> str:
        letters = re.sub(r"[ .\-_·•]", "", m.group(1))
        if len(letters) < 3:
            return m.group(0)
        # A word-spacing gap (2+ spaces) separates words: "k i l l  m y s e l f".
        words = [re.sub(r"[ .\-_·•]", "", w) for w in re.split(r"\s{2,}|\s[.\-_·•]\s", m.group(1))]
        if len(words) > 1 and all(words):
            return " ".join(_segment(w.lower()) if len(w) > 1 else w for w in words)
        return _segment(letters.lower())

    return _SPACED.sub(join, text)


def _edit1(word: str) -> set[str]:
    letters = "abcdefghijklmnopqrstuvwxyzáéíóúãõçàèêôöüäß"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    repl = {a + c + b[1:] for a, b in splits if b for c in letters}
    ins = {a + c + b for a, b in splits for c in letters}
    return deletes | swaps | repl | ins


@functools.cache
def _edit1_index() -> dict[str, str]:
    """Every string one edit away from a crisis term of 6+ letters -> that term."""
    index: dict[str, str] = {}
    for t in sorted(KEY_TERMS, key=len, reverse=True):
        if t in FUZZY_TERMS:
            for v in _edit1(t):
                index.setdefault(v, t)
    return index


@functools.cache
def _near_key_term(word: str) -> str | None:
    """A crisis term one edit away (two for terms of 8+ letters), for words that are not real words."""
    if word in KEY_TERMS or word in _REAL_WORDS or len(word) < 5:
        return None
    if any(word.startswith(t) for t in FUZZY_TERMS):  # an inflection ("suicides"), not a slip
        return None
    index = _edit1_index()
    if word in index:
        return index[word]
    if len(word) >= 7:
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        for v in [a + b[1:] for a, b in splits if b] + [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]:
            t = index.get(v)
            if t and len(t) >= 8:
                return t
    return None


def _unmask(token: str) -> str | None:
    """'k*ll' -> 'kill', 's**cide' -> 'suicide': masks filled against the crisis vocabulary."""
    low = token.lower()
    if not any(c in _MASK or c in "!@$1" for c in low) or not any(c.isalpha() for c in low):
        return None
    parts = []
    for c in low:
        if c in _MASK:
            parts.append(".")
        else:
            parts.append("[" + re.escape(c) + re.escape(c.translate(_LEET)) + "]")
    rx = re.compile("".join(parts))
    hits = sorted((t for t in KEY_TERMS if rx.fullmatch(t)), key=lambda t: (t not in EN_TERMS, t))
    return hits[0] if hits else None  # ambiguous fills ("marn*": marna, marne) are all crisis terms


def _fix_token(token: str) -> str:
    low = token.lower()
    if not any(c.isalpha() for c in low) or low[0] in "@#" or "/" in low:
        return token  # numbers, handles, hashtags, links
    core = low.strip(".,!?;:\"'()")
    if len(core) > 2 and any(c in _MASK for c in core):
        return token.lower().replace(core, _unmask(core) or core)
    if any(c in _LEET_CHARS for c in core) and not _NUMERIC_TOKEN.match(core):
        mapped = core.translate(_LEET)
        if mapped in KEY_TERMS or mapped in _GLUE or (mapped.isalpha() and _near_key_term(mapped)):
            return token.lower().replace(core, _near_key_term(mapped) or mapped)
    if _STRETCH.search(core):
        once, twice = _STRETCH.sub(r"\1", core), _STRETCH.sub(r"\1\1", core)
        for cand in (once, twice):
            if cand in KEY_TERMS or cand in _GLUE:
                return token.lower().replace(core, cand)
        token = token.lower().replace(core, twice)
        low, core = token.lower(), twice
    near = _near_key_term(core) if core.isalpha() else None
    return token.lower().replace(core, near) if near else token


def deobfuscate(text: str) -> str:
    """The message with disguises undone (see the module docstring); plain text comes back as is."""
    if not text:
        return text or ""
    t = unicodedata.normalize("NFKC", text.replace("\u00b4", "'").replace("`", "'")).translate(_FORMAT)
    t = _strip_marks(t)
    t = _fold_confusables(t)
    t = _RUN_ON.sub(" ", t)
    t = _join_spaced(t)
    return re.sub(r"\S+", lambda m: _fix_token(m.group(0)), t)
