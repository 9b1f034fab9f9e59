"""Rule layer of the crisis screener: phrase patterns with idiom, negation and past-tense handling.

How a message is read:
1. `normalize` undoes disguised spellings (`normalize.deobfuscate`: look-alike letters, "k i l l",
   "su1c1de", ...), lowercases, unifies apostrophes and expands chat spellings ("im", "wanna", "kms").
2. The message is cut into clauses at sentence ends and at contrast words ("but", "however"), and
   each clause into comma segments. Negation, past/recovery and idiom checks only look inside the
   segment where a pattern matched, so "I stopped cutting last year but tonight I want to die"
   keeps its present crisis even though the first half is past.
3. Each pattern has a category and a weight; surviving weights are combined with noisy-or
   (1 - prod(1 - w)), so two weak signals can add up but no single weak one decides alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from empathic.safety.normalize import deobfuscate
from empathic.safety.patterns import CATEGORIES, CLEARING_IDIOMS, PATTERNS, THRESHOLD, Pattern
from empathic.safety.patterns_intl import (
    INTL_IDIOM,
    INTL_NEGATION_NEUTRAL,
    INTL_PAST,
    INTL_PATTERNS,
    INTL_PRESENT,
    NEGATION_BY_LANG,
    SUBJECT_BY_LANG,
)

__all__ = ["CATEGORIES", "PATTERNS", "THRESHOLD", "RuleHit", "clauses", "normalize", "rule_hits", "rule_scores",
           "rules_cleared"]

# --- normalisation -------------------------------------------------------------------------------

_SPELLINGS: list[tuple[str, str]] = [  # (regex, replacement), applied in order
    (r"\bi\s*m\b", "i'm"), (r"\bive\b", "i've"),
    (r"\bdont\b", "don't"), (r"\bdoesnt\b", "doesn't"), (r"\bdidnt\b", "didn't"),
    (r"\bwont\b", "won't"), (r"\bcant\b", "can't"), (r"\bwouldnt\b", "wouldn't"),
    (r"\bisnt\b", "isn't"), (r"\bwasnt\b", "wasn't"), (r"\bwerent\b", "weren't"),
    (r"\bhes\b", "he's"), (r"\bshes\b", "she's"), (r"\btheyre\b", "they're"), (r"\bwhats\b", "what's"),
    (r"\bimma\b|\bima\b", "i'm going to"), (r"\b(?:wnat|watn|wnt|wamt|wan)\b(?= to)", "want"), (r"\bwanna\b", "want to"), (r"\bgonna\b", "going to"),
    (r"\bgotta\b", "got to"), (r"\bu\b", "you"), (r"\bur\b", "your"), (r"\bcuz\b|\bcoz\b", "because"),
    (r"\bkms\b", "kill myself"), (r"\bunalive\b", "kill"), (r"\bmy\s+self\b|\bmy(?:slef|elf|slf|sef|sel|seld|selv|sefl)\b|\bmsyelf\b", "myself"),
    (r"\bsu[iu]?[cs]i?de?\b|\bsuicde\b|\bsucide\b|\bsuiside\b|\bsewer\s*slide\b", "suicide"),
    (r"\bsu[iu]?[cs]i?dal\b|\bsuicdal\b|\bsucidal\b", "suicidal"),
    (r"\bself[\s-]*harm", "self-harm"), (r"\bcommiting\b", "committing"), (r"\bagian\b|\bagin\b", "again"),
    (r"\bbout\b|\babt\b", "about"), (r"\brly\b|\breally really\b", "really"), (r"\bburnd\b", "burned"),
    (r"\bw\b(?= \w)", "with"), (r"\btn\b", "tonight"), (r"\bb4\b", "before"),
    (r"\b2\b(?= (?:die|live|be|end|kill|go|do|hurt|cut|stop|not)\b)", "to"), (r"\btonite\b|\b2nite\b|\btnite\b", "tonight"), (r"\b2day\b", "today"),
    (r"\bod'?d\b|\bod'ed\b|\boded\b", "overdosed"), (r"\bod\b", "overdose"), (r"\bpls\b|\bplz\b", "please"), (r"\bwud\b", "would"),
]
# g-dropping ("killin", "thinkin") only for the verbs that matter, so "begin" or "cabin" stay intact.
_G_DROPPED = r"\b(kill|think|cutt|hurt|burn|harm|end|feel|want|plann|tak|jump|overdos)in\b"


def normalize(text: str) -> str:
    """Lowercase and undo the chat spellings that would otherwise hide a pattern."""
    t = deobfuscate(text).lower()
    t = t.translate(str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2014": ", "}))
    t = re.sub(_G_DROPPED, r"\1ing", t)
    for pattern, repl in _SPELLINGS:
        t = re.sub(pattern, repl, t)
    return re.sub(r"[ \t]+", " ", t).strip()


# --- segmentation --------------------------------------------------------------------------------

# A contrast word starts a new clause: what was said before it (past, negated) does not carry over.
_CLAUSE_SPLIT = re.compile(
    r"[.!?;\n]+|\b(?:but|however|though|although|yet|and now|now that)\b"
)
_SEGMENT_SPLIT = re.compile(r",|\s-\s|:|\(|\)")


def clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSE_SPLIT.split(text) if c and c.strip()]


# --- context cues --------------------------------------------------------------------------------

_NEGATION = re.compile(
    r"\b(?:not|never|no|nobody|nothing|don't|doesn't|didn't|won't|wouldn't|can't|cannot|isn't|aren't|"
    r"wasn't|haven't|hasn't|shouldn't|nor|without)\b"
)
# Negation words that do not negate what follows ("I'm not sure I want to live" is still a crisis).
_NEGATION_NEUTRAL = re.compile(
    r"\b(?:not sure|not going to lie|not gonna lie|not okay|not ok|not fine|not alright|not even|"
    r"can't stop|cannot stop|can't help|can't take|can't do this|no one cares|never thought i'd say|"
    r"not anymore|no more|any more|no longer care|"
    # An effort against the urge is not a denial: "it's getting harder not to act on the thoughts about killing
    # myself", "i'm struggling not to cut again" (blind batch 27; the learned part had flagged them).
    r"(?:trying|try|tried|tries|hard|harder|hardest|struggling|struggle|struggles|fighting|fight|doing my best|"
    r"telling myself|tell myself|told myself|barely managing) (?:so )?(?:not to|to not))\b"
)
_PAST = re.compile(
    r"\b(?:used to|\d+\s+years?\s+ago|years ago|a year ago|decades? ago|last year|long time ago|"
    r"when i was (?:a |in |younger|young|little|small|at|\d+)|as a (?:kid|child|teen|teenager)|"
    r"back (?:in|when|then)|in (?:high school|college|university|my teens|my twenties)|"
    r"stopped(?! caring| existing| living| breathing| being)|quit|no longer|clean for|recovered|recovery|overcame|got through|went through|"
    r"healed|survived|worked through|in the past|(?:i'm|i am) (?:much )?better now|(?:i'm|i am) safe now)\b"
)
_PRESENT = re.compile(
    r"\b(?:now|tonight|today|again|still|currently|lately|these days|this week|this morning|"
    r"this evening|right now|relapsed|relapse|anymore)\b"
)
# Idioms and accidents that reuse crisis words. Checked on the segment around a match.
_IDIOM = re.compile(
    r"\b(?:die|died|dying) (?:of |from )?(?:laughing|laughter|embarrassment|boredom|shame|cuteness|"
    r"happiness|excitement|curiosity|jealousy)|"
    r"\b(?:die|died|dying) of (?!(?:an? )?(?:\w+ )?overdose|suicide|blood loss|poison)|\bdie on (?:this|that|the) hill\b|"
    r"\bdying (?:to|for)\b|\bdying (?:my |her |his |the |their |our )?(?:hair|clothes|shirts?|eggs|fabric|"
    r"jeans|beard)\b|\bcould die\b|\bkill (?:for|some time|time)\b|"
    # reported questions: "my therapist asked if I'd ever thought about hurting myself and I said no"
    r"\b(?:asked|asks|asking) (?:me )?(?:if|whether)\b(?!.*\b(?:said yes|i do|i have)\b)|"
    r"\bdie (?:from|of) (?:old age|natural causes|cancer|covid|the flu|a heart attack|disease|illness)\b|"
    r"\b(?:hurt|hurting|harm|harming)\b.{0,20}\bfeelings\b|"
    r"\bbeat (?:me|us|him|her|them) (?:at|in|to|by|fair)\b|\brather die than\b|"
    # questions about animals: "lethal dose of caffeine for a cat"
    r"\b(?:for|to|in) (?:a|my|the|your|our) (?:cat|dog|pet|puppy|kitten|horse|rabbit|hamster|bird|fish|"
    r"parrot)s?\b"
)
# Accidents excuse self-harm wording only ("I hurt myself skiing"); "I fell apart and I want to die"
# must stay a crisis.
_ACCIDENT = re.compile(
    r"\b(?:shaving|chopping|cooking|lifting|playing|by accident|accidentally|at the gym|tripped|fell|skiing|"
    r"surgery|operation|acne|c-section|chickenpox)\b"
)
# Hyperbole aimed at someone else ("I'm going to kill him lol") - only for harm_to_others: a joke
# marker never clears a self-directed message, and a weapon or plan overrides the joke.
_JOKE = re.compile(r"\b(?:lol|lmao|haha+|jk|rofl|xd)\b|\U0001F602|\U0001F923")
_SERIOUS = re.compile(r"\b(?:gun|knife|rifle|weapon|plan|planned|swear|serious|seriously|not joking)\b")
# Contrast words of the other languages ("par" is left out: also "by" in French, "on" in Hindi).
_INTL_CONTRAST = re.compile(r"\b(?:mais|aber|doch|jedoch|sondern|mas|por[eé]m|contudo|pero|sino|lekin|magar)\b")
# Negation scope stops at a conjunction: "i can't sleep and i want to die" is not negated.
_CONJ = re.compile(r"\b(?:and|so|because|since|then|cause|which|when|while|until)\b")

# Hyperbole like "if I have to hear that song again I'll shoot myself, haha": a condition about
# something trivial plus a joke marker, checked on the whole clause. A joke marker alone never
# clears a message ("i want to die lol" is still screened as a crisis).
_JOKE_CONDITIONAL = re.compile(
    r"\bif i (?:have to|need to|hear|see|listen|watch|sit|read) .{0,60}(?:\bhaha+\b|\blol\b|\blmao\b|\bjk\b|\bxd\b)"
)



ALL_PATTERNS: tuple[Pattern, ...] = (*PATTERNS, *INTL_PATTERNS)


@dataclass(frozen=True)
class RuleHit:
    pattern: Pattern
    clause: str
    suppressed_by: str | None = None


def _segment_around(clause: str, start: int, end: int) -> tuple[str, str]:
    """The comma segment holding the match: (text before the match, whole segment)."""
    seg_start = 0
    for m in _SEGMENT_SPLIT.finditer(clause, 0, start):
        seg_start = m.end()
    nxt = _SEGMENT_SPLIT.search(clause, end)
    seg_end = nxt.start() if nxt else len(clause)
    return clause[seg_start:start], clause[seg_start:seg_end]


def _suppression(p: Pattern, clause: str, m: re.Match[str]) -> str | None:
    before, segment = _segment_around(clause, m.start(), m.end())
    if _IDIOM.search(segment) or (p.category == "self_harm" and _ACCIDENT.search(segment)):
        return "idiom"
    if p.lang != "en" and INTL_IDIOM.search(segment):
        return "idiom"
    if _JOKE_CONDITIONAL.search(clause):
        return "idiom"
    if p.category == "harm_to_others" and _JOKE.search(clause) and not _SERIOUS.search(clause):
        return "joke"
    if p.negation != "none":
        # The cue must sit in the few words before the match (or inside it, "i don't self-harm").
        # ... and only after the last "i": in "i can't sleep i want to die" the second "i" starts anew.
        scope = _CONJ.split(before)[-1]
        last_i = [m.start() for m in re.finditer(r"\bi\b", scope)]
        if len(last_i) > 1:
            scope = scope[last_i[-1]:]
        window = " ".join(scope.split()[-8:])
        if p.negation == "window":
            window += " " + m.group(0)
        if p.lang != "en":
            # Romance negation sits right before the verb ("no quiero morir", "não quero"): two words.
            # German, French and Hindi negations sit inside or after the verb, so those patterns
            # carry an optional negation slot and the match itself is checked too ("je suis pas
            # suicidaire", "ich will mir nichts antun"). A negation before an earlier "I" belongs
            # to another clause: "je sais pas je veux mourir" is not negated.
            subj = SUBJECT_BY_LANG.get(p.lang)
            lead = scope
            if subj and re.match(subj, m.group(0)):
                lead = ""
            elif subj:
                starts = [s.start() for s in re.finditer(subj, scope)]
                lead = scope[starts[-1]:] if starts else scope
            lead = INTL_NEGATION_NEUTRAL.sub(" ", lead)
            near = " ".join(lead.split()[-2:]) + (" " + m.group(0) if p.negation == "window" else "")
            if re.search(NEGATION_BY_LANG.get(p.lang, r"(?!)"), near):
                return "negated"
        elif _NEGATION.search(_NEGATION_NEUTRAL.sub(" ", window)):
            return "negated"
    if p.past_suppressible and _PAST.search(segment) and not _PRESENT.search(segment):
        return "past"
    if (p.past_suppressible and p.lang != "en" and INTL_PAST.search(segment)
            and not INTL_PRESENT.search(segment)):
        return "past"
    return None


def rule_hits(text: str) -> list[RuleHit]:
    """Every pattern match in `text`, each marked with why it was suppressed (if it was)."""
    hits: list[RuleHit] = []
    for clause in clauses(normalize(text)):
        for p in ALL_PATTERNS:
            matches = list(p.regex.finditer(clause))
            if not matches:
                continue
            # A pattern counts if any of its matches in the clause survives the context checks.
            reasons = [_suppression(p, clause, m) for m in matches]
            kept = None if None in reasons else reasons[0]
            hits.append(RuleHit(p, clause, kept))
    return hits


def rule_scores(text: str) -> tuple[dict[str, float], list[str]]:
    """Noisy-or score per category from the unsuppressed hits, and human-readable reasons."""
    keep: dict[str, float] = {}
    reasons: list[str] = []
    for hit in rules_sorted(rule_hits(text)):
        name = hit.pattern.name
        if hit.suppressed_by:
            reasons.append(f"ignored {name} ({hit.suppressed_by})")
            continue
        cat = hit.pattern.category
        keep[cat] = 1.0 - (1.0 - keep.get(cat, 0.0)) * (1.0 - hit.pattern.weight)
        reasons.append(f"{cat}:{name}")
    return keep, reasons


def rules_cleared(text: str) -> bool:
    """True when crisis wording matched but every match was explained away (idiom, negated, past,
    joke): "I would never hurt myself". The learned screen may not overrule such a clearance, since
    sentence embeddings barely see negation or tense (Notes/decisions/safety.md)."""
    hits = rule_hits(text)
    if any(not h.suppressed_by for h in hits):
        return False
    # A denial in another language followed by "but" ("ich will mir nichts antun, aber ...") clears
    # nothing: those languages' contrast words do not split clauses, and what follows may be the risk.
    if any(h.suppressed_by == "negated" and h.pattern.lang != "en" and _INTL_CONTRAST.search(h.clause)
           for h in hits):
        return False
    return bool(hits) or bool(CLEARING_IDIOMS.search(normalize(text)))


def rules_sorted(hits: list[RuleHit]) -> list[RuleHit]:
    return sorted(hits, key=lambda h: (h.suppressed_by is not None, -h.pattern.weight))
