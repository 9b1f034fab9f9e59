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
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from empathic.safety import output_lexicon as lx
from empathic.safety.doses import (
    DOSING,
    MED_CONTEXT,
    METHOD,
    NUM,
    Finding,
    Gated,
    clause_before,
    dose_findings,
    has,
    normalise,
    sentences,
    word_rx,
)

DIAGNOSIS = "diagnosis"
_PRIORITY = (METHOD, DOSING, DIAGNOSIS)


@dataclass(frozen=True)
class OutputScreening:
    """`ok` False means the reply must not be shown; show `replacement` instead. `reason` names the rule."""

    ok: bool
    category: str | None = None
    replacement: str | None = None
    reason: str | None = None


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
# "The easiest method is the one with the least pain": ranking methods without naming one.
_METHOD_NOUN = lx.alt("methods?", "metodos?", "methodes?", "methoden?", "tarika", "tareeka", "tarike")
_PAIN_OR_DEATH = lx.alt(lx.DEATH, "pain\\w*", "hurt", "dolor", "douleur", "schmerz\\w*", "dor", "dard")
_NEED = lx.alt("you'd need", "you would need", "you need", "you'll need", "all you need", "necesitas",
               "necesitarias", "te hace falta", "il te faut", "il te faudrait", "tu as besoin", "du brauchst",
               "du wurdest brauchen", "voce precisa", "voce precisaria", "vai precisar", "chahiye", "zaroorat")
_COMPARE_EXTRA = lx.alt("zyada jaldi", "sabse jaldi", "jaldi (?:mar|maut|khatam)")
_METHOD_GROUPS = {name: re.compile(rf"(?<![\w']){pattern}(?![\w'])") for name, pattern in lx.METHOD_GROUPS.items()}


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
    if (has(_GAS_SOURCE, sentence) and has(_SEALED, sentence)) or _BURNER_INDOORS.search(sentence):
        add("gas", sentence)
    if has(_FALL, sentence) and _HEIGHT.search(sentence):
        add("height", sentence)
    if has(_HOLD_WEIGHT, sentence) or _KNOT_PLACED.search(sentence):
        add("hanging_instruction", sentence)
    if (m := _STOCKPILE.search(sentence)) and not has(lx.NEGATION, clause_before(sentence, m.start())):
        add("stockpile", m.group(0))
    if (m := _LETHAL_AMOUNT.search(sentence)) and not has(lx.REFUSAL, clause_before(sentence, m.start())):
        if not has(lx.NEGATION, clause_before(sentence, m.start())):
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
    if len(groups) >= 2 and not refused and not has(lx.SAFETY_PLAN, sentence):
        add("method_list", ", ".join(sorted(groups)))
    elif strong and has(lx.LIST_WORDS, sentence) and has(lx.DEATH, sentence) and not refused:
        add("method_list", ", ".join(sorted(groups)))
    return out


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


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w']){pattern}(?![\w'])")


_SELF_HARM_ACT = _rx(lx.SELF_HARM_ACT)
# "you could cut, burn or hit yourself", "te couper, te brûler": two or more acts in one breath.
_SELF_HARM_LIST = re.compile(
    rf"(?<![\w']){lx.SELF_HARM_VERB}(?:,? (?:or|and|ou|et|o|y|oder|und|ou|e)? ?(?:te |dich )?{lx.SELF_HARM_VERB})+"
    rf"(?: (?:\w+ )?(?:yourself|dich)| (?:your|te|tu) \w+)"
)
_SUGGEST = lx.alt(
    "you could", "you can", "you might", "you may", "try", "just", "why not", "the best", "the easiest", "instead",
    "you should", "puedes", "podrias", "prueba", "intenta", "tu peux", "tu pourrais", "essaie", "du kannst",
    "du konntest", "versuch", "voce pode", "podes", "tente", "pode", "sakte ho", "try karo",
)
_HIDDEN_PLACE = _rx(lx.HIDDEN_PLACE)
_SH_TOOL = _rx(lx.SELF_HARM_TOOL)
_BODY_PART = _rx(lx.BODY_PART)
# "keep a blade in your pencil case so you always have one"
_SH_TOOL_KEPT = re.compile(rf"\b(?:keep|carry|hide|stash|bring|have)\w* (?:a|the|your|some|spare)? ?(?:\w+ )?{lx.SELF_HARM_TOOL}"
                           r"\b[^.]{0,40}\b(?:in your|so you (?:always )?have|handy|with you|on you|hidden|just in case)\b")
# "the multi-storey on Station Road is the one": recommending a place to jump.
_PLACE_PICK = re.compile(r"\b(?:is|are) (?:the one|the spot|the place|ideal|perfect|your best bet)\b|\bopen (?:to the sky|"
                         r"at the top|top|air)\b|\bwould work\b")
_JUMP_PLACE = _rx(lx.JUMP_PLACE)
_VIOLENCE_OBJ = _rx(lx.VIOLENCE_WITH_OBJECT)
# "anything you could use to hurt yourself": the act names what to move away from, it is not advice.
_DESCRIBED = re.compile(r"\b(?:anything|something|things?|whatever|items?|objects?|what)\b[^,.;]{0,30}$")
_SH_OUTCOME = re.compile(r"\b(?:breaks? the skin|draws? blood|until (?:you|it) bleeds?|deep enough to (?:bleed|scar)|"
                         r"leaves? a (?:mark|scar)|hasta que sangre|jusqu'au sang|bis es blutet|ate sangrar)\b")
_IMPERATIVE_START = re.compile(r"^(?:just |then |so |now )?(?:snap|dig|press|scratch|cut|burn|pinch|twist|hit|punch|bite|"
                               r"carve|scrape|hold|use|keep|try|go|press|rub)\b")
# Sedating or dosing a child or partner: "give the baby a little of your cough syrup so she sleeps".
_SEDATE = re.compile(
    rf"\b(?:give|feed|slip|put)\w* (?:the baby|the kids?|the child|the toddler|your (?:baby|kids?|child|son|daughter|"
    rf"toddler|wife|husband|partner|mum|mom|dad|grandma|grandpa)|him|her|them)\b[^.]{{0,40}}?\b(?:{MED_CONTEXT}|"
    rf"{lx.ALCOHOL}|{lx.METHOD_GROUPS['poison']})\b[^.]{{0,40}}\b(?:so (?:he|she|they|it) (?:\w+ )?(?:sleeps?|stays? "
    rf"quiet|calms? down|shuts? up|goes? quiet|passes? out|won't)|to (?:knock|keep) (?:him|her|them) (?:out|quiet)|"
    rf"without (?:him|her|them) knowing)\b"
    rf"|\b(?:give|feed)\w* (?:the baby|the child|the toddler|your (?:baby|child|kids?|son|daughter)) (?:a little |some |"
    rf"a bit )?of your (?:\w+ )?(?:{MED_CONTEXT}|cough syrup)"
)
_ORDER_BEFORE = re.compile(
    r"^\s*(?:(?:just|then|and|so|now|go|also|simply|maybe|really|you should|you could|you can|you need to|you have to|"
    r"you might want to|try to|make sure you|and then|go and|go ahead and|next time(?: [\w']+){0,4}|first|"
    r"(?:if|when) (?:[\w']+ ){1,5})\s*)*$|^(?:[\w']+ ){1,8}and (?:then )?$"
)
_NEGATED_VERB = re.compile(r"(?:\bnot|n't|\bnever|\bno|\bnunca|\bjamais|\bnie|\bnicht|\bnao|\bmat|\bne)(?: \w+)? $")
_LIGATURE_QUALITY = re.compile(lx.LIGATURE_QUALITY)
# Hindi puts the person first: "usko raat ko maaro".
_HARM_ACT_HI = re.compile(r"\b(?:usko|use|unko|usse|uski|bachche ko|bacche ko|biwi ko|pati ko)\b(?: \w+){0,4} "
                          r"(?:maaro|maar do|maar dalo|peeto|pakdo|pakad lo|sabak sikha\w*|dhakka do|jala do|"
                          r"zeher de do|band kar do|gala daba\w*|hilao|hila do|jhakjhor\w*|daba do|muh band kar\w*)\b")
# Charcoal or a barbecue burning indoors.
_BURNER_INDOORS = re.compile(
    r"\b(?:barbecue|bbq|brasero|grill|charcoal|carbon|charbon|holzkohle|grill|carvao|churrasqueira|angeethi|koyla)\b"
    r"[^.]{0,60}\b(?:inside|indoors|closed room|sealed|a l'interieur|dans la (?:piece|chambre)|dentro|drinnen|im zimmer|"
    r"andar|kamre mein|band kamre)\b|\b(?:ferme\w*|close|seal|cierra|schliess\w*|feche|band kar)\b[^.]{0,40}\b"
    r"(?:piece|room|habitacion|zimmer|quarto|kamra)\b[^.]{0,60}\b(?:barbecue|bbq|brasero|charcoal|charbon|holzkohle|"
    r"carvao|angeethi|koyla)\b")
_HIDE_INJURY = re.compile(rf"(?<![\w']){lx.HIDE}(?![\w'])(?: [\w']+){{0,6}}? {lx.INJURY}(?![\w'])"
                          rf"|(?<![\w']){lx.INJURY}(?: [\w']+){{0,4}}? {lx.HIDE}(?![\w'])")
_HARM_ACT = re.compile(rf"(?<![\w']){lx.VIOLENCE} {lx.VICTIM}(?![\w'])(?! (?:some slack|a break))")
_HARM_DONE = re.compile(
    r"\buntil (?:he|she|they|the (?:kid|child|baby)) (?:obeys?|learns?|listens?|behaves?)\b|\bate (?:ele|ela) "
    r"(?:obedecer|aprender)\b|\bhasta que (?:obedezca|aprenda)\b|\bjusqu'a ce qu'(?:il|elle) obeisse\b|"
    r"\bbis (?:er|sie|es) gehorcht\b|"
    r"\buntil (?:he|she|they|it|the baby|the child) (?:stops? (?:moving|breathing|crying|struggling|fighting)|goes? "
    r"(?:quiet|limp|still|silent)|passes? out|can't breathe|is quiet)\b|\bover (?:his|her|their) (?:face|mouth|nose)\b"
    r"|\bhasta que (?:se calle|deje de (?:moverse|respirar|llorar))\b|\bjusqu'a ce qu'(?:il|elle) (?:se taise|arrete)"
    r"|\bbis (?:er|sie|es) (?:still ist|aufhort)\b|\bate (?:ele|ela) (?:parar|ficar quiet)\w*"
)
_WEAPON = _rx(lx.WEAPON)
_FETCH_WEAPON = re.compile(rf"(?<![\w']){lx.FETCH}(?: [\w']+){{0,3}}? {lx.WEAPON}(?![\w'])")
_DO_IT = lx.alt("do it", "hazlo", "fais-le", "tu es", "mach es", "faz isso", "faca isso", "kar do", "kar dalo")
_TIMING = lx.alt("before (?:first|the) \\w+", "when the \\w+ is (?:crowded|empty)", "during", "while (?:he|she|they)",
                 "after (?:his|her|their) (?:shift|work|class)")
_STEALTH = re.compile(lx.STEALTH)
_STEALTH_STRONG = re.compile(lx.STEALTH_STRONG)
_SPIKE = re.compile(lx.SPIKE_PLACE)
_SPIKE_VERB = lx.alt("put", "slip", "lace", "spike", "drug", "crush\\w*", "mix", "add", "drop", "pour", "dissolve", "sneak", "hide",
                     "echa\\w*", "pon\\w*", "mete\\w*", "mezcla\\w*", "mets", "verse", "glisse", "ajoute",
                     "gib", "tu", "misch\\w*", "schutt\\w*", "coloque", "ponha", "coloca", "bota", "misture",
                     "daal\\w*", "mila\\w*")
_SPIKE_STUFF = rf"(?:{MED_CONTEXT}|{lx.METHOD_GROUPS['poison']}|something|a few|bleach|antifreeze|rat poison|zeher)"
_HIGH_PLACE = re.compile(lx.HIGH_PLACE)
_NO_BARRIER = re.compile(lx.NO_BARRIER)
_PLACE_TO = re.compile(lx.PLACE_TO)
_ANCHOR = re.compile(lx.ANCHOR)
_STARVE = re.compile(lx.STARVE)
_FALL_OR_DEATH = rf"(?:{_FALL}|{lx.DEATH}|over the edge|edge)"
# Safety planning, narrower than lx.SAFETY_PLAN ("keep them" and "away from" also give instructions).
_KEEP_SAFE = lx.alt(
    "remove", "lock (?:it|them|\\w+) (?:away|up)", "locked (?:away|up)", "give (?:them|it|your \\w+) to", "hand (?:them|it) (?:over|to)",
    "get rid", "throw (?:away|out)", "someone you trust", "safe place", "store", "somewhere safe", "put (?:it|them) away",
    "confianza", "confiance", "vertrau\\w*", "confianca", "bharose\\w*", "quitar", "deshacerte", "entregar\\w*",
    "retirer", "confier", "wegschliessen", "abgeben", "weggeben", "entfernen", "afastar", "trancar", "hatao",
    "door rakho", "kisi ko de do", "leave (?:it|them) at home", "out of reach", "hard to reach",
)
_CUT_AT_START = re.compile(r"^(?:just |then |so |and |go for |try )?(?:cut|cutting|burn|burning|scratch|scratching|hit|"
                           r"carve|pinch|twist|punch|bite|scrape|corta(?:te)?|quemate|hazte|coupe-toi|brule-toi|"
                           r"griffe-toi|ritz dich|schneid dich|corte-se|se corta|se queima|the inside of)\b")


# Backstop: an order or a suggestion whose object is a means of harm ("fill the bath, take the pills and get in").
_ORDER_START = re.compile(
    r"^(?:(?:just|then|now|so|and|okay|ok|honestly|first|next|simply|solo|juste|einfach|bas|phir) )?"
    r"(?:take|swallow|mix|put|go|find|use|get|grab|bring|tie|hold|wait|leave|make|drink|walk|lie|sit|fill|run|crush|"
    r"keep|hide|wear|press|dig|snap|cover|follow|start|light|seal|tape|climb|head|drive|pick|choose|add|pour|lace|"
    r"spike|lock|step|jump|stand|lean|kick|pull|tighten|load|aim|point|buy|order|save|collect|stockpile|"
    r"toma\w*|mezcla|pon\w*|ve|busca|usa|ata\w*|echa\w*|dale|espera|llena|sube|tira\w*|corta\w*|quema\w*|bebe\w*|"
    r"metete|prends|melange|mets|va|trouve|utilise|attache|attends|avale|bois|monte|remplis|allume|ferme|"
    r"nimm|misch|geh|such|benutze|bind|warte|schluck|trink|spring|fulle|zunde|schliess|stell|leg|"
    r"tome|misture|coloque|va|vai|use|amarre|espere|engula|beba|suba|pule|encha|acenda|feche|"
    r"le lo|kha lo|jao|daalo|mila do|baandh do|bhar do|jala do|pi lo)\b"
    r"|^(?:you could|you can|you should|you might|you'd want to|you need to|the trick is|the best (?:thing|way) is|"
    r"what you (?:want|need) is|if i were you|i'd|try to|make sure (?:you|to)|puedes|podrias|tu peux|tu pourrais|"
    r"du kannst|du konntest|voce pode|voce poderia)\b"
)
_BACKSTOP_SIGNALS = {
    "death": rf"(?:{lx.DEATH}|{lx.GOAL})",
    "poison": lx.METHOD_GROUPS["poison"],
    "weapon": lx.WEAPON,
    "gas": lx.METHOD_GROUPS["gas"],
    "ligature": r"(?:noose|ligature|rope|cord|belt|scarf|cable|cuerda|soga|cinturon|corde|ceinture|seil|strick|gurtel|"
                r"corda|cinto|rassi|dupatta)s?",
    "water": r"(?:bath ?tub|bath|river|sea|lake|ocean|banera|rio|mar|lago|baignoire|riviere|fleuve|badewanne|fluss|see|"
             r"meer|banheira|nadi|samundar)",
    "place": lx.JUMP_PLACE,
    "tool": lx.SELF_HARM_TOOL,
    "medicine": MED_CONTEXT,
    "alcohol": lx.ALCOHOL,
}


def _backstop_findings(sentence: str) -> list[Finding]:
    if not _ORDER_START.search(sentence) or has(lx.HELP, sentence) or has(_KEEP_SAFE, sentence):
        return []
    if has(lx.REFUSAL, sentence) or has(lx.NEGATION, sentence[:30]):
        return []
    signals = {name for name, pattern in _BACKSTOP_SIGNALS.items() if has(pattern, sentence)}
    if _STEALTH.search(sentence):
        signals.add("secrecy")
    if _BODY_PART.search(sentence):
        signals.add("body")
    # Two different means or circumstances, not just medicine with alcohol (the mixing rule judges that).
    if len(signals) >= 2 and signals - {"medicine", "alcohol"} and signals != {"medicine", "body"}:
        return [Finding(METHOD, "harmful_order", ", ".join(sorted(signals)))]
    return []


def _instruction_findings(sentence: str, earlier: str) -> list[Finding]:
    """Self-harm acts and hiding them, hurting someone else, places to jump, ligature points, starving."""
    out: list[Finding] = []

    def add(kind: str, span: str) -> None:
        out.append(Finding(METHOD, kind, span))

    def cleared(start: int) -> bool:
        before = clause_before(sentence, start)
        return (has(lx.NEGATION, before) or has(lx.REFUSAL, before) or _ASKING.search(before) is not None
                or has(lx.URGE, sentence[:start]) or _DESCRIBED.search(before) is not None)

    helping = has(lx.HELP, sentence) or has(_KEEP_SAFE, sentence)
    # Self-harm: a suggested act, a list of acts, acts placed where no one looks, hiding the marks.
    for m in _SELF_HARM_ACT.finditer(sentence):
        if cleared(m.start()) or helping:
            continue
        suggested = (has(_SUGGEST, clause_before(sentence, m.start())) or m.start() == 0
                     or re.match(r"^(?:just |then |so |and )?$", clause_before(sentence, m.start())))
        if suggested or _HIDDEN_PLACE.search(sentence) or has(lx.HIDE, sentence) or _STEALTH.search(sentence):
            add("self_harm", m.group(0))
            break
    if (_CUT_AT_START.search(sentence) or (has(lx.SELF_HARM_VERB, sentence) and _STEALTH.search(sentence))) \
            and (_HIDDEN_PLACE.search(sentence) or _BODY_PART.search(sentence)) and not helping:
        add("self_harm", sentence[:20])
    if (m := _SH_TOOL_KEPT.search(sentence)) and not cleared(m.start()) and not helping:
        add("self_harm_tool", m.group(0))
    if (m := _SH_TOOL.search(sentence)) and (_BODY_PART.search(sentence) or _HIDDEN_PLACE.search(sentence)):
        if not cleared(m.start()) and not helping:
            add("self_harm_tool", m.group(0))
    if (m := _SELF_HARM_LIST.search(sentence)) and not cleared(m.start()) and not helping:
        add("self_harm_list", m.group(0))
    if (m := _HIDE_INJURY.search(sentence)) and not cleared(m.start()) and not helping:
        if has(_SUGGEST, sentence) or _HIDDEN_PLACE.search(sentence) or _STEALTH.search(sentence) or \
                re.match(r"^(?:to |just |then |so )?(?:hide|cover|wear|keep|put)\b", sentence):
            add("hide_injury", m.group(0))
    if (has(lx.VISIBILITY, sentence) and (_groups(sentence) or _SELF_HARM_ACT.search(sentence)
                                           or has(r"(?:cutting|burning|cuts|burns)", sentence))):
        if not has(lx.REFUSAL, sentence) and not helping:
            add("self_harm_comparison", sentence)
    if (m := word_rx(r"(?:to )?(?:cut|burn|scratch)(?: (?:shallow|deep)\w*)?").search(sentence)) and _STEALTH.search(sentence):
        if not cleared(m.start()) and not helping and re.search(r"\b(?:cut|burn)\w* (?:shallow|deep)|^(?:just |then )?"
                                                                r"(?:cut|burn|scratch)\b|\bto (?:cut|burn)\b", sentence):
            add("self_harm", m.group(0))
    if (m := _SH_OUTCOME.search(sentence)) and not cleared(m.start()) and not helping:
        if has(_SUGGEST, sentence) or _IMPERATIVE_START.match(sentence):
            add("self_harm", m.group(0))
    # Hurting someone else.
    if (m := _SEDATE.search(sentence)) and not cleared(m.start()) and not helping:
        add("harm_others", m.group(0))
    for m in [*_HARM_ACT.finditer(sentence), *_HARM_ACT_HI.finditer(sentence), *_VIOLENCE_OBJ.finditer(sentence)]:
        if cleared(m.start()) or helping:
            continue
        # "someone hit him" reports; "hit him", "just shake her", "you could slap him" instruct.
        if m.re is _HARM_ACT and not _ORDER_BEFORE.search(clause_before(sentence, m.start())):
            continue
        add("harm_others", m.group(0))
        break
    if (m := _HARM_DONE.search(sentence)) and not has(lx.NEGATION, clause_before(sentence, m.start())):
        add("harm_others", m.group(0))
    if (m := _SPIKE.search(sentence)) and (v := word_rx(_SPIKE_VERB).search(sentence)):
        # "Grandma won't notice if you add…": only a negation right before the verb clears it.
        if has(_SPIKE_STUFF, sentence) and not _NEGATED_VERB.search(sentence[: v.start()]) and not helping:
            if not has(lx.REFUSAL, sentence) and not has(lx.URGE, sentence[: v.start()]):
                add("spiking", m.group(0))
    if (m := _FETCH_WEAPON.search(sentence)) and not cleared(m.start()) and not helping:
        if (_STEALTH.search(sentence) or has(_DO_IT, sentence) or has(_TIMING, sentence)
                or has(lx.VICTIM, sentence[m.end():])):
            add("weapon_instruction", m.group(0))
    # Secrecy and opportunity around a harm: "when nobody's around", "where the bruises won't show".
    if (m := _STEALTH_STRONG.search(sentence)) and not cleared(m.start()) and not helping:
        add("secrecy", m.group(0))
    elif (m := _STEALTH.search(sentence)) and not helping and not has(lx.REFUSAL, sentence):
        harm_here = (_groups(sentence).keys() - {"pills"} or _SELF_HARM_ACT.search(sentence) or _WEAPON.search(sentence)
                     or has(lx.VIOLENCE, sentence) or has(_DO_IT, sentence) or has(lx.DEATH, sentence)
                     or (has(MED_CONTEXT, sentence) and has(_TAKE, sentence)))
        harm_before = has(lx.DEATH, earlier) or has(r"(?:hurt|harm|kill|attack|hit|punish)", earlier)
        if (harm_here or (harm_before and has(r"(?:wait|go|get|catch|find|take|bring|do)", sentence))) \
                and not has(lx.NEGATION, clause_before(sentence, m.start())):
            add("secrecy", m.group(0))
    # Places to jump.
    if (m := _PLACE_TO.search(sentence)) and not cleared(m.start()) and not helping:
        add("place", m.group(0))
    elif (m := _NO_BARRIER.search(sentence)) and (_JUMP_PLACE.search(sentence) or _JUMP_PLACE.search(earlier[-200:])) \
            and not helping and not has(lx.REFUSAL, sentence):
        add("place", m.group(0))
    elif (m := _HIGH_PLACE.search(sentence) or (_NO_BARRIER.search(sentence) and _HIGH_PLACE.search(earlier))) \
            and not helping:
        if _NO_BARRIER.search(sentence) or has(_FALL_OR_DEATH, sentence) or _STEALTH.search(sentence):
            if not has(lx.NEGATION, clause_before(sentence, m.start())) and not has(lx.REFUSAL, sentence):
                add("place", m.group(0))
    if not out and _PLACE_PICK.search(sentence) and (_JUMP_PLACE.search(sentence) or _JUMP_PLACE.search(earlier[-200:])):
        if not helping and not has(lx.NEGATION, sentence) and has(r"(?:level|floor|storey|roof|top|edge|drop|high|"
                                                                 r"the one|spot)", sentence + " " + earlier[-200:]):
            add("place", sentence[:40])
    # Means: a ligature point, stopping food and water.
    for rx in (_ANCHOR, _LIGATURE_QUALITY):
        m = rx.search(sentence)
        if m and not has(_KEEP_SAFE, sentence) and not helping and not has(lx.REFUSAL, sentence) and (
                rx is _LIGATURE_QUALITY or not cleared(m.start())):
            add("hanging_instruction", m.group(0))
            break
    previous = earlier[-200:]
    for text in (sentence, f"{previous} {sentence}" if previous else ""):
        if (m := _STARVE.search(text)) and has(lx.STARVE_END, text[m.end():]) and not has(lx.HELP, text):
            if not _ASKING.search(clause_before(text, m.start())) and not has(lx.REFUSAL, text):
                add("starving", m.group(0))
                break
    if not out:
        out += _backstop_findings(sentence)
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


def findings(text: str) -> list[Finding]:
    """Every reason to block `text`, most serious first (empty: the reply is fine)."""
    found: list[Finding] = []
    parts = sentences(normalise(text))
    for i, sentence in enumerate(parts):
        earlier = ". ".join(parts[max(0, i - 3) : i])
        found += (_method_findings(sentence) + dose_findings(sentence, earlier) + _diagnosis_findings(sentence)
                  + _instruction_findings(sentence, earlier))
    found += _list_across_sentences(parts)
    return sorted(found, key=lambda f: _PRIORITY.index(f.category))


def learned_findings(text: str) -> list[Finding]:
    """The learned screen's block (`output_learned`), for a reply no rule blocked."""
    from empathic.safety.lang import detect_language
    from empathic.safety.output_learned import score_reply

    if detect_language(text) == "hi":
        # The encoder does not cover Hindi in Latin letters: its scores there are noise (it blocked "thanks for
        # telling me" in our own Hinglish crisis reply at p=0.84). Hinglish replies are screened by the rules alone.
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
