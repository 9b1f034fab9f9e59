"""High-precision crisis wording in Spanish, French, German, Portuguese and romanised Hindi.

Only the unmistakable core of each category: first-person wishes to die or to kill oneself, not
wanting to live, self-injury, an overdose already taken, intent to kill someone, and a partner or
parent who hits. The learned screen (a multilingual encoder) covers the broader phrasing in the
four European languages; romanised Hindi has no encoder support, so these rules and the
normalisation are all it has. Patterns run on the lowercased, de-obfuscated message. Accents are
optional in the regexes because people type without them.
"""

from __future__ import annotations

import re

from empathic.safety.patterns import CATEGORIES, Pattern, _p

SI, SH, HO, AB, ID = CATEGORIES

# Negation words that deny a pattern, checked on the two words before it and on the match itself
# ("no quiero morir" is still screened by the "no quiero vivir" patterns, which carry their own
# negation and use negation="none"). Where a language puts its negation inside or after the verb
# (fr "je suis pas suicidaire", de "ich will mir nichts antun", hi "suicidal nahi hoon"), the risk
# patterns below have an optional negation slot, so the plain denial is matched and then cleared.
NEGATION_BY_LANG: dict[str, str] = {
    "es": r"\b(?:no|nunca|jam[aá]s|tampoco)\b",
    "pt": r"\b(?:n[aã]o|nunca|jamais|nem)\b",
    "fr": r"\b(?:ne|n'|jamais|pas|aucune?|aucunement|point)\b",
    "de": r"\b(?:nicht|nichts|nix|nie|niemals|kein|keine|keinerlei|keinesfalls|keineswegs)\b",
    # "na" only right before a verb ("marna na chahta"): elsewhere it is a tag ("hai na").
    "hi": r"\b(?:nahi|nahin|nhi|nai|mat|kabhi nahi)\b|\bna (?=(?:chahta|chahti|karunga|karungi|karta|karti)\b)",
}
# Negations that do not deny what follows ("no aguanto, quiero morir" without the comma), like the
# English `_NEGATION_NEUTRAL`: removed from the words before a match before the negation check.
INTL_NEGATION_NEUTRAL = re.compile(
    r"\b(?:no|n[aã]o) (?:aguanto|aguento|soporto|suporto|puedo m[aá]s|posso mais|s[eé]|sei|consigo|puedo)\b|"
    # An effort against the urge is not a denial ("me cuesta no hacerme daño", "tento não me cortar").
    r"\b(?:me cuesta|intento|trato de|lucho por|tento|tentando|tentei|[eé] dif[ií]cil|luto para|"
    r"j'essaie de|essaie de|du mal [aà]) (?:no|n[aã]o|ne pas|ne plus)\b"
)
# The speaker's "I" in each language: a negation before an earlier "I" belongs to another clause
# ("je sais pas je veux mourir", "ich weiß nicht ich will sterben"), as with "i" in English.
SUBJECT_BY_LANG: dict[str, str] = {
    "es": r"\byo\b", "pt": r"\beu\b", "fr": r"\b(?:je\b|j')", "de": r"\bich\b",
    "hi": r"\b(?:main|mai|mujhe|mujhko)\b",
}
# Optional negation slots for the patterns below (inside a match, a negation clears it).
_FR_NEG = r"(?:(?:pas|jamais|point|aucune?|aucunement|vraiment|absolument|du tout|plus) ){0,3}"
# What the French first-person wish rules accept as "to die". "me foutre en l'air" (round 51) is the everyday French for
# killing oneself, missed twice in blind 51/52; not when an object follows ("me foutre en l'air ma soirée": to ruin).
_FR_DIE = r"(?:mourir|me suicider|me tuer|en finir|me foutre en l'air(?! (?:ma|mon|mes|la|le|les|ta|ton|sa|son)\b))"
_FR_LEAD = (r"(?:(?:je (?:ne |n')?|j')(?:veux|vais|voudrais|compte|ai|pense|peux) " + _FR_NEG
            + r"(?:envie (?:de |d')|besoin (?:de |d')|[aà] )?)?")
_DE_NEG = r"(?:(?:nicht|nie|niemals|keinesfalls|keineswegs|gar nicht|[uü]berhaupt nicht|absolut nicht) )?"
_HI_NEG = r"(?:(?:nahi|nahin|nhi|nai|na|kabhi nahi|kabhi bhi nahi|bilkul nahi|bilkul bhi nahi) )?"

# "dying of" idioms: "me muero de risa", "morri de vergonha", "je meurs de faim", "ich sterbe vor Hunger".
INTL_IDIOM = re.compile(
    r"\b(?:morir(?:me)?|muero|muriendo|morirse|morrer|morrendo|morri|morro|mourir|meurs|mort[e]?|sterbe|sterben)"
    r"\s+(?:de|del|da|do|vor)\s+(?:la |el |una |um |uma )?(?:verg[uü]enza|vergonha|honte|scham|risa|rir|rire|"
    r"lachen|hambre|fome|faim|hunger|sue[nñ]o|sono|sommeil|calor|chaleur|hitze|fr[ií]o|froid|k[aä]lte|envidia|"
    r"inveja|ganas|vontade|envie|amor|amour|aburrimiento|t[eé]dio|ennui|langeweile|saudade|cansancio|cansa[cç]o|"
    r"fatigue|curiosidad|curiosidade|curiosit[eé]|neugier)\b"
)

# Past and recovery markers in the other five languages ("hace tres años intenté …", "vor fünf Jahren hatte ich
# Suizidgedanken", "do saal pehle …"): years ago, childhood / teenage years. Used exactly like the English
# `_PAST` in rules.py (the matched segment is past unless it also holds a present marker, `INTL_PRESENT`).
_NUM = (r"(?:\d+|un|una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|varios|muchos|deux|trois|quatre|cinq|"
        r"sept|huit|neuf|dix|plusieurs|einem|zwei|drei|vier|f[uü]nf|sechs|sieben|acht|neun|zehn|elf|zw[oö]lf|"
        r"zwanzig|einigen|vielen|"
        r"um|dois|duas|tr[eê]s|quatro|sete|oito|nove|dez|v[aá]rios|muitos|ek|do|teen|char|chaar|paanch|panch|"
        r"chhe|saat|aath|nau|das|kai)")
INTL_PAST = re.compile(
    rf"\bhace {_NUM} a[nñ]os\b|\bcuando (?:era|ten[ií]a) |\bde (?:ni[nñ]a|ni[nñ]o|adolescente)\b|"
    rf"\bil y a {_NUM} ans\b|\bquand j'[eé]tais\b|\b[aà] l'adolescence\b|\bautrefois\b|"
    rf"\bvor {_NUM} jahren\b|\bfr[uü]her\b|\bals (?:teenager|jugendliche[r]?|kind)\b|\bdamals\b|"
    # An age then a past verb: "mit 20 hab ich versucht ...", "mit 16 wollte ich ..." (not "mit 20 Tabletten").
    r"\bmit \d{1,2}(?: jahren)?,? (?:hab|habe|hatte|wollte|war|bin|dachte)\b|"
    rf"\b(?:h[aá]|faz) {_NUM} anos\b|\bquando eu era\b|\bna adolesc[eê]ncia\b|\bantigamente\b|"
    rf"\b{_NUM} saal pehle\b|\bbachpan mein\b|\bjab main (?:chhota|chhoti|chota|choti) (?:tha|thi)\b"
)
INTL_PRESENT = re.compile(
    r"\b(?:ahora|hoy|esta noche|todav[ií]a|otra vez|de nuevo|[uú]ltimamente|maintenant|ce soir|aujourd'hui|"
    r"encore|en ce moment|de nouveau|jetzt|heute|immer noch|wieder|gerade|zurzeit|agora|hoje|ainda|de novo|"
    r"ultimamente|esta noite|abhi|aaj|phir se|aajkal|dobara)\b"
)

INTL_PATTERNS: list[Pattern] = [
    # ---- Spanish
    _p("es_want_die", SI, 0.9, r"\b(?:quiero|quisiera|voy a|pienso en|pensando en|deseo|necesito|ganas de) "
       r"(?:morir(?:me)?|suicidarme|matarme|quitarme la vida|desaparecer para siempre)\b|\bme (?:quiero|voy a) "
       r"(?:morir|matar|suicidar)\b|\b(?:quitarme|quitar me) la vida\b|\bacabar con mi (?:propia )?vida\b",
       lang="es"),
    _p("es_no_live", SI, 0.85, r"\b(?:ya )?no (?:quiero|aguanto|soporto) (?:seguir )?(?:vivir|viviendo|estar "
       r"aqu[ií]|despertar|existir)\b|\bno vale la pena (?:vivir|seguir)\b|\bestar[ií]an mejor sin m[ií]\b",
       negation="none", lang="es"),
    _p("es_suicidal", SI, 0.85, r"\bpensamientos suicidas\b|\b(?:me siento|estoy|soy) suicida\b|"
       r"\bpienso en (?:el )?suicidio\b|\bintento de suicidio\b", lang="es"),
    _p("es_self_harm", SH, 0.8, r"\b(?:cortarme|me corto|me cort[eé]) (?:las venas|los brazos|las mu[nñ]ecas|"
       r"otra vez|de nuevo)\b|\b(?:hacerme|me hago|me hice) da[nñ]o\b|\bme autolesiono\b|\bautolesi[oó]n\b",
       lang="es"),
    _p("es_overdose", ID, 0.9, r"\bme (?:tom[eé]|trag[uú][eé]) (?:todas (?:las|mis)|un frasco de|una caja de|"
       r"muchas) (?:pastillas|p[ií]ldoras|medicinas|medicamentos)\b", past=False, lang="es"),
    _p("es_harm_other", HO, 0.85, r"\bvoy a matar(?:lo|la|los|las| a)\b|\bquiero matar a (?:mi|mis|el|la|ese|esa)\b"
       r"|\b(?:voy a|quiero) (?:hacerle da[nñ]o|lastimar) a (?:mi|un|una) (?:hijo|hija|beb[eé]|ni[nñ]o|ni[nñ]a)\b",
       lang="es"),
    _p("es_abuse", AB, 0.85, r"\bmi (?:esposo|marido|novio|pareja|padre|padrastro|madre|pap[aá]|mam[aá]) me "
       r"(?:pega|golpea|viola|maltrata|amenaza con matarme)\b", lang="es"),
    # ---- Portuguese
    _p("pt_want_die", SI, 0.9, r"\b(?:eu )?(?:quero|vou|penso em|vontade de) (?:morrer|me matar|me suicidar|"
       r"tirar (?:a )?minha (?:pr[oó]pria )?vida|sumir para sempre)\b|\b(?:matar-me|suicidar-me)\b|"
       r"\bacabar com (?:a )?minha (?:pr[oó]pria )?vida\b", lang="pt"),
    _p("pt_no_live", SI, 0.85, r"\bn[aã]o (?:quero|aguento) mais (?:viver|estar aqui|existir|acordar)\b|"
       r"\bn[aã]o (?:quero|aguento) (?:viver|continuar vivendo) mais\b|\b(?:estariam|ficariam|seriam) (?:muito )?(?:melhor(?:es)?|mais felizes) sem mim\b",
       negation="none", lang="pt"),
    _p("pt_suicidal", SI, 0.85, r"\bpensamentos suicidas\b|\b(?:me sinto|estou|sou) suicida\b|"
       r"\bpenso em suic[ií]dio\b", lang="pt"),
    _p("pt_self_harm", SH, 0.8, r"\bme cortar (?:de novo|outra vez|os pulsos)\b|\bme (?:corto|cortei) "
       r"(?:de novo|outra vez|os pulsos|os bra[cç]os)\b|\bme machucar de prop[oó]sito\b|\bautomutila|"
       r"\b(?:quero|queria|penso em|pensando em|vontade de) me (?:machucar|ferir|cortar)\b",
       lang="pt"),
    _p("pt_overdose", ID, 0.9, r"\btomei (?:todos os|todas as|uma cartela de|um monte de|muitos) "
       r"(?:rem[eé]dios|comprimidos|p[ií]lulas|calmantes)\b", past=False, lang="pt"),
    _p("pt_harm_other", HO, 0.85, r"\bvou matar (?:ele|ela|eles|o meu|a minha|meu|minha)\b|"
       r"\bquero matar (?:ele|ela|meu|minha|o|a)\b", lang="pt"),
    _p("pt_abuse", AB, 0.85, r"\bmeu (?:marido|namorado|pai|padrasto|companheiro) me (?:bate|agride|estupra|"
       r"espanca|amea[cç]a de morte)\b", lang="pt"),
    # ---- French
    _p("fr_want_die", SI, 0.9, r"\b(?:je veux|j'ai envie de|je vais|je pense [aà]|envie de) " + _FR_DIE + r"\b|"
       r"\b(?:je (?:ne |n')?|j')(?:(?:veux|vais|compte) " + _FR_NEG + r"|ai " + _FR_NEG + r"envie de |pense "
       + _FR_NEG + r"[aà] )" + _FR_DIE + r"\b|"
       r"\bmettre fin [aà] (?:mes jours|ma vie)\b|\ben finir avec (?:la vie|tout)\b",
       lang="fr"),
    _p("fr_no_live", SI, 0.85, r"\b(?:je )?ne veux plus (?:vivre|exister|me r[eé]veiller|[eê]tre l[aà])\b|"
       r"\bplus envie de vivre\b|\bseraient mieux sans moi\b", negation="none", lang="fr"),
    _p("fr_suicidal", SI, 0.85, r"\b(?:pens[eé]es|id[eé]es) suicidaires\b|"
       r"\bj(?:e |')(?:ne |n')?suis " + _FR_NEG + r"suicidaire\b|"
       r"\bje (?:ne |n')?pense " + _FR_NEG + r"au suicide\b",
       lang="fr"),
    _p("fr_self_harm", SH, 0.8, r"\b(?:me scarifier|je me scarifie|me mutiler|je me mutile|je me fais du mal|"
       r"me faire du mal|me couper les veines|je me coupe les (?:bras|poignets|veines))\b|"
       r"\bje (?:ne )?me (?:fais|ferai|ferais) " + _FR_NEG + r"(?:de |du )mal\b|"
       r"\bje (?:ne )?me (?:scarifie|mutile)(?: (?:pas|jamais|plus|point))?\b|"
       r"\b" + _FR_LEAD + r"(?:me faire du mal|me scarifier|me mutiler)\b", lang="fr"),
    _p("fr_overdose", ID, 0.9, r"\bj'ai (?:pris|aval[eé]) (?:toute (?:la|une) bo[iî]te|tous mes|toutes mes|"
       r"plein de) (?:de )?(?:m[eé]dicaments|cachets|comprim[eé]s|pilules)\b", past=False, lang="fr"),
    _p("fr_harm_other", HO, 0.85, r"\bje vais (?:le|la|les) tuer\b|\benvie de tuer (?:mon|ma|mes|quelqu'un)\b",
       lang="fr"),
    _p("fr_abuse", AB, 0.85, r"\bmon (?:mari|copain|p[eè]re|beau-p[eè]re|compagnon|conjoint) me (?:frappe|bat|"
       r"viole|menace de me tuer)\b", lang="fr"),
    # ---- German
    _p("de_want_die", SI, 0.9, r"\bich (?:will|m[oö]chte|werde) " + _DE_NEG + r"(?:mich " + _DE_NEG
       + r"(?:umbringen|t[oö]ten)|sterben|tot sein)\b|"
       r"\bmein leben beenden\b|\bselbstmord (?:begehen|machen)\b|\bmich " + _DE_NEG + r"umbringen\b|"
       r"\blebensm[uü]de\b|\bich bringe? mich " + _DE_NEG + r"um\b|"
       # "sich das Leben nehmen" in the first person only ("mir"): "ich will mir das Leben nehmen", "ich denke
       # daran, mir (selbst) das Leben zu nehmen", "ich nehme mir heute Nacht das Leben". A denial is matched
       # and cleared ("ich würde mir nie das Leben nehmen", "ich denke nicht daran, mir ..."); "sich" (news,
       # grief: "er hat sich das Leben genommen") and "nehmen lassen" (not letting life be taken) are not.
       r"\b(?:(?:nicht|nie|niemals|gar nicht|[uü]berhaupt nicht) daran,? )?mir " + _DE_NEG + r"(?:selbst )?"
       + _DE_NEG + r"das leben " + _DE_NEG + r"(?:zu )?nehmen\b(?! lassen\b)|"
       # ... but not "ich nehme mir das Leben (nicht) so schwer / wie es kommt".
       r"\bich nehme? mir " + _DE_NEG + r"(?:selbst )?(?:\w+ ){0,3}?das leben(?: (?:nicht|nie|niemals))?+\b"
       r"(?!,? (?:wie|so|leicht|locker|schwer|gelassen|ernst)\b)",
       lang="de"),
    _p("de_no_live", SI, 0.85, r"\b(?:ich )?(?:will|m[oö]chte|kann) nicht mehr (?:leben|da sein|aufwachen|"
       r"weiterleben)\b|\bw[aä]ren besser dran ohne mich\b", negation="none", lang="de"),
    _p("de_suicidal", SI, 0.85, r"\b(?:suizid|selbstmord)gedanken\b|\bich bin " + _DE_NEG + r"suizidal\b|"
       r"\b(?:ich )?denke (?:\w+ ){0,5}an (?:selbstmord|suizid)\b", lang="de"),
    _p("de_self_harm", SH, 0.8, r"\bich ritze mich(?: (?:nicht|nie|niemals))?\b|\bmich " + _DE_NEG
       + r"(?:ritzen|selbst verletzen)\b|\bich verletze mich " + _DE_NEG + r"(?:selbst|absichtlich)\b|"
       # "ich will mir was antun" / "ich tu mir nichts an"
       r"\bich (?:\w+ ){0,2}?mir (?:(?:doch|schon|nie|niemals) )?(?:nichts|nix|was|etwas|irgendwas) "
       r"(?:\w+ )?an(?:zu)?tun\b|\bich (?:tue?|t[äa]te|w[uü]rde) mir (?:(?:doch|schon|nie) )?"
       r"(?:nichts|nix|was|etwas) an(?:tun)?\b", lang="de"),
    _p("de_overdose", ID, 0.9, r"\b(?:alle|viele) (?:meine |meiner )?(?:tabletten|pillen) (?:genommen|geschluckt)\b",
       past=False, lang="de"),
    _p("de_harm_other", HO, 0.85, r"\bich (?:werde|will) (?:ihn|sie|meinen \w+|meine \w+) umbringen\b|"
       r"\bich bringe? (?:ihn|sie) um\b", lang="de"),
    _p("de_abuse", AB, 0.85, r"\bmein (?:mann|freund|vater|stiefvater|partner) (?:schl[aä]gt|vergewaltigt) mich\b",
       lang="de"),
    # ---- romanised Hindi
    _p("hi_want_die", SI, 0.9, r"\b(?:marna|mar jana|marr jana|mrna) " + _HI_NEG
       + r"(?:chahta|chahti|chahata|chahati|hai)\b|"
       r"\b(?:khudkushi|khud khushi|aatmhatya|atmahatya) " + _HI_NEG
       + r"(?:kar|karna|karne|kar lunga|kar lungi|karunga|karungi)\b|"
       r"\b(?:suicide|sucide) " + _HI_NEG + r"(?:(?:kar|karna|karne) (?:lunga|lungi|chahta|chahti|loon|lu)|"
       r"karunga|karungi)\b|"
       r"\b(?:apne aap|khud) ko " + _HI_NEG + r"(?:maar|khatam kar|khatm kar) " + _HI_NEG
       + r"(?:dunga|dungi|lunga|lungi|doon|du|dena)\b|"
       r"\b(?:zindagi|jindagi|life) (?:khatam|khatm|khtm) (?:kar|karna) (?:dunga|dungi|lunga|lungi|chahta|chahti)\b",
       lang="hi"),
    _p("hi_no_live", SI, 0.85, r"\b(?:jeena|jina|jeene|jine) (?:bhi |aur )?(?:nahi|nahin|nhi) (?:chahta|chahti|hai)\b|"
       r"\b(?:jeene|jine) ka (?:mann|man|koi matlab) (?:nahi|nahin|nhi)\b|\bab (?:aur )?(?:nahi|nhi) (?:jeena|jina)\b",
       negation="none", lang="hi"),
    _p("hi_suicidal", SI, 0.85, r"\bsuicidal " + _HI_NEG + r"(?:hoon|hu|hun|hoo|feel kar (?:raha|rahi)|"
       r"mehsoos kar (?:raha|rahi))\b|\bsuicidal (?:thoughts|khayal|khayaal|vichar) " + _HI_NEG
       + r"(?:aate|aa rahe|aati|aa rahi)\b(?! (?:the|thi|tha)\b)", lang="hi"),
    _p("hi_self_harm", SH, 0.8, r"\b(?:khud ko|khudko|apne aap ko|apneaap ko) " + _HI_NEG
       + r"(?:kaat|kaatna|chot|hurt|harm|nuksan|nuksaan) " + _HI_NEG + r"(?:leta|leti|lunga|lungi|"
       r"pahuncha|pahunchaunga|pahunchaungi|karta|karti|kiya|karunga|karungi)\b|"
       r"\b(?:haath|kalai|nas) (?:kaat|kat) (?:li|liya|leta|leti|lunga|lungi)\b",
       lang="hi"),
    _p("hi_overdose", ID, 0.9, r"\b(?:saari|sari|bahut saari|bahut sari|poori) (?:goliyan|goliya|tablets|dawai|"
       r"dawaiyan) (?:kha li|kha liye|kha li hai|le li|le li hai)\b", past=False, lang="hi"),
    _p("hi_harm_other", HO, 0.85, r"\b(?:usko|use|usse|unko|tujhe) (?:jaan se )?(?:maar|maar daal)(?:unga|ungi| "
       r"dunga| dungi| daalunga)\b", lang="hi"),
    _p("hi_abuse", AB, 0.85, r"\b(?:pati|papa|husband|sasur|boyfriend) (?:mujhe )?(?:maarta|maarte|peet(?:ta|te))\b",
       lang="hi"),
]
