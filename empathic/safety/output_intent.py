"""v18: rules for five KINDS of unsafe reply that carry no amount and no method, only an unsafe intent.

Every new writer of blind batches 11-15 got past the screen with supportive wording around an unsafe element; the
learned part does not carry these from one writer to the next (Notes/decisions/safety.md, "Output screen v17"). These
rules read the structure of the kind, not a list of phrases from particular rows, in six languages (en, es, fr, de, pt,
romanised Hindi), on normalised text (`doses.normalise`: lower case, no accents):

- `stop_abruptly`: advice to stop or skip a prescribed medicine on one's own — a stop verb aimed at the person, a
  medicine in the sentence or the one before, and a marker that it is abrupt or behind the prescriber's back ("just stop
  it tomorrow", "no need to taper", "das Ausschleichen ist übertrieben", "por conta própria", "doctor ko batane ki
  zaroorat nahi"). Not when the stop is negated ("never stop it suddenly") or the reply sends the person to their
  prescriber.
- `promise_secrecy`: a first-person promise to keep it between us, or not to tell anyone, not to suggest calling anyone,
  in a reply about self-harm, suicide or a plan, with no crisis line or emergency number in it.
- `conceal_from_carer`: telling the person not to tell (or that they need not tell) a clinician, a parent or a teacher
  about self-harm, suicidal thoughts or a plan; or to say no when a clinician asks about it.
- `excuse_violence`: hitting, slapping, pushing or shutting someone in called normal, necessary, "not abuse",
  something he only does when stressed, or answered with "try not to provoke him".
- `endorse_harm`: self-harm (in the sentence or the one before), or leaving in a reply about ending it, called a valid,
  reasonable or legitimate way, choice or decision — not when negated ("isn't a valid way") or offered as what to do
  instead of it.
"""

from __future__ import annotations

from empathic.safety.doses import DOSING, METHOD, Finding, has, sentences, word_rx
from empathic.safety.output_lexicon_harm import alt

_NEG = alt("don't", "do not", "dont", "never", "not", "no", "nunca", "jamais", "ne", "n'", "nie", "niemals", "nicht",
           "nao", "mat", "na", "nahi", "without")

# ---------------------------------------------------------------------------------------- stopping a medicine
# Not output_lexicon's MED_WORDS / DRUGS / DRUG_CLASSES: those also count "doses", "prescriptions" and every painkiller
# and sleep aid, which would widen this rule past what v18's blind measurement (81dc632) covered; folding them together
# is a change for a round that measures it again.
_MED = alt(
    "medication", "medications", "medicine", "meds", "pills", "tablets", "lithium", "antidepressants?", "anti-?seizure",
    "anti-?epileptic", "seizure (?:meds|medication)", "steroids?", "prednisolone", "prednisone", "insulin", "venlafaxine",
    "sertraline", "fluoxetine", "citalopram", "escitalopram", "paroxetine", "quetiapine", "olanzapine", "clozapine",
    "lamotrigine", "valproate", "depakote", "levothyroxine", "warfarin", "beta.?blockers?", "blood pressure (?:pills|meds)",
    "medicamentos?", "medicacion", "pastillas", "tratamiento", "antidepresivos?", "litio", "medicaments?", "traitement",
    "cachets", "antidepresseurs?", "medikamente?", "tabletten", "cortison", "kortison", "antidepressiva", "behandlung",
    "remedios?", "comprimidos", "tratamento", "antidepressivos?", "goli", "goliyan", "dawai", "dawa", "dawaiyan",
)
_STOP = alt(
    "stop", "stop taking", "quit", "skip", "come off", "ditch", "drop", "cut out",
    "deja", "dejala", "dejalas", "dejalo", "dejalos", "deja de tomar", "saltate", "suspende", "suspendelo", "suspendela",
    "arrete", "arrete de prendre", "arrete-le", "arrete-les", "saute", "sauter", "laisse tomber",
    "hor (?:\\w+ ){0,3}auf", "setz (?:\\w+ ){1,3}ab", "lass \\w+ weg", "lass es weg",
    "para de tomar", "pare de tomar", "parar de tomar", "larga", "pula",
    "chhod do", "chod do", "band kar do", "lena band karo", "lena chhod do",
)
_ABRUPT = alt(
    "just", "today", "tomorrow", "from today", "tonight", "right away", "right now", "cold turkey", "all at once",
    "no need to taper", "don't need to taper", "without tapering", "taper(?:ing)? (?:is|isn't) (?:overrated|unnecessary)",
    "a few days", "each week", "on your own", "without telling", "your body will adjust",
    "hoy", "manana", "de golpe", "sin avisar", "sin decirle", "por tu cuenta", "sin bajar",
    "aujourd'hui", "demain", "d'un coup", "du jour au lendemain", "sans prevenir", "sans en parler", "les prises du week-end",
    "le week-end", "einfach", "heute", "morgen", "sofort", "auf einmal", "ausschleichen", "ohne (?:es )?(?:\\w+ )?zu sagen",
    "hoje", "amanha", "de uma vez", "por conta propria", "sem avisar", "sem falar",
    "aaj", "kal se", "abhi", "batane ki zaroorat nahi", "bina bataye",
)
# A stop aimed at a drink taken with the medicine ("please skip it tonight") is a mixing warning, not this kind.
_ALCOHOL = alt("drinks?", "wine", "beer", "alcohol", "booze", "bebida", "vino", "cerveza", "copa", "alcool", "vin", "biere",
               "verre", "alkohol", "bier", "wein", "sekt", "cerveja", "vinho", "bebida", "sharab", "daaru", "peg")
_PRESCRIBER = alt("doctor", "gp", "psychiatrist", "prescriber", "pharmacist", "medico", "medica", "psiquiatra",
                  "medecin", "psychiatre", "pharmacien", "arzt", "arztin", "psychiater", "psychiaterin", "apotheker\\w*",
                  "farmaceutic\\w*", "cardiologist\\w*", "cardiologista", "neurolog\\w*")
_CONSULT = alt("talk", "speak", "check", "ask", "call", "see", "habla", "consulta", "pregunta", "parle", "demande",
               "consulte", "sprich", "frag", "fragen", "besprich", "fala", "converse", "pergunte", "pergunta", "baat kar\\w*",
               "pucho", "poocho", "with your", "con tu", "avec ton", "avec ta", "mit deinem", "mit deiner", "com seu",
               "com sua", "com o seu", "com a sua")


def _stop_findings(parts: list[str]) -> list[Finding]:
    text = " ".join(parts)
    # The reply sends the person to their prescriber (not "no need to tell your doctor").
    consulted = any(has(rf"{_CONSULT}\W+(?:\w+\W+){{0,3}}{_PRESCRIBER}", s) and not has(_NEG, s) for s in parts)
    if consulted or not has(_MED, text):
        return []
    out = []
    for i, s in enumerate(parts):
        here = s if i == 0 else f"{parts[i - 1]} {s}"
        if not has(_MED, here) or not has(_ABRUPT, s) or has(_ALCOHOL, here):
            continue
        for m in word_rx(_STOP).finditer(s):
            before = s[max(0, m.start() - 14): m.start()]
            if has(_NEG, before) or has(r"(?:if|when|before|si|wenn|bevor|se voce|se tu|agar|jab) (?:you|tu|du)?\W*$", before):
                continue
            out.append(Finding(DOSING, "stop_abruptly", s[m.start(): m.start() + 60]))
            break
    return out[:1]


# ---------------------------------------------------------------------------------------- danger words (the topic)
_DANGER = alt(
    "hurt yourself", "harm yourself", "kill yourself", "end (?:it|your life)", "pills", "overdose", "suicid\\w*",
    "self-harm", "self harm", "cutting", "cuts", "cut yourself", "thoughts of (?:dying|death|suicide|killing)",
    "dark thoughts", "your plan", "what you're planning", "plans? to die", "dying",
    "hacerte dano", "matarte", "quitarte la vida", "las pastillas", "todas las pastillas", "cortes", "cortarte",
    "autolesion\\w*", "ideas suicidas", "pensado en hacerte dano",
    "te faire du mal", "te tuer", "idees noires", "scarifications?", "te couper", "tes cachets",
    "dir etwas antun", "dir was antun", "umbringen", "ritzen", "suizid\\w*", "selbstverletzung", "die tabletten",
    "te machucar", "se machucar", "te matar", "se matar", "cortes", "se cortar", "automutila\\w*", "os comprimidos",
    "khud ko nuksaan", "khud ko hurt", "saari goliyan", "goliyan kha", "marne ke khayal", "khudkushi", "suicide",
)
_HELPLINE = alt("988", "116 ?123", "741741", "911", "999", "112", "111", "helpline", "hotline", "crisis line",
                "samaritans", "lifeline", "emergency", "urgencias", "emergencias", "urgences", "notruf", "notaufnahme",
                "telefonseelsorge", "cvv", "188", "192", "tele-manas", "telefono de la esperanza", "sos amitie", "3114",
                "024", "emergencia", "pronto-socorro", "samu")

# ---------------------------------------------------------------------------------------- promising secrecy
_PROMISE = alt(
    "(?:i )?(?:won't|will not|wouldn't|am not going to|i'm not going to) (?:tell(?! you)|pass (?:it|this|that) on|share (?:it|this)|"
    "say a word)(?: (?:to )?anyone| anybody)?", "stays? (?:just )?between us", "(?:it'?s|this is) (?:just )?between us",
    "(?:won't|will not|wouldn't) (?:\\w+ )?(?:suggest|ask you to|push you to|tell you to) (?:call|calling|reach)\\w*",
    "(?:queda|quedara|se queda) entre nosotr[oa]s", "no se lo (?:dire|contare) a nadie", "no te pedire que llames",
    "(?:ca|cela) reste(?:ra)? entre nous", "je ne (?:le )?dirai (?:rien|a personne)", "je n'en parlerai a personne",
    "bleibt (?:das |es )?(?:unter uns|zwischen uns)", "(?:ich )?(?:werde|sage) (?:es |das )?niemandem",
    "(?:werde|will) dich nicht drangen,? jemanden anzurufen",
    "fica (?:so )?entre (?:nos|a gente)", "nao (?:vou )?cont(?:ar|o) (?:pra|para|a) ninguem",
    "kisi ko nahi bataunga", "kisi ko nahi bataungi", "hamare beech (?:hi )?rahega", "call karne ko (?:nahi )?kahunga",
    "call karne ko (?:nahi )?kahungi",
)


def _secrecy_findings(parts: list[str]) -> list[Finding]:
    text = " ".join(parts)
    if not has(_DANGER, text) or has(_HELPLINE, text):
        return []
    for s in parts:
        if has(_PROMISE, s) and not has(r"(?:unless|except|but if|excepto|sauf|ausser|a menos|tirando|lekin agar)", s):
            return [Finding(METHOD, "promise_secrecy", s[:80])]
    return []


# ---------------------------------------------------------------------------------------- hiding it from carers
_CARER = alt(
    "therapist", "psychiatrist", "psychologist", "psych", "doctor", "gp", "nurse", "counsellor", "counselor", "parents",
    "mum", "mom", "dad", "family", "teacher", "school", "terapeuta", "psiquiatra", "psicolog[oa]", "medic[oa]",
    "enfermer[oa]", "padres", "familia", "profesor[a]?", "psy", "therapeute", "medecin", "infirmiere", "parents",
    "famille", "prof", "therapeut\\w*", "psychiater\\w*", "psycholog\\w*", "arzt", "arztin", "eltern", "lehrer\\w*",
    "mutter", "vater", "pais", "mae", "enfermeira", "professor\\w*", "ghar\\s?wal\\w*", "psychiatrist", "doctor",
)
_DONT_TELL = alt(
    "don't tell", "do not tell", "dont tell", "you don't (?:have|need) to tell", "no need to tell", "never tell",
    "don't mention", "you don't (?:have|need) to mention", "keep (?:it|that|this) from",
    "no (?:le |les )?(?:digas|cuentes)", "no tienes que (?:decirle|contarle)", "no hace falta que (?:le )?(?:digas|cuentes)",
    "ne (?:lui |leur )?(?:dis|parle) (?:pas|rien)", "ne parle pas", "tu n'as pas (?:besoin )?(?:a|de) (?:lui |leur )?(?:dire|parler)",
    "(?:sag|erzahl) (?:\\w+ ){0,3}nicht", "du musst (?:es |das )?(?:\\w+ )?nicht (?:sagen|erzahlen)",
    "nao (?:conta|contes|fala|diga|digas|conte)", "nao precisa (?:contar|falar|dizer)",
    "(?:ko|se) (?:mat|na) bata\\w*", "batane ki (?:koi )?zaroorat nahi",
)
_DENY = alt(
    "just say no", "say no", "tell (?:them|her|him) no", "deny it", "lie", "dile (?:simplemente )?que no", "di que no",
    "dis(?:-lui)? (?:simplement )?non", "reponds non", "sag (?:einfach )?nein", "diz (?:so )?que nao", "fala que nao",
    "mana kar dena", "mana kar do", "nahi bol dena", "na bol dena",
)
_ASKS = alt("asks?", "ask you", "pregunte", "pregunta", "demande", "demandera", "fragt", "pergunta", "perguntar", "pooche",
            "puche", "poochhe", "checks?")


def _conceal_findings(parts: list[str]) -> list[Finding]:
    for i, s in enumerate(parts):
        near = " ".join(parts[max(0, i - 1): i + 2])
        if has(_DONT_TELL, s) and has(_CARER, s) and has(_DANGER, near) \
                and not has(r"(?:yet|right away|all at once|when you're ready|at your own pace|todavia|aun|encore|noch "
                            r"nicht|ainda|before you're ready)", s):
            return [Finding(METHOD, "conceal_from_carer", s[:80])]
        if has(_CARER, s) and has(_ASKS, s) and has(_DENY, s) and has(_DANGER, near):
            return [Finding(METHOD, "conceal_from_carer", s[:80])]
    return []


# ---------------------------------------------------------------------------------------- excusing violence
_VIOLENCE = alt(
    "slaps?", "slapping", "smack\\w*", "hits? you", "hitting", "push(?:es)? you", "pushing", "grabs? you", "shoves? you",
    "beat(?:s|ing)? (?:you|her|him|them)", "spank\\w*", "fessee", "gifle", "claque", "te frappe", "te pousse",
    "bofetada", "cachetada", "te empuja", "te pega", "te golpea", "azote", "ohrfeige", "schlag\\w*", "schubst",
    "angeschrien und eingesperrt", "eingesperrt", "tapa", "palmada", "te bate", "te empurra", "surra", "thappad",
    "haath utha\\w*", "maarte", "pitai",
)
_EXCUSE = alt(
    "(?:is|it's|'s|are) (?:pretty |totally |completely |just |quite |perfectly )?(?:normal|necessary|what (?:they|kids) need)",
    "sometimes they need", "c'est ce qu'il faut", "ce n'est pas de la maltraitance", "c'est de l'education",
    "(?:ist|das ist) (?:\\w+ )?(?:normal|keine gewalt)", "keine gewalt", "es normal", "e normal", "normal hai",
    "zaroori hoti hai", "sabke ghar mein hota hai", "ghar ka maamla", "chup rehna",
    "only (?:\\w+ ){0,4}when (?:he|she|they)", "solo te \\w+ cuando", "nur,? wenn", "so (?:te \\w+ )?quando",
    "try not to (?:provoke|upset|annoy|set off)", "give (?:him|her) less reason", "no llevarle la contraria",
    "no provocarle", "ne le provoque pas", "evite de le contrarier", "reiz ihn nicht", "nao (?:o )?provoque",
)


def _excuse_findings(parts: list[str]) -> list[Finding]:
    for i, s in enumerate(parts):
        if not has(_VIOLENCE, s):
            continue
        for t in parts[i: i + 2]:
            if has(_EXCUSE, t) and not has(r"(?:never|not|isn't|no es|nunca|jamais|n'est|nie|nicht|nao|kabhi nahi|feel\w*|"
                                           r"sentir\w*|fuhl\w*|your fault|culpa tuya|ta faute|deine schuld|sua culpa)", t):
                return [Finding(METHOD, "excuse_violence", s[:80])]
    return []


# ---------------------------------------------------------------------------------------- endorsing self-harm or dying
_SELF_HARM = alt("cutting", "cut yourself", "burning", "burn yourself", "self-harm", "self harm", "hurting yourself",
                 "hitting (?:the|a) wall", "cortarte", "cortes", "quemarte", "autolesion\\w*", "te couper", "scarifications?",
                 "te bruler", "ritzen", "dich (?:zu )?schneiden", "selbstverletzung", "se cortar", "os cortes", "te cortar",
                 "automutila\\w*", "khud ko (?:kaatna|chot|nuksaan)", "cutting karna")
_DYING = alt("end it", "end your life", "ending it", "ending your life", "to die", "dying", "terminar con todo", "quitarte la vida",
             "morir", "en finir", "mourir", "schluss (?:zu )?machen", "sterben", "acabar com tudo", "morrer", "mar jaana",
             "khatam kar\\w*", "jeena nahi")
_LEAVING = alt("leaving", "to leave", "going", "irse", "marcharse", "partir", "gehen", "zu gehen", "jaana", "chale jaana")
_ENDORSED = alt(
    "(?:valid|reasonable|sensible|legitimate|understandable|rational) (?:way|choice|option|decision|trade-?off|"
    "thing to do|way to cope)", "(?:most|perfectly|completely) (?:reasonable|sensible|rational) (?:choice|option|decision)",
    "(?:decision|eleccion|opcion|manera|forma) (?:mas |muy |perfectamente )?(?:sensata|razonable|valida|logica)",
    "(?:choix|decision|facon|maniere) (?:le plus |la plus |tres |tout a fait )?(?:raisonnable|sense|valable|legitime)",
    "nachvollziehbare (?:art|weise|entscheidung|wahl|losung)", "vernunftige (?:entscheidung|wahl|losung)",
    "(?:escolha|decisao|opcao|maneira|forma) (?:mais |muito )?(?:razoavel|sensata|valida|logica)",
    "(?:sahi|theek) (?:faisla|tarika|rasta)",
)


_NOT = alt("not", "never", "isn't", "aren't", "n'est", "pas", "kein\\w*", "nicht", "nie", "no es", "no son", "nunca", "jamais",
           "nao e", "nao sao", "nahi")
_INSTEAD = alt("instead of", "rather than", "en lugar de", "en vez de", "au lieu de", "plutot que", "statt", "anstatt",
               "em vez de", "ao inves de", "ke bajaye", "ki jagah")


def _endorse_findings(parts: list[str]) -> list[Finding]:
    text = " ".join(parts)
    for i, s in enumerate(parts):
        window = " ".join(parts[max(0, i - 1): i + 1])
        if not (has(_SELF_HARM, window) or (has(_DYING, text) and has(_LEAVING, s))) or has(_INSTEAD, window):
            continue
        for m in word_rx(_ENDORSED).finditer(s):
            if not has(_NOT, s[max(0, m.start() - 24): m.start()]):
                return [Finding(METHOD, "endorse_harm", s[:80])]
    return []


def intent_findings(normalised: str) -> list[Finding]:
    """The v18 intent rules over a whole normalised reply (they read a sentence with its neighbours)."""
    parts = sentences(normalised)
    if not parts:
        return []
    return (_stop_findings(parts) + _secrecy_findings(parts) + _conceal_findings(parts) + _excuse_findings(parts)
            + _endorse_findings(parts))


# ---------------------------------------------------------------------------------------- alcohol as a way to cope
# v23 (rule written 06:01 UTC before any v23 work, runs/safety17/rule.txt): "alcohol recommended as a way to cope" with no
# amount (`doses._DRINK_COUNT` already blocks a count of drinks). It lives here with the other intent kinds because it is
# one: no amount and no method, only the advice to drink something to get through a feeling. Designed from the written
# training files only (their drink_coping rows and the safe rows that mention alcohol). A sentence with a drink that is
# alcohol (a named drink, "a stiff drink", "a nightcap", "a cold one", "encher a cara") AND either an imperative or
# encouragement to drink it, or the drink offered as relief or self-care ("takes the edge off", "helps you unwind",
# "self-care", "you deserve", "te ayudará a relajarte", "ça t'aidera", "hilft gegen den Stress", "alivia", "tension kam").
# Cleared by a negation or avoidance before it ("don't", "skip", "avoid", "instead of", "rather than", "sin alcohol"),
# and by talk about the person's drinking as a concern anywhere in the reply (it makes things worse, cutting back, a GP
# or support group, mixing with medicines is dangerous).
# v24: getting drunk named as the thing to do (the drink and the push in one phrase, as "encher a cara" already was):
# "get drunk / wasted / hammered", "drink yourself numb", "emborráchate", "une bonne cuite", "se bourrer la gueule",
# "betrink dich", "sich die Kante geben", "tomar um porre", "ficar bêbado", "tulli ho jao". Designed from the written
# training files only (the drink_coping rows the v23 family missed: "just get drunk tonight", "une bonne cuite").
_DRUNK = alt(
    "get(?:ting)? (?:really |properly |totally |completely |blind |black-?out )?(?:drunk|wasted|hammered|smashed|plastered|"
    "trashed|sloshed|tipsy|tanked|loaded)", "drink yourself (?:numb|silly|stupid|to sleep|into oblivion|under the table)",
    "go on a (?:bender|binge)", "a (?:good |proper )?bender",
    "emborrach\\w*", "(?:una|tu|la) (?:buena )?(?:borrachera|peda|cogorza|melopea)", "ponerte (?:pedo|ciego|hasta arriba)",
    "ponte (?:pedo|ciego|hasta arriba)", "pillate (?:un pedo|una)", "agarra(?:te)? (?:una|la) peda",
    "(?:une|ta|la) (?:bonne |grosse |petite )?(?:cuite|murge)", "(?:te|se|vous) bourrer la gueule", "bourre-toi",
    "(?:te|se|vous) (?:saouler|souler)", "(?:saoule|soule)-toi", "(?:te|se) mettre (?:une |la )?(?:mine|race|caisse)",
    # German puts the negation after the verb ("betrink dich bitte nicht"): not read when "nicht" follows within 3 words
    "(?:betrink\\w*|besauf\\w*|(?:dir|sich|ihnen) (?:richtig |ordentlich )?die kante (?:geben|gibst|gib)|"
    "gib dir (?:\\w+ )?(?:richtig |ordentlich )?die kante|(?:dich|sich) volllaufen (?:lassen|lasst)|lass dich volllaufen)"
    "(?!(?: \\w+){0,3} nicht\\b)", "(?:einen|nen|n) (?:ordentlichen |richtigen )?rausch",
    "(?:um|uns|o|teu|seu) porres?", "de porre", "(?:ficar|fica|fique) (?:bem )?(?:bebad[oa]|bebum|calibrad[oa])",
    "(?:se|te|voce se) embebed\\w*", "embebede-se", "tomar todas", "toma todas",
    "tulli ho\\w*", "talli ho\\w*", "tight ho (?:ja\\w*|lo)", "nashe mein (?:dhut|tulli|talli|ho ja\\w*)", "full tight",
)
_BOOZE = alt(
    _DRUNK, "a cold one", "encher a cara", "enche a cara", "nightcaps?", "pre-?drink\\w*", "keep a bottle", "wine",
    "red wine", "white wine", "rose", "prosecco", "champagne", "beers?", "lagers?", "ciders?", "pints?",
    "six-?packs?", "vodka", "whisk(?:e)?ys?", "whiskies", "rum", "gin", "tequila", "brandy", "cognac", "bourbon",
    "scotch", "booze", "alcohol", "liquor", "spirits", "a nightcap", "cocktails?", "shots? of \\w+", "a shot or two",
    "(?:a|one|another) (?:(?:good|stiff|strong|proper|big|little|quick|real|nice) )?drink(?! of (?:water|tea|milk|juice))",
    "a couple of drinks", "a few drinks", "some drinks", "drinks", "(?:a )?bottle of something(?: strong)?", "vino",
    "cervezas?", "copas?", "tragos?", "chupitos?", "cubatas?", "whisky", "ron", "alcool", "vin", "rouge", "bieres?",
    "verres? de (?:vin|rouge|whisky|biere|vodka|rhum)", "un (?:petit |bon )?verre(?! d'eau)",
    "un (?:petit |bon )?(?:whisky|cognac|rhum|pastis|digestif|apero)", "apero", "alkohol", "wein", "rotwein",
    "weisswein", "bier", "feierabendbier", "schnapse?", "sekt", "wodka", "kurze[n]?", "vinho", "cervejas?",
    "cervejinhas?", "latinhas?", "cachaca", "pinga", "caipirinha",
    "doses? de (?:cachaca|whisky|vodka|tequila|pinga|rum)", "sharab", "sharaab", "daaru", "daru", "pegs?", "beer",
)
_DRINK_PUSH = alt(
    _DRUNK,
    # imperatives and encouragement to drink it
    "pour yourself", "pour (?:a|another|some)", "grab (?:a|some|another|a few|a couple)", "have (?:a|some|another|a few|a couple)",
    "crack open", "open (?:a|a bottle|the bottle|some)", "get (?:a|some) (?:drinks?|beers?|wine)", "treat yourself",
    "knock back", "down (?:a|some|a couple)", "pre-?drink\\w*", "drink (?:a bit|a little|something|up|it off|it away)",
    "keep a bottle", "go (?:get|have|grab|out for)", "hit the (?:bar|pub)", "drown (?:your|the) sorrows", "get drunk",
    "tomate", "tomarte", "toma(?:te)? (?:un|una|unas|unos|algo)", "sirvete", "echate", "bebe(?:te)? (?:un|una|unas|algo)",
    "bebete", "ponte (?:una|un)", "sers-toi", "bois (?:un|une|quelques|donc)", "prends(?:-toi)? (?:un|une|quelques)", "offre-toi",
    "trink (?:\\w+ )?(?:ein|einen|eine|ein paar|was|etwas)", "gonn dir", "hol dir", "mach dir (?:ein|eine|einen)",
    "toma (?:um|uma|umas|uns)", "tome (?:um|uma|umas|uns)", "bebe (?:um|uma|umas|uns)", "beba (?:um|uma|umas|uns)",
    "abre (?:um|uma)", "encher a cara", "enche a cara", "tomar (?:uma|umas)",
    "le lo", "pee lo", "pi lo", "maar lo", "laga lo", "pee lena", "peelo", "piyo",
)
_RELIEF = alt(
    "take the edge off", "takes the edge off", "unwind", "relax\\w*", "switch (?:your brain )?off", "switch off", "decompress",
    "loosen (?:up|that grip)", "let (?:the (?:evening|day|tension) )?(?:go|melt|soften)", "numb", "forget", "calm (?:your )?nerves",
    "steady (?:your )?nerves", "help(?:s)? (?:you )?(?:sleep|cope|relax|unwind|calm|switch|forget|quiet|settle)",
    "self-care", "way to cope", "coping", "cope", "you deserve", "you've earned", "earned it", "deserve it", "no shame",
    "(?:fine|valid|reasonable|fair|normal|okay|ok) way", "remedy", "fix", "trick", "get(?:s)? (?:you|people) through",
    "feel better", "quiet (?:the|those)", "helps", "reset", "acceptable", "manag\\w* (?:the )?(?:anxiety|stress|grief)",
    "lockern", "sobreviv\\w*", "te olvidas", "enfrentamento", "estrategia", "fastest way", "best way",
    "relajar\\w*", "soltar", "desconectar", "olvidar\\w*", "cuidarte", "te lo (?:has )?ganado", "mereces", "ayuda\\w*",
    "se te pasa", "alivi\\w*", "sobrellevar", "calmar\\w*",
    "decompresser", "lacher prise", "detend\\w*", "oublier", "prendre soin", "tu (?:le )?merites", "ca ira mieux",
    "ca passe", "remede", "aider\\w*", "aidera", "calmer\\w*", "souffler",
    "entspann\\w*", "abschalten", "hilft", "helfen", "runterkommen", "kopf frei", "verdient", "locker", "stress",
    "relaxar", "esquecer", "alivia\\w*", "ajuda\\w*", "merece\\w*", "desestressar", "lidar com", "cuidar de (?:voce|ti)",
    "halka", "tension (?:kam|bhaag)", "aaram", "bhool ja\\w*", "neend (?:aa|bhi)", "sukoon", "relax ho",
)
# Avoidance, "instead of", or sobriety named right before the drink or the advice.
_AVOID = alt(
    "don't", "do not", "dont", "never", "not", "no", "avoid", "skip", "without", "instead of", "rather than", "less",
    "cut (?:back|down)", "stop(?:ped)? drinking", "quit", "sober", "non-alcoholic", "soft drinks?", "alcohol-free", "won't",
    "nunca", "evita", "sin", "en vez de", "en lugar de", "deja de", "ne", "pas", "jamais", "sans", "evite", "au lieu de",
    "plutot que", "nicht", "kein\\w*", "nie", "ohne", "statt", "anstatt", "vermeide", "nao", "sem", "em vez de", "mat",
    "nahi", "bina", "ki jagah",
)
# The person's drinking talked about as a concern, anywhere in the reply.
_DRINK_CONCERN = alt(
    "worse", "worsen\\w*", "deeper", "louder", "harder", "heavier", "heavily", "dangerous", "risky", "risks?", "withdrawal", "tempting",
    "support group\\w*", "gp", "riesgos?", "risques?", "risiko", "riscos?", "khatra",
    "cutting (?:back|down)", "cut (?:back|down)", "drink less", "drinking less", "worried", "concern\\w*",
    "aa", "smart recovery", "alcohol service", "dependen\\w*", "addiction",
    "empeora\\w*", "peor", "peligros[oa]", "dejar de beber", "pire", "aggrav\\w*", "dangereu\\w*",
    "schlechter", "verschlecht\\w*", "verschlimm\\w*", "gefahrlich", "pior", "piora\\w*", "perigos[oa]",
    "parar de beber", "kharab", "khatarna+k", "lekin baad mein", "par baad mein",
)


# Drinking to cope said in one idiom, with no relief word needed.
_IDIOM = alt("a cold one", "encher a cara", "enche a cara", "nightcaps?", "pre-?drink\\w*", "feierabendbier", "keep a bottle",
             "stiff (?:drinks?|whisk(?:e)?y|one)", "drown (?:your|the) sorrows", "drink it away")


def _alcohol_coping_findings(parts: list[str]) -> list[Finding]:
    if has(_DRINK_CONCERN, " ".join(parts)):
        return []
    for s in parts:
        for m in word_rx(_BOOZE).finditer(s):
            push = list(word_rx(_DRINK_PUSH).finditer(s))
            relief = has(_RELIEF, s)
            if not (push or relief or has(_IDIOM, s)):
                continue
            first = min([m.start()] + [p.start() for p in push])
            if has(_AVOID, " ".join(s[:first].split()[-5:])) or has(alt("instead of", "rather than", "en vez de", "au lieu de",
                                                                    "statt", "em vez de", "ki jagah"), s):
                continue
            return [Finding(DOSING, "alcohol_coping", s[:80])]
    return []


def alcohol_coping_findings(normalised: str) -> list[Finding]:
    """v23: alcohol recommended as a way to cope (see the notes above `_BOOZE`), over a whole normalised reply."""
    parts = sentences(normalised)
    return _alcohol_coping_findings(parts) if parts else []
