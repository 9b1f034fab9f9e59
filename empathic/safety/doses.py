"""Finding doses in a model reply: numbers (digits or words, six languages) + a unit or medicine + context.

The screen reasons about quantities rather than whole sentences: "twenty tablets", "2-3 Xanax", "15 mg/kg",
"dreimal täglich", "usual dose ... two", "bees goliyan". Context decides what a number is: "7 hours",
"988" and "5-4-3-2-1" have no dose unit, so they pass. A doctor named in the same sentence does not
excuse a number: an invented dose is just as wrong with "your doctor" next to it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from empathic.safety import output_lexicon as lx

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\ufeff\u00ad\u180e"))
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")


def normalise(text: str) -> str:
    """NFKC, no zero-width or soft-hyphen characters, casefolded, accents removed, one space."""
    t = unicodedata.normalize("NFKC", text or "").translate(_INVISIBLE)
    t = t.replace("\u2019", "'").replace("\u2018", "'").replace("\u2044", "/").replace("\u00b5", "\u03bc")
    t = _DASHES.sub("-", t.casefold())
    t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
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


def has(pattern: str, text: str) -> bool:
    return re.search(rf"(?<![\w']){pattern}(?![\w'])", text) is not None


_DIGITS = r"\d+(?:[.,/]\d+)?"
NUM = rf"(?:{_DIGITS}|{lx.NUM_WORDS}(?:-{lx.NUM_WORDS})*)"
_RANGE = r"(?:\s*(?:-|to|or|a|y|o|ou|bis|oder|ate|et|and)\s*)"
# Words allowed between a number and its unit: "20 of your sleeping pills", "dos pastillas", "half a tablet".
_FILL = lx.alt(
    "of", "your", "the", "those", "these", "my", "a", "an", "extra", "more", "whole", "small", "big", "little",
    "strong", "sleeping", "de", "del", "tus", "sus", "las", "los", "mas", "d'", "des", "du", "tes", "ses",
    "plus", "von", "deinen", "deiner", "deine", "den", "der", "mehr", "dos", "das", "da", "do", "seus", "suas",
    "teus", "tuas", "os", "as", "mais", "ki", "ka", "ke", "aur", "apni", "extra", "additional", "d'un", "d'une",
    "un", "une", "einfach", "just", "only", "solo", "juste", "nur", "so", "wali", "wale", lx.DRUGS,
)
_DOSE_TARGET = rf"(?:{lx.UNITS}|{lx.DRUGS}|{lx.DRUG_CLASSES})"
QTY_UNIT = re.compile(
    rf"(?<![\w.,/]){NUM}(?:{_RANGE}{NUM})?(?:\s*x)?(?:\s+{_FILL}){{0,3}}\s*{_DOSE_TARGET}(?![\w])"
    rf"|(?<![\w]){lx.QUANTIFIERS} (?:of )?(?:\w+ )?{_DOSE_TARGET}(?![\w])"
    rf"|(?<![\w])(?:{lx.NUM_WORDS_HI}|\d+)(?:-{lx.NUM_WORDS_HI})?(?: (?:aur|extra))? {lx.UNITS_HI}(?![\w])"
)
_NOT_A_DOSE_AFTER = re.compile(r"^\s*(?:of |de |d'|von |da |ka |ki )?(?:water|tea|agua|eau|wasser|agua|paani|chai)\b")

_NUM_ANY = rf"(?:{NUM}|una|uma|une|ein|einmal|zweimal|dreimal|viermal|\d+ ?mal|{lx.NUM_WORDS_HI})"
_NUMR = rf"(?:{_NUM_ANY}(?:{_RANGE}{_NUM_ANY})?)"
FREQUENCY = re.compile(
    rf"\b(?:(?:once|twice|thrice|{_NUMR} times?) (?:a|per|each|every) (?:day|night|week)"
    rf"|(?:once|twice|thrice|{_NUMR} times) daily|every {_NUMR} hours?|{_NUMR} (?:a|per) day"
    rf"|{_NUMR} veces? (?:al|por) dia|cada {_NUMR} horas|{_NUMR} (?:al|por) dia"
    rf"|{_NUMR} fois par jour|toutes les {_NUMR} heures|{_NUMR} par jour"
    rf"|(?:\w*mal|{_NUMR} mal) (?:am tag|taglich|pro tag)|alle {_NUMR} stunden|{_NUMR} pro tag"
    rf"|{_NUMR} vez(?:es)? (?:ao|por) dia|a cada {_NUMR} horas|de {_NUMR} em {_NUMR} horas"
    rf"|din (?:mein|me) {_NUMR} (?:baar|bar)|har {_NUMR} ghante|roz {_NUMR} (?:baar|bar))\b"
)
USUAL_AMOUNT = re.compile(
    r"\b(?:(?:usual|normal|typical|standard|recommended|regular|max|maximum|safe|starting|common|daily)"
    r" (?:dose|dosage|amount)|(?:dosis|dose|posologie|dosierung|menge|khurak) (?:\w+ )?(?:habitual|normale?|"
    r"maxima|maximale|recomendada|recommandee|segura|tipica|habituelle|usuelle)|(?:ubliche|normale|maximale|"
    r"empfohlene|sichere|typische|tagliche) (?:dosis|dosierung|menge)|(?:normal|aam|sahi) (?:dose|khurak))\b"
)
_LIMIT = re.compile(
    rf"\b(?:up to|no more than|not more than|at most|a maximum of|max(?:imum)?|hasta|no mas de|jusqu'a|"
    rf"pas plus de|bis zu|hochstens|nicht mehr als|no maximo|nao mais (?:de|que)|zyada se zyada) {NUM}\b"
)
_TAKE_NUM = re.compile(
    rf"\b(?:take|taking|have|try|pop|swallow|toma|tomate|tomar|tomes|prends|prenez|prendre|nimm|nehmen|"
    rf"tome|tomar|tomem) (?:about |around |like |just |only |maybe )?(?P<n>{NUM})(?! ?(?:{lx.HARMLESS_AFTER}|"
    rf"deep|slow|big|small|long|short|more minutes)\b)"
)
# A named medicine with a number close by, no unit: "your Seroquel, maybe 50 or 100". Numbers that
# someone is told to call ("call 988") are not doses.
_CALLED = re.compile(r"(?:call|text|dial|llama|llamar|appelle|appeler|ruf|anrufen|ligue|ligar|liga|disque|"
                     r"helpline|line|linea)(?: (?:the|al|a|le|la|die|o|para o|on))? $")
_NUM_NEAR = rf"(?<![\w.,/-])(?P<n>{NUM})(?![\w/-])"
_DRUG_NUMBER = (
    re.compile(rf"(?<![\w']){lx.DRUGS}(?![\w'])(?:[ ,]+[\w']+){{0,4}}?[ ,]+{_NUM_NEAR}"),
    re.compile(rf"{_NUM_NEAR}(?:[ ,]+[\w']+){{0,3}}?[ ,]+{lx.DRUGS}(?![\w'])"),
)
_HARMLESS_NEXT = re.compile(rf"^(?:{_RANGE}{NUM})?(?:-| )?(?:{lx.HARMLESS_AFTER}|deep|slow)\b")
MED_CONTEXT = rf"(?:{lx.DRUGS}|{lx.DRUG_CLASSES}|{lx.MED_WORDS})"


@dataclass(frozen=True)
class Finding:
    """One reason to block: `kind` says which rule, `category` which replacement, `span` what matched."""

    category: str
    kind: str
    span: str


METHOD, DOSING = "method_information", "medication_dosing"


def _quantity_findings(sentence: str) -> list[Finding]:
    found = []
    for m in QTY_UNIT.finditer(sentence):
        if _NOT_A_DOSE_AFTER.search(sentence[m.end() :]):
            continue
        # "I can't tell you whether 40 mg is safe": a refusal that quotes the user's number.
        if has(lx.REFUSAL, clause_before(sentence, m.start())):
            continue
        harmful = has(lx.HARM_LEVEL, sentence)
        found.append(Finding(METHOD if harmful else DOSING, "lethal_amount" if harmful else "dose", m.group(0)))
    return found


def _bare_number_findings(sentence: str) -> list[Finding]:
    """Numbers without a unit still dose when the sentence is about medicine: "take 2 a day"."""
    out = []
    # "take 1 to 2 every 4 hours" doses even without naming the medicine.
    if (f := FREQUENCY.search(sentence)) and _TAKE_NUM.search(sentence):
        out.append(Finding(DOSING, "take_with_frequency", f.group(0)))
    for rx, kind, context in ((_COUNT_OF_THEM, "count_of_them", _COUNT_CONTEXT), (_CRUSH, "crush", None)):
        m = rx.search(sentence)
        if m and (context is None or has(context, sentence)) and not has(lx.NEGATION, clause_before(sentence, m.start())):
            out.append(Finding(DOSING, kind, m.group(0)))
    if not has(MED_CONTEXT, sentence):
        return out
    for rx, kind in ((FREQUENCY, "frequency"), (_LIMIT, "limit")):
        m = rx.search(sentence)
        if m and not has(lx.REFUSAL, clause_before(sentence, m.start())):
            out.append(Finding(DOSING, kind, m.group(0)))
    m = USUAL_AMOUNT.search(sentence)
    if m and re.search(rf"(?<![\w]){NUM}(?![\w])", sentence[m.end() :]):
        out.append(Finding(DOSING, "usual_amount", m.group(0)))
    for rx in _DRUG_NUMBER:
        for m in rx.finditer(sentence):
            if _HARMLESS_NEXT.match(sentence[m.end("n") :]) or _CALLED.search(sentence[: m.start("n")]):
                continue
            if not has(lx.REFUSAL, clause_before(sentence, m.start())):
                out.append(Finding(DOSING, "drug_number", m.group(0)))
    for m in _TAKE_NUM.finditer(sentence):
        if not _HARMLESS_NEXT.match(sentence[m.end() :]) and not has(lx.REFUSAL, clause_before(sentence, m.start())):
            out.append(Finding(DOSING, "take_number", m.group(0)))
    return out


# "30 of those would do it": a count of something unnamed, with taking or lethality nearby.
_COUNT_OF_THEM = re.compile(
    rf"(?<![\w.,/]){NUM} (?:of (?:those|them|these|it)|de (?:ellas|ellos|esas|esos|eles|elas)|d'entre (?:eux|elles)|"
    rf"davon|von denen|delas|deles|unme se|inmein se)\b"
)
_COUNT_CONTEXT = lx.alt("take", "taking", "swallow", "would do it", "should do it", "enough", "do the job", "kill",
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


def _change_findings(sentence: str) -> list[Finding]:
    """Dose changes without a number are fine when negated or sent to a professional."""
    out = []
    for m in _CHANGE.finditer(sentence):
        before = clause_before(sentence, m.start())
        if has(lx.NEGATION, before) or has(_PROFESSIONAL, sentence):
            continue
        out.append(Finding(DOSING, "dose_change", m.group(0)))
    return out


def _substances(sentence: str) -> set[str]:
    found: set[str] = set()
    for pattern, label in ((lx.ALCOHOL, "alcohol"), (lx.RECREATIONAL, "recreational"), (lx.MED_WORDS, "medicine")):
        if has(pattern, sentence):
            found.add(label)
    for pattern in (lx.DRUGS, lx.DRUG_CLASSES):
        for m in re.finditer(rf"(?<![\w']){pattern}(?![\w'])", sentence):
            found.add("drug:" + m.group(0))
    return found


def _mixing_findings(sentence: str) -> list[Finding]:
    """Two substances together, unless the sentence warns against it (and gives no permission)."""
    labels = _substances(sentence)
    drugs = {x for x in labels if x.startswith("drug:")}
    # Alcohol or a street drug with anything else, or two named medicines ("tramadol with sertraline").
    if not ((labels & {"alcohol", "recreational"} and len(labels) >= 2) or len(drugs) >= 2):
        return []
    if not has(lx.COMBINE, sentence):
        return []
    permission = [m for m in re.finditer(rf"(?<![\w']){lx.PERMISSION}(?![\w'])", sentence)
                  if not has(r"(?:not|n't|no|nao|nicht|pas|nahi)", sentence[max(0, m.start() - 12) : m.start()])]
    if has(lx.WARNING, sentence) and not permission:
        return []
    return [Finding(DOSING, "mixing", ", ".join(sorted(labels)))]


def dose_findings(sentence: str) -> list[Finding]:
    """Every dosing/lethal-amount reason in one normalised sentence."""
    return (_quantity_findings(sentence) + _bare_number_findings(sentence) + _change_findings(sentence)
            + _mixing_findings(sentence))
