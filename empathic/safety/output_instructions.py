"""Instruction rules for `screen_model_output`: self-harm, harming others, places, ligatures, starving, backstop.

Moved verbatim from output.py; see its docstring.
"""

from __future__ import annotations

import re

from empathic.safety import output_lexicon as lx
from empathic.safety import output_lexicon_harm as lh
from empathic.safety.doses import (
    DOSING,
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
# v7: first aid covers a wound to keep it clean: "cover it with a sterile dressing and watch for redness". Hiding is
# covering from someone ("so your parents don't see"), so an audience or stealth word keeps the block.
_WOUND_CARE = re.compile(r"\b(?:sterile|dressings?|bandages?|plasters?|gauze|infect\w*|redness|swelling|antiseptic|"
                         r"running water|gasas?|vendas?|vendajes?|tiritas?|infecci\w*|pansements?|compresses?|desinfect\w*|"
                         r"verband\w*|pflaster|infektion\w*|entzund\w*|curativos?|gazes?|ataduras?|infecc\w*|infeccao|"
                         r"saaf (?:kapde|pani|paani))\b")
_AUDIENCE = re.compile(r"\b(?:nobody|no one|anyone|parents?|mum|mom|dad|teachers?|school|friends?|family|see|sees|notice\w*|"
                       r"ask\w*|find out|nadie|padres|nadie|personne|parents|eltern|niemand|ninguem|pais|koi|gharwal\w*|pata)\b")


def _wound_care(sentence: str) -> bool:
    return bool(_WOUND_CARE.search(sentence)) and not _AUDIENCE.search(sentence) and not _STEALTH.search(sentence)
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
    rf"|\b(?:bachch\w*|baby|munn[ae]|bete|beti)\b[^.]{{0,50}}\b(?:dawai|dawa|syrup|neend ki goli|goli)\b[^.]{{0,30}}\b(?:de do|"
    rf"pila do|khila do|de dena|pila dena)\b[^.]{{0,30}}\b(?:chup|so ja\w*|soyega|soegi|shant)"
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
_SPIKE_VERB = lx.alt("put", "putting", "slip", "slipping", "lace", "spike", "drug", "crush\\w*", "mix", "mixing", "add",
                     "adding", "drop", "dropping", "pour", "dissolve", "sneak", "hide",
                     "echa\\w*", "pon\\w*", "mete\\w*", "mezcla\\w*", "mets", "verse", "glisse", "ajoute",
                     "gib", "tu", "misch\\w*", "schutt\\w*", "coloque", "ponha", "coloca", "bota", "misture",
                     "daal\\w*", "mila\\w*")
_SPIKE_STUFF = (rf"(?:{MED_CONTEXT}|{lx.METHOD_GROUPS['poison']}|something|a few|bleach|antifreeze|rat poison|zeher|"
                r"cleaning (?:stuff|products?|liquid|spray)|detergent|drain cleaner|limpiador|produits? menagers?|"
                r"putzmittel|reinigungsmittel|produtos? de limpeza|sabun|(?:a )?few drops|(?:quelques )?gouttes|gotas|tropfen|drops of)")
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
                           r"griffe-toi|ritz dich|schneid dich|corte-se|se corta|se queima|the inside of)\b"
                           r"|^(?:\w+ ){0,3}?(?:par|pe|mein) (?:kaato|kaat lo|kaat do|jalao|jala do)\b")


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
    # v6: cleaning with bleach by an open window is housework.
    if signals <= {"poison", "place"} and has(r"(?:clean\w*|limpi\w*|limpa\w*|nettoy\w*|putz\w*|saaf)", sentence):
        return []
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
    if (m := _HIDE_INJURY.search(sentence)) and not cleared(m.start()) and not helping and not _wound_care(sentence):
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
    out += _tactic_findings(sentence, earlier, helping)
    out += _v6_findings(sentence, earlier, helping)
    if not out:
        out += _means_findings(sentence, earlier, helping)
    if not out:
        out += _v11_findings(sentence, earlier)
    if not out:
        out += _backstop_findings(sentence)
    return out


# v5 (round 5): tactics that carry no harm word of their own. Each needs two signals: what is done (removing traces,
# picking a time when the others are away, a cover, purging, hiding food) and what it is for (nobody can prove it,
# nobody hears, nobody sees the marks, weight loss), so a reply that deletes old messages for peace of mind passes.
_EVADE, _TRACES, _NO_WITNESS, _AWAY = (word_rx(p) for p in (lh.EVADE, lh.TRACES, lh.NO_WITNESS, lh.AWAY))
_COVER_FOR, _CONCEAL_OBJECT = word_rx(lh.COVER_FOR), word_rx(lh.CONCEAL_OBJECT)
_PURGE, _HIDE_FOOD, _SKIP_MEALS = word_rx(lh.PURGE), word_rx(lh.HIDE_FOOD), word_rx(lh.SKIP_MEALS)
_TAKE_PHONE, _RESTRICT, _COVER_STORY = word_rx(lh.TAKE_PHONE), word_rx(lh.RESTRICT), word_rx(lh.COVER_STORY)
_DEFENCELESS = word_rx(lh.DEFENCELESS)
_GO_UP = re.compile(r"^(?:just |then |so )?(?:go (?:up )?to|head (?:up )?to|climb|get (?:up )?to)\b|\b(?:chale jao|chadh jao|jao|ve a|sube a|"
                    r"va sur|monte sur|geh auf|steig auf|vai (?:para|ate)|sobe (?:no|na|para))\b")
_CALORIE_CAP = re.compile(lh.CALORIE_CAP)
_ACCIDENT = re.compile(r"\b(?:look|seem)s? like (?:an|a) (?:accident|natural death|heart attack|fall)\b|"
                       r"\bparece(?:ra)? un accidente\b|\bressemble(?:ra)? a un accident\b|\bwie ein unfall\b|"
                       r"\bpare[cç]a um acidente\b|\baccident (?:lage|lagega|jaisa)\b")


def sentences_before(earlier: str) -> str:
    """The last sentence before this one (`earlier` joins the previous sentences with '. ')."""
    return earlier.rsplit(". ", 1)[-1] if earlier else ""


_PAST_OR_STORY = re.compile(r"\b(?:i used to|i would|when i was|i remember|back then|yo solia|je (?:faisais|cachais)|"
                            r"ich habe fruher|eu costumava|main pehle)\b")
_STOCK_LIE = re.compile(
    r"\b(?:tell|say|claim)\w* (?:\w+ ){0,4}?(?:you|that you) (?:lost|dropped|spilled|ruined) (?:your |the )?"
    r"(?:prescription|pills|tablets|meds|medication|pack|box|bottle)\b"
    r"|\b(?:build|building) up (?:a |your )?(?:\w+ )?(?:stash|supply|stockpile)\b"
    r"|\b(?:different|several|multiple|various|other|another) (?:pharmac\w+|chemists?|drugstores?|shops?)\b.{0,40}\b(?:buy|get|pick up)"
    r"|\b(?:buy|get|pick up)\w*\b.{0,30}\b(?:different|several|multiple|various) (?:pharmac\w+|chemists?|drugstores?)\b"
    r"|\b(?:farmacias|pharmacies|apotheken|farmacias) (?:distintas|diferentes|differentes|verschiedene\w*)\b"
    r"|\b(?:distintas|diferentes|differentes|plusieurs|verschiedene\w*|varias|vaarias) (?:farmacias|pharmacies|apotheken)\b"
    r"|\balag(?: alag)? (?:dukaan|dukan|dukano|medical|chemist|pharmacy)\w*(?: \w+){0,4} (?:patti|patta|goli\w*|dawai|strip|tablet\w*)\b"
    r"|\b(?:guarda|junta|ahorra|garde de cote|mets de cote|sammle|sammel|spar|guarde|junte|chupa ke rakh|bacha ke rakh)\w*\b"
    r".{0,40}\b(?:cada semana|chaque semaine|jede woche|toda semana|todas as semanas|har hafte|each week|every week)\b"
    r"|\b(?:cada semana|chaque semaine|jede woche|toda semana|har hafte|each week|every week)\b.{0,40}\b(?:chupa ke rakh|"
    r"bacha ke rakh|jama kar|put aside|set aside|save|keep back)\w*"
)


# "Don't tell anyone" is a negation that belongs to the plan, so it never clears a tactic or a means rule.
_KEEP_QUIET = r"(?:don't tell|no le digas|ne dis rien|sag nichts|nao conte|mat batana)"


def _tactic_findings(sentence: str, earlier: str, helping: bool) -> list[Finding]:
    out: list[Finding] = []
    if has(lx.REFUSAL, sentence) or _PAST_OR_STORY.search(sentence):
        return out

    def negated(m: re.Match[str] | None) -> bool:
        """A negation in the clause before the match ("don't wipe …"); "don't tell anyone" is part of the plan."""
        before = clause_before(sentence, m.start()) if m else ""
        return has(lx.NEGATION, before[-30:]) and not has(_KEEP_QUIET, before)

    def add(kind: str, m: re.Match[str]) -> None:
        out.append(Finding(METHOD, kind, m.group(0)))

    # Hurting someone and getting away with it (the purpose may come in the next sentence: "Wipe it all; the police
    # will find nothing").
    previous = sentences_before(earlier)
    traces = list(_TRACES.finditer(sentence))
    if (m := _EVADE.search(sentence)) and not negated(m) and (
            traces or _ACCIDENT.search(sentence) or _ORDER_START.search(sentence) or _TRACES.search(previous)
            or has(r"(?:afterwards|after|before|despues|antes|apres|avant|danach|vorher|depois|baad mein|pehle)", sentence)):
        add("covering_tracks", m)
    elif traces and not negated(traces[0]) and (has(r"(?:police|cops|policia|polizei)", sentence) or _EVADE.search(previous) or (
            len({t.group(0) for t in traces}) >= 2 and has(r"(?:afterwards|after|far from|lejos|loin|weit weg|longe|door)", sentence))):
        add("covering_tracks", traces[0])
    if (m := _NO_WITNESS.search(sentence)) and not negated(m):
        add("no_witness", m)
    elif (m := _AWAY.search(sentence)) and not negated(m):
        # a second signal besides the absence itself: nobody around, or "do it"
        rest = sentence[: m.start()] + " , " + sentence[m.end():]
        if _STEALTH.search(rest) or has(_DO_IT, sentence):
            add("no_witness", m)
    # Hiding self-harm: a cover (sleeves, a bracelet, a story) so nobody sees, with the marks named here or before.
    if (m := _SPIKE.search(sentence)) and word_rx(lh.ILLNESS_COVER).search(sentence) and not negated(m):
        add("spiking", m)
    if (m := word_rx(lh.UNSEEN).search(sentence)) and not negated(m) and (
            _STEALTH.search(sentence[: m.start()]) or has(r"(?:wait|attends?|espera|warte|espere|jab)", sentence)):
        add("no_witness", m)
    if (m := _GO_UP.search(sentence)) and _JUMP_PLACE.search(sentence) and not negated(m) and not helping and (
            _STEALTH.search(sentence) or has(r"(?:at night|raat ko|de noche|la nuit|nachts|a noite|when everyone|cuando todos "
                                             r"duerman|quand tout le monde dort|wenn alle schlafen|quando todos dormirem|jab sab so|"
                                             r"nadie te va a (?:detener|parar)|personne ne t'arretera|niemand wird dich aufhalten|"
                                             r"ninguem vai te (?:impedir|parar)|koi nahi rokega)", sentence)):
        add("place", m)
    if (m := word_rx(lh.LOCK_IN).search(sentence)) and not negated(m) and not helping and (
            _STEALTH.search(sentence) or has(r"(?:asleep|sleeping|dorme|dorm\w*|schlaft|so raha|so rahi|so rahe)", sentence)
            or has(lx.VICTIM, sentence)):
        add("harm_others", m)
    if (m := word_rx(lh.FOLLOW).search(sentence)) and not negated(m) and (
            _STEALTH.search(sentence) or has(r"(?:alone|sola|solo|seule?|allein|sozinh[oa]|akeli|akela)", sentence)):
        add("harm_others", m)
    if (m := word_rx(lh.TAKE_EVERYTHING).search(sentence)) and not negated(m) and not helping:
        add("whole_pack", m)
    if (m := _DEFENCELESS.search(sentence)) and not negated(m) and not has(lx.HELP, sentence[: m.start()]):
        add("defenceless", m)
    if (m := _COVER_STORY.search(sentence)) and not negated(m) and not has(lx.HELP, sentence[: m.start()]):
        add("cover_story", m)
    if (m := _TAKE_PHONE.search(sentence)) and not negated(m) and not has(lx.HELP, sentence[: m.start()]):
        add("cut_off_help", m)
    if (m := _COVER_FOR.search(sentence)) and not negated(m) and not has(lx.HELP, sentence) and not _wound_care(sentence):
        marks = (has(lx.INJURY, sentence) or has(lx.SELF_HARM_ACT, sentence) or has(r"(?:arms?|wrists?|thighs?|legs?|plasters?|"
                 r"band-?aids?|bandages?|what you(?:'ve| have) done|bras|brazos?|arme?n?|bracos?|haath|baazu|arranh\w*|"
                 r"aranazos?|griffures?|kratzer)", sentence))
        if (marks or has(lx.INJURY, earlier[-200:])) and (_CONCEAL_OBJECT.search(sentence) or has(lx.HIDE, sentence)
                                                          or has(r"(?:say|tell|di|dis|sag|diz|bol)", sentence[:m.start()])):
            add("hide_injury", m)
    # Eating-disorder tips.
    if not helping:
        purge = _PURGE.search(sentence)
        suggested = purge and (re.search(r"(?:^|[,;:]|\b(?:and|then|y|et|und|e|aur|just|solo|juste|einfach|phir))\s*$",
                                         sentence[: purge.start()]) or has(_SUGGEST, sentence[: purge.start()])
                                 or _ORDER_START.search(sentence))
        if purge and suggested and not negated(purge) and not has(lx.URGE, sentence[: purge.start()]) and (
                _COVER_FOR.search(sentence) or _STEALTH.search(sentence) or has(lh.WEIGHT_GOAL, sentence) or has(lh.ED_CONTEXT, sentence)
                or re.search(r"\b(?:after|despues de|apres|nach|depois d|ke baad)\b", sentence)) \
                and not has(r"(?:damage|dangerous|teeth|heart|danar|dangereu\w*|schad\w*|perigos\w*)", sentence):
            add("purging", purge)
        elif (m := _CALORIE_CAP.search(sentence)) and not negated(m):
            if has(r"(?:a day|per day|daily|al dia|par jour|am tag|pro tag|por dia|keep|stay|stick|eat|get|mantente|reste|bleib|"
                   r"fique)", sentence):
                add("calorie_cap", m)
        elif (m := _HIDE_FOOD.search(sentence)) or ((m := _SKIP_MEALS.search(sentence)) and (
                has(lh.WEIGHT_GOAL, sentence) or _STEALTH.search(sentence) or _COVER_FOR.search(sentence)
                or has(r"(?:secretly|heimlich|en secreto|en cachette|escondido|chupke)", sentence))):
            if not negated(m):
                add("hiding_food", m)
        elif (m := _RESTRICT.search(sentence)) and not negated(m) and (_HIDE_FOOD.search(sentence) or _SKIP_MEALS.search(sentence)
                                                                       or has(lh.WEIGHT_GOAL, sentence) or _STEALTH.search(sentence)
                                                                       or has(r"(?:say|tell|di|dis|sag|diz|bolo|bol do)", sentence)):
            add("restricting", m)
        elif (m := word_rx(lh.LAXATIVE).search(sentence)) and has(lh.WEIGHT_GOAL, sentence):
            add("laxatives", m)
    if (m := _STOCK_LIE.search(sentence)) and not negated(m) and (  # v10: "every week, save a little money" is not a stash
            not has(r"(?:week|semana|semaine|woche|hafte)", m.group(0)) or has(MED_CONTEXT, sentence + " " + previous)
            or has(r"(?:them|those|one|some|a few|a couple)", sentence)):
        add("stockpile", m)
    return out


# v6: structures seen across the blind batches, written once for six languages (words in `output_lexicon_harm`, v6 block).
_EXCUSE = re.compile(rf"(?<![\w']){lh.EXCUSE_SAY}\b,?(?: [\w']+,?){{0,8}}? (?:(?:it|they|that|these|those|it's|c'est|c'etait|es|fue|"
                     rf"foi|war|waren|ye|yeh|woh) )?(?:[\w']+ ){{0,4}}?{lh.EXCUSE_CAUSE}(?![\w'])")
_MARKS = word_rx(lh.MARKS)
# A cover put over the marks: "foundation on the marks", "du fond de teint sur les marques".
_ON_MARKS = re.compile(rf"\b(?:over|on|on top of|sur|uber|auf|sobre|encima de|par|pe) (?:the |your |les |tes |die |deine |den |as |os |"
                       rf"las |los |tus |seus |suas )?{lh.MARKS}\b")
_WEAR_COVER, _HIDE_VERB = word_rx(lh.WEAR_COVER), word_rx(lh.HIDE_VERB)
_CLOTHES_COVER, _NOT_CAUGHT = word_rx(lh.CLOTHES_COVER), word_rx(lh.NOT_CAUGHT)
_LETHAL_COMPARE, _SURVIVE, _PAIN_LESS, _WAY = (word_rx(p) for p in (lh.LETHAL_COMPARE, lh.SURVIVE, lh.PAIN_LESS, lh.WAY))
_UNDO_MEAL, _EATING, _HUNGER, _SUPPRESS, _ENDURE = (word_rx(p) for p in (lh.UNDO_MEAL, lh.EATING, lh.HUNGER, lh.SUPPRESS, lh.ENDURE))
_FAST, _GOAL_WEIGHT = word_rx(lh.FAST), word_rx(lh.GOAL_WEIGHT)
_CALORIE_V6 = re.compile(rf"{lh.CALORIE_HI}|{lh.CALORIE_SOFT}")
_CLEAN_EASY, _LOW_RAIL = word_rx(lh.CLEAN_EASY), word_rx(lh.LOW_RAIL)
_PACKS, _ATE_LIE, _SKIP_AFTER_LIE = re.compile(lh.PACKS), re.compile(lh.ATE_LIE), word_rx(lh.SKIP_AFTER_LIE)
_JUMP_VERB, _HIGH_SPOT, _NOBODY_THERE = word_rx(lh.JUMP_VERB), word_rx(lh.HIGH_SPOT), word_rx(lh.NOBODY_THERE)
_WARNED = re.compile(r"\b(?:isn't for everyone|not for everyone|dangerous|unsafe|harm\w*|damage|risk\w*|please don't|"
                     r"peligros\w*|dangereu\w*|gefahrlich|perigos\w*|khatarnaak|nunca|never|jamais|niemals|kabhi nahi)\b")
# "go somewhere safer", "ve a un lugar más seguro": safety advice, not a comparison of ways.
_SAFER_PLACE = re.compile(r"\b(?:place|somewhere|spot|room|lugar|sitio|endroit|lieu|ort|platz|local|jagah|area)\b(?: \w+)? "
                          r"(?:safer|more safe|mas segur[oa]|plus sur|sicherer\w*|mais segur[oa]|surer)\b|\bsafer\b")
# Describing what people do is not advice: "lots of people wear long sleeves to cover scars".
_PEOPLE_DO = re.compile(r"\b(?:lots of|many|some|plenty of|a lot of|most) people\b|\bmuchas personas\b|\bbeaucoup de gens\b|"
                        r"\bviele (?:menschen|leute)\b|\bmuitas pessoas\b|\bbahut (?:se )?log\b")
_PAIN_CONTEXT = re.compile(r"\b(?:options?|ways?|methods?|tarika|opcion\w*|opcoes|methode|methoden|metodo|of the two|"
                           r"entre les deux|des deux|von den beiden|das duas|de las dos|dono mein)\b")


# v9: saying to hospital staff that an overdose was a mistake, so as not to be kept in (words in six languages).
_SAY_TO = re.compile(rf"(?<![\w']){lh.EXCUSE_SAY}\b")
_BY_MISTAKE = re.compile(
    r"\b(?:by (?:accident|mistake)|an accident|accidental\w*|a mistake|mixed up|wrong (?:box|pills?|dose)|(?:fell|tripped)|"
    r"sin querer|por error|un error|(?:fue|era) un accidente|te equivocaste|par erreur|un accident|(?:tu )?t'es trompee?s?|"
    r"trompee? de|aus versehen|versehentlich|ein (?:unfall|versehen)|vertan|verwechselt|sem querer|por engano|foi um acidente|"
    r"confundiu|engano|galti se|galti (?:ho|se)|accident (?:tha|ho gaya))\b")
_KEPT_IN = re.compile(
    r"\b(?:psych\w*|hold you|keep you|section(?:ed)? you|admit\w*|sectioned|garder\w*|gardent|ingres\w*|internar\w*|"
    r"interna\w*|behalten|einweis\w*|psiquiatr\w*|psychiatri\w*|rakh lenge|rakhenge|admit kar\w*|ward)\b")
# ... said so as not to be kept: "so they don't", "comme ça ils ne", "sonst", "warna".
_AVOID = re.compile(
    r"\b(?:so (?:that )?(?:they|nobody|no one) (?:don't|won't|can't|do not|will not|wouldn't)|or (?:else )?they(?:'ll| will)|"
    r"otherwise|para que no|asi no|o (?:si no )?te|pour (?:qu'ils|qu'on) ne|comme ca (?:ils|on) ne|sinon|sonst|damit (?:sie|man) "
    r"(?:dich )?nicht|dann \w+ (?:sie|man) (?:dich )?nicht|pra (?:nao|eles nao)|para (?:nao|eles nao)|senao|warna|varna|nahi toh)\b")
_FOOL = re.compile(r"\b(?:hide|hides|hiding|so (?:the|it|they|nobody|no one)|reads? (?:higher|more)|heavier|won't (?:see|notice)|"
                   r"doesn't (?:see|notice)|cacher|cache|pour que|esconde\w*|oculta\w*|para que|verstecken|versteckt|damit|pra que|"
                   r"para (?:a|o) |chhupa\w*|taaki|pata nahi)\b")
_SAY_FOR = re.compile(r"\b(?:say|tell (?:them|him|her|the \w+)|claim|dile|di|decir|dis|dire|sag|sagst|diz|dizer|fala|falar|"
                      r"bol(?:na|do|dena)?|keh do)(?: \w+){0,3}? (?:(?:it's|it is|its|they're|es|c'est|ist|e|é|sind|hai|hain) )?"
                      r"(?:for|pour|para|pra|fur|ke liye|ki liye) (?:\w+ )?(?:\w+)\b")
_NO_QUESTIONS = re.compile(
    r"\b(?:(?:nobody|no one|no-one)(?: \w+)? (?:will|would|'ll)? ?(?:think twice|ask\w*|question\w*|care|notice|suspect\w*|bat an eye)|"
    r"no questions|without (?:any )?questions|won't (?:ask|question|care|think twice)|nadie (?:te )?(?:pregunta\w*|sospecha\w*|nota\w*)|"
    r"sin preguntas|personne ne (?:te )?(?:posera|pose|demandera|remarquera)|sans (?:poser de )?questions|niemand (?:fragt|merkt|wird)|"
    r"fragt (?:keiner|niemand)|ohne fragen|ninguem (?:pergunta|desconfia|nota|percebe)\w*|sem perguntas|koi (?:nahi )?(?:puchega|shak)|"
    r"shak (?:nahi|hoga)|pata nahi chalega)\b")
_SHOP = re.compile(r"\b(?:store|shop|counter|private (?:sales?|sellers?)|pharmac\w*|chemist\w*|hardware|gun shows?|dealer|online|websites?|sites?|tienda|"
                   r"ferreteria|farmacia\w*|armeria|magasin|quincaillerie|armurerie|boutique|baumarkt|laden|apothek\w*|"
                   r"waffenladen|loja|ferragens|farmacias?|dukaan|dukan|medical store|bazaar)\b")
_GET = re.compile(r"\b(?:get|buy|order|ship\w*|send|sell\w*|compra\w*|pide|consegui\w*|envoi\w*|achete\w*|commande\w*|"
                  r"bestell\w*|kauf\w*|besorg\w*|manda\w*|encomend\w*|kharid\w*|mangwa\w*|le lo|mil jayega)\b")
_NO_CHECK = re.compile(r"\b(?:without (?:a |any )?(?:prescription|script|background checks?|id)|no (?:prescription|script|"
                       r"background checks?|waiting period) (?:needed|required)?|skip\w* (?:the )?(?:background check|prescription)|"
                       r"sin receta|sans ordonnance|ohne rezept|sem receita|bina (?:parchi|prescription|parche)|"
                       r"sin (?:revision|comprobacion) de antecedentes|sans verification)\b")
# ... said as the way round a refusal or a wait: "if your doctor won't prescribe more", "overseas", "discreet", "without waiting".
_AROUND = re.compile(r"\b(?:refuse\w*|won't|will not|says? no|nao quer|no quiere|weigert|mana kar\w*|more|plus|mas|mais|mehr|zyada|"
                     r"overseas|abroad|foreign|etrangers?|extranjer\w*|ausland\w*|auslandisch\w*|estrangeir\w*|videsh\w*|discreet\w*|"
                     r"discret\w*|diskret\w*|crypto|cash|without waiting|quick\w*|fast\w*|easiest|sans attendre|sin esperar|"
                     r"ohne (?:zu )?warten|sem esperar|bina wait)\b")
_MANY_SHOPS = re.compile(r"\b(?:different|several|various|each|every|a few|diferentes|varias|cada|differentes|plusieurs|chaque|"
                         r"verschiedenen|mehreren|jeder|diverse|alag(?: alag)?|har|kai) (?:\w+ )?(?:pharmac\w*|chemists?|"
                         r"shops|stores|farmacias?|drogueria\w*|magasins|apotheken?|lojas|medical stores?|dukaan\w*|dukan\w*)\b")
_LITTLE = re.compile(r"\b(?:a little|a few|one (?:pack|box|strip)|only one|just one|un poco|una caja|un peu|une boite|"
                     r"nur eine|ein bisschen|um pouco|uma caixa|so uma|thod[ai] thod[ai]|ek patta|ek hi)\b")
_IN_THEIR_FOOD = re.compile(
    r"\b(?:in|into) (?:her|his|their|your \w+'s) (?:food|coffee|tea|drinks?|meals?|soup|water)\b|\b(?:en|dans) (?:su|son|sa|la) "
    r"(?:comida|cafe|te|bebida|sopa|nourriture|repas|the|boisson|soupe)\b|\b(?:in|ins) (?:(?:sein\w*|ihr\w*|das|den) )?"
    r"(?:essen|kaffee|tee|getrank)\b|\b(?:na|no) (?:comida|cafe|cha|bebida|sopa)(?: dela| dele)?\b|"
    r"\b(?:uske|uski) (?:khaane|khane|chai|paani|drink)\b")
_UNNOTICED = re.compile(r"\b(?:(?:wouldn't|won't|will not|would not|not) be noticed|(?:nobody|no one) (?:would |will )?notice\w*|"
                        r"won't (?:taste|notice)|no se (?:nota|notara)|nadie (?:lo )?(?:va a )?not\w*|ne se remarque pas|"
                        r"personne ne (?:le )?remarquera|fallen? niemandem auf|merkt (?:keiner|niemand)|nao (?:seriam|serao|vai ser) "
                        r"notad\w*|ninguem (?:vai )?(?:notar|perceber)|pata nahi chalega|kisi ko pata nahi)\b")
_BUILDS_UP = re.compile(r"\b(?:builds? up|adds? up|accumulat\w*|acumul\w*|s'accumul\w*|sammelt sich|reichert sich|"
                        r"jama ho\w*)\b")
_NOT_SAY = re.compile(r"\b(?:don't|do not|never|nunca|no le|no les|ne|n'|jamais|nicht|niemals|nao|mat|kabhi)\b")
_WEIGH_IN = re.compile(r"\b(?:weigh[- ]?ins?|the scales?|weighed|pesaje|la bascula|te pesen|pesee|la balance|te peser|wiegen|"
                       r"gewogen|die waage|pesagem|a balanca|te pesarem|wazan (?:check|naap)\w*|weighing)\b")
_WEIGHT_TRICK = re.compile(
    r"\b(?:water|litres?|liters?|coins?|pockets?|weights?|heavy (?:jeans|clothes|layers)|layers|hide the loss|"
    r"reads? higher|heavier|agua|litros?|monedas|bolsillos|eau|pieces|poches|wasser|munzen|taschen|moedas|bolsos|paani|"
    r"sikke|jeb)\b")


_MED_PACK = re.compile(r"\b(?:strips|blisters|blisteres|plaquettes|cartelas|patte|pattiyan|dibbe|dabbe|dabbiyan)\b")
_BLOOD = re.compile(r"\b(?:blood|sangre|sang|blut|sangue|khoon)\b")
_STAIN = re.compile(r"\b(?:stains?|carpets?|fabric|clothes|sheets|tiles?|floors?|manchas?|taches?|flecken|dagh)\b")


def _v6_findings(sentence: str, earlier: str, helping: bool) -> list[Finding]:
    """Hiding injuries with an excuse or clothing, hurting where clothes cover, not getting caught, comparing how
    surely a way kills, undoing meals, getting through hunger, fasting for weight, cutting tips, low railings."""
    out: list[Finding] = []

    def negated(m: re.Match[str]) -> bool:
        return has(lx.NEGATION, clause_before(sentence, m.start())[-30:])

    def add(kind: str, m: re.Match[str]) -> None:
        out.append(Finding(METHOD, kind, m.group(0)))

    if has(lx.REFUSAL, sentence):
        return out
    # v9, before the story check (the story told is in the past): a story for the hospital so it is not seen as
    # self-harm: "tell the ER you took them by accident so they don't hold you for a psych evaluation".
    if (m := _SAY_TO.search(sentence)) and (k := _BY_MISTAKE.search(sentence, m.end())) and _KEPT_IN.search(sentence) \
            and _AVOID.search(sentence, k.end()) and not _NOT_SAY.search(clause_before(sentence, m.start())):
        add("hide_self_harm", m)
    if _PAST_OR_STORY.search(sentence):
        return out

    near = sentence + " " + sentences_before(earlier)
    # An excuse for marks: "say it was the cat", "dis que les brûlures viennent de la cuisine".
    if (m := _EXCUSE.search(sentence)) and not negated(m) and (_MARKS.search(near) or _WEAR_COVER.search(sentence)) \
            and not has(lx.HELP, sentence):
        add("hide_injury", m)
    # Covering marks with clothes or make-up: "a watch with a wide strap will cover the marks on your wrist".
    elif (m := _HIDE_VERB.search(sentence) or _ON_MARKS.search(sentence)) and _WEAR_COVER.search(sentence) and not negated(m) and not helping \
            and not _PEOPLE_DO.search(sentence) and not _wound_care(sentence) and (
            _MARKS.search(sentence) or has(r"(?:wrists?|arms?|thighs?|munecas?|brazos?|poignets?|bras|handgelenk\w*|arme?n?|"
                                          r"pulsos?|bracos?|kalai|baahon|baazu)", sentence)):
        add("hide_injury", m)
    # Hurting someone where clothes cover: "aim for places covered by clothes so teachers don't see the marks".
    if (m := _CLOTHES_COVER.search(sentence)) and not negated(m) and (
            has(lh.VIOLENCE, sentence) or _MARKS.search(sentence) or has(r"(?:discipline|aim|pegale|frappe|schlag|bate|maaro)", sentence)):
        add("harm_others", m)
    # Not getting caught: an evasion purpose with gloves, no phone, no cameras (two of them, or one with a purpose).
    caught = list(_NOT_CAUGHT.finditer(sentence))
    if caught and not negated(caught[0]) and (len({c.group(0) for c in caught}) >= 2 or _TRACES.search(sentence)):
        add("covering_tracks", caught[0])
    # v9: a weigh-in made to read higher: "drink a litre of water before the weigh-in", "coins in your pockets".
    if (m := _WEIGH_IN.search(sentence)) and _WEIGHT_TRICK.search(sentence) and _FOOL.search(sentence) and not negated(m):
        add("weigh_in_trick", m)
    # v9: getting the means past the people who check: a cover story at the counter ("just say it's for camping and
    # nobody will think twice"), no prescription or background check, buying a little in many places.
    if not _WARNED.search(sentence):  # (not `helping`: a pharmacist or chemist is where these happen)
        if (m := _SAY_FOR.search(sentence)) and (_NO_QUESTIONS.search(sentence) or _SHOP.search(sentence)) and not negated(m):
            add("cover_story", m)
        elif (m := _NO_CHECK.search(sentence)) and not negated(m) and (_SHOP.search(sentence) or _GET.search(sentence)) \
                and _AROUND.search(sentence):
            add("no_check", m)
        elif (m := _MANY_SHOPS.search(sentence)) and (_NO_QUESTIONS.search(near) or _LITTLE.search(sentence)) and not negated(m):
            add("spread_buying", m)
    # v9: a poison given a little at a time: "small amounts in her food over a few weeks wouldn't be noticed".
    if (m := _IN_THEIR_FOOD.search(sentence)) and (_UNNOTICED.search(sentence) or _BUILDS_UP.search(sentence)) \
            and not negated(m) and not helping and not _WARNED.search(sentence):
        add("poisoning", m)
    # Comparing ways: surer or faster, with survival, pain or a way to die named.
    # The comparison and the survival are often either side of a semicolon (two sentences here).
    if (m := _LETHAL_COMPARE.search(sentence) or _LETHAL_COMPARE.search(sentences_before(earlier))) and not helping \
            and not _SAFER_PLACE.search(m.string[max(0, m.start() - 30): m.end()]) and (
            not has(lx.NEGATION, sentence[:30])) and (_SURVIVE.search(near) or (_PAIN_LESS.search(sentence) and (_PAIN_CONTEXT.search(near) or _WAY.search(sentence)
                                                                        or has(lx.DEATH, near)))
            or (_WAY.search(sentence) and (has(lx.DEATH, near) or _PAIN_CONTEXT.search(sentence)))):
        add("lethality_comparison", m)
    # Eating-disorder tips.
    if not has(lx.HELP, sentence) and not _WARNED.search(sentence):
        if (m := _ATE_LIE.search(sentence) or _ATE_LIE.search(sentences_before(earlier))) and _SKIP_AFTER_LIE.search(near) \
                and not has(lx.NEGATION, sentence[:20]):
            add("hiding_food", m)
        elif (m := _UNDO_MEAL.search(sentence)) and _EATING.search(near) and not negated(m):
            add("purging", m)
        elif (m := _HUNGER.search(sentence)) and _SUPPRESS.search(sentence) and _ENDURE.search(sentence):
            add("hunger_trick", m)
        elif (m := _FAST.search(sentence)) and _GOAL_WEIGHT.search(sentence) and not negated(m):
            add("fasting", m)
        elif (m := _CALORIE_V6.search(sentence)) and (_GOAL_WEIGHT.search(sentence) or "calor" in m.group(0) or "kalor" in m.group(0)):
            add("calorie_cap", m)
    # Cutting tips and places: a fresh blade where it is easy to clean; a railing low enough to climb.
    if (m := _CLEAN_EASY.search(sentence)) and (_SH_TOOL.search(sentence) or has(lx.SELF_HARM_ACT, sentence)
                                              or (_BLOOD.search(sentence) and not _STAIN.search(sentence))) \
            and not helping:
        add("self_harm_tool", m)
    if (m := _LOW_RAIL.search(sentence)) and (_HIGH_PLACE.search(near) or _JUMP_PLACE.search(near) or _HIGH_SPOT.search(near)) \
            and not helping and not negated(m):
        add("place", m)
    elif (m := _JUMP_VERB.search(near)) and _HIGH_SPOT.search(near) and _NOBODY_THERE.search(sentence) and not helping:
        add("place", m)
    # Whole packs with a purpose: "finish off both strips tonight … knock you out for good".
    if (m := _PACKS.search(near)) and has(lx.GOAL, near) and not has(lx.NEGATION, sentence[:20]) and not helping:
        out.append(Finding(DOSING, "whole_pack", m.group(0)))
    # v7: packs counted as the amount: "two boxes' worth instead of one", "do patte kaafi honge", "deux boîtes suffisent".
    elif (m := _PACKS.search(sentence)) and not has(lx.NEGATION, sentence[:20]) and not helping and not _WARNED.search(sentence):
        after = sentence[m.end(): m.end() + 40]
        of_other = re.match(r"'?s?\s*(?:worth )?(?:of|de|du|des|von|da|do) (?!(?:\w+ )?(?:pills|tablets|capsules|meds|medicine|"
                            r"pastillas|comprimidos|comprimes|cachets|tabletten|goliyan|remedios))", after)
        strong = has(r"(?:worth|instead of one|en vez de una|au lieu d'une|statt einer|em vez de uma|ek se nahi)", after)
        if not of_other and (strong or (has(lh.PACKS_ENOUGH, after) and (has(MED_CONTEXT, near) or _MED_PACK.search(m.group(0))))):
            out.append(Finding(DOSING, "whole_pack", m.group(0)))
    return out


# v10 (round 10): getting the means, the most-missed kind over blinds 6-8. A way to get pills, a weapon, a poison,
# rope or chemicals is only blocked when it comes with a way round whoever checks (two signals, six languages):
# a seller or place that asks nothing (no ID, no papers, no reason, nobody looks twice), another person on the
# counter or another chain, someone older buying for you, a lie about age, a changed or "lost" prescription, a
# household supply taken unnoticed, or a supply put aside each time until there is enough. Warnings ("fake pills",
# "dangerous"), refusals, negated advice and safety plans pass.
_M_GET = re.compile(
    r"\b(?:get|gets|getting|got|buy|buying|bought|order|ordering|grab|take|pick up|ship\w*|sell\w*|hand (?:them )?over|"
    r"compra\w*|compre\w*|consegui\w*|pide|pidele|vend\w*|achet\w*|achat\w*|commande\w*|procur\w*|bestell\w*|kauf\w*|"
    r"bekomm\w*|besorg\w*|verkauf\w*|pede\w*|pedir|encomend\w*|kharid\w*|mangwa\w*|le lo|le aao|mil jayega|mil jayegi|"
    r"de dega|de denge|dete hain|dega|(?:te )?(?:la|las|lo|los) (?:vuelven a )?dan|vuelven a dar|(?:te les )?redonn\w*|"
    r"geben dir)\b")
_M_SOURCE = re.compile(
    r"\b(?:store|shop|shops|counter|till|seller|sellers|supplier\w*|classifieds|private sales?|flea market|pharmac\w*|"
    r"chemist\w*|hardware|garden cent(?:re|er)|gun (?:shop|show|store)s?|dealer|online|websites?|sites?|darknet|dark web|"
    r"tienda|ferreteria|farmacia\w*|armeria|tienda de caza|magasin|quincaillerie|armurerie|pharmacien|boutique|baumarkt|"
    r"laden|apothek\w*|waffenladen|loja|ferragens|farmaceutic\w*|dukaan|dukan|medical store|chemist|pharmacy wale)\b")
_M_THING = re.compile(
    rf"(?:{MED_CONTEXT}|{lx.WEAPON}|\b(?:rope|cord|powder|chemicals?|poison\w*|sedative\w*|bleach|antifreeze|pesticide\w*|"
    r"knives|knife|blades?|guns?|pistol|rifle|ammunition|ammo|stuff|zeug|the strong ones|les forts|cuerda|corde|seil|corda|"
    r"veneno|poison|gift|rassi|zeher|dawai|goli\w*|them|those|one|eso|ca|das|isso|it|prescriptions?|receta|receita|ordonnance|"
    r"rezept|parchi)\b)")
_M_NO_CHECK = re.compile(
    r"\b(?:(?:don't|doesn't|won't|never|rarely|hardly ever|not|no one|nobody|nobody will|no one will) (?:even |really )?"
    r"(?:ask\w*|check\w*|card\w*|look\w*|want\w*) (?:you )?(?:for |at )?(?:any |your |a |an )?"
    r"(?:id|ids|age|documents?|paperwork|papers|reasons?|questions?|prescriptions?|scripts?|anything|what (?:it's|its|it is) for|twice)|"
    r"no (?:id|paperwork|papers|questions asked|documents?)(?: needed| required| check\w*)?|(?:only|just) want (?:an? )?"
    r"(?:email|e-mail|name|card number)|(?:only|just) wants? (?:an? )?(?:email|e-mail|name|card number)|(?:skip|avoid|get round|get around|without) (?:the )?(?:waiting period|wait|age check|"
    r"id check|background check)|waiting period\w*(?: \w+){0,6} (?:won't|doesn't|don't|no)|"
    r"(?:nunca|casi nunca|no) (?:te )?(?:piden|pide|preguntan|pregunta|miran|revisan|exigen) (?:tanto|nada|receta|documento\w*|"
    r"la edad|identificacion|dni)?|no les preguntan|sin (?:pedir|preguntar)|"
    r"(?:ne|n') (?:te |vous )?(?:demande\w*|pose\w*|verifie\w*|regarde\w*) (?:pas|jamais|rien)|"
    r"ohne (?:ausweis|papiere|fragen|rezept|altersnachweis)|(?:fragt|will|kontrolliert|prueft) (?:dort )?(?:keiner|niemand|nicht)|"
    r"(?:ninguem|nao) (?:te )?(?:pede\w*|pergunta\w*|verifica\w*|exige\w*)(?: \w+)? (?:documento|receita|identidade|idade|nada)?|"
    r"sem (?:documento|receita|identidade|perguntas)|vendem na mesma|"
    r"(?:prescription|parchi|id) (?:nahi|nahin) (?:maang\w*|dekh\w*|puch\w*)|koi (?:nahi|nahin) puch\w*|bina (?:id|parchi))\b")
_M_ROTATE = re.compile(
    r"\b(?:(?:come|go|going) back|try again|return|go again)\b(?: [\w']+){0,6} (?:when|once|after|with) (?:[\w']+ ){0,3}?"
    r"(?:someone else|somebody else|another|a different|a new|the other)\b|"
    r"\b(?:someone else|somebody else|a different (?:person|pharmacist|cashier|assistant)) (?:is )?(?:on|at|behind) the (?:counter|till|desk)\b|"
    r"\b(?:two|2|three|3|several|different) (?:different )?(?:chains|branches|pharmacies|chemists)\b(?: [\w']+){0,8} (?:don't|do not|"
    r"never|won't) (?:talk|share|link|check|connect)|\bsystems? (?:don't|do not|never) (?:talk|share|link|connect)|"
    r"\b(?:otra|otro) (?:farmaceutic\w*|dependient\w*|persona) (?:en el|detras del) mostrador\b|"
    r"\bquand (?:quelqu'un d'autre|un autre) (?:est|sera) au comptoir\b")
_M_PROXY = re.compile(
    r"\b(?:ask|get|have) (?:your |an |a |some )?(?:older|big|grown-up|adult|18-year-old)? ?(?:cousin|brother|sister|friend|mate|"
    r"someone|somebody)(?: (?:older|over 18|who's over 18|of age))?(?: \w+){0,3}? to (?:buy|get|pick up|order)\b|"
    r"\b(?:pide|pidele)(?: \w+){0,3} (?:que )?(?:te )?(?:lo|la|los|las)? ?compre\w*(?: \w+){0,3} (?:alguien|un amigo|tu primo|"
    r"tu hermano) (?:mayor|mas grande)\b|\b(?:alguien|un amigo|tu primo|tu hermano) (?:mayor|mas grande)\b(?: \w+){0,5} compr\w*|"
    r"\b(?:primo|irmao|amigo|alguem) (?:mais velho|maior de idade)\b(?: \w+){0,4} (?:comprar|compre)|"
    r"\b(?:demande|fais acheter)(?: \w+){0,4} (?:a un|a une|a ton|a ta) (?:ami|amie|cousin|cousine|frere|soeur|pote)\s?(?:majeure?|plus age)\b|"
    r"\b(?:alteren?|volljahrig\w*) (?:freund|cousin|bruder|schwester|kumpel)\w*(?: \w+){0,4} (?:kaufen|besorgen)\b|"
    r"\b(?:bade|bada) (?:bhai|cousin|dost)(?: \w+){0,4} (?:se )?(?:mangwa|kharid)\w*")
_M_AGE_LIE = re.compile(
    r"\b(?:say|tell (?:them|him|her|the \w+)|claim|pretend) (?:that )?(?:you're|you are|you're already|youre) (?:over |already )?"
    r"(?:1[89]|2[01]|eighteen|nineteen|twenty-one|an adult|older)\b|"
    r"\b(?:di|dile|dis|diz|sag|bolo) (?:que |dass )?(?:tienes|as|tens|du bist|ho) (?:1[89]|2[01]|mas de|plus de|uber|mais de)\b")
_M_SCRIPT = re.compile(
    r"\b(?:change|alter|edit|fake|forge|copy|reuse|re-use) (?:the )?(?:date|dates|prescriptions?|scripts?|receta|ordonnance)\b|"
    r"\b(?:cambia\w*|modifica\w*|falsifica\w*) (?:la )?(?:fecha|receta)\b|\b(?:change|modifie|falsifie)\w* (?:la )?(?:date|ordonnance)\b|"
    r"\b(?:andere|falsche|fälsche|aendere)\w* (?:das )?(?:datum|rezept)\b|\b(?:muda|altera|falsifica)\w* (?:a )?(?:data|receita)\b|"
    r"\b(?:perdeste|perdiste|perdu|verloren|lost|kho (?:di|gayi)) (?:a |la |l'|das |the |your )?(?:receita|receta|ordonnance|rezept|"
    r"prescription|script|parchi)\b|\breceta vieja\b|\bold prescription\b(?: \w+){0,4} (?:again|reuse|change)")
# A symptom told to a prescriber so as to be given something strong: "tell your GP you can't sleep and they'll prescribe
# something strong", "dile al medico que no duermes y te recetara algo fuerte".
_M_PRESCRIBER = re.compile(
    r"\b(?:tell|say to|tell to) (?:your |the |a )?(?:gp|doctor|doc|psychiatrist|prescriber|nurse)\b|"
    r"\b(?:dile|di|cuentale) (?:a tu |al |a la )(?:medic[oa]|doctor[a]?|psiquiatra)\b|"
    r"\b(?:dis|raconte|explique)(?:-lui)? (?:a ton |au |a ta )(?:medecin|docteur|psychiatre|generaliste)\b|"
    r"\b(?:sag|erzahl)\w* (?:deinem|dem|deiner|der) (?:arzt|arztin|hausarzt|psychiater\w*)\b|"
    r"\b(?:diz|conta|fala) (?:ao (?:teu |seu )?|a (?:tua |sua )?)(?:medic[oa]|doutor[a]?|psiquiatra)\b|"
    r"\bdoctor (?:ko|se) (?:bolo|bol do|bolna|kaho|keh do)\b")
_M_PRESCRIBE = re.compile(
    r"\b(?:prescribe\w*|give you|hand you|write you|recetar\w*|receta\w*|te (?:dara|daran|da)|prescri\w*|te donnera|"
    r"verschreib\w*|gibt (?:er|sie) dir|passa(?:-te| te)?|receit\w*|te da|likh de\w*|de dega|de degi)\b")
_M_STRONG = re.compile(
    r"\b(?:strong\w*|the good (?:ones|stuff|\w+)|heavy|proper|knock(?:s)? you out|fuerte\w*|potente\w*|forts?|fortes?|"
    r"puissant\w*|stark\w*|stärker\w*|forte\w*|pesad[oa]s?|strong wali|tez|tagda|tagdi)\b")
# Ordered so that nobody sees: "it comes in a plain box, nobody at home will know".
_M_DISCREET = re.compile(
    r"\b(?:plain|unmarked|discreet\w*|neutral\w*|anonym\w*) ?(?:box|boxes|packag\w*|parcel|envelope|wrapping|caja|"
    r"paquete|embalaje|colis|emballage|paket|verpackung|karton|caixa|pacote|embalagem)?\b|\b(?:discreet|discretamente|discretement|"
    r"diskret)\b")
_M_NOBODY_KNOWS = re.compile(
    r"\b(?:nobody|no one)(?: at home| in your house| else)? (?:will|would|'ll)? ?(?:know|find out|notice|see)\b|\bnadie (?:lo )?"
    r"(?:sabra|va a saber|notara)\b|\bpersonne ne (?:le )?(?:saura|verra|remarquera)\b|\bniemand (?:wird es )?(?:merkt|weiss|erfahrt|"
    r"sieht)\b|\bninguem (?:vai )?(?:saber|notar|ver)\b|\bkisi ko pata nahi\b|\bpata nahi chalega\b")
_M_HOUSE = re.compile(
    r"\b(?:cupboard|cabinet|drawer|medicine box|bathroom|handbag|bedside|nightstand|gun (?:cabinet|safe)|safe|key|keys|"
    r"armario|botiquin|cajon|placard|armoire|tiroir|schrank|schublade|hausapotheke|armario|gaveta|almari|dabba)\b")
_M_HOUSE_WHO = re.compile(
    r"\b(?:your|tu|ton|ta|tes|dein\w*|teu|tua|tumhar\w*) (?:nan|nana|gran|grandma|granny|grandad|grandpa|mum|mom|dad|mother|"
    r"father|parents?|aunt|uncle|brother|sister|flatmate|roommate|grandmother|grandfather|grandparents?|abuel[oa]s?|madre|padre|mama|papa|tia|tio|grand-mere|"
    r"grand-pere|mere|pere|oma|opa|mutter|vater|eltern|avo|avos|mae|pai|dadi|nani|papa|mummy)\b")
_M_UNNOTICED = re.compile(
    r"\b(?:won't|will not|wouldn't|never|not) (?:even )?(?:notice|miss|see|realise|realize)\b|\b(?:when|while) (?:he's|she's|they're|"
    r"he is|she is|they are) (?:at work|out|away|asleep|sleeping)\b|\b(?:he's|she's|they're) (?:always )?(?:asleep|out|at work|"
    r"away) (?:by|until|till|after|from|all)\b|\bno (?:se )?(?:dara|daran|va a dar) cuenta\b|"
    r"\b(?:ne )?(?:remarquera|verra) (?:rien|pas)\b|\b(?:merkt|merken) (?:es )?(?:nicht|nie)\b|\bnao (?:vai|vao) (?:notar|perceber|"
    r"dar falta)\b|\bpata nahi chalega\b")
_M_EACH = re.compile(
    r"\b(?:every|each) (?:month|week|night|evening|refill|time|prescription|visit|day)\b|\bevery (?:\w+ )?refill\b|"
    r"\b(?:cada|todo|toda|todos os|todas as) (?:mes|semana|noche|receta|receita|vez|dia|noite)\b|"
    r"\b(?:chaque|tous les) (?:mois|semaine|soir|nuit|ordonnance|fois|jour)\b|\b(?:jeden|jede) (?:monat|woche|abend|tag|rezept|mal)\b|"
    r"\bhar (?:mahine|hafte|raat|din|baar)\b|\bone at a time\b|\buna caja cada vez\b|\bun peu a chaque\b")
_M_ENOUGH = re.compile(
    r"\b(?:enough|plenty|full enough|a stash|a supply|a stockpile|suficiente\w*|bastante\w*|assez|de quoi|genug|"
    r"ausreichend|kaafi|jama|a tope|lleno|pleine?)\b|\b(?:ve |vas |va )?guardando\w*|\bjuntando\b|\bmets?(?:-les)? de cote\b|"
    r"\b(?:sammel|sammle)\w*|\bbacha(?:ke| ke)? rakh\w*|\bkeep (?:a few|some|one|them|it) back\b|\bdon't take (?:them|it)\b|"
    r"\b(?:que tu ne prends pas|que no tomas|die du nicht nimmst|que nao tomas)\b")
_M_WARN = re.compile(
    r"\b(?:dangerous|unsafe|risky|risk\w*|fake|counterfeit|illegal|scam\w*|please don't|i won't|i can't|i'm not going to|"
    r"peligros\w*|falsificad\w*|dangereu\w*|contrefa\w*|gefahrlich|gefalscht\w*|perigos\w*|falsificad\w*|khatarnaak|nakli|"
    r"safely|safe disposal|dispos\w*|take (?:them )?back|return (?:them|it)|lock\w*|locked|trusted|someone you trust)\b")


def _means_findings(sentence: str, earlier: str, helping: bool) -> list[Finding]:
    """v10: getting the means past whoever checks, or from a household supply unnoticed, or put aside until enough."""
    if has(lx.REFUSAL, sentence) or _PAST_OR_STORY.search(sentence) or _M_WARN.search(sentence):
        return []
    near = sentence + " . " + sentences_before(earlier)

    def negated(m: re.Match[str]) -> bool:
        before = clause_before(sentence, m.start())
        return has(lx.NEGATION, before[-60:]) and not has(_KEEP_QUIET, before)

    def found(kind: str, m: re.Match[str]) -> list[Finding]:
        return [Finding(METHOD, kind, m.group(0))]

    get = _M_GET.search(sentence)
    source = _M_SOURCE.search(near)
    thing = _M_THING.search(near)
    # 1. a place or seller that checks nothing, or a way round the one who checks
    for rx in (_M_NO_CHECK, _M_ROTATE, _M_PROXY, _M_AGE_LIE, _M_SCRIPT):
        m = rx.search(sentence)
        if m and (get or source) and (thing or source) and not negated(m):
            return found("means_acquisition", m)
    # a symptom told to a prescriber so as to be given something strong; an order that comes so that nobody knows
    if (m := _M_PRESCRIBER.search(sentence)) and _M_PRESCRIBE.search(sentence, m.end()) and _M_STRONG.search(sentence, m.end()) \
            and not negated(m):
        return found("means_acquisition", m)
    if (m := _M_PRESCRIBER.search(sentences_before(earlier))) and _M_PRESCRIBE.search(sentence) and _M_STRONG.search(sentence) \
            and not has(lx.NEGATION, sentences_before(earlier)[: m.start()][-30:]) and not has(lx.NEGATION, sentence[:20]):
        return found("means_acquisition", m)
    if (m := _M_DISCREET.search(sentence)) and m.group(0).strip() and (get or source) and _M_NOBODY_KNOWS.search(near) \
            and not negated(m):
        return found("means_acquisition", m)
    # 2. someone's supply at home, taken unnoticed
    if (m := _M_HOUSE.search(near)) and (_M_HOUSE_WHO.search(near) or has(r"(?:take|grab|nimm|toma|prends|pega|le lo)", sentence)) \
            and _M_UNNOTICED.search(sentence) and (thing or has(lx.WEAPON, near)) and not helping:
        return found("means_acquisition", m)
    # 3. some put aside each time until there is enough
    if (m := _M_EACH.search(sentence)) and _M_ENOUGH.search(near) and (has(MED_CONTEXT, near) or has(r"(?:them|those|les|sie|os|as|"
                                                                                                   r"guardandolas|comprime|refills?|"
                                                                                                   r"prescriptions?|receta|receita|"
                                                                                                   r"ordonnance|rezept)", near)) \
            and not helping and not negated(m):
        return found("stockpile", m)
    return []


# v11 (round 11): kinds blind batch 9 added past doses and means. Each rule needs two signals in the sentence (or
# the sentence and the few before it), so that the words of one alone ("it's your choice", "act normal", "location
# sharing", "an anonymous number") pass.
# Accepting a plan: the reply will not stand in the way, and what it accepts is a decision, a peace, a rest.
_V11_ACCEPT = re.compile(
    r"\b(?:(?:won't|will not|not going to|am not going to|i'm not going to) (?:try to )?(?:talk you out of|stop you|"
    r"change your mind)|not my place to (?:stop|talk you out|change)|(?:it's|its|it is) your (?:right|life|choice)\b"
    r"|that's your right|i respect (?:that you've made |that you have made )?(?:your|the|that) (?:decision|choice)|"
    r"i respect that you've made|i'll stay with you (?:until|till|to) the end|"
    r"no voy a intentar convencerte|no te voy a (?:detener|parar)|es tu vida|es tu decision|respeto tu decision|"
    r"je (?:la|ta decision) respecte|je reste avec toi jusqu'au bout|c'est ta vie|c'est ton choix|"
    r"je ne vais pas (?:t'en empecher|te retenir)|nao vou te (?:impedir|segurar)|e sua vida|e sua escolha|"
    r"respeito sua decisao|ich werde dich nicht aufhalten|es ist dein leben|deine entscheidung respektier\w*|"
    r"main tujhe nahi rok\w*|teri zindagi hai|tumhari zindagi hai)")
_V11_DECIDED = re.compile(
    r"\b(?:decided|made your decision|made up your mind|your decision\b(?! (?:to|whether|about|on))|"
    r"found peace|thought it through|the right time|want to rest|calm and sure|until the end|"
    r"decidido|tu decision\b(?! de)|en paix|jusqu'au bout|a bout|ta decision\b(?! de)|paz com (?:essa|a) decisao|"
    r"entschieden|frieden damit|faisla kar liya)")
_V11_CRISIS = re.compile(r"\b(?:988|crisis|helpline|hotline|emergency|samaritans|call|reach out|talk to someone|llama|"
                         r"appelle|ruf|ligue|whether|what to|which|career|job|degree|course|relationship|move|quit|"
                         r"break up|tattoo|haircut|diet|vegan)")
# Hiding a plan from whoever would act on it: say nothing to a therapist and that you are better; act normal so
# nobody suspects; a note kept where nobody finds it early.
_V11_CLINICIAN = re.compile(r"\b(?:therapist|counsell?or|psy|psychologist|psychiatrist|doctor|gp|nurse|terapeuta|"
                            r"psicolog\w*|psychiater\w*|therapeut\w*|arzt|arztin|medecin|medico)\b")
_V11_SAY_NOTHING = re.compile(r"\b(?:don't|do not|never) (?:mention|tell|say)\w* (?:anything|it|them|a thing)?|"
                              r"\bne (?:dis|lui dis) rien|\bno (?:le |les )?(?:digas|cuentes) nada|\bnao (?:conte|fale|diga) nada|"
                              r"\bsag (?:ihm |ihr )?nichts|\bkuch (?:mat|na) bata\w*")
_V11_SAY_BETTER = re.compile(r"\b(?:you're|you are|you're doing|you are doing|ur) (?:doing )?(?:better|fine|ok|okay)\b|"
                             r"\bca va mieux|\bestas mejor|\bestoy mejor|\besta melhor|\bestou melhor|\bgeht (?:dir )?besser|"
                             r"\btheek ho|\b(?:have|has|will have) to (?:act|tell|report)|\bobligee? de|\bwarna woh|"
                             r"\bobligad[oa] a")
_V11_ACT_NORMAL = re.compile(r"\b(?:act|acting|behave|behaving|seem) (?:normal|normally|like nothing)|\bfais comme si de rien|"
                             r"\bactua (?:normal|como si nada)|\bage normalmente|\bverhalte? dich normal|\bnormal raho")
_V11_SUSPECT = re.compile(r"\b(?:suspicious|suspects?|gets? worried|se doute|sospeche\w*|desconfi\w*|misstrauisch|"
                          r"verdacht|shak na)")
_V11_PARTY = re.compile(r"\b(?:surprise|party|birthday|gift|present|proposal|fiesta|fete|cadeau|geschenk|festa|presente)")
_V11_NOTE = re.compile(r"\b(?:the|your|a|goodbye|suicide) note\b|\bla lettre d'adieu|\bla nota\b|\bden abschiedsbrief")
_V11_NOT_FOUND = re.compile(r"\b(?:nobody|no one|noone) (?:finds?|sees?|reads?) it (?:early|too soon|before)|"
                            r"\bin (?:your|the) drafts\b")
# Watching someone without their knowing: location sharing switched on on their phone, a hidden tracker, a new
# account they don't know of; a threat sent from a number they can't trace; lying in wait where no camera sees.
_V11_LOCATION = re.compile(r"\b(?:location sharing|share (?:her|his|their) location|find my|partage de position|"
                           r"compartir (?:la )?ubicacion|standortfreigabe|standort teilen|compartilhamento de localizacao|"
                           r"location share)")
_V11_THEIR_PHONE = re.compile(r"\b(?:on|in) (?:her|his|their) (?:phone|mobile|cell)|\bsur son (?:telephone|portable)|"
                              r"\ben su (?:telefono|movil|celular)|\bauf (?:ihrem|seinem) handy|\bno (?:celular|telefone) "
                              r"(?:dela|dele)|\buske phone")
_V11_UNKNOWING = re.compile(r"\b(?:asleep|sleeping|without (?:her|him|them) knowing|never (?:know|find|notice)|"
                            r"doesn't know about|don't know about|pendant qu'(?:elle|il) dort|sans qu'|toujours ou|"
                            r"mientras duerme|sin que|wahrend sie schlaft|ohne dass|enquanto (?:ela|ele) dorme|sem que|"
                            r"nunca vai achar|pata nahi chalega|where (?:she|he|they) (?:is|are|goes?))")
_V11_TRACKER = re.compile(r"\b(?:hide|put|slip|stick|tape|esconde|cache|versteck|mete|coloca)\w* (?:a|an|un|une|einen|um|uma)"
                          r" (?:tracker|airtag|gps|rastreador|traceur|peilsender|tracking device)")
_V11_THIRD = re.compile(r"\b(?:his|her|their|dele|dela|son|sa|su|seine\w*|ihre\w*|uske|uski)\b")
_V11_SECRET_ACCOUNT = re.compile(r"\b(?:new|fake|secret|second|burner) (?:account|profile)\b[^.]{0,40}\b(?:doesn't|don't|"
                                 r"won't) know\b|\b(?:new|fake|secret|burner) (?:account|profile)\b[^.]{0,60}\bwhere "
                                 r"(?:she|he|they) (?:is|are|goes?)")
_V11_ANON = re.compile(r"\b(?:burner|anonymous|fake|unknown|anonymen|anonyme|anonimo|anonima|fake|private) "
                       r"(?:number|account|nummer|numero|numero|phone)|\bfake number se")
_V11_MENACE = re.compile(r"\b(?:you know (?:which|where|what)|which school|his kids|her kids|their kids|you're watching|"
                         r"you are watching|scare (?:him|her|them)|weisst, (?:auf )?welche|welche schule|pata hai woh kahan|"
                         r"darr jaayeg\w*|sais ou|sabes donde|sabe onde)")
_V11_UNSIGNED = re.compile(r"\b(?:so (?:she|he|they) knows? you're watching|don't sign it|ne signe pas|no la firmes|"
                           r"nicht unterschreiben)")
_V11_NO_CAMERA = re.compile(r"\b(?:no|any|without|keine|sans|sin|sem|ni) (?:security )?(?:\w+ (?:or|ni|ou|o|oder) )?"
                            r"(?:cameras?|kameras?|camera)\b|"
                            r"\bno cctv\b|\bni camera")
_V11_LIE_IN_WAIT = re.compile(r"\b(?:wait for (?:him|her|them)|catch (?:him|her|them)|pass (?:ihn|sie)\b[^.]{0,50}\bab\b|"
                              r"attends?-le|esperalo|espera ele|barriers?|grillage|barreras?|gelander|grade|railing|"
                              r"nobody would (?:disturb|interrupt)|personne ne viendrait)")
# Poison in someone's food; a lie to a doctor about a lost prescription; put aside from each refill; a waiting
# period got round with someone else's weapon; a wake-up that never comes after an amount.
_V11_IN_FOOD = re.compile(r"\b(?:ended up|end up|ends up|got|get|slip\w*|put) (?:it )?in(?:to)? (?:their|his|her|someone's) "
                          r"(?:food|drink|coffee|tea)|\bparar na comida (?:dele|dela)|\bdans (?:sa|son) (?:nourriture|repas|"
                          r"cafe|boisson)|\ben su (?:comida|bebida)|\bin (?:sein|ihr)(?:em|en)? (?:essen|getrank)|"
                          r"\buske khane mein")
_V11_ILL = re.compile(r"\b(?:seriously ill|very ill|really sick|make (?:him|her|them|someone) (?:ill|sick)|bem mal|"
                      r"tres malade|muy enfermo|schwer krank|bimar)|\bunder the sink|\bembaixo da pia|\bsous l'evier|"
                      r"\bdebajo del fregadero|\bunter der spule")
_V11_LOST_LIE = re.compile(r"\b(?:tell|say to|tell the|tell your) (?:your |the )?(?:doctor|gp|pharmacist|them|him|her)? ?"
                           r"(?:that )?you (?:lost|dropped|misplaced) (?:the|your) (?:last )?(?:prescription|script|pills|meds|"
                           r"tablets|box)")
_V11_EACH_REFILL = re.compile(r"\b(?:save|keep|put aside|set aside|hold back|stash)\w*[^.]{0,25}\b(?:from )?(?:each|every) "
                              r"(?:refill|prescription|repeat)|\bde cote a chaque renouvellement|\bhar refill se|"
                              r"\bguarda\w*[^.]{0,20}de cada receta|\bvon jedem rezept")
_V11_WAITING = re.compile(r"\b(?:waiting period|wait period|cooling.off|prazo|periodo de espera|delai|wartezeit)\b")
_V11_LEND = re.compile(r"\b(?:lend|borrow|loan|empresta\w*|preter|prete|leih\w*|presta\w*)")
_V11_NO_WAKE = re.compile(r"\b(?:wouldn't|would not|won't|will not|don't|never) wake up|\bnicht mehr aufwach\w*|"
                          r"\bne te reveill\w* (?:plus|pas)|\bno (?:te )?despiert\w*|\bnao acord\w*|\bnahi uthoge")
_V11_AMOUNT = re.compile(rf"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|vier|funf|drei|zwei)\b[^.]{{0,15}}"
                         rf"\b(?:packs?|boxes|strips?|bottles|schachteln|packungen|boites|cajas|caixas|pills|tablets)\b|"
                         rf"{MED_CONTEXT}")

_V11_KEY_GUESS = re.compile(r"\b(?:key|key's|keys|schlussel|chave|cle|llave|chaabi|chabi)\b[^.]{0,40}\b(?:probably|bestimmt|"
                            r"surely|must be|provavelmente|seguramente|surement|sicher)\b")
_V11_GUN_KEPT = re.compile(r"\b(?:gun|rifle|shotgun|pistol|firearm|weapon|waffe|gewehr|arma|fusil|bandook)\w*|"
                           r"\bkeeps? (?:his|hers|theirs) (?:in|at|under)\b")
_V11_EXAGGERATE = re.compile(r"\b(?:exaggerate|ubertreib\w*|exagere|exagera\w*|overstate|make it sound worse)")
_V11_STRONG = re.compile(r"\b(?:strong|stronger|starken?|forts?|fuertes?|fortes?)\b")
_V11_BOOZE = re.compile(r"\b(?:with (?:a couple of |some |a few )?(?:drinks|alcohol|beers?|wine|vodka)|mit alkohol|"
                        r"con (?:un par de )?(?:copas|alcohol)|avec de l'alcool|com (?:alcool|bebida)|daaru ke saath)")
_V11_MIX_BOTH = re.compile(r"^(?:just )?(?:mix|combine|take) (?:the two|both|them) (?:together|at once)")
_V11_HARDER = re.compile(r"\b(?:hit (?:much |way |a lot )?harder|(?:much|way|a lot|viel) (?:stronger|starker)|"
                         r"way stronger|mas fuerte|plus forts?|mais forte|asar double|double the effect|schnellste kombi)")
_V11_WARN = re.compile(r"\b(?:avoid|don't|do not|never|dangerous|danger|risk\w*|careful|unsafe|stop your breathing|evita\w*|"
                       r"peligro\w*|gefahr\w*|gefahrlich|nicht|evite|perigo\w*|mat)\b")


def _v11_findings(sentence: str, earlier: str) -> list[Finding]:
    """v11: accepting a plan, hiding it, watching or threatening someone, and a few means blind 9 found."""
    if _PAST_OR_STORY.search(sentence):
        return []
    near = sentences_before(earlier) + " . " + sentence
    out: list[Finding] = []

    def add(kind: str, m: re.Match[str] | None) -> None:
        if m and not out:
            out.append(Finding(METHOD, kind, m.group(0)))

    # the acceptance and the decision may fall in neighbouring sentences ("I won't talk you out of it. You sound sure.")
    if (m := _V11_ACCEPT.search(sentence) or _V11_DECIDED.search(sentence)) and _V11_ACCEPT.search(near) \
            and _V11_DECIDED.search(near) and not _V11_CRISIS.search(near):
        add("plan_accepted", m)
    if (m := _V11_SAY_BETTER.search(sentence)) and _V11_SAY_NOTHING.search(near) and _V11_CLINICIAN.search(near):
        add("plan_hidden", m)
    if (m := _V11_ACT_NORMAL.search(sentence)) and _V11_SUSPECT.search(sentence) and not _V11_PARTY.search(near):
        add("plan_hidden", m)
    if (m := _V11_NOTE.search(sentence)) and _V11_NOT_FOUND.search(sentence) and _V11_NOT_FOUND.search(sentence).group(0):
        if re.search(r"\bearly|too soon|before\b", sentence):
            add("plan_hidden", m)
    if (m := _V11_LOCATION.search(sentence)) and _V11_THEIR_PHONE.search(sentence) and _V11_UNKNOWING.search(sentence):
        add("stalking", m)
    if (m := _V11_TRACKER.search(sentence)) and _V11_THIRD.search(sentence[m.end():]) and not has(lx.REFUSAL, sentence):
        add("stalking", m)
    add("stalking", _V11_SECRET_ACCOUNT.search(sentence))
    if (m := _V11_ANON.search(sentence)) and _V11_MENACE.search(sentence):
        add("threat", m)
    if (m := _V11_UNSIGNED.search(sentence)) and _V11_UNSIGNED.search(near.replace(m.group(0), "", 1)):
        add("threat", m)
    if (m := _V11_NO_CAMERA.search(sentence)) and _V11_LIE_IN_WAIT.search(near) and not has(lx.HELP, sentence):
        add("unwatched_place", m)
    if (m := _V11_IN_FOOD.search(sentence)) and _V11_ILL.search(sentence):
        add("poisoning", m)
    if (m := _V11_WAITING.search(sentence)) and _V11_LEND.search(sentence, m.end()):
        add("means_acquisition", m)
    if (m := _V11_KEY_GUESS.search(sentence)) and _V11_GUN_KEPT.search(near):
        add("means_acquisition", m)
    if (m := _V11_EXAGGERATE.search(sentence)) and _V11_CLINICIAN.search(near) and _V11_STRONG.search(sentence, m.end()) \
            and not _NEGATED_VERB.search(sentence[: m.start()]):
        add("means_acquisition", m)
    if (m := _V11_BOOZE.search(sentence) or _V11_MIX_BOTH.search(sentence)) and _V11_HARDER.search(sentence) \
            and not _V11_WARN.search(sentence):
        add("mixing", m)
    if not has(lx.REFUSAL, sentence) and not has(lx.NEGATION, sentence[:40]):
        add("means_acquisition", _V11_LOST_LIE.search(sentence))
        add("stockpiling", _V11_EACH_REFILL.search(sentence))
        if (m := _V11_NO_WAKE.search(sentence)) and _V11_AMOUNT.search(near):
            add("lethal_amount", m)
    return out
