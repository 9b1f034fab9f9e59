"""Text and turn cleaning shared by all loaders.

Each rule is a small function so tests can pin it down; `clean_text` is the one every text goes
through, the others are applied by the loaders whose sources have that defect.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

from empathic.data.records import Ledger

# NBSP, narrow/thin/figure spaces, ideographic space: all become a plain space.
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
# Zero-width characters and BOM carry nothing visible; drop them.
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
# Only real tags: '<' then a letter or '/letter'. Keeps "<3", "a < b", ">!spoiler!<".
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_BREAK_TAG = re.compile(r"<br\s*/?>|</p\s*>|<p(?:\s[^<>]*)?>", re.IGNORECASE)
_MULTI_SPACE = re.compile(r" {2,}")
_MULTI_NEWLINE = re.compile(r"\n{3,}")


def clean_text(text: Any) -> str:
    """Whitespace/NBSP, HTML entities and tags, line endings; '' for None or non-text."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFC", text)
    # Twice: some scraped text is double-escaped ("&amp;quot;").
    text = html.unescape(html.unescape(text)) if "&" in text else text
    if "<" in text:
        text = _BREAK_TAG.sub("\n", text)
        text = _TAG.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
    lines = [_MULTI_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    return _MULTI_NEWLINE.sub("\n\n", "\n".join(lines)).strip()


# CounselChat lost its newlines, so sentences run together: "with.Seriously". A space goes in
# after . ! ? (and a closing quote/bracket) when a lowercase letter, digit or closer precedes and
# an uppercase letter starts a word after. Left alone: decimals ("3.5": no capital follows),
# abbreviations with inner dots ("e.g.Wellbutrin", "S.A.D."), URLs, e-mails and ALLCAPS runs
# ("ASP.NET"). "Dr.Smith" becomes "Dr. Smith", which is the correct spelling anyway.
_RUN_TOGETHER = re.compile(r"(?<=[a-z0-9)\]\"'”’%])([.!?]+[\"'”’)\]]?)(?=[A-Z](?:[a-z]|[^A-Za-z]|$))")


def _keep_as_is(text: str, start: int, floor: int = 0) -> bool:
    """True when the punctuation at `start` belongs to a URL, e-mail or dotted abbreviation.

    `floor`: where the current word starts at the latest (just after a space already inserted).
    """
    word_start = max(text.rfind(" ", 0, start) + 1, text.rfind("\n", 0, start) + 1, floor)
    word = text[word_start:start]
    if "." in word:  # "e.g", "i.e", "U.S", "o.k", "www.site"
        return True
    end = len(text)
    for sep in (" ", "\n"):
        pos = text.find(sep, start)
        if pos != -1:
            end = min(end, pos)
    token = text[word_start:end].lower()
    return "://" in token or "www." in token or "@" in token


def fix_run_together(text: str) -> tuple[str, int]:
    """Insert the missing space in "with.Seriously"; returns the text and how many were fixed."""
    out: list[str] = []
    last = 0
    fixed = 0
    for match in _RUN_TOGETHER.finditer(text):
        if _keep_as_is(text, match.start(), last):
            continue
        out.append(text[last : match.end()])
        out.append(" ")
        last = match.end()
        fixed += 1
    out.append(text[last:])
    return "".join(out), fixed


def unquote_csv(text: str) -> str:
    """Undo CSV quoting left in GoEmotions texts: a field wrapped in quotes, inner quotes doubled."""
    stripped = text.strip()
    if len(stripped) >= 2 and stripped[0] == '"' and stripped[-1] == '"':
        inner = stripped[1:-1]
        # Only when every inner quote is doubled, i.e. the text really is one quoted CSV field.
        if '"' not in inner.replace('""', ""):
            return inner.replace('""', '"')
    return text


NAME_PLACEHOLDER = "[NAME]"


def replace_name_placeholder(text: str, name: str | None) -> str:
    """GoEmotions masks people as "[NAME]"; substitute `name` (None keeps the placeholder)."""
    if name is None or NAME_PLACEHOLDER not in text:
        return text
    return text.replace(NAME_PLACEHOLDER, name)


_NOT_WORD = re.compile(r"[\W_]+")


def normalise_key(text: str) -> str:
    """Dedup key: casefolded, NFKC, punctuation and whitespace removed."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def normalise_turns(
    messages: list[dict[str, str]],
    strategies: list[str | None] | None,
    ledger: Ledger,
    joiner: str = "\n",
) -> tuple[list[dict[str, str]], list[str | None] | None]:
    """Make a conversation strictly user/assistant alternating, user first, assistant last.

    `strategies` (if given) has one entry per input message (None for user turns) and comes back
    with one entry per remaining assistant turn. Empty turns are dropped; consecutive same-speaker
    turns are merged (the merged assistant turn keeps its first strategy); leading assistant turns
    and a trailing user turn are dropped. Fixes are counted in `ledger`.
    """
    merged: list[dict[str, str]] = []
    merged_strategies: list[str | None] = []
    for i, message in enumerate(messages):
        text = message["content"]
        strategy = strategies[i] if strategies is not None else None
        if not text:
            ledger.fix("empty_turn_dropped")
            continue
        if merged and merged[-1]["role"] == message["role"]:
            merged[-1] = {"role": message["role"], "content": merged[-1]["content"] + joiner + text}
            if merged_strategies[-1] is None:
                merged_strategies[-1] = strategy
            elif strategy is not None and strategy != merged_strategies[-1]:
                ledger.fix("merged_turn_with_two_strategies")
            ledger.fix("same_speaker_turns_merged")
            continue
        merged.append({"role": message["role"], "content": text})
        merged_strategies.append(strategy)
    while merged and merged[0]["role"] != "user":
        merged.pop(0)
        merged_strategies.pop(0)
        ledger.fix("leading_assistant_turn_dropped")
    if merged and merged[-1]["role"] == "user":
        merged.pop()
        merged_strategies.pop()
        ledger.fix("trailing_user_turn_dropped")
    out_strategies = None
    if strategies is not None:
        out_strategies = [
            s for m, s in zip(merged, merged_strategies, strict=True) if m["role"] == "assistant"
        ]
    return merged, out_strategies
