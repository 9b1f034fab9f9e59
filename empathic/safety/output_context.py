"""v8: structural signs that a sentence of a reply is safety advice, for the learned output screen's windows.

Sentence embeddings barely see who does what: "ask your flatmate to keep the pills" and "keep the pills where nobody
looks" sit close together, and so do "mixing them is dangerous" and "mixing them makes it stronger". Blind batch 6's
false blocks (v7) were such sentences: safety plans, mixing warnings, accidental-dose advice, breathing counts, and
refusals with the pronoun in the middle ("Ich sage dir nicht, wie viele…"). The signs here are read on the normalised
sentence (`doses.normalise`) and only ever take a sentence out of the learned part's windows (`output_learned.cleared`);
they never clear a rule block. Each needs a structure, not a word: a means handed to a trusted person or put out of
reach (and nobody kept from knowing), a danger judgement on a named mix (and no goal), a first-person refusal to tell
or give, "take nothing else", a count of breaths or rounds inside a breathing exercise.
"""

from __future__ import annotations

from empathic.safety import output_lexicon as lx
from empathic.safety.doses import MED_CONTEXT, has

# Means that a safety plan moves away: medicines (MED_CONTEXT) and the objects people hurt themselves with.
MEANS = lx.alt("blades?", "razors?(?: blades?)?", "knives", "knife", "rope", "cord", "belt", "scissors", "lighter",
               "cuchillas?", "cuchillos?", "navajas?", "cuerda", "lames?", "rasoirs?", "couteaux?", "corde",
               "rasierklingen?", "klingen?", "messer", "seil", "strick", "laminas?", "facas?", "corda", "blade", "chaku",
               "rassi", "botiquin", "medicine cabinet", "armoire a pharmacie", "medikamentenschrank", "hausapotheke")
# People someone can hand a means to (a trusted other named by their relation) or a pronoun for "someone".
TRUSTED = lx.alt(
    "brother", "sister", "mum", "mom", "mother", "dad", "father", "parents?", "partner", "wife", "husband", "boyfriend",
    "girlfriend", "flatmate", "roommate", "housemate", "friend", "neighbou?r", "someone", "somebody", "grandma", "gran",
    "aunt", "uncle", "pharmacist", "pharmacy", "gp", "doctor",
    "herman[oa]", "madre", "padre", "pareja", "amig[oa]", "vecin[oa]", "alguien", "abuel[oa]", "tia", "tio", "farmacia",
    "frere", "soeur", "sœur", "mere", "pere", "colocataire", "ami(?:e)?", "voisin(?:e)?", "quelqu'un", "grand-mere", "pharmacie",
    "bruder", "schwester", "mutter", "vater", "eltern", "partner(?:in)?", "freund(?:in)?", "nachbar(?:in|n)?",
    "jemand(?:em|en)?", "oma", "apotheke", "mitbewohner(?:in)?",
    "irma[o]?", "mae", "pai", "parceir[oa]", "namorad[oa]", "amig[oa]", "vizinh[oa]", "alguem", "avo", "avo", "farmacia",
    "behen", "bhai", "maa", "mummy", "papa", "dost", "kisi", "dadi", "nani",
    # someone else's home
    "en casa de", "a casa de", "chez (?:ta|ton|tes|un|une|ma|mon)", "bei (?:deiner|deinem|einer|einem|deinen)", "em casa d[aoe]",
    "casa d[ao]s?", "ke ghar")
# Handing over, having it kept, or putting it out of reach.
HAND_OVER = lx.alt(
    "give", "hand", "leave", "lock", "keep", "hold", "take (?:them|it|the \\w+)", "look after", "bring", "drop",
    "deja\\w*", "dar(?:le|selas)?", "da(?:le|selas)?", "entrega\\w*", "guard\\w*", "lleve?\\w*", "llevar\\w*", "pide\\w*",
    "confie\\w*", "donne\\w*", "garde\\w*", "laisse\\w*", "ranger", "range",
    "geben", "gib", "mitnimmt", "mitnehmen", "mitgeben", "aufbewahr\\w*", "abgeben", "lass\\w*", "verwahr\\w*",
    "deixa\\w*", "entrega\\w*", "guarda\\w*", "leva\\w*", "pede\\w*", "pedir",
    "de do", "de sakte", "rakh\\w*", "sambhal\\w*")
# The plan is a trap when someone is kept from knowing or from stopping it.
_HIDDEN = lx.alt("nobody", "no one", "noone", "can't find", "won't find", "won't look", "wouldn't look", "can't stop", "stop you",
                 "before you're ready", "when you decide", "nadie", "no encuentre\\w*", "personne ne", "personne", "niemand",
                 "keiner", "nicht finden", "ninguem", "nao encontr\\w*", "kisi ko pata", "pata nahi", "secret\\w*", "hide",
                 "hidden", "esconde\\w*", "cache\\w*", "versteck\\w*", "chupa\\w*", "don't tell", "without telling", "behind",
                 # more of a medicine from somewhere else is stockpiling, not a plan
                 "stash", "another", "different", "otra", "outra", "autre", "andere\\w*", "dusri", "extra", "more", "mas",
                 "mais", "plus", "mehr", "zyada", "stockpil\\w*", "rest of", "all of", "double", "triple",
                 # kept from someone's sight
                 "(?:doesn't|don't|won't|can't|never|not) (?:see|notice|know|find out)", "noticing", "merkt\\w*", "sieht",
                 "se entere\\w*", "no (?:lo )?vea\\w*", "ne (?:le )?voi\\w*", "nao (?:o )?vej\\w*", "perceb\\w*",
                 # where a gun is kept is not a plan (the rules' own `_KEEP_SAFE` reads "lock the gun away")
                 "guns?", "escopeta", "pistola", "fusil", "armas?", "waffe\\w*", "gewehr", "bandook")
# Something slipped into food or drink is harm to others, whoever it is handed to.
_INTO_FOOD = lx.alt("drink", "tea", "coffee", "juice", "food", "meal", "bebida", "cafe", "zumo", "jugo", "comida",
                    "boisson", "jus", "repas", "getrank", "tee", "kaffee", "saft", "essen", "suco",
                    "khaane", "khana", "chai", "crush\\w*", "pees\\w*", "tritur\\w*", "esmag\\w*", "ecrase\\w*", "zerdruck\\w*")


def safety_plan(s: str) -> bool:
    """A means handed to a trusted person or put out of reach: "ask your flatmate to keep it", "deja las cuchillas en
    casa de tu amiga", "dass deine Partnerin die Medikamente mitnimmt", "confie-la a quelqu'un"."""
    if not (has(MEANS, s) or has(MED_CONTEXT, s) or has(r"(?:it|them|la|le|les|los|las|lo|sie|es|os|as)", s)):
        return False
    if has(_HIDDEN, s) or has(lx.GOAL, s) or has(_INTO_FOOD, s) or has(r"\d+", s) or has(lx.NUM_WORDS, s):
        return False
    return has(HAND_OVER, s) and (has(TRUSTED, s) or has(r"(?:in|into) (?:the|a|your) (?:car|safe|locked \w+)", s))


# A danger judgement on a mix of a medicine and alcohol: "combining your medication with drinks is one of the riskiest
# things", "esa mezcla es peligrosa", "Alkohol zusammen mit deinen Schlaftabletten ist wirklich gefahrlich".
_DANGER = lx.alt("dangerous", "riskiest", "risky", "risk", "unsafe", "harmful", "hits the liver", "peligros[oa]", "arriesgad[oa]",
                 "riesgo", "dangereu(?:x|se)", "risque", "gefahrlich", "riskant", "gefahr", "perigos[oa]", "arriscad[oa]",
                 "risco", "khatarnak", "khatra", "rather you didn't", "would rather you didn't", "lieber (?:nicht|stehen)")
_COMPARED = lx.alt("than", "mas \\w+ que", "mais \\w+ (?:do )?que", "plus \\w+ que", "als", "se zyada", "faster", "surer", "stronger", "mas fuerte", "plus fort", "starker",
                   "mais forte")


def mixing_warning(s: str) -> bool:
    return (has(_DANGER, s) and has(MED_CONTEXT, s) and has(lx.ALCOHOL, s) and not has(lx.GOAL, s)
            and not has(_COMPARED, s))


# A first-person refusal with an object pronoun in the middle, which `lx.REFUSAL` does not read: "je ne te donnerai pas",
# "nao te vou dizer", "ich sage dir nicht", "no te voy a decir".
REFUSE_TELL = lx.alt(
    "i(?:'m| am)? (?:not going to|won't|will not|can't|cannot|don't want to|would rather not) "
    "(?:tell|say|give|share|help with|name|list|go into|answer|explain|describe|provide|walk you through)",  # v9: answer ...
    "no (?:te |le |les |os )?(?:voy a|puedo|pienso|quiero) (?:decir|dar|contar|explicar)\\w*",
    "je ne (?:te |vous |t')?(?:peux|vais|veux|donnerai|dirai|dis|donne|partagerai|repondrai|expliquerai)\\w*",
    "ich (?:sage|nenne|gebe|verrate|erzahle|erklare) (?:dir|ihnen|euch) (?:nicht|keine\\w*)",
    "ich (?:werde|will|kann|darf) (?:dir|ihnen|euch) (?:nicht|keine\\w*)",
    "(?:eu )?nao (?:te |lhe |vos )?(?:vou|posso|quero) (?:dizer|dar|contar|explicar)\\w*",
    "nahi bataunga", "nahi bataungi", "nahi bata sakta", "nahi bata sakti")

# "Don't take anything else", "ne prends rien d'autre", "no tomes nada mas", "nimm nichts", "nao tomes mais nada".
TAKE_NOTHING = lx.alt(
    "(?:don't|do not|please don't) take anything(?: else| more)?", "ne prends? (?:rien|plus rien)", "ne prenez rien",
    "no (?:tomes|tome) nada", "nimm (?:nichts|erstmal nichts|bitte nichts)", "nehmen sie nichts",
    "nao (?:tomes|tome) (?:mais )?nada", "aur kuch mat lo", "kuch aur mat lo")

# A breathing exercise, and sentences in it that only count breaths, seconds or rounds.
BREATHING = lx.alt("breath\\w*", "inhale\\w*", "exhale\\w*", "respira\\w*", "inspira\\w*", "expira\\w*", "inspire\\w*",
                   "expire\\w*", "atme\\w*", "atmung", "einatm\\w*", "ausatm\\w*", "saans", "grounding", "5-4-3-2-1")
_COUNTED = lx.alt("rounds?", "times", "cycles?", "repeat\\w*", "seconds?", "counts?", "veces", "repite\\w*", "segundos?",
                  "fois", "repete\\w*", "secondes?", "(?:ein|zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn|paar|einige)mal", "wiederhol\\w*", "sekunden", "vezes", "repete\\w*",
                  "baar", "gino", "tak")
_TAKE = lx.alt("take", "swallow", "toma\\w*", "prends?", "nimm", "tome\\w*", "le lo", "kha lo")


def breathing_count(s: str, reply_is_breathing: bool) -> bool:
    return reply_is_breathing and has(_COUNTED, s) and not has(MED_CONTEXT, s) and not has(MEANS, s) and not has(_TAKE, s)


# v10: more structures of safety advice (blind 8's false blocks and our dev10 hard negatives were of these kinds).
# Old or unused medicines taken back to a pharmacy or a collection point to be got rid of: "old medication can go back
# to any pharmacy for safe disposal", "llévalas al punto de recogida", "rapporte-les en pharmacie", "bei der Apotheke
# abgeben", "chemist ko wapas de do". Not with a number, a goal, or someone kept from knowing.
_DISPOSE = lx.alt("dispos\\w*", "get rid of", "take (?:them |it )?back", "takes? back", "go back to", "bring (?:them |it )?back",
                  "return (?:them|it)", "hand (?:them |it )?in", "destroy\\w*", "descart\\w*", "deshacerte", "deshacer\\w*",
                  "desechar\\w*", "punto (?:de recogida|sigre)", "rapporte\\w*", "detrui\\w*", "se debarrasser", "elimin\\w*",
                  "abgeben", "zuruckgeben", "entsorg\\w*", "vernicht\\w*", "devolv\\w*", "descarte", "wapas de\\w*",
                  "dispose kar\\w*")
_DISPOSE_PLACE = lx.alt("pharmac\\w*", "chemist\\w*", "collection point", "take-back", "farmacia\\w*", "pharmacie\\w*",
                        "apotheke\\w*", "farmacia", "police station", "chemist ko", "medical store")
_OLD = lx.alt("old", "unused", "expired", "out of date", "leftover", "don't need", "no longer need", "viej\\w*", "caducad\\w*",
              "vieux", "vieilles?", "perimes?", "alte\\w*", "abgelaufen\\w*", "vencid\\w*", "velh\\w*", "purani", "purane")


def disposal(s: str) -> bool:
    return (has(_DISPOSE, s) and (has(_DISPOSE_PLACE, s) or has(_OLD, s)) and (has(MED_CONTEXT, s) or has(_OLD, s))
            and not has(_HIDDEN, s) and not has(lx.GOAL, s) and not has(r"\d+", s) and not has(lx.NUM_WORDS, s))


# Counts of everyday things only: "most adults need 7 to 9 hours of sleep", "knit 2 rows every evening", "12 cupcakes for
# her 30th". Every number is followed by a harmless noun (or is an age, a date, a time of day); nothing to take, no
# means, no goal, no harm act (a time of day is not everyday here: "after 10 pm" is when a car park is empty).
_NUMBER = r"(?<![\w.])\d+(?:[.,]\d+)?(?:st|nd|rd|th|s)?(?![\w])"
_EVERYDAY_AFTER = lx.alt("rows?", "pages?", "chapters?", "pots?", "plants?", "songs?", "laps?", "km", "miles?", "kilometres?",
                         "kilometers?", "cupcakes?", "cookies?", "pieces?", "words?", "lines?", "pictures?", "photos?", "goals?", "years? old", "anos", "ans", "jahre", "saal", "birthday",
                         "cumpleanos", "anniversaire", "geburtstag", "aniversario", "glasses of water", "litres? of water",
                         "liters? of water", "vasos de agua", "verres d'eau", "glaser wasser", "copos de agua")


def everyday_counts(s: str) -> bool:
    import re

    nums = list(re.finditer(_NUMBER, s))
    if not nums or has(MED_CONTEXT, s) or has(MEANS, s) or has(lx.GOAL, s) or has(lx.WEAPON, s) or has(lx.SELF_HARM_ACT, s) \
            or has(_TAKE, s) or has(lx.ALCOHOL, s) or has(r"(?:kg|kilos?|pounds?|lbs?|calor\w*|kalor\w*|kcal|weigh\w*|peso|poids|gewicht)", s):
        return False
    for m in nums:
        after = s[m.end(): m.end() + 40].lstrip(" -")
        if not (re.match(rf"(?:(?:to|or|-|y|o|et|ou|bis|oder|e|ya|se) \d+ )?(?:{lx.HARMLESS_AFTER}|{_EVERYDAY_AFTER})\b",
                         after) or re.match(r"(?:th|st|nd|rd)\b", after)):
            return False
    return True


# v10: refusals with the verb before the pronoun, which `REFUSE_TELL` does not read: "Dazu sage ich dir nichts", "eso no
# te lo voy a decir", "ça, je ne te le dirai pas".
REFUSE_TELL_V10 = lx.alt(
    "(?:dazu|daruber|davon|das|darauf) (?:sage|verrate|erzahle|nenne|gebe) ich (?:dir |ihnen |euch )?(?:nichts|nicht|keine\\w*)",
    "no (?:te |le |les |os )?(?:lo |la |los |las )?(?:voy a|puedo|pienso|quiero) (?:decir|dar|contar|explicar)\\w*",
    "je ne (?:te |vous )?(?:le |la |les )?(?:dirai|donnerai|dis|donne)",
    "(?:eu )?nao (?:te |lhe )?(?:o |a |os |as )?(?:vou|posso|quero) (?:dizer|dar|contar|explicar)\\w*")
