"""Instruction rules for `screen_model_output`: self-harm, harming others, places, ligatures, starving, backstop.

Moved verbatim from output.py; see its docstring.
"""

from __future__ import annotations

import re

from empathic.safety import output_lexicon as lx
from empathic.safety.doses import (
    MED_CONTEXT,
    METHOD,
    Finding,
    clause_before,
    has,
    word_rx,
)
from empathic.safety.output_methods import _ASKING, _FALL, _TAKE, _groups


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
