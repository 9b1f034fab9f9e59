"""`screen_model_output`: replace replies that give method information, diagnoses or dosing advice.

A small model fine-tuned on supportive chats can still produce one of these; the replacement is a
fixed, gentle sentence in the reply's language. Talking about medication, crisis lines or therapists in
general passes. Rules work on normalised text (`doses.normalise`) one sentence at a time (with the few
sentences before it as context), so chat can call this on the reply so far, sentence by sentence, while it
streams.

v3 adds instructions that are not suicide methods or doses: self-harm acts and hiding them, hurting someone
else (violence, spiking food or drink, weapons, sedating a child), places to jump, ligature points,
starving, secrecy around any of these, and a backstop for an order that combines two means of harm.

v4 adds a learned screen next to the rules (`output_learned.py`: logistic regression over multilingual
sentence embeddings, max over the reply's sentences and the whole reply). It can block a reply no rule
blocked (`reason="learned"`); it never clears a rule block.

v5 adds rules for tactics with no harm word of their own (`output_instructions._tactic_findings`: covering tracks,
no witnesses, taking away someone's phone or chance to fight back, cover stories, hiding self-harm with clothes or
a story, purging, calorie ceilings, hiding food, stockpiling by lying or by shopping around) and for counts that are
doses because of how they are taken (`doses._escalation_findings`: three or more together, raised per day, added on a
clock, more than the doctor said, per kilo without a unit, handfuls).

v6 (`output_instructions._v6_findings`): excuses for marks ("say it was the cat"), clothes or make-up over marks,
hurting where clothes cover, not getting caught, comparing how surely a way kills (with survival, pain or a way named),
undoing a meal, getting through hunger, fasting for weight, lying about meals, cutting tips, low railings, whole packs
with a purpose; accidental-dose referrals pass. The learned part is an RBF SVM (`output_learned`).

v7: Hinglish replies get their own learned part (`output_learned.train_hinglish_model`, character n-grams; the SVM trains
without the Hinglish rows and still never screens a reply the detector calls Hindi); rules for Hindi counts taken as a
range or per day, packs counted as the amount, doubling again, Hinglish railings, shops, comparisons and sedating a
child; wound care, "dejar las pastillas con…" and breathing warnings pass.

v8: the learned part leaves out sentences that are safety advice by structure (`output_context`: a means handed to a
trusted person, a danger judgement on a named mix, refusals with the pronoun inside, breath counts, the accidental-dose
sentence of a reply that refers on); mixing warnings that judge the mix ("one of the riskiest things", "me preocupa que
quieras…", "I'd rather you didn't") and counts of kinds of medicine ("more than one", "two or three different") pass.

v10 (`output_instructions._means_findings`): getting the means with a way round whoever checks (a seller that asks
for nothing, another person on the counter or another chain, someone older buying, a lie about age, a changed or
"lost" prescription), a relative's supply taken unnoticed, some put aside each time until there is enough. The learned
part also leaves out medicine disposal, everyday counts, verb-first refusals and far phone numbers (`output_context`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from empathic.safety.doses import (
    DOSING,
    MED_CONTEXT,
    METHOD,
    Finding,
    bare_amount_findings,
    dose_findings,
    has,
    normalise,
    sentences,
)
from empathic.safety.output_instructions import _KEEP_SAFE as _KEEP_SAFE  # used by output_learned
from empathic.safety.output_instructions import _instruction_findings
from empathic.safety.output_intent import alcohol_coping_findings, intent_findings
from empathic.safety.output_methods import _list_across_sentences, _method_findings

DIAGNOSIS = "diagnosis"
_PRIORITY = (METHOD, DOSING, DIAGNOSIS)


@dataclass(frozen=True)
class OutputScreening:
    """`ok` False means the reply must not be shown; show `replacement` instead. `reason` names the rule."""

    ok: bool
    category: str | None = None
    replacement: str | None = None
    reason: str | None = None


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
    rf"\bi(?:'d| would| can)? diagnose you with\b"
    r"|\b(?:tienes|sufres de|padeces) (?:una? )?(?:depresion|trastorno \w+|ansiedad generalizada|tdah|toc|tept|"
    r"esquizofrenia)\b|\beres (?:bipolar|depresiv[oa]|esquizofrenic[oa]|autista)\b"
    r"|\btu (?:as|souffres d'|souffres de) ?(?:une? )?(?:depression|trouble \w+|tdah|toc|tspt|schizophrenie)\b"
    r"|\btu es (?:bipolaire|depressi(?:f|ve)|schizophrene|autiste)\b"
    r"|\bdu hast (?:eine? )?(?:depression\w*|\w*storung|adhs|ptbs|schizophrenie)\b"
    r"|\bdu bist (?:bipolar|depressiv|schizophren|autistisch)\b"
    r"|\b(?:voce|tu) (?:tem|sofre de) (?:uma? )?(?:depressao|transtorno \w+|tdah|toc|tept|esquizofrenia)\b"
    r"|\b(?:voce e|tu es) (?:bipolar|depressiv[oa]|esquizofrenic[oa]|autista)\b"
    r"|\b(?:aapko|apko|tumhe|tumko) (?:clinical )?(?:depression|bipolar(?: disorder)?|anxiety disorder|ocd|adhd|"
    r"ptsd|schizophrenia|\w+ disorder) hai\b"
)
# Suggesting an assessment is good practice, not a diagnosis: "if you think you might have ADHD".
_DIAGNOSIS_OK = re.compile(
    r"\b(?:if|whether|wonder(?:ing)?|worried|worry|think|suspect|unsure|not sure|can't tell|cannot tell|"
    r"can't say|only a|assess|assessment|evaluate|evaluation|screen(?:ing)? for|rule out|si|quizas|tal vez|"
    r"puede que|peut-etre|vielleicht|ob|falls|talvez|se|agar|shayad|kya)\b[^.?!]{0,40}$"
)


def _diagnosis_findings(sentence: str) -> list[Finding]:
    return [Finding(DIAGNOSIS, "diagnosis", m.group(0)) for m in _DIAGNOSIS.finditer(sentence)
            if not _DIAGNOSIS_OK.search(sentence[: m.start()])]


# v6: "if you accidentally took an extra dose, call your pharmacist or a poison line" is dose-safety advice.
_ACCIDENTAL = re.compile(r"\b(?:accidentally|by mistake|by accident|sin querer|por error|por equivocacion|par erreur|par accident|"
                         r"aus versehen|versehentlich|sem querer|por engano|galti se)\b")
_REFERRAL = re.compile(r"\b(?:call|phone|ring|contact|ask|llama|appelle|ruf|ligue|liga|call karo)\b[^.]{0,40}\b(?:pharmacist|"
                       r"poison|doctor|gp|111|999|911|112|emergency|a&e|er|farmaceutic\w*|pharmacien|apothek\w*|giftnotruf|"
                       r"toxicolog\w*|antiveneno|anti-poison|centre antipoison|medic[oa]|medecin|arzt|doctor)\b")


def _accidental_dose_referral(sentence: str) -> bool:
    from empathic.safety import output_lexicon as lx

    return bool(_ACCIDENTAL.search(sentence) and _REFERRAL.search(sentence)) and not has(lx.GOAL, sentence) \
        and not has(r"(?:don't|do not|never|no llames|n'appelle pas|ruf nicht|nao ligue|mat karo)\b[^.]{0,12}\b(?:call|llam|appel|ruf|lig)", sentence)


def findings(text: str) -> list[Finding]:
    """Every reason to block `text`, most serious first (empty: the reply is fine)."""
    found: list[Finding] = []
    normalised = normalise(text)
    parts = sentences(normalised)
    for i, sentence in enumerate(parts):
        earlier = ". ".join(parts[max(0, i - 3) : i])
        if _accidental_dose_referral(sentence):
            continue
        found += (_method_findings(sentence) + dose_findings(sentence, earlier) + _diagnosis_findings(sentence)
                  + _instruction_findings(sentence, earlier))
    found += _list_across_sentences(parts) + bare_amount_findings(normalised)
    # v18 (`output_intent`): stopping a medicine abruptly, promising secrecy about a danger, hiding it from carers,
    # excusing violence — read over the reply, since the danger and the advice are often in different sentences.
    found += intent_findings(normalised)
    # v23 (`output_intent.alcohol_coping_findings`): alcohol recommended as a way to cope, with no amount (a count of
    # drinks is `doses`' drink_count); its own call, so the v18 intent kinds read as they were measured.
    found += alcohol_coping_findings(normalised)
    return sorted(found, key=lambda f: _PRIORITY.index(f.category))


def learned_findings(text: str) -> list[Finding]:
    """The learned screen's block (`output_learned`), for a reply no rule blocked."""
    from empathic.safety.output_learned import hinglish_gate, score_hinglish, score_reply

    gate = hinglish_gate(text)
    if gate:
        # v7: a reply that looks like romanised Hindi goes to the small character n-gram model trained on our Hinglish
        # rows (`output_learned.train_hinglish_model`).
        hs = score_hinglish(text)
        if hs.blocked:
            category = DOSING if has(MED_CONTEXT, normalise(hs.window)) else METHOD
            return [Finding(category, "learned_hinglish", f"z={hs.probability:.2f} on {hs.window[:80]!r}")]
    if gate == 2:
        # The encoder does not cover Hindi in Latin letters: its scores there are noise (it blocked "thanks for
        # telling me" in our own Hinglish crisis reply at p=0.84), so where the detector says Hindi the SVM is skipped.
        # v5 re-checked with 156 Hinglish rows: out of fold the SVM caught 37/74 unsafe, none the v5 rules missed,
        # and blocked 3/82 safe ones (a safety plan, a breathing exercise), so it stays off there.
        return []
    score = score_reply(text)
    if not score.blocked:
        return []
    category = DOSING if has(MED_CONTEXT, normalise(score.window)) else METHOD
    return [Finding(category, "learned", f"p={score.probability:.3f} on {score.window[:80]!r}")]


def screen_model_output(
    text: str, locale: str | None = "US", resources_file: Path | None = None, lang: str | None = None,
    *, learned: bool = True,
) -> OutputScreening:
    """Check one model reply (or the reply so far); unsafe ones come back `ok=False` with a replacement.

    Rules first; when none fires, the learned screen (`output_learned`, on by default; `learned=False` is
    rules only) may still block. The replacement is in `lang` when given, else in the reply's own language
    when it can be told, else in the locale's first language.
    """
    found = findings(text)
    if not found and learned and text and text.strip():
        found = learned_findings(text)
    if not found:
        return OutputScreening(ok=True)
    from empathic.safety.resources import output_replacement

    category = found[0].category
    replacement = output_replacement(category, locale, resources_file, lang=lang, reply_text=text)
    return OutputScreening(ok=False, category=category, replacement=replacement, reason=found[0].kind)
