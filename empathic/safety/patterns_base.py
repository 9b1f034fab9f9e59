"""Shared pieces of the English pattern tables: categories, word lists and the `Pattern` record."""

from __future__ import annotations

import re
from dataclasses import dataclass

CATEGORIES = ("suicidal_ideation", "self_harm", "harm_to_others", "abuse", "immediate_danger")
THRESHOLD = 0.5

PEOPLE = (
    r"(?:him|her|them|you|someone|somebody|anyone|anybody|people|everyone|everybody|"
    r"(?:my|his|her|our|the|that|those|these|this) (?:[\w']+ )?(?:husband|wife|partner|boyfriend|girlfriend|"
    r"bf|gf|dad|father|mom|mum|mother|step\s?dad|step\s?father|step\s?mom|step\s?mother|stepfather|"
    r"stepdad|stepmom|stepmother|brother|sister|son|daughter|baby|kid|kids|child|children|boss|"
    r"coworker|co-worker|colleague|manager|teacher|roommate|flatmate|neighbou?r|ex|friend|classmates?|"
    r"guy|girl|man|woman|family|parents|uncle|aunt|cousin|people|students|kids)(?:s|'s|s')?)(?!\w)"
)
ABUSER = (
    r"(?:he|she|they|(?:my|a|an|the|our) (?:[\w']+ )?(?:husband|wife|partner|boyfriend|girlfriend|bf|gf|ex|dad|father|mom|"
    r"mum|mother|stepdad|step\s?dad|stepfather|step\s?father|stepmom|step\s?mom|stepmother|uncle|aunt|"
    r"brother|sister|grandpa|grandfather|grandma|cousin|coach|teacher|boss|carer|caretaker|landlord|"
    r"fianc[ée]e?|parents?|family)|(?:mum|mom|dad))(?!\w)"
)
PILLS = (
    r"(?:pills?|tablets?|meds|medications?|medicine|capsules|paracetamol|tylenol|acetaminophen|"
    r"ibuprofen|advil|aspirin|antidepressants?|sleeping (?:pills|tablets)|insulin|xanax|valium|"
    r"oxy\w*|opioids?|painkillers?|sertraline|prozac|lithium)"
)
FIRST = r"(?:i|i'm|i am|i've|i have|i'd|i'll|i will|i was)"


@dataclass(frozen=True)
class Pattern:
    name: str
    category: str
    weight: float
    regex: re.Pattern[str]
    # Where a negation cue cancels the match: "window" = the few words before it or inside it
    # ("i don't self-harm"); "before" = only before it, for patterns whose own words include
    # "never"/"without"/"won't" ("better off without me"); "none" = patterns that start with their
    # own negation ("don't want to live"), where a cue before it is emphasis, not denial.
    negation: str = "window"
    # False for patterns whose past tense is still urgent (abuse last night, an overdose an hour ago).
    past_suppressible: bool = True
    # Language of the wording; non-English patterns use their own language's negation words.
    lang: str = "en"


def _p(name: str, category: str, weight: float, regex: str, *, negation: str = "window",
       past: bool = True, lang: str = "en") -> Pattern:
    return Pattern(name, category, weight, re.compile(regex), negation, past, lang)
