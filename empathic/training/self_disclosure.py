"""A rough first-person-experience detector: replies that claim the assistant's own life ("I lost my dad too")."""

from __future__ import annotations

import re

# A chatbot has no life to report; the curation scorer still rewards such claims (its IP level is mostly
# self-disclosure, Notes/eval/empathy.md round 6), so pair builders drop any chosen reply that makes one.
_CLAIM = re.compile(
    r"\b(I|I'?ve|I'?d|i)\s+(also\s+|too\s+|once\s+|just\s+|recently\s+|actually\s+)?(had|lost|went|was|were|been|lived|"
    r"worked|tried|seen|done|dealt|struggled|suffered|have been|have had|have lost|have gone|remember|used to|grew up|"
    r"experienced|got|did|felt|broke|moved|owned|bought|love[d]? my|know exactly)\b"
    r"|\b(my|mine|myself)\b|\bme too\b|\bhappened to me\b|\bsame thing\b|\bsame here\b|\bI can relate\b",
    re.I,
)
# Set phrases that match the claim pattern but report no experience ("I was wondering", "oh my god").
_NOT_A_CLAIM = re.compile(
    r"\bI was (wondering|just wondering|hoping|sorry|so sorry)\b|\b(oh|omg) my (god|gosh|goodness)\b"
    r"|\bmy (best|power|pleasure)\b|\bto my knowledge\b",
    re.I,
)


def claims_experience(text: str) -> bool:
    """True when `text` seems to claim a personal experience of the speaker (the rounds-7/9 regex)."""
    return bool(_CLAIM.search(_NOT_A_CLAIM.sub("", text)))
