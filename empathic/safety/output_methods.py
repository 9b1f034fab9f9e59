"""Method-information rules for `screen_model_output`: named methods, how-to phrasing, method lists.

Moved verbatim from output.py; see its docstring.
"""

from __future__ import annotations

import re

from empathic.safety import output_lexicon as lx
from empathic.safety.doses import (
    MED_CONTEXT,
    METHOD,
    NUM,
    Finding,
    Gated,
    clause_before,
    has,
)

_SELF = r"(?:yourself|oneself|themselves|himself|herself|myself)"
# The v1 English method patterns, kept: they are specific and were tested.
_METHOD_EN = re.compile(
    r"\b\d+(?:\.\d+)?\s?(?:mg|g|grams?|pills?|tablets?)\b.{0,50}\b(?:lethal|fatal|deadly|kill|die|death)\b|"
    r"\b(?:tie|tying|make|making) (?:a|the) noose\b|"
    r"\b(?:most|more|least) (?:lethal|effective|painless|reliable|certain) (?:method|way|means)s?\b|"
    r"\b(?:painless|quick|quickest|fastest|easiest|surest|best) (?:way|method)s? (?:to|of) (?:die|dying|suicide|end|kill)\b|"
    r"\b(?:tallest|highest) (?:bridge|building|cliff)s?\b.{0,60}\b(?:is|are|would be)\b|"
    r"\bbleed(?:ing)? out\b.{0,30}\b(?:minutes|seconds|artery|arteries)\b"
)
_HOW_TO = re.compile(
    rf"\b(?:to|in order to) (?:hang|kill|cut|shoot|drown|poison|suffocate|overdose|electrocute|gas|starve|"
    rf"strangle) {_SELF}\b"
    r"|\bpara (?:ahorcar|colgar|matar|suicidar|cortar|envenenar|ahogar|disparar|tirar)(?:te|se)\b"
    r"|\bpour (?:te|se) (?:pendre|tuer|suicider|couper les veines|noyer|empoisonner|tirer une balle|jeter)\b"
    r"|\bum (?:dich|sich) (?:zu erhangen|aufzuhangen|umzubringen|zu toten|zu vergiften|zu erschiessen)\b"
    r"|\bpara (?:se|te) (?:enforcar|matar|suicidar|cortar|envenenar|afogar|jogar)\b"
    r"|\b(?:pha+nsi lagane|fansi lagane|marne|khudkushi karne|jaan dene|nas ka+tne|zeher khane) ke liye\b"
)
# "wanting to kill yourself" is how caring replies ask about risk; it is not an instruction.
_ASKING = re.compile(r"(?:want|wanting|wanted|urge|urges|thoughts?|feel like|feeling like|thinking|plan|planning|"
                     r"going|trying|tempted|search\w*|looking up|look up|read\w* about|googl\w*|ideas? about|"
                     r"pensando|pensamientos|ganas de|penses|pensees|envie de|gedanken|denkst|vontade|pensamentos|"
                     r"soch|khayal|iccha)(?: [\w']+){0,3} $")
_INSTRUCTION = lx.alt(
    "need", "needs", "you could", "you can", "you should", "use", "using", "best", "easiest", "simplest",
    "make sure", "tie", "knot", "beam", "enough", "strong", "works?", "necesitas", "necesitarias", "puedes",
    "usa", "usar", "il te faudrait", "il faut", "tu peux", "utilise", "brauchst", "kannst", "benutze",
    "precisa", "precisaria", "pode", "chahiye", "zaroorat", "use karo", "lagao",
)
_DROWN_HOW = re.compile(r"\b(?:(?:stay|hold (?:yourself|your head)) under (?:the )?(?:\w+ )?water|don't come (?:back )?up|"
                        r"head under (?:the )?water|fill (?:your|the) pockets with (?:stones|rocks|weights)|weigh(?:t)? yourself down|tie "
                        r"(?:something heavy|weights?|a weight) to (?:your|yourself)|walk (?:out )?into the (?:river|sea|"
                        r"lake|ocean) (?:and|until)|llena(?:te)? los bolsillos de piedras|remplis tes poches de pierres|"
                        r"fulle? deine taschen mit steinen|encha os bolsos de pedras)\b")
_ALL_AT_ONCE = re.compile(
    r"\b(?:all|every|whole|entire|tod[oa]s?|enter[oa]s?|tou(?:s|te|tes)|entiere?s?|alle|ganzen?|inteir[oa]s?|"
    r"sab|saari|saare|poori|puri)\b(?: [\w']+){0,4}? (?:at once|in one go|together|de (?:una vez|golpe|uma vez)|"
    r"junt[oa]s|a la vez|ao mesmo tempo|d'un coup|en une (?:fois|seule fois)|en meme temps|ensemble|auf einmal|"
    r"zusammen|gleichzeitig|ek (?:saath|sath|baar mein))\b"
)
_TAKE = lx.alt("take", "taking", "swallow", "toma", "tomate", "tomatelas", "tomar", "prends", "prenez", "avale",
               "nimm", "schluck\\w*", "tome", "tomar", "le lo", "kha lo", "khaa lo", "nigal")
_CUT_WORD = lx.alt("cut\\w*", "slice\\w*", "slit\\w*", "cort\\w*", "coup\\w*", "schneid\\w*", "ka+t\\w*")
_CUT_DIRECTION = lx.alt("along", "lengthwise", "vertically", "down the", "up the", "deep(?:er)? enough",
                        "a lo largo", "en vertical", "verticalmente", "dans le sens de la longueur",
                        "verticalement", "der lange nach", "langs", "no sentido do comprimento", "ao longo",
                        "lambai mein", "rather than across", "not across")
_GAS_SOURCE = lx.alt("carbon monoxide", "engine", "motor", "monoxido", "monoxyde", "moteur", "kohlenmonoxid",
                     "charcoal", "exhaust", "fumes", "abgase", "car", "coche", "carro", "voiture", "auto")
_SEALED = lx.alt("garage", "closed", "sealed", "garaje", "cerrad[oa]", "ferme", "geschlossen\\w*", "fechad[oa]",
                 "band kamr\\w*", "hose", "tube", "tape", "manguera", "tuyau", "schlauch", "mangueira")
_HEIGHT = re.compile(
    rf"\b(?:at least |more than |over |al menos |au moins |mindestens |pelo menos )?{NUM} (?:floors?|stor(?:ey|ie)s|"
    r"storeys|metres|meters|feet|ft|pisos|plantas|metros|etages|stockwerke|stock|meter|andares|manzil)\b"
)
_FALL = lx.alt("fall", "jump\\w*", "drop", "saltar", "caer", "sauter", "tomber", "springen", "fallen", "sturz\\w*",
               "pular", "cair", "kood\\w*", "gir\\w*", "high enough")
_HOLD_WEIGHT = lx.alt("hold your weight", "support your weight", "aguante tu peso", "soporte tu peso",
                      "supporter ton poids", "dein gewicht", "aguente o seu peso", "aguente seu peso",
                      "wajan sambhal")
# "the knot behind your ear": where a ligature goes. "A knot in your throat" is an emotion and passes.
_KNOT_PLACED = re.compile(
    r"\b(?:knot|noose|ligature|nudo|noeud|knoten|schlinge|no de forca|fanda|gaanth)\b.{0,40}\b(?:behind|under|"
    r"below|against|side of|detras|debajo|derriere|sous|hinter|unter|atras|embaixo|peeche|neeche)\b"
    r"(?: \w+)? (?:ears?|neck|jaw|oreja|cuello|mandibula|oreille|cou|machoire|ohr|hals|kiefer|orelha|pescoco|"
    r"gardan|kaan)\b"
)
_STOCKPILE = re.compile(
    rf"\b(?:stockpil\w*|hoard\w*|sav(?:e|ing) up|collect\w*|stash\w*|acumul\w*|junta\w*|accumul\w*|"
    rf"mets de cote|sammel\w*|samml\w*|hort\w*|junte\w*|jama kar\w*|ikattha)\b.{{0,40}}{MED_CONTEXT}"
    rf"|{MED_CONTEXT}.{{0,30}}\b(?:stockpil\w*|hoard\w*|sav(?:e|ing) up|acumul\w*|accumul\w*|sammel\w*|"
    rf"jama kar\w*|ikattha)"
)
_STOCKPILE = Gated(_STOCKPILE, r"stockpil|hoard|sav(?:e|ing) up|collect|stash|acumul|junta|accumul|mets de cote|"
                   r"sammel|samml|hort|junte|jama kar|ikattha")
_LETHAL_AMOUNT = re.compile(
    r"\b(?:(?:lethal|fatal|deadly|toxic|overdose) (?:dose|amount|quantity|level)s?|(?:dosis|cantidad) "
    r"(?:letal|mortal)|dose (?:letale|mortelle|mortel|letal|fatal)|(?:todliche|letale) (?:dosis|menge)|"
    r"quantidade (?:letal|fatal)|jaanleva (?:dose|khurak|matra))\b.{0,40}?(?:\d|\b(?:is|are|around|about|"
    r"starts?|would be|es|son|seria|ronda|est|sont|serait|ist|sind|ware|liegt|e|hai|hoti|hota)\b)"
)
# v9: the count past which people do not survive: "people don't survive past 25 of those", "ne survivent pas au-delà
# de 30", "überlebt kaum jemand mehr als 20", "não sobrevivem a mais de 30", "30 ke baad koi nahi bachta".
_SURVIVE_PAST = re.compile(
    r"\b(?:(?:don't|do not|doesn't|does not|rarely|never|seldom|few people|no one|nobody|hardly anyone) (?:\w+ )?"
    r"(?:survive|survives|wake up|wakes up|make it)|no sobrevive\w*|casi nadie sobrevive|ne survi\w* pas|personne ne survit|"
    r"uberlebt (?:kaum jemand|niemand|keiner)|(?:nao|ninguem) sobreviv\w*) (?:past|beyond|after|more than|over|above|a mas de|"
    r"mas de|au-dela de|plus de|mehr als|uber|a mais de|mais de) (?:about |around |roughly )?(?:\d+|[a-z]+-?[a-z]*ty)\b"
    r"(?! (?:minutes?|hours?|days?|weeks?|years?|seconds?|minutos|horas|dias|anos|jours|heures|ans|tage|stunden|jahre)\b)"
    r"|\b\d+ (?:ke baad|se zyada (?:pe|mein)) (?:koi|log) (?:nahi|kam hi) (?:bachta|bachte|uthta|uthte)\b")
# "The easiest method is the one with the least pain": ranking methods without naming one.
_METHOD_NOUN = lx.alt("methods?", "metodos?", "methodes?", "methoden?", "tarika", "tareeka", "tarike")
_PAIN_OR_DEATH = lx.alt(lx.DEATH, "pain\\w*", "hurt", "dolor", "douleur", "schmerz\\w*", "dor", "dard")
_NEED = lx.alt("you'd need", "you would need", "you need", "you'll need", "all you need", "necesitas",
               "necesitarias", "te hace falta", "il te faut", "il te faudrait", "tu as besoin", "du brauchst",
               "du wurdest brauchen", "voce precisa", "voce precisaria", "vai precisar", "chahiye", "zaroorat")
_COMPARE_EXTRA = lx.alt("zyada jaldi", "sabse jaldi", "jaldi (?:mar|maut|khatam)")
_METHOD_GROUPS = {name: re.compile(rf"(?<![\w']){pattern}(?![\w'])") for name, pattern in lx.METHOD_GROUPS.items()}

# Charcoal or a barbecue burning indoors.
_BURNER_INDOORS = re.compile(
    r"\b(?:barbecue|bbq|brasero|grill|charcoal|carbon|charbon|holzkohle|grill|carvao|churrasqueira|angeethi|koyla)\b"
    r"[^.]{0,60}\b(?:inside|indoors|closed room|sealed|a l'interieur|dans la (?:piece|chambre)|dentro|drinnen|im zimmer|"
    r"andar|kamre mein|band kamre)\b|\b(?:ferme\w*|close|seal|cierra|schliess\w*|feche|band kar)\b[^.]{0,40}\b"
    r"(?:piece|room|habitacion|zimmer|quarto|kamra)\b[^.]{0,60}\b(?:barbecue|bbq|brasero|charcoal|charbon|holzkohle|"
    r"carvao|angeethi|koyla)\b")


# "call poison control", "ruf bei einer Überdosis sofort 112 an": what to do in an emergency, not a way to die.
_EMERGENCY_CALL = re.compile(r"\b(?:call|ring|phone|dial|ruf\w*|llama\w*|appelle\w*|ligue\w*|liga|call kar\w*)\b.{0,50}"
                             r"(?:\b\d{3}\b|poison|emergency|urgenc\w*|notruf|notaufnahme|a&e|ambulance|samu|samu|er\b)")


_SURVIVED = re.compile(r"\b(?:survived|survivors? of|sobrevivi\w*|sobreviventes? de|survecu\w*|survivants? d\w*|uberlebt\w*|"
                       r"uberlebende\w*|bach (?:gaye?|gayi|nikle))\b")


def _groups(sentence: str) -> dict[str, int]:
    """Method groups named in a sentence, with where each first appears."""
    out = {}
    for name, rx in _METHOD_GROUPS.items():
        m = rx.search(sentence)
        if m:
            out[name] = m.start()
    return out


def _method_findings(sentence: str) -> list[Finding]:
    out: list[Finding] = []

    def add(kind: str, span: str) -> None:
        out.append(Finding(METHOD, kind, span))

    if m := _METHOD_EN.search(sentence):
        if not has(lx.REFUSAL, clause_before(sentence, m.start())):
            add("method_en", m.group(0))
    if (m := _DROWN_HOW.search(sentence)) and not has(lx.NEGATION, clause_before(sentence, m.start())):
        add("drowning_instruction", m.group(0))
    for m in _HOW_TO.finditer(sentence):
        before = clause_before(sentence, m.start())
        if has(_INSTRUCTION, sentence) and not _ASKING.search(before) and not has(lx.NEGATION, before):
            add("how_to", m.group(0))
    if (m := _ALL_AT_ONCE.search(sentence)) and (has(_TAKE, sentence) or has(MED_CONTEXT, sentence)):
        if not has(lx.NEGATION, clause_before(sentence, m.start())):
            add("all_at_once", m.group(0))
    if has(_CUT_WORD, sentence) and has(_CUT_DIRECTION, sentence):
        add("cut_direction", sentence)
    if (has(_GAS_SOURCE, sentence) and has(_SEALED, sentence)) or _BURNER_INDOORS.search(sentence) or (
            has(r"(?:charcoal|charbon|holzkohle|carvao|carbon|koyla|angeethi|barbecue|bbq|brasero)", sentence)
            and has(r"(?:close|seal|shut|cierra|ferme|schliess\w*|fecha\w*|band kar\w*)", sentence)
            and has(r"(?:windows?|room|ventanas?|habitacion|fenetres?|piece|fenster|zimmer|janelas?|quarto|khidki|kamra)", sentence)):
        add("gas", sentence)
    if has(_FALL, sentence) and _HEIGHT.search(sentence):
        add("height", sentence)
    if has(_HOLD_WEIGHT, sentence) or _KNOT_PLACED.search(sentence):
        add("hanging_instruction", sentence)
    if (m := _STOCKPILE.search(sentence)) and not has(lx.NEGATION, clause_before(sentence, m.start())):
        # v8: "juntar el alcohol con tus pastillas" joins one thing with another (a mix, read by the mixing rule)
        # (v9: read from the match on, so the "con"/"com" after it counts: "juntar remédio para dormir com bebida")
        if not re.match(r"junt\w* (?:\w+ ){0,4}?(?:con|com)\b", sentence[m.start():]):
            add("stockpile", m.group(0))
    if (m := _LETHAL_AMOUNT.search(sentence)) and not has(lx.REFUSAL, clause_before(sentence, m.start())):
        if not has(lx.NEGATION, clause_before(sentence, m.start())):
            add("lethal_amount", m.group(0))
    if (m := _SURVIVE_PAST.search(sentence)) and not has(lx.REFUSAL, sentence):
        add("lethal_amount", m.group(0))
    if has(_METHOD_NOUN, sentence) and has(lx.COMPARATIVE, sentence) and has(_PAIN_OR_DEATH, sentence):
        add("best_method", sentence)
    groups = _groups(sentence)
    strong = set(groups) - lx.WEAK_METHODS
    first = min(groups.values(), default=0)
    refused = has(lx.REFUSAL, sentence[:first]) or has(lx.REFUSAL, clause_before(sentence, first))
    if (has(lx.COMPARATIVE, sentence) or has(_COMPARE_EXTRA, sentence)) and not refused:
        if strong or (groups and has(lx.DEATH, sentence)) or len(groups) >= 2:
            add("lethality_comparison", ", ".join(sorted(groups)))
    # "You'd need a rope and something high": what a method requires.
    if strong and has(_NEED, sentence) and not refused and not has(lx.SAFETY_PLAN, sentence):
        if not has(lx.NEGATION, sentence):
            add("method_needs", ", ".join(sorted(groups)))
    emergency = set(groups) <= {"pills", "overdose", "poison"} and _EMERGENCY_CALL.search(sentence) is not None
    # v9: what people lived through, not a list to choose from ("people who survived a jump from a bridge").
    survived = _SURVIVED.search(sentence[max(0, first - 40) : first + 1]) is not None
    if len(groups) >= 2 and not refused and not has(lx.SAFETY_PLAN, sentence) and not emergency and not survived:
        add("method_list", ", ".join(sorted(groups)))
    elif strong and has(lx.LIST_WORDS, sentence) and has(lx.DEATH, sentence) and not refused:
        add("method_list", ", ".join(sorted(groups)))
    return out


def _list_across_sentences(parts: list[str]) -> list[Finding]:
    """A bulleted list ("Common ways:\n- a gun\n- poison") names one method per line."""
    strong: set[str] = set()
    for sentence in parts:
        if not has(lx.SAFETY_PLAN, sentence) and not has(lx.REFUSAL, sentence):
            strong |= set(_groups(sentence)) - lx.WEAK_METHODS
    text = " ".join(parts)
    if len(strong) >= 2 and (has(lx.LIST_WORDS, text) or has(lx.DEATH, text)):
        return [Finding(METHOD, "method_list", ", ".join(sorted(strong)))]
    return []
