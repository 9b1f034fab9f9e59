"""`screen_model_output`: replace replies that give method information, diagnoses or dosing advice.

A small model fine-tuned on supportive chats can still produce one of these; the replacement is a
fixed, gentle sentence. Talking about medication or therapists in general is fine and passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

METHOD, DOSING, DIAGNOSIS = "method_information", "medication_dosing", "diagnosis"


@dataclass
class OutputScreening:
    """`ok` False means the reply must not be shown; show `replacement` instead."""

    ok: bool
    category: str | None = None
    replacement: str | None = None


_UNITS = r"(?:mg|milligrams?|mcg|micrograms?|g|grams?|ml|millilit(?:er|re)s?|tablets?|pills?|capsules?|doses?)"
_SELF = r"(?:yourself|oneself|themselves|himself|herself|myself)"

_METHOD = re.compile(
    r"\b(?:lethal|fatal|deadly|toxic|overdose) (?:dose|amount|quantity|level)s?\b.{0,40}?"
    r"(?:\d|\bis\b|\bare\b|\baround\b|\babout\b|\bstarts?\b)|"
    rf"\b\d+(?:\.\d+)?\s?{_UNITS}\b.{{0,50}}\b(?:lethal|fatal|deadly|kill|die|death|overdose)\b|"
    rf"\b(?:lethal|fatal|deadly|kill|die)\b.{{0,40}}\b\d+(?:\.\d+)?\s?{_UNITS}\b|"
    rf"\b(?:to|can|could|should|would|will|way to|how to) (?:hang|kill|cut|overdose|suffocate|drown|poison|shoot|"
    rf"gas|starve|electrocute) {_SELF}\b|"
    r"\b(?:tie|tying|make|making) (?:a|the) noose\b|"
    r"\b(?:cut|cutting|slit|slice) (?:\w+ )?(?:along|across|vertically|horizontally|lengthwise|deeper|deep enough)\b|"
    r"\b(?:most|more|least) (?:lethal|effective|painless|reliable|certain) (?:method|way|means)s?\b|"
    r"\b(?:painless|quick|quickest|fastest|easiest|surest) (?:way|method)s? (?:to|of) (?:die|dying|suicide|end)\b|"
    r"\bcarbon monoxide\b.{0,40}\b(?:garage|car|engine|minutes|hours)\b|"
    r"\b(?:tallest|highest) (?:bridge|building|cliff)s?\b.{0,60}\b(?:is|are|would be)\b|"
    r"\b(?:fall|jump) (?:from|of)\b.{0,30}\b(?:\d+|several|enough) (?:floors|stories|storeys|feet|metres|meters)\b|"
    r"\bbleed(?:ing)? out\b.{0,30}\b(?:minutes|seconds|artery|arteries)\b",
    re.IGNORECASE,
)

_MEDS = (
    r"(?:medication|medicine|meds|antidepressants?|dose|dosage|pills?|tablets?|prescription|sertraline|"
    r"zoloft|fluoxetine|prozac|citalopram|escitalopram|lexapro|paroxetine|venlafaxine|bupropion|lithium|"
    r"quetiapine|olanzapine|lamotrigine|xanax|alprazolam|diazepam|valium|lorazepam|ativan|clonazepam|"
    r"melatonin|ibuprofen|paracetamol|acetaminophen|tylenol|adderall|ritalin|trazodone|mirtazapine|"
    r"\w+(?:ine|am|ol|ide|one|ate|pam|lam|xetine|pine|done))"
)
_DOSING = re.compile(
    # A number with a unit in an instruction: "take 50mg of sertraline", "try 2 tablets".
    rf"\b(?:take|taking|try|trying|start(?: on| with)?|use|have|increase (?:it )?to|go up to|up it to|"
    rf"reduce (?:it )?to|drop (?:it )?to|lower (?:it )?to|bump (?:it )?up to)\s+(?:\w+\s+){{0,2}}?"
    rf"\d+(?:\.\d+)?\s?{_UNITS}\b|"
    rf"\b\d+(?:\.\d+)?\s?{_UNITS} (?:of \w+ )?(?:is|would be|should be|will be) (?:a |the )?(?:good|right|safe|"
    rf"fine|starting|typical|normal|standard)\b|"
    # Changing a dose without a prescriber: "double your dose", "stop taking your meds".
    rf"\b(?:double|triple|halve|increase|up|raise|lower|reduce|decrease|cut down|skip|stop|quit|taper|"
    rf"adjust|change|come off) (?:taking )?(?:your|the|a) (?:\w+ )?{_MEDS}\b|"
    rf"\b(?:stop|quit) taking (?:your |the )?(?:\w+ )?{_MEDS}\b|"
    rf"\b(?:take|taking) (?:an? )?(?:extra|double|second|another|more) (?:\w+ )?{_MEDS}\b",
    re.IGNORECASE,
)
# Doctor-directed wording is fine: "talk to your doctor before you change your dose".
_DOSING_OK = re.compile(
    r"\b(?:doctor|pharmacist|prescriber|psychiatrist|gp|physician|nurse|clinician|professional)\b.{0,60}$|"
    r"\b(?:don't|do not|never|shouldn't|should not|not to|without|before(?: you)?|rather than)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)

_CONDITIONS = (
    r"(?:clinical depression|major depressive disorder|major depression|depression|bipolar(?: disorder| "
    r"[i1]{1,2})?|borderline personality disorder|bpd|ptsd|post-traumatic stress disorder|c-ptsd|adhd|add|ocd|"
    r"obsessive[- ]compulsive disorder|generali[sz]ed anxiety disorder|gad|panic disorder|social anxiety "
    r"disorder|an anxiety disorder|anxiety disorder|schizophrenia|schizoaffective disorder|psychosis|an? "
    r"eating disorder|anorexia(?: nervosa)?|bulimia(?: nervosa)?|binge eating disorder|autism|asperger'?s|"
    r"narcissistic personality disorder|an? personality disorder|dissociative identity disorder|postpartum "
    r"depression|seasonal affective disorder|dysthymia|a mental illness|a mental disorder|(?:\w+ )?disorder)"
)
_DIAGNOSIS = re.compile(
    rf"\byou (?:have|'ve got|have got|suffer from|are suffering from|'re suffering from|definitely have|"
    rf"clearly have|probably have|likely have|most likely have|might have|may have|seem to have|could "
    rf"have|are showing signs of|show signs of|meet the criteria for)\s+{_CONDITIONS}\b|"
    rf"\b(?:sounds|seems|looks) (?:a lot )?like (?:you (?:have|'ve got|are dealing with|suffer from|are "
    rf"suffering from|might have|may have)\s+|(?:a case of |classic |textbook )){_CONDITIONS}\b|"
    rf"\byou(?:'re| are) (?:\w+ )?(?:clinically depressed|bipolar|schizophrenic|psychotic|a narcissist|autistic|"
    rf"borderline|anorexic|bulimic|manic)\b|"
    rf"\b(?:this|that|these|those|your symptoms?) (?:is|are|sounds? like|indicates?|suggests?|means?) "
    rf"(?:a (?:clear )?case of |(?:classic |textbook |clear |typical )?(?:signs|symptoms) of |classic |textbook )?"
    rf"{_CONDITIONS}\b|"
    rf"\bi(?:'d| would| can)? diagnose you with\b",
    re.IGNORECASE,
)
# Suggesting an assessment is good practice, not a diagnosis: "if you think you might have ADHD".
_DIAGNOSIS_OK = re.compile(
    r"\b(?:if|whether|wonder(?:ing)?|worried|worry|think|suspect|unsure|not sure|can't tell|cannot tell|"
    r"can't say|only a|assess|assessment|evaluate|evaluation|screen(?:ing)? for|rule out)\b[^.?!]{0,40}$",
    re.IGNORECASE,
)


def _replacement(category: str, locale: str, resources_file: Path | None) -> str:
    if category == METHOD:
        from empathic.safety.resources import get_locale

        line = get_locale(locale, resources_file).crisis[0].render()
        return (
            "I can't share that, because I care about your safety. If you're thinking about hurting "
            f"yourself, you deserve support right now: please reach out to {line}, or someone you "
            "trust. I'm here to listen."
        )
    if category == DOSING:
        return (
            "I can't give advice about medication doses or changes. Your doctor or pharmacist is the "
            "right person to ask, and it's safest not to change a dose on your own. "
            "I'm happy to keep talking about how you're feeling."
        )
    return (
        "I'm not able to diagnose anything, and I wouldn't want to guess. What you're describing "
        "sounds really hard. A doctor or mental health professional could do a proper assessment if "
        "you'd like one. How has it been affecting you day to day?"
    )


def _first_unexcused(pattern: re.Pattern[str], excuse: re.Pattern[str], text: str) -> bool:
    for m in pattern.finditer(text):
        sentence_start = max(text.rfind(c, 0, m.start()) for c in ".!?\n") + 1
        if not excuse.search(text[sentence_start:m.start()]):
            return True
    return False


def screen_model_output(text: str, locale: str = "US", resources_file: Path | None = None) -> OutputScreening:
    """Check one model reply; unsafe replies come back with `ok=False` and a fixed `replacement`."""
    t = (text or "").replace("\u2019", "'")
    if _METHOD.search(t):
        category = METHOD
    elif _first_unexcused(_DOSING, _DOSING_OK, t):
        category = DOSING
    elif _first_unexcused(_DIAGNOSIS, _DIAGNOSIS_OK, t):
        category = DIAGNOSIS
    else:
        return OutputScreening(ok=True)
    return OutputScreening(ok=False, category=category, replacement=_replacement(category, locale, resources_file))
