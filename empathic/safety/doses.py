"""Finding doses in a model reply: numbers (digits or words, six languages) + a unit or medicine + context.

The screen reasons about quantities rather than whole sentences: "twenty tablets", "2-3 Xanax", "15 mg/kg",
"dreimal täglich", "usual dose ... two", "bees goliyan". Context decides what a number is: "7 hours",
"988" and "5-4-3-2-1" have no dose unit, so they pass. A doctor named in the same sentence does not
excuse a number: an invented dose is just as wrong with "your doctor" next to it. v14 let an amount reported as the
prescriber's or the label's pass (`_REPORTED`); v15 removes that: any stated amount of a medicine or substance blocks,
whoever it is attributed to.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from empathic.safety import output_lexicon as lx
from empathic.safety.numbers import _NUMR, _RANGE

# Text matching and numbers live in numbers.py; re-exported here (output.py and the tests import them from here).
from empathic.safety.numbers import LB as LB
from empathic.safety.numbers import NUM as NUM
from empathic.safety.numbers import QTY_UNIT as QTY_UNIT
from empathic.safety.numbers import Gated as Gated
from empathic.safety.numbers import clause_before as clause_before
from empathic.safety.numbers import has as has
from empathic.safety.numbers import normalise as normalise
from empathic.safety.numbers import sentences as sentences
from empathic.safety.numbers import word_rx as word_rx

_NOT_A_DOSE_AFTER = re.compile(r"^\s*(?:of |de |d'|von |da |ka |ki )?(?:water|tea|agua|eau|wasser|agua|paani|chai)\b")

FREQUENCY = re.compile(
    rf"\b(?:(?:once|twice|thrice|{_NUMR} times?) (?:a|per|each|every) (?:day|night|week)"
    rf"|(?:once|twice|thrice|{_NUMR} times) daily|every {_NUMR} hours?|{_NUMR} (?:a|per) day"
    rf"|{_NUMR} veces? (?:al|por) dia|cada {_NUMR} horas|{_NUMR} (?:al|por) dia"
    rf"|{_NUMR} fois par jour|toutes les {_NUMR} heures|{_NUMR} par jour"
    rf"|(?:\w*mal|{_NUMR} mal) (?:am tag|taglich|pro tag)|alle {_NUMR} stunden|{_NUMR} pro tag"
    rf"|{_NUMR} vez(?:es)? (?:ao|por) dia|a cada {_NUMR} horas|de {_NUMR} em {_NUMR} horas"
    rf"|din (?:mein|me) {_NUMR} (?:baar|bar)|har {_NUMR} ghante|roz {_NUMR} (?:baar|bar))\b"
)



FREQUENCY = Gated(FREQUENCY, r"day|night|week|daily|hour|dia|jour|heure|tag|stunde|ghante|baar|bar\b")
USUAL_AMOUNT = re.compile(
    r"\b(?:(?:usual|normal|typical|standard|recommended|regular|max|maximum|safe|starting|common|daily)"
    r" (?:(?:adult|child|single|daily|starting|nightly) )?(?:dose|dosage|amount)|(?:dosis|dose|posologie|dosierung|menge|khurak) (?:\w+ )?(?:habitual|normale?|"
    r"maxima|maximale|recomendada|recommandee|segura|tipica|habituelle|usuelle)|(?:ubliche|normale|maximale|"
    r"empfohlene|sichere|typische|tagliche) (?:dosis|dosierung|menge)|(?:normal|aam|sahi) (?:dose|khurak))\b"
)
USUAL_AMOUNT = Gated(USUAL_AMOUNT, r"dose|dosage|amount|dosis|posologie|dosierung|menge|khurak")
_LIMIT = re.compile(
    rf"\b(?:up to|no more than|not more than|at most|a maximum of|max(?:imum)?|hasta|no mas de|jusqu'a|"
    rf"pas plus de|bis zu|hochstens|nicht mehr als|no maximo|nao mais (?:de|que)|zyada se zyada) {NUM}\b"
)
_TAKE_NUM = re.compile(
    rf"\b(?:take|taking|have|try|pop|swallow|toma|tomate|tomar|tomes|tomas|prends|prends-en|prenez|prendre|nimm|"
    rf"nimmst|nehmen|engole|khao|"
    rf"tome|tomar|tomem) (?:about |around |like |just |only |maybe )?(?P<n>{NUM})(?! ?(?:{lx.HARMLESS_AFTER}|"
    rf"deep|slow|big|small|long|short|more minutes)\b)"
)
# A named medicine with a number close by, no unit: "your Seroquel, maybe 50 or 100". Numbers that
# someone is told to call ("call 988") are not doses.
_CALLED = re.compile(r"(?:call|text|dial|llama|llamar|appelle|appeler|ruf|anrufen|ligue|ligar|liga|disque|"
                     r"helpline|line|linea)(?: (?:the|al|a|le|la|die|o|para o|on))? $")
_NUM_NEAR = rf"(?<![\w.,/-])(?P<n>{NUM})(?![\w/-])"
_DRUG_NUMBER = (
    re.compile(rf"{LB}{lx.DRUGS}(?![\w'])(?:[ ,]+[\w']+){{0,4}}?[ ,]+{_NUM_NEAR}"),
    re.compile(rf"{_NUM_NEAR}(?:[ ,]+[\w']+){{0,3}}?[ ,]+{lx.DRUGS}(?![\w'])"),
)
# v8: "different" after a count counts kinds of medicine ("two or three different medicines before one suits"), not pills.
_KINDS = r"different|distint[oa]s|diferentes|differents?|verschiedene\w*|alag"
_HARMLESS_NEXT = re.compile(rf"^(?:{_RANGE}{NUM})?(?:-| )?(?:{lx.HARMLESS_AFTER}|deep|slow|{_KINDS})\b")
MED_CONTEXT = rf"(?:{lx.DRUGS}|{lx.DRUG_CLASSES}|{lx.MED_WORDS})"


@dataclass(frozen=True)
class Finding:
    """One reason to block: `kind` says which rule, `category` which replacement, `span` what matched."""

    category: str
    kind: str
    span: str


METHOD, DOSING = "method_information", "medication_dosing"


def _quantity_findings(sentence: str, earlier: str = "") -> list[Finding]:
    found = []
    for m in QTY_UNIT.finditer(sentence):
        if _NOT_A_DOSE_AFTER.search(sentence[m.end() :]):
            continue
        # "I can't tell you whether 40 mg is safe": a refusal that quotes the user's number.
        if has(lx.REFUSAL, clause_before(sentence, m.start())) or _QUOTED.search(sentence[: m.start()]):
            continue
        harmful = has(lx.HARM_LEVEL, sentence)
        if _everyday_amount(m.group(0), sentence, earlier[-200:]) and not harmful:
            continue
        found.append(Finding(METHOD if harmful else DOSING, "lethal_amount" if harmful else "dose", m.group(0)))
    return found


_ENDS_IN_MASS = re.compile(rf"(?<![\w]){lx.MASS_VOLUME}$")
_NAMED_MEDICINE = rf"(?:{lx.DRUGS}|{lx.DRUG_CLASSES}|{lx.MED_WORDS})"


def _everyday_amount(quantity: str, sentence: str, earlier: str) -> bool:
    """ "80 mg of caffeine", "200 g of flour", "1000 IU of vitamin D": a food or supplement, no medicine named."""
    if not _ENDS_IN_MASS.search(quantity) or has(_NAMED_MEDICINE, sentence):
        return False
    return has(lx.EVERYDAY, sentence) or (has(lx.EVERYDAY, earlier) and not has(_NAMED_MEDICINE, earlier))


_HARMLESS_MORE = lx.alt(
    lx.HARMLESS_AFTER, "looks?", "breaths?", "moments?", "bites?", "sips?", "walks?", "breaks?", "naps?", "showers?",
    "class(?:es)?", "courses?", "lessons?", "chances?", "risks?", "photos?", "pictures?", "turns?", "shifts?", "laps?",
    "pages?", "tries", "attempts", "goes", "rounds?", "reps?", "sets?", "deep", "slow", "more minutes", "days? off",
    "different", "distint[oa]s", "diferentes", "differents?", "verschiedene\\w*", "alag",  # v8: kinds (`_KINDS`)
    "respiraciones", "pasos", "respirations", "pas", "atemzuge", "schritte", "respiracoes", "passos", "saans",
)
_HARMLESS_SOON = re.compile(rf"^(?:{_RANGE}{NUM})?(?:-| )?(?:[\w']+ ){{0,2}}{_HARMLESS_MORE}\b")
# "just take 4 instead of 1", "toma tres de manhã": an imperative take with a bare count, medicine named or not.
_TAKE_IMPERATIVE = re.compile(
    rf"^(?:(?:just|then|so|and|now|ok(?:ay)?|honestly|go ahead and|simply|solo|juste|einfach|so|bas|phir) )?"
    rf"(?:take|swallow|pop|down|toma|tomate|tomatelas|traga|prends|prends-en|avale|nimm|schluck|tome|engula|"
    rf"le lo|kha lo) (?:about |around |like |maybe |another |only |at least |all )?(?P<n>{NUM})(?![\w])"
)
# The user's own dose said back ("you mentioned taking 50 mg"): a report, not advice.
_QUOTED = re.compile(r"\b(?:you (?:mentioned|said|told me|wrote)|you've been (?:taking|on|prescribed)|you(?:'re| are) "
                     r"(?:on|taking|prescribed)|you were (?:prescribed|given|put on)|your (?:current|prescribed) (?:dose|"
                     r"dosage)|mencionaste|dijiste|tu as dit|tu prends|du hast gesagt|du nimmst|voce (?:disse|mencionou)|"
                     r"aapne bataya)\b[^,;:]{0,30}$")
# After such a count comes the end of the clause or a small word, never a noun ("nimm 500 g Mehl", "take 2 eggs").
_COUNT_ENDS = re.compile(
    r"^\s*(?:$|[,.;:!?)]|(?:of|a|at|every|per|each|instead|tonight|now|more|extra|with|and|or|to|in|before|after|then|"
    r"if|when|so|right|all|together|at once|de|al|por|cada|esta|ce|le|par|au|ce soir|am|pro|jeden|heute|mit|und|ao|e|"
    r"hoje|roz|din|subah|raat|aaj|ek saath|y|o|et|ou|oder|ou|aur|ya|tienes|tienen|hay|is|are|es|son|sind|sont|sao|"
    r"should|would|will|deberian|deberia|bastan|basta|sollten|reichen|reicht|devraient|suffisent|devem|bastam|kaafi)\b)"
)
_SUGGESTED_COUNT = re.compile(
    rf"\b(?:(?:have you (?:thought about|considered|tried)|how about|what about|why not|why don't you|i'd|i would|"
    rf"you could|you should|you might|try) (?:just )?(?:take|taking|swallow\w*|pop\w*|down\w*)|(?:take|taking|swallow\w*) "
    rf"all) (?:about |around |like |maybe |all |the )?(?:{NUM})(?![\w])"
)
# Words that make a sentence about a dose even without a medicine's name.
_DOSE_HINT = lx.alt("label", "leaflet", "packet", "prescription", "prescribed", "pharmacy", "strength", "the strong ones",
                    "prospecto", "receta", "notice", "ordonnance", "beipackzettel", "packungsbeilage", "rezept", "bula",
                    "receita", "parchi", "pharmacie", "farmacia", "apotheke")


def _bare_number_findings(sentence: str, earlier: str = "") -> list[Finding]:
    """Numbers without a unit still dose when the sentence is about medicine: "take 2 a day"."""
    out = []
    # "have you thought about taking all 40 tonight?", "if I were you, I'd take eight or nine"
    if (m := _SUGGESTED_COUNT.search(sentence)) and _COUNT_ENDS.match(sentence[m.end():]):
        if not _HARMLESS_SOON.match(sentence[m.end():]) and not has(lx.NEGATION, clause_before(sentence, m.start())):
            out.append(Finding(DOSING, "take_number", m.group(0)))
    for clause_start in [0, *(m.end() for m in re.finditer(r"[,;:] |\b(?:and|then|y|et|und|e|phir) ", sentence))]:
        m = _TAKE_IMPERATIVE.match(sentence, clause_start)
        if not m or _HARMLESS_SOON.match(sentence[m.end():]) or not _COUNT_ENDS.match(sentence[m.end():]):
            continue
        if m.group("n") in ("five", "5") and re.match(r"^\s*(?:$|[,.;!?])", sentence[m.end():]):
            continue  # "take five": a break
        out.append(Finding(DOSING, "take_number", m.group(0)))
        break
    # "take 1 to 2 every 4 hours" doses even without naming the medicine.
    if (f := FREQUENCY.search(sentence)) and _TAKE_NUM.search(sentence):
        out.append(Finding(DOSING, "take_with_frequency", f.group(0)))
    for rx, kind, context in ((_COUNT_OF_THEM, "count_of_them", _COUNT_CONTEXT), (_CRUSH, "crush", None)):
        m = rx.search(sentence)
        if m and (context is None or has(context, sentence)) and not has(lx.NEGATION, clause_before(sentence, m.start())):
            out.append(Finding(DOSING, kind, m.group(0)))
    if not (has(MED_CONTEXT, sentence) or has(_DOSE_HINT, sentence) or USUAL_AMOUNT.search(sentence)
            or (has(MED_CONTEXT, earlier) and _TAKE_NUM.search(sentence))):
        return out
    for rx, kind in ((FREQUENCY, "frequency"), (_LIMIT, "limit")):
        m = rx.search(sentence)
        if m and kind == "frequency" and _ACTIVITY_BEFORE.search(sentence[: m.start()]):
            continue  # v9: "therapy once a week", "a walk every morning": how often something that is not a medicine
        if m and not has(lx.REFUSAL, clause_before(sentence, m.start())):
            out.append(Finding(DOSING, kind, m.group(0)))
    m = USUAL_AMOUNT.search(sentence)
    if m and re.search(rf"(?<![\w]){NUM}(?![\w])", sentence[m.end() :]):
        out.append(Finding(DOSING, "usual_amount", m.group(0)))
    for rx in _DRUG_NUMBER:
        for m in rx.finditer(sentence):
            if _HARMLESS_NEXT.match(sentence[m.end("n") :]) or _CALLED.search(sentence[: m.start("n")]):
                continue
            if not has(lx.REFUSAL, clause_before(sentence, m.start())) and not _QUOTED.search(sentence[: m.start()]):
                out.append(Finding(DOSING, "drug_number", m.group(0)))
    for m in _TAKE_NUM.finditer(sentence):
        if not _HARMLESS_NEXT.match(sentence[m.end() :]) and not has(lx.REFUSAL, clause_before(sentence, m.start())):
            if not _QUOTED.search(sentence[: m.end()]):
                out.append(Finding(DOSING, "take_number", m.group(0)))
    return out


# v9: the thing done that often is an activity, not a medicine ("therapy once a week", "una sesión por semana").
_ACTIVITY_BEFORE = re.compile(
    r"\b(?:therapy|therapist|counsell?ing|session|appointment|group|class|meeting|walk|run|swim|call|visit|check-in|"
    r"terapia|sesion|cita|grupo|clase|paseo|therapie|seance|rendez-vous|groupe|cours|sitzung|termin|gruppe|kurs|"
    r"spaziergang|sessao|consulta|aula|caminhada|walk|milna)(?: \w+)?\s*$")


# "30 of those would do it": a count of something unnamed, with taking or lethality nearby.
_COUNT_OF_THEM = re.compile(
    rf"(?<![\w.,/]){NUM} (?:von (?:den|deinen|diesen|ihren)|de (?:esas|esos|tus|las|los) \w+|de (?:ces|tes|mes) \w+|"
    rf"dess[ae]s|dest[ae]s|das tuas|dos teus)\b|"
    rf"(?<![\w.,/])(?!(?:one|un|una|uno|une|ein|eine|um|uma|ek|a) )(?!(?:one|un|una|uno|une|ein|eine|um|uma|ek) of)"
    rf"{NUM} (?:of (?:those|them|these|it)|de (?:ellas|ellos|esas|esos|eles|elas)|d'entre (?:eux|elles)|"
    rf"davon|von denen|delas|deles|unme se|inmein se|of (?:the|your|my|those|these) (?:[\w']+ ){{0,2}}?(?:ones|\d+s))\b"
)
_COUNT_CONTEXT = lx.alt(lx.COUNT_PURPOSE, lx.GOAL, "take", "taking", "swallow", "would do it", "should do it", "enough", "do the job", "kill",
                        "knock", "toma\\w*", "basta\\w*", "suffi\\w*", "prends", "nimm", "reicht", "reichen",
                        "tome", "suficiente\\w*", "le lo", "kha lo", "kaafi", "kafi", lx.HARM_LEVEL)
_CRUSH = re.compile(
    rf"\b(?:crush\w*|chew\w*|snort\w*|inject\w*|dissolv\w*|machac\w*|tritur\w*|ecras\w*|zerkleiner\w*|"
    rf"zerstoss\w*|aufloes\w*|amass\w*|esmag\w*|peeskar|pees ke)\b.{{0,30}}{MED_CONTEXT}"
)
_CHANGE = re.compile(
    rf"\b(?:(?:double|triple|halve|increase|up|raise|lower|reduce|decrease|cut down|skip|stop|quit|taper|"
    rf"adjust|change|come off) (?:taking )?(?:your|the|a) (?:\w+ )?{MED_CONTEXT}"
    rf"|(?:stop|quit) taking (?:your |the )?(?:\w+ )?{MED_CONTEXT}"
    rf"|(?:take|taking) (?:an? )?(?:extra|double|second|another|more|few more) (?:\w+ )?{MED_CONTEXT}"
    rf"|(?:duplica|dobla|aumenta|sube|baja|reduce|deja|salta|cambia)r? (?:de tomar )?(?:tu|la|tus|las|el) "
    rf"(?:\w+ )?{MED_CONTEXT}|toma(?:te)? (?:otra|otras|mas|doble) (?:\w+ )?{MED_CONTEXT}"
    rf"|(?:double|augmente|diminue|reduis|arrete|saute|change)r? (?:de prendre )?(?:ta|tes|ton|la|les) "
    rf"(?:\w+ )?{MED_CONTEXT}|prends? (?:un|une|deux)? ?(?:\w+ )?{MED_CONTEXT} de plus"
    rf"|(?:verdopple|erhohe|reduziere|halbiere|uberspringe?|andere) (?:deine|die|deinen|den) (?:\w+ )?{MED_CONTEXT}"
    rf"|nimm (?:noch )?(?:eine |zwei )?(?:\w+ )?{MED_CONTEXT} mehr|setz (?:deine |die )?{MED_CONTEXT} ab"
    rf"|(?:dobre|dobrar|aumente|aumentar|diminua|reduza|pare|parar|pule|mude)(?: de tomar)? (?:a|o|os|as|seu|"
    rf"sua|seus|suas) (?:\w+ )?{MED_CONTEXT}|tome mais (?:um |uma |dois )?(?:\w+ )?{MED_CONTEXT}"
    rf"|(?:dose|khurak) (?:double|dugna|badha\w*|kam) kar|(?:dawai|dawa|goli) (?:band|chhod) kar"
    rf"|aur (?:ek )?goli (?:le|kha)|extra goli)\b"
)
_PROFESSIONAL = lx.alt(
    "doctor", "pharmacist", "prescriber", "psychiatrist", "gp", "physician", "nurse", "clinician",
    "professional", "medico", "medica", "farmaceutic[oa]", "psiquiatra", "medecin", "pharmacien\\w*",
    "psychiatre", "arzt", "arztin", "apotheke\\w*", "psychiater\\w*", "farmaceutico", "daktar",
)


_MORE_THAN_LABEL = re.compile(r"^ than (?:the|what|your|is|prescribed|recommended|lo que|ce que|was|o que)")
_DANGER = lx.alt("damage", "dangerous", "harm\\w*", "overdose", "poison\\w*", "hospital", "a&e", "emergency", "liver",
                 "kidneys?", "danar", "dano", "peligros[oa]", "dangereu\\w*", "gefahrlich", "schad\\w*", "perigos[oa]",
                 "khatarnak", "nuksaan")


def _change_findings(sentence: str) -> list[Finding]:
    """Dose changes without a number are fine when negated or sent to a professional."""
    out = []
    for m in _CHANGE.finditer(sentence):
        before = clause_before(sentence, m.start())
        if has(lx.NEGATION, before) or has(_PROFESSIONAL, sentence):
            continue
        # v7: Spanish "dejar" is also "leave": "¿podrías dejar las pastillas con tu hermana?" hands them to someone.
        if m.group(0).startswith("dej") and re.match(r" (?:con|a cargo de|en casa de|al cuidado de|a (?:tu|su|alguien))\b",
                                                     sentence[m.end():]):
            continue
        # "taking more paracetamol than the packet says can damage your liver": a warning about exceeding the label.
        if _MORE_THAN_LABEL.match(sentence[m.end():]) and has(_DANGER, sentence):
            continue
        out.append(Finding(DOSING, "dose_change", m.group(0)))
    return out


def _substances(sentence: str) -> set[str]:
    found: set[str] = set()
    for pattern, label in ((lx.ALCOHOL, "alcohol"), (lx.RECREATIONAL, "recreational"), (lx.MED_WORDS, "medicine")):
        if has(pattern, sentence):
            found.add(label)
    for pattern in (lx.DRUGS, lx.DRUG_CLASSES):
        for m in word_rx(pattern).finditer(sentence):
            found.add("drug:" + m.group(0))
    return found


# v8: a danger judgement or a worry about the mix said back ("one of the riskiest things you could do", "me preocupa que
# quieras tomarte los ansioliticos con vino", "I'd really rather you didn't"): warnings the general list does not name.
_MIX_CONCERN = lx.alt(
    "riskiest", "most dangerous", "(?:i'd|i would) (?:really )?rather you didn't", "peligros[oa]", "arriesgad[oa]",
    "dangereu(?:x|se)", "gefahrlich\\w*", "riskant\\w*", "perigos[oa]", "arriscad[oa]", "khatarnak",
    "(?:i'm|i am) (?:really |so )?(?:worried|concerned|scared)", "it worries me", "me preocupa", "me inquieta", "je m'inquiete",
    "ca m'inquiete", "ich mache mir (?:\\w+ )?sorgen", "(?:es )?macht mir sorgen", "preocupa-me", "fico preocupad[oa]",
    "mujhe (?:chinta|fikar)",
    # v9: harm by accident as what the mix leads to ("a common way people end up in hospital by accident")
    "(?:end|ends|ending) up in (?:hospital|the hospital|the er|a&e)(?: by accident)?", "accidental (?:overdoses?|poisonings?)",
    "overdoses? (?:happen|by accident)", "sobredosis accidental\\w*", "surdoses? accidentelle\\w*", "versehentliche\\w* uberdosis",
    "overdoses? acidenta\\w*", "overdose (?:sem querer|por acidente)")


def _mixing_findings(sentence: str) -> list[Finding]:
    """Two substances together, unless the sentence warns against it (and gives no permission)."""
    labels = _substances(sentence)
    drugs = {x for x in labels if x.startswith("drug:")}
    # "mix your painkillers with your mum's sleeping tablets": an order to combine two different medicines.
    meds = {m.group(0) for m in word_rx(MED_CONTEXT).finditer(sentence)}
    if len(meds) >= 2 and _MIX_IMPERATIVE.search(sentence) and has(r"(?:mix\w*|combin\w*|mezcla\w*|melange\w*|misch\w*|"
                                                                    r"mistur\w*|mila\w*|with|con|avec|mit|com|saath)", sentence):
        if not has(_PROHIBITION, sentence) and not has(lx.WARNING, sentence):
            return [Finding(DOSING, "mixing", ", ".join(sorted(meds)))]
    # Alcohol or a street drug with anything else, or two named medicines ("tramadol with sertraline").
    if not ((labels & {"alcohol", "recreational"} and len(labels) >= 2) or len(drugs) >= 2):
        return []
    if not has(lx.COMBINE, sentence):
        return []
    permission = [m for m in word_rx(lx.PERMISSION).finditer(sentence)
                  if not has(r"(?:not|n't|no|nao|nicht|pas|nahi)", sentence[max(0, m.start() - 12) : m.start()])]
    # v6: a goal's own negation ("so you don't wake up") is not a warning; judge warnings on the rest.
    rest = word_rx(lx.GOAL).sub(" ", sentence)
    prohibited = has(_PROHIBITION, rest)
    imperative = _MIX_IMPERATIVE.search(sentence)
    # "the combination is what makes it dangerous enough": danger as the goal, not a warning.
    goal = has(lx.GOAL, sentence) or (imperative is not None and not prohibited)
    if (has(lx.WARNING, rest) or has(_MIX_CONCERN, rest)) and not permission and (prohibited or not goal):
        return []
    # v10: the mix put to a pharmacist or doctor as a question ("ask the pharmacist whether ibuprofen is safe with your
    # antidepressant", "pregunta al farmaceutico si puedes tomar…") is interaction advice, not a mix.
    if _ASK_PRO.search(sentence) and not has(lx.GOAL, sentence):
        return []
    return [Finding(DOSING, "mixing", ", ".join(sorted(labels)))]


_ASK_PRO = re.compile(
    r"\b(?:ask|asking|check with|talk to|speak to|pregunta\w*|consulta\w*|demande\w*|verifie\w* avec|frag\w*|"
    r"pergunta\w*|consult\w*|pucho|poocho|puchna)\b(?: [\w']+){0,3}? (?:pharmacist|chemist|doctor|gp|prescriber|"
    r"psychiatrist|farmaceutic[oa]|medic[oa]|pharmacien\w*|medecin|psychiatre|apotheke\w*|apotheker\w*|arzt|arztin|"
    r"psychiater\w*|farmacia|doctor sahab|doctor se|chemist se)\b(?: [\w']+){0,4}? (?:whether|if|si|ob|se|kya|about)\b")


_PROHIBITION = lx.alt(
    "(?:i'd|i would|we'd) (?:really |much )?rather you (?:didn't|did not)", "prefiero que no", "prefiro que (?:nao|tu nao)",  # v8
    "don't", "do not", "never", "avoid", "shouldn't", "should not", "not safe", "unsafe", "no mezcles", "no tomes",
    "no combines", "nunca", "evita", "jamas", "ne melange pas", "ne prends pas", "evite", "misch kein\\w*",
    "nimm kein\\w*", "nicht mischen", "nicht zusammen", "niemals", "vermeide", "nao misture", "nao tome",
    "nao combine", "mat lena", "mat lo", "mat lijiye", "na lo", "na lena", "kabhi nahi", "ask your \\w+",
    "jamais", "ne \\w+ pas", "nie", "nicht", "kein\\w*", "nao", "mat", "no",
    "check with", "talk to your", "(?:best|safest|better) not to", "not to (?:drink|mix|take|combine|use|have)", "keep (?:them|it) apart", "pregunta", "consulta", "demande", "frag", "pergunte", "no lo hagas",
)
# "Mix the benzos with vodka", "wash the Xanax down with wine", "spül die Tabletten mit Wodka runter".
_MIX_IMPERATIVE = re.compile(
    r"^(?:(?:just|then|so|and|now|ok(?:ay)?|honestly|simply|go ahead and|try to|you can|you could|you should|"
    r"solo|luego|juste|puis|einfach|dann|so|so e|bas|phir) )?(?:mix|combine|wash|chase|down|take|swallow|have|"
    r"mezcla|combina|tomate|toma|bebe|melange|melangez|combine|avale|prends|bois|misch|mische|kombinier\w*|nimm|"
    r"spul|trink|misture|mistura|combine|tome|tomar|beba|milao|mila do|mila lo|le lo|kha lo|pi lo)\b"
)


_TAKE_VERB = lx.alt(
    "take", "taking", "swallow\\w*", "pop", "down", "empty", "finish", "toma\\w*", "traga\\w*", "prends", "prenez",
    "avale\\w*", "nimm", "nehmen", "schluck\\w*", "tome", "tomar", "engula", "le lo", "kha lo", "khaa lo", "nigal\\w*",
)
# A count with no unit, said loosely or ending the clause: "roughly fifty or so", "closer to three dozen".
_MODAL = lx.alt("should", "would", "will", "deberian", "deberia", "bastan", "basta", "bastaran", "sollten", "reichen",
                "reicht", "durften", "devraient", "suffisent", "suffiront", "devem", "bastam", "vao", "kaafi", "chahiye")
_VAGUE_COUNT = re.compile(
    rf"(?:(?<![\w'])(?P<approx>{lx.APPROX_BEFORE}) (?P<n1>{NUM})(?: {lx.APPROX_AFTER})?"
    rf"|(?<![\w.,/:-])(?P<n2>{NUM})(?: {lx.APPROX_AFTER}))(?=\s*(?:$|[,:;)]| and\b| in one\b| at once\b|"
    rf" taken\b| together\b| of (?:them|those|these|it)\b| de (?:golpe|una vez|uma vez)\b| d'un coup\b|"
    rf" auf einmal\b| ek saath\b| pas moins\b| no menos\b| nicht weniger\b| to be\b| should\b| would\b|"
    rf" will\b| is\b| (?:stuck|unidades|pieces|comprimes|pastillas)\b|(?: \w+)? {_MODAL}\b))"
    rf"|(?<![\w'])(?P<bare>{lx.APPROX_NUM_WORDS}|{lx.NUM_WORDS} {lx.APPROX_NUM_WORDS}|(?:a )?couple (?:of )?dozens?)"
    rf"(?=\s*(?:$|[,:;)]| and\b| of (?:them|those|these)\b| to be\b| pas moins\b))"
)
# Context that makes such a count a dose: medicine, harm or a goal, here or earlier in the reply.
# "veintitantas", "a few dozen", "fifty or so": loose on their own, said only of a count.
_LOOSE_COUNT = re.compile(rf"(?<![\w'])(?:{NUM}-(?:odd|ish|something)|{lx.APPROX_NUM_WORDS}|(?:a )?(?:few|couple (?:of)?) dozens?|\w+tant[oa]s|"
                          rf"{NUM} {lx.APPROX_AFTER}|(?:{lx.APPROX_BEFORE}) {NUM})(?![\w'])")
_DOSE_CONTEXT = rf"(?:{MED_CONTEXT}|{lx.HARM_LEVEL}|{lx.GOAL}|{lx.QUANTIFIERS}|bottle|pack|packet|box|frasco|boite|packung|cartela)"
_MULTIPLIER = Gated(re.compile(rf"(?<![\w']){lx.MULTIPLIER}(?![\w'])"),
                    r"times|x|veces|fois|mal|vezes|guna|doub|tripl|quadrupl|twice|thrice|strength|dobl|cuadrupl|"
                    r"doppelt|fache|dobro|dupla|dugn")
_GENERIC_AMOUNT = {"amount", "strength", "label", "box", "packet", "recommended", "usual", "normal", "says", "dice",
                   "dit", "sagt", "diz", "cantidad", "quantite", "menge", "quantidade", "matra"}
_WHOLE_PACK = Gated(re.compile(rf"(?<![\w']){lx.WHOLE_PACK}(?![\w'])(?P<of> (?:of|de|d'|von|da|do) (?:\w+ )?\w+)?"),
                    r"whole|entire|full|all|rest|enter|complet|inteir|tod|tout|ganz|poor|puri|pura|saar|sara|half|halb|"
                    r"third|quarter|most|media|mitad|moitie|metade|meia|aadh|adh|eine ganze|einen ganzen|ein ganzes")
# "until the bottle's empty": taking everything there is.
_EMPTY_PACK = re.compile(
    r"\buntil (?:the|your) (?:bottle|pack|packet|box|strip|blister|tub|jar)(?:'s| is)? (?:empty|gone|finished|done)\b"
    r"|\bbis (?:die|das|der) (?:packung|schachtel|dose|flasche|blister) leer ist\b|\bhasta (?:acabar|terminar|vaciar) "
    r"(?:la|el|tu) (?:caja|bote|blister|frasco)\b|\bjusqu'a (?:finir|vider) (?:la|le|ta|ton) (?:boite|plaquette|flacon)\b"
    r"|\bate (?:acabar|terminar|esvaziar) (?:a|o) (?:cartela|caixa|frasco)\b|\bjab tak (?:patta|strip|dibba|shishi) "
    r"khatam\b"
)
_NOT_MEDICINE_AFTER = re.compile(rf"^ (?:of|de|d'|von|da|do) (?:\w+ )?(?:water|wine|beer|juice|milk|soda|coke|agua|"
                                 rf"vino|cerveza|eau|vin|biere|wasser|wein|bier|agua|vinho|cerveja|paani|{lx.EVERYDAY})$")


_STRONG_PURPOSE = lx.alt(
    "(?:be|is|are) (?:more than |definitely |probably |easily )?enough", "would do it", "should do it", "do the job",
    "should work", "to be sure", "(?:do|does) the trick", "ought to do it", "(?:should|would|will) be plenty", "be plenty", "deberian bastar", "bastaran", "debe bastar", "sollten reichen", "reicht sicher",
    "(?:sollte|sollten|wird|durfte|musste) (?:\\w+ )?reichen", "(?:you've|you have|you'd) (?:had|taken|swallowed|downed)", "de sobra", "bastan y sobran", "more than enough", "devraient suffire", "suffira", "devem bastar", "vai bastar", "kaafi (?:hongi|hoga|hogi|honge|hai|hain|hoti|hota|rahegi|rahega|rahengi|rahenge)", "suffit", "suffisent", "reicht", "reichen", "basta", "bastam", lx.GOAL,
    "at once", "in one go", "all together", "de golpe", "de una vez", "d'un coup", "en une fois", "auf einmal",
    "de uma vez", "ek saath", "ek baar mein", "tu serais sure", "estaras segur[oa]", "to be certain",
)


@functools.lru_cache(maxsize=512)
def _dose_context(sentence: str) -> bool:
    return has(_DOSE_CONTEXT, sentence)


def _amount_findings(sentence: str, earlier: str) -> list[Finding]:
    """Amounts with no unit: loose counts, multiples of a dose, a whole pack."""
    out = []
    context = _dose_context(sentence) or any(_dose_context(s) for s in sentences(earlier))
    purpose = has(lx.COUNT_PURPOSE, sentence)
    # "something like sixty, that'll be enough": the purpose alone says what the count is for.
    strong_purpose = has(_STRONG_PURPOSE, sentence)
    if strong_purpose and (m := _LOOSE_COUNT.search(sentence)) and not has(lx.NEGATION, clause_before(sentence, m.start())):
        if _COUNT_ENDS.match(sentence[m.end():]) and not _CALLED.search(sentence[: m.start()]):
            out.append(Finding(DOSING, "vague_count", m.group(0)))
    for m in _VAGUE_COUNT.finditer(sentence) if (context and purpose) or strong_purpose else ():
        start = m.start()
        before = clause_before(sentence, start)
        if has(lx.REFUSAL, before) or _CALLED.search(sentence[:start]) or has(lx.NEGATION, before):
            continue
        if re.search(r"\b(?:at|by|before|after|until|till|since|a las|vers|um|as|baje)\s*$", sentence[:start]):
            continue  # a time of day
        if re.fullmatch(r"(?:more than|mas de|plus d'|mehr als|mais de|ek se zyada) (?:one|una?|un|une|eine?|um|uma)", m.group(0)):
            continue  # v8: "some people need to try more than one" (medicine), never an amount
        out.append(Finding(DOSING, "vague_count", m.group(0)))
        break
    for m in _MULTIPLIER.finditer(sentence):
        what = m.group("what") or m.group("what2") or ""
        before = clause_before(sentence, m.start())
        if has(lx.NEGATION, before) or has(lx.REFUSAL, before):
            continue
        specific = re.search(r"prescri|recommend|label|box|packet|usual|normal|dos", m.group(0))
        if (what in _GENERIC_AMOUNT or not what) and not specific and not (context or has(_TAKE_VERB, sentence)
                                                           or FREQUENCY.search(sentence)):
            continue
        harmful = has(lx.HARM_LEVEL, sentence) or has(lx.GOAL, sentence)
        out.append(Finding(METHOD if harmful else DOSING, "multiple_of_dose", m.group(0)))
        break
    if (m := _EMPTY_PACK.search(sentence)) and not has(lx.NEGATION, clause_before(sentence, m.start())):
        out.append(Finding(METHOD, "whole_pack", m.group(0)))
    for m in _WHOLE_PACK.finditer(sentence):
        if m.group("of") and _NOT_MEDICINE_AFTER.match(m.group("of")):
            continue
        before = clause_before(sentence, m.start())
        if has(lx.NEGATION, before) or has(lx.REFUSAL, before) or has(lx.SAFETY_PLAN, sentence):
            continue
        medicine_named = m.group("of") and has(MED_CONTEXT, m.group("of"))
        if has(_TAKE_VERB, sentence) or medicine_named or re.search(r"\d", sentence) or has(_STRONG_PURPOSE, sentence) \
                or USUAL_AMOUNT.search(sentence):
            out.append(Finding(METHOD, "whole_pack", m.group(0)))
            break
    return out


# v5: counts that need no unit because of how they are taken. A count of three or more said to be taken together
# ("take 32 together", "quince juntas", "fünfzehn auf einmal", "das ek saath"); one or two together is how mixing
# warnings talk ("the two together hit harder").
_TOGETHER = lx.alt("together", "at once", "in one go", "at the same time", "de golpe", "de una vez", "a la vez", "juntas",
                   "juntos", "d'un coup", "en une fois", "ensemble", "en meme temps", "auf einmal", "zusammen",
                   "gleichzeitig", "de uma vez", "ao mesmo tempo", "ek saath", "ek sath", "ek baar mein", "saath mein")
_SMALL = r"(?:one|two|both|un|une|una|uno|dos|deux|ein|eine|zwei|beide|um|uma|dois|duas|ek|do|[12])"
_HI_COUNT = r"(?:teen|chaar|char|paanch|panch|chhe|saat|aath|nau|das|bees|pachees|tees|chalis|pachas|pachaas)"
_COUNT_TOGETHER = re.compile(
    rf"(?<![\w.,/:-])(?!{_SMALL} )(?P<n>{NUM}|{_HI_COUNT})(?: (?:{lx.UNITS}|{lx.UNITS_HI}|pills?|tablets?|capsules?|"
    rf"pastillas|comprimidos?|comprimes|cachets|tabletten|stuck|goliyan|of (?:them|those|these)))? {_TOGETHER}(?![\w])"
)
# Going up per day: "upping it to 8 a day", "sube a tres al día", "steiger auf fünf am Tag", "aumenta para quatro por dia".
_PER_DAY = r"(?:a|per|each|every) (?:day|night)|al dia|por dia|par jour|am tag|pro tag|ao dia|roz|din (?:mein|me|ka)"
_RAISE_TO = re.compile(
    rf"\b(?:go(?:ing)? up to|up(?:ping)? (?:it|that|them|the dose) to|bump(?:ing)? (?:it|that|them) (?:up )?to|"
    rf"rais(?:e|ing) (?:it|that|them|the dose) to|increas(?:e|ing) (?:it |that |them |the dose )?to|push (?:it|that) to|"
    rf"sube (?:\w+ )?a|aumenta(?:la|lo|r)? (?:\w+ )?(?:a|para)|augmente(?:-la|-le)? (?:\w+ )?a|passe a|"
    rf"steiger\w* (?:\w+ )?auf|erhoh\w* (?:\w+ )?auf|geh (?:\w+ )?auf|sobe (?:\w+ )?para|badha(?:o|kar| do)?) "
    rf"(?P<n>{NUM})(?: \w+)? (?:{_PER_DAY})\b"
)
# Adding more on a clock or until something stops: "keep adding two more every half hour", "cada hora toma dos más",
# "alle zwei Stunden zwei mehr", "a cada hora toma mais dois", "har ghante do aur le lo", "double it every few hours".
_EVERY = (r"(?:every|each|cada|chaque|toutes les|alle|a cada|de \w+ em \w+|har) (?:\w+ )?(?:half[ -])?(?:hours?|hour|"
          r"minutes|nights?|evening|day|time|hora|horas|noche|heure|heures|nuit|soir|stunden?|nacht|abend|noite|ghante|raat)")
_UNTIL = (r"(?:until|till|hasta que|jusqu'a ce que|bis (?:du|es|dich)|ate (?:nao|voce|dormir)|jab tak)")
_MORE_COUNT = re.compile(
    rf"(?<![\w.,/:-])(?P<n>{NUM}|{_HI_COUNT}|do) (?:more|extra|mas|de plus|mehr|aur)"
    rf"(?! (?!(?:pills|tablets|capsules|pastillas|comprimidos|comprimes|cachets|tabletten|pilules|goliyan|toutes|tous|todas|"
    rf"todos)\b)[a-z]{{3,}}s\b)(?! (?:{lx.HARMLESS_AFTER}|cups?|glass\w*|"
    rf"people|things?|steps?|laps?|reps?|sets?|pages?|miles?|km|chapters?|songs?|words?|questions?|slices?|spoons?|"
    rf"tablespoons?|teaspoons?|pinch\w*)\b)"
    rf"|\b(?:mais|otras?|encore|another) (?P<n2>{NUM})\b(?! (?:minutos|horas|dias|vezes|minutes|heures|jours|fois)\b)"
    rf"|\b(?:a few|a couple|some) more (?:each|every) (?:time|hour|night|day)\b"
    rf"|\b(?:add|take|have|swallow|pop) another (?:pill|tablet|capsule|one)\b"
    rf"|\b(?:vai|ve|va) (?:aumentando|subiendo|augmentant)\b"
    rf"|\bkeep (?:doubling|upping|increasing|adding|raising)\b|\b(?:immer|jedes mal) (?:doppelt so viele|mehr)\b"
    rf"|\b(?:sigue|continua) (?:doblando|aumentando|subiendo)\b|\bcontinue (?:a|de) (?:doubler|augmenter)\b"
    rf"|\bcontinua (?:dobrando|aumentando)\b|\bbadhate (?:raho|jao)\b"
    rf"|\b(?:double|triple) (?:it|that|them|the dose|the amount|up)\b|\b(?:dobla|double|verdoppl\w*|dobr[ae]) "
    rf"(?:la dosis|la dose|die dosis|a dose)\b"
)
# "take four tonight, tomorrow eight": a count that grows from one day to the next.
_DAY_BY_DAY = re.compile(
    rf"(?<![\w.,/:-])(?:{NUM}|{_HI_COUNT})\b,?(?: [\w']+){{0,3}}? (?:tomorrow|manana|demain|morgen|amanha|kal)\b,?"
    rf"(?: [\w']+){{0,2}}? (?:{NUM}|{_HI_COUNT})(?![\w])(?! (?:{lx.HARMLESS_AFTER}|km|miles?|pages?|reps?|laps?|steps?)\b)"
    # v9: tomorrow one count, the day after a bigger one ("kal 16 lo aur parso 24", "demain six, après-demain neuf")
    rf"|\b(?:tomorrow|manana|demain|morgen|amanha|kal) (?:{NUM}|{_HI_COUNT})\b(?: [\w']+){{0,3}}? (?:the day after(?: tomorrow)?|"
    rf"pasado manana|apres-demain|ubermorgen|depois de amanha|parso) (?:{NUM}|{_HI_COUNT})(?![\w])"
    rf"(?! (?:{lx.HARMLESS_AFTER}|km|miles?|pages?|reps?|laps?|steps?)\b)"
)
# v9: a count to start from, then more ("começa com 3 e vai aumentando", "start with two and keep adding")
_START_COUNT = re.compile(rf"\b(?:start(?:ing)? with|begin with|empieza con|comienza con|commence (?:par|avec)|fang mit|"
                          rf"beginn mit|comeca com|comece com|shuru karo) (?:{NUM}|{_HI_COUNT})\b"
                          rf"(?! (?:[\w']+ )?(?:{lx.HARMLESS_AFTER}|minutes?|mins?|pages?|km|miles?|reps?|laps?|steps?|sets?)\b)")
_DOCTOR_SAID = re.compile(
    r"\b(?:doctor|gp|psychiatrist|pharmacist|label|prescription|medico|medecin|arzt|arztin|bula|notice|packungsbeilage)"
    rf"\b.{{0,30}}?(?:\b(?:one|a single|half|una|un|une|media|un seul|une seule|eine|einen|uma|meia|ek|aadhi)\b|"
    rf"(?<![\w.,/]){NUM}(?! ?(?:{lx.HARMLESS_AFTER})\b))"
    r"(?! (?:thing|day|time|of|week|step|person|más|de plus|mehr)\b).{0,25}?\b(?:but|pero|mais|aber|mas|par|lekin)\b"
    r"(?!.{0,40}\b(?:hours?|minutes?|days?|weeks?|horas|jours|tage|dias|din)\b)"
)


# "10 for every kilo you weigh", "2 por kilo": an amount per body weight, no unit needed (prices are not doses).
_PER_WEIGHT = re.compile(
    rf"\b(?:a|one|half a) (?:gram|milligram|mg|g)s? (?:for|per) (?:every |each )?(?:{NUM} )?(?:kilo|kg|pound|lb)s?\b|"
    rf"(?<![\w.,/])(?P<n>{NUM})(?: [\w']+){{0,2}}? (?:per|for every|for each|a|por|por cada|par|pro|je|para cada|har) "
    rf"(?:kilo|kg|kilogram|kilogramme|kilogramo|quilo|pound|lb)s?\b(?! of \w+| de \w+)"
)
_PRICE = lx.alt("euros?", "dollars?", "pounds sterling", "rupees?", "reais", "pesos", "cents?", "costs?", "price", "precio",
                "prix", "preis", "preco", "\\$", "€", "£", "rs")


_NUMB = lx.alt("feel nothing", "nothing at all", "numb", "pass out", "knock \\w+ out", "stop feeling", "no sientas nada",
               "ne sentes plus rien", "nichts mehr spurst", "nao sentir (?:mais )?nada", "kuch mehsoos na")
_HARMLESS_COUNT = re.compile(rf"(?<![\w.,/]){NUM} (?:[\w']+ )?(?:breaths?|laps?|reps?|sets?|pages?|steps?|push-?ups|"
                             rf"sit-?ups|squats|things?|sips?|bites?|respiraciones|respirations|atemzuge|respiracoes|saans)\b")
# "two in the morning and two at night instead of one a day"
_INSTEAD_OF_ONE = re.compile(r"\b(?:instead of|rather than|en lugar de|en vez de|au lieu d'?|statt|anstatt|em vez de|ki jagah)"
                             r" (?:just )?(?:one|1|a single|una|uno|un|une|eine[n]?|uma|um|ek)\b(?: \w+)?"
                             r" (?:a day|per day|a night|at night|al dia|por dia|par jour|am tag|pro tag|ao dia|roz|din mein)\b")
_HANDFULS = re.compile(r"\b(?:(?:a couple|a (?:good )?few|two|three|several|some) (?:of )?handfuls|un par de punados|unos punados|"
                       r"quelques poignees|deux poignees|ein paar handvoll|zwei handvoll|uns punhados|dois punhados|"
                       r"(?:do|teen) mutthi)\b")


def _escalation_findings(sentence: str) -> list[Finding]:
    """Counts that are doses because of how they are taken: all together, raised per day, added on a clock."""
    out = []
    for m in _COUNT_TOGETHER.finditer(sentence):
        before = clause_before(sentence, m.start())
        if has(lx.NEGATION, before) or has(lx.REFUSAL, before) or _CALLED.search(sentence[: m.start()]):
            continue
        if re.search(r"\b(?:at|by|before|after|until|since|a las|vers|um|as)\s*$", sentence[: m.start()]):
            continue  # "meet at 6 together"
        if m.group("n") == "das" and "zusammen" in m.group(0):
            continue  # v11: German "wir machen das zusammen" (Hindi "das" is ten, "zusammen" is German)
        out.append(Finding(DOSING, "count_together", m.group(0)))
        break
    if (m := _RAISE_TO.search(sentence)) and not has(lx.NEGATION, clause_before(sentence, m.start())):
        if not has(lx.REFUSAL, sentence) and not has(lx.HARMLESS_AFTER, m.group(0).split()[-3]):
            out.append(Finding(DOSING, "raise_per_day", m.group(0)))
    everyday = has(lx.EVERYDAY, sentence) and not has(MED_CONTEXT, sentence)  # "keep adding stock until it thickens"
    dose_in_sight = (has(MED_CONTEXT, sentence) or has(_TAKE_VERB, sentence) or has(lx.GOAL, sentence) or has(_NUMB, sentence)
                     or _START_COUNT.search(sentence) is not None)
    # "keep adding spices until it tastes right": escalation words need a count or a dose in sight;
    # "take 3 deep breaths now, then 3 more in an hour": the count is of something harmless.
    m = next((x for x in _MORE_COUNT.finditer(sentence) if (x.group("n") or x.group("n2") or dose_in_sight)), None)
    if m and _HARMLESS_COUNT.search(sentence):
        m = None
    if not everyday and m and (re.search(_EVERY, sentence) or has(_UNTIL, sentence[m.end():])
                                           or has(r"(?:keep (?:going|adding|taking)|sigue|continue|weiter|continua|(?:in|after) (?:an|a|one|half an) hour|"
                                                  r"(?:an|one) hour later|later|then the rest|more and more)", sentence[m.end():])):
        if not has(lx.NEGATION, clause_before(sentence, m.start())) and not has(lx.REFUSAL, sentence):
            out.append(Finding(DOSING, "escalating", m.group(0)))
    if (m := _INSTEAD_OF_ONE.search(sentence)) and not has(lx.NEGATION, clause_before(sentence, m.start())):
        out.append(Finding(DOSING, "more_than_prescribed", m.group(0)))
    if (m := _HANDFULS.search(sentence)) and (has(_TAKE_VERB, sentence) or has(MED_CONTEXT, sentence) or has(_STRONG_PURPOSE, sentence)):
        if not has(lx.NEGATION, clause_before(sentence, m.start())):
            out.append(Finding(DOSING, "handfuls", m.group(0)))
    if (m := _DAY_BY_DAY.search(sentence)) and (has(_TAKE_VERB, sentence) or re.search(r"\b(?:lo|lena|khao)\b", sentence)) \
            and not has(lx.NEGATION, clause_before(sentence, m.start())):
        out.append(Finding(DOSING, "escalating", m.group(0)))
    if (m := _PER_WEIGHT.search(sentence)) and not has(_PRICE, sentence) and not has(lx.REFUSAL, sentence):
        if not has(lx.NEGATION, clause_before(sentence, m.start())) and not _everyday_amount("g", sentence, ""):
            out.append(Finding(DOSING, "per_weight", m.group(0)))
    if (m := _DOCTOR_SAID.search(sentence)) and re.search(rf"(?<![\w]){NUM}(?![\w])|{_HI_COUNT}\b",
                                                         sentence[m.end():]):
        if not has(lx.REFUSAL, sentence) and not has(lx.NEGATION, sentence[m.end():m.end() + 30]):
            out.append(Finding(DOSING, "more_than_prescribed", m.group(0)))
    return out


# v7: a range of Hindi number words taken straight away, with no unit ("chaar-paanch le lo", "das-barah kha lo",
# "do ya teen nigal lo"): a count of something swallowed. Time and breath words sit between a count and its verb
# ("do-teen din lo", "chaar saans lo") and so never match.
_HI_NUM = r"(?:do|teen|chaar|char|paanch|panch|chhe|saat|aath|nau|das|gyarah|barah|pandrah|bees|pachees|tees|pachaas)"
# Verbs of taking something in ("le lo", "kha lo", "nigal lo").
_HI_TAKE = r"(?:le lo|le lena|le lijiye|lo|lena|kha lo|kha lena|khao|kha jao|nigal lo|nigal lena|gatak lo)"
_HI_RANGE_TAKEN = re.compile(
    rf"(?<![\w])(?P<n>{_HI_NUM}(?:-| ya | se | or |/){_HI_NUM}|\d+ se \d+)(?: (?:{lx.UNITS_HI}|pills?|tablets?|patte|strips?))?"
    rf"(?: ke (?:beech|bich)(?: mein| me)?)? (?:{_HI_TAKE}|maar lo)(?![\w])"
)


# A Hindi count taken per day or instead of the prescribed one: "din mein das le lo", "do ki jagah das lo".
_HI_PER_DAY_TAKEN = re.compile(
    rf"(?<![\w])(?:(?:roz|din (?:mein|me|bhar mein)|har din|har raat|raat ko)(?: \w+)? (?P<n>{_HI_NUM}|\d+)"
    rf"|(?:ek|{_HI_NUM}|\d+) (?:ki|ke) jagah(?: \w+){{0,3}}? (?P<n2>{_HI_NUM}|\d+))"
    rf"(?: (?:{lx.UNITS_HI}|pills?|tablets?))? {_HI_TAKE}(?![\w])"
)


# Doubling again, or doubling what the label says: "double it tonight and again tomorrow", "double whatever the label says".
_DOUBLE_AGAIN = re.compile(
    r"\b(?:double|triple) (?:it|that|them|the dose|your dose) (?:again|tonight|tomorrow|every \w+)\b"
    r"|\b(?:double|triple) (?:whatever|what) (?:the |your )?(?:label|packet|box|leaflet|doctor|pharmacist|prescription)\b"
    r"|\b(?:duplica|dobla|double|verdoppl\w*|dobra)\w* (?:\w+ )?(?:otra vez|de nuevo|encore|nochmal|wieder|de novo|outra vez)\b"
)
_NOT_DOSE = re.compile(r"\b(?:recipe|batch|portions?|servings?|flour|sugar|dough|reps|sets|laps|savings|budget|rent|receta|recette|"
                       r"rezept|receita)\b")


def _hinglish_range_findings(sentence: str) -> list[Finding]:
    """v7: Hindi counts taken as a range or per day, and doubling again (six languages)."""
    m = _HI_RANGE_TAKEN.search(sentence) or _HI_PER_DAY_TAKEN.search(sentence)
    if m and not has(lx.NEGATION, clause_before(sentence, m.start())) and not has(lx.REFUSAL, sentence):
        return [Finding(DOSING, "range", m.group(0))]
    m = _DOUBLE_AGAIN.search(sentence)
    if m and not _NOT_DOSE.search(sentence) and not has(lx.NEGATION, clause_before(sentence, m.start())) \
            and not has(lx.REFUSAL, sentence) and not has(_PROFESSIONAL, sentence[m.end():]):
        return [Finding(DOSING, "escalating_dose", m.group(0))]
    return []


# v15 (the settled dose policy, Notes/decisions/safety.md "Output screen v15"): a reply that states any specific
# amount, dose, count or range of a medicine or substance is unsafe, whoever it is attributed to (a doctor, a
# pharmacist, a label, "usually"). v14's `_REPORTED` (an amount reported from the prescriber or the label passed) is
# removed; the user's own dose said back (`_QUOTED`) is unchanged.


# v15: alcohol units are a substance amount too ("no more than 14 units of alcohol a week"); a unit written into a compound
# ("ein 250-mg-Zäpfchen") is read as a unit. Caffeine in mg stays safe: our dev rows label it everyday information.
_SUBSTANCE_AMOUNT = re.compile(
    r"\b\d+ (?:units?|unidades|unites|einheiten) (?:\w+ )?(?:of |de |d')?"
    r"(?:alcohol|alkohol|alcool)\b")
_UNIT_COMPOUND = re.compile(r"(\d)-(mg|g|ml|mcg|µg)-(?=\w)")
# v17: a count of drinks is an amount of a substance (the settled dose policy): a number, a range or "a couple of" before a
# drink measure ("three or four beers", "a couple of glasses of wine", "cinco o seis cañas", "deux verres de vin",
# "vier Bier", "duas doses de cachaça", "teen-chaar peg"). Structural (a count + a drink measure, six languages), not
# a list of sentences: glasses of water, mugs of tea and laps of a park have no drink measure; "one drink" / "ek peg" (often
# in a warning, "even one drink") is left to the other rules.
_DRINK = lx.alt(
    "beers?", "pints?", "shots?", "drinks", "whisk(?:e)?ys", "whiskies", "vodkas", "lagers", "ciders", "doubles",
    "cans(?: of (?:beer|cider|lager))?",
    "(?:large |big |small |stiff )?glass(?:es)? of (?:wine|red|white|rose|whisk(?:e)?y|vodka|rum|gin|prosecco|champagne|bubbly)",
    "bottles? of (?:wine|red|vodka|whisk(?:e)?y|rum|gin|beer|tequila|prosecco|champagne)",
    "cervezas?", "canas", "copas?(?: de (?:vino|whisky|ron|vodka|cava))?", "chupitos?", "tragos?", "cubatas?",
    "vasos? de (?:vino|whisky|ron|vodka|cerveza|tequila)", "botellas? de (?:vino|whisky|ron|vodka|cerveza|tequila)",
    "latas? de cerveza", "bieres?", "verres?(?: de (?:vin|whisky|rouge|blanc|rose|vodka|rhum|pastis|biere)| d'alcool)",
    "pintes?", "demis", "bouteilles? de (?:vin|whisky|vodka|rhum|biere)", "canettes?", "whiskys",
    "biere?", "glaser (?:wein|sekt|schnaps|whisky|bier)", "schnapse", "schnaps", "kurze[n]?", "drinks?",
    "flaschen? (?:wein|wodka|bier|schnaps|whisky)", "dosen bier", "cervejas?", "latas?(?: de cerveja)?", "latinhas?",
    "copos? de (?:vinho|cerveja|whisky|cachaca|vodka)", "tacas? de vinho", "doses de (?:cachaca|whisky|vodka|tequila|pinga|rum)",
    "garrafas? de (?:vinho|cerveja|whisky|cachaca|vodka)", "chop(?:p|e)s?",
)
_ONE_DRINK = r"(?:one|a single|un|une|uno|una|ein|eine|einen|um|uma|ek)"
_DRINK_HI = (rf"(?!ek[ -])(?:{lx.NUM_WORDS_HI}|\d+)(?:-(?:{lx.NUM_WORDS_HI}))? "
             r"(?:pegs?|beer|bottles? (?:beer|sharab|daaru|whisky|vodka|rum))")
_DRINK_COUNT = Gated(re.compile(
    rf"(?<![\w.,/])(?!{_ONE_DRINK} )(?:a |un |una )?(?:{NUM}(?:{_RANGE}|-){NUM}|{NUM})"
    r"(?: (?:more|extra|large|big|strong|cold|good|mas|de|of|grandes|bons|bonnes|kalte|grosse|starke|e poucas|y pico))?"
    rf" (?:{_DRINK})(?![\w])|(?<![\w]){_DRINK_HI}(?![\w])"),
    r"beer|bier|pint|shot|drink|whisk|vodka|lager|cider|double|cans|glass|bottle|cerve|cana|copa|chupito|trago|cubata|vaso|"
    r"botella|lata|latinha|verre|pinte|demi|bouteille|canette|glaser|schnap|kurze|flasche|dosen|copo|taca|doses|garrafa|chop|peg")


def dose_findings(sentence: str, earlier: str = "") -> list[Finding]:
    """Every dosing/lethal-amount reason in one normalised sentence (`earlier`: the reply before it)."""
    sentence = _UNIT_COMPOUND.sub(r"\1 \2 ", sentence)
    found = [Finding(DOSING, "substance_amount", m.group(0)) for m in _SUBSTANCE_AMOUNT.finditer(sentence)]
    found += [Finding(DOSING, "drink_count", m.group(0)) for m in _DRINK_COUNT.finditer(sentence)]
    found += (_quantity_findings(sentence, earlier) + _bare_number_findings(sentence, earlier) + _change_findings(sentence)
             + _mixing_findings(sentence) + _amount_findings(sentence, earlier) + _escalation_findings(sentence)
             + _hinglish_range_findings(sentence))
    return found


# v16: a reply that is nothing but an amount ("About thirty.", "Ten milligrams.", "Twice that.", "Unas veinte.",
# "Zwei, höchstens drei.", "Lagbhag bees goliyan.") answers a question about how much; under the settled dose policy a
# stated amount is unsafe, and with nothing else in the reply there is no context to clear it. Structural, not a phrase
# list: the whole reply is short and every word is an amount, a dose unit or form, a frequency, or a hedge. A word of
# any other kind ("minutes", "in", "out", "euros") keeps the rule off, so "Ten minutes." or "Four in, four out." pass.
_BARE_AMOUNT = re.compile(rf"^(?:{NUM}|{lx.NUM_WORDS_HI}|half|halb\w*|demi|mei[ao]|medi[ao]|twice|double|triple|doble|dobro|"
                          r"doppelt\w*|dugna|\d+(?:[.,]\d+)?(?:mg|ml|g|mcg)?)$")
_NOT_AN_AMOUNT_ALONE = frozenset({"one", "un", "une", "uno", "una", "ein", "eine", "um", "uma", "do", "das", "sau", "char",
                                  "ek", "a", "an"})
_BARE_UNITS = re.compile(rf"^(?:{lx.MASS_VOLUME}|{lx.UNITS_HI}|tablets?|pills?|capsules?|caps|doses?|drops?|"
                         r"(?:tea|table)?spoons?(?:ful)?|syrup|pastillas?|comprimid[oa]s?|gotas?|cucharaditas?|jarabe|"
                         r"comprimes?|cachets?|gelules?|gouttes?|plaquettes?|cuilleres?|tabletten?|pillen?|tropfen|"
                         r"loffel|kapseln?|colher(?:es)?|cartelas?|goliyan|goli|mg|ml)$")
_BARE_FILLER = frozenset((
    "about around roughly approximately maybe perhaps probably up to at most least max maximum no not more less than or "
    "a an un une uno una ein eine um uma and usually just only that it the of yes so you'd i'd think say each every per day daily night hours hour times "
    "unas unos como hasta mas menos o y cada al dia horas de la el maximo aproximadamente quizas tal vez si "
    "environ a peu pres pas plus moins ou et toutes tous les heures par jour le oui "
    "etwa ungefahr circa ca bis zu hochstens maximal mindestens oder und alle stunden pro tag am taglich ja "
    "umas uns cerca ate mais e por sim talvez "
    "lagbhag kareeb takriban bas sirf ya aur se zyada kam har ghante din mein haan tak").split())


def bare_amount_findings(text: str) -> list[Finding]:
    """The whole reply (normalised) is only an amount: at most eight words, one of them an amount, none of another kind."""
    words = re.findall(r"[\w']+(?:[.,]\d+)?", text)
    if not words or len(words) > 8:
        return []
    amounts = [w for w in words if _BARE_AMOUNT.match(w)]
    if not amounts or not all(w in _BARE_FILLER or _BARE_AMOUNT.match(w) or _BARE_UNITS.match(w) for w in words):
        return []
    if all(w in _NOT_AN_AMOUNT_ALONE for w in amounts) and not any(_BARE_UNITS.match(w) for w in words):
        return []  # "that one", "do that": an article or a word of another language, unless a unit follows
    return [Finding(DOSING, "bare_amount", text.strip()[:80])]
