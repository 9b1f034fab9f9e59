"""Word lists for the output screen, in English, Spanish, French, German, Portuguese and romanised Hindi.

Every fragment matches *normalised* text (see `empathic.safety.doses.normalise`): NFKC, casefolded,
accents removed ("fünf" -> "funf", "dreißig" -> "dreissig"), straight apostrophes. They are regex
fragments, joined with `|` and wrapped in word boundaries by the callers.
"""

from __future__ import annotations

# `alt` and the instruction word lists (self-harm, harm to others, places, ligatures, starving) live in
# output_lexicon_harm.py; re-exported here so `lx.NAME` keeps working.
from empathic.safety.output_lexicon_harm import _BARRIER as _BARRIER
from empathic.safety.output_lexicon_harm import _FOOD as _FOOD
from empathic.safety.output_lexicon_harm import _NOBODY as _NOBODY
from empathic.safety.output_lexicon_harm import ANCHOR as ANCHOR
from empathic.safety.output_lexicon_harm import BODY_PART as BODY_PART
from empathic.safety.output_lexicon_harm import FETCH as FETCH
from empathic.safety.output_lexicon_harm import HELP as HELP
from empathic.safety.output_lexicon_harm import HIDDEN_PLACE as HIDDEN_PLACE
from empathic.safety.output_lexicon_harm import HIDE as HIDE
from empathic.safety.output_lexicon_harm import HIGH_PLACE as HIGH_PLACE
from empathic.safety.output_lexicon_harm import INJURY as INJURY
from empathic.safety.output_lexicon_harm import JUMP_PLACE as JUMP_PLACE
from empathic.safety.output_lexicon_harm import LIGATURE_QUALITY as LIGATURE_QUALITY
from empathic.safety.output_lexicon_harm import NO_BARRIER as NO_BARRIER
from empathic.safety.output_lexicon_harm import PLACE_TO as PLACE_TO
from empathic.safety.output_lexicon_harm import SELF_HARM_ACT as SELF_HARM_ACT
from empathic.safety.output_lexicon_harm import SELF_HARM_TOOL as SELF_HARM_TOOL
from empathic.safety.output_lexicon_harm import SELF_HARM_VERB as SELF_HARM_VERB
from empathic.safety.output_lexicon_harm import SPIKE_PLACE as SPIKE_PLACE
from empathic.safety.output_lexicon_harm import STARVE as STARVE
from empathic.safety.output_lexicon_harm import STARVE_END as STARVE_END
from empathic.safety.output_lexicon_harm import STEALTH as STEALTH
from empathic.safety.output_lexicon_harm import STEALTH_STRONG as STEALTH_STRONG
from empathic.safety.output_lexicon_harm import URGE as URGE
from empathic.safety.output_lexicon_harm import VICTIM as VICTIM
from empathic.safety.output_lexicon_harm import VIOLENCE as VIOLENCE
from empathic.safety.output_lexicon_harm import VIOLENCE_WITH_OBJECT as VIOLENCE_WITH_OBJECT
from empathic.safety.output_lexicon_harm import WEAPON as WEAPON
from empathic.safety.output_lexicon_harm import alt as alt

# Number words. Articles ("a", "un", "una", "ein", "um", "uma") are left out on purpose: "una pastilla
# para dormir" mentions a medicine, it does not dose it. Hindi number words are only trusted next to a
# Hindi unit ("do goli"), because "do", "teen" and "das" are also English or German words.
NUM_WORDS = alt(
    # en
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
    "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "dozen", "half", "couple", "par", "paar",
    "moitie", "mitad", "metade",
    # es
    "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once", "doce", "trece",
    "catorce", "quince", "dieci\\w+", "veinte", "veinti\\w+", "treinta", "cuarenta", "cincuenta", "sesenta",
    "setenta", "ochenta", "noventa", "cien", "ciento", "\\w+cientos", "mil", "media", "medio",
    # fr
    "deux", "trois", "quatre", "cinq", "sept", "huit", "neuf", "dix", "onze", "douze", "treize", "quatorze",
    "quinze", "seize", "dix-\\w+", "vingt", "trente", "quarante", "cinquante", "soixante", "cent", "mille",
    "demi", "demie",
    # de: compounds ("fünfundzwanzig", "zweihundert") are one word made of these parts
    "(?:ein|zwei|drei|vier|funf|sechs?|sieb(?:en)?|acht|neun|zehn|elf|zwolf|zwanzig|dreissig|vierzig|"
    "funfzig|sechzig|siebzig|achtzig|neunzig|hundert|tausend)(?:und|ein|zwei|drei|vier|funf|sechs?|sieb(?:en)?|"
    "acht|neun|zehn|elf|zwolf|zwanzig|dreissig|vierzig|funfzig|sechzig|siebzig|achtzig|neunzig|hundert|"
    "tausend)*",
    "halbe", "halben",
    # pt
    "dois", "duas", "quatro", "seis", "sete", "oito", "nove", "dez", "doze", "treze", "catorze", "quatorze",
    "dezesseis", "dezasseis", "dezessete", "dezassete", "dezoito", "dezenove", "dezanove", "vinte", "trinta",
    "quarenta", "cinquenta", "sessenta", "oitenta", "cem", "cento", "duzentos", "trezentos", "quinhentos",
    "meio", "meia",
)
NUM_WORDS_HI = alt(
    "ek", "do", "teen", "char", "chaar", "paanch", "panch", "chhe", "chah", "saat", "aath", "nau", "das",
    "gyarah", "barah", "pandrah", "bees", "pachees", "pachis", "tees", "chalis", "pachas", "pachaas", "sau", "hazaar",
    "hazar", "aadha", "aadhi", "adhi", "dedh", "dhai",
)
# Words that stand in for a number before a unit: "a few extra pills" is not a dose, "a handful" is.
QUANTIFIERS = alt("handful", "bunch", "puñado", "punado", "poignee", "handvoll", "punhado", "mutthi bhar")

# Units of a dose. German compounds ("Schlaftabletten") are matched as a suffix.
UNITS = alt(
    "mg", "mgs", "milligrams?", "milligrammes?", "miligramos?", "milligramm", "miligramas?", "mcg", "µg", "ug",
    "micrograms?", "microgramos?", "g", "grams?", "grammes?", "gramos?", "gramm", "gramas?", "ml", "mls",
    "millilit(?:er|re)s?", "mililitros?", "cc", "iu", "ui", "ie",
    "tablets?", "tabs?", "pills?", "capsules?", "caps", "doses?", "drops?", "puffs?", "patch(?:es)?",
    "pastillas?", "comprimidos?", "tabletas?", "capsulas?", "dosis", "gotas?", "pildoras?", "sobres?",
    "comprimes?", "cachets?", "pilules?", "gelules?", "gouttes?", "sachets?",
    "\\w*tabletten?", "\\w*pillen?", "kapseln?", "dosen", "tropfen",
    "pilulas?", "remedios?",
)
UNITS_HI = alt("(?:neend ki )?gol(?:i|iyan|iyaan|ian|iya)", "tablet", "khurak", "capsule")

# Medicines and medicine words; a mention alone is fine, it gives context to numbers.
DRUGS = alt(
    "co-?codamol", "co-?dydramol", "zopiclone", "zolpidem", "ambien",
    "xanax", "alprazolam", "valium", "diazepam", "lorazepam", "ativan", "orfidal", "clonazepam", "klonopin",
    "rivotril", "bromazepam", "lexotan", "lexotanil", "temazepam", "oxazepam", "tranxilium", "lormetazepam",
    "zolpidem", "ambien", "stilnox", "zopiclone", "imovane", "sertralin[ae]?", "zoloft", "fluoxetin[ae]?",
    "prozac", "citalopram", "escitalopram", "lexapro", "cipralex", "paroxetin[ae]?", "seroxat", "venlafaxin[ae]?",
    "duloxetin[ae]?", "mirtazapin[ae]?", "amitriptylin[ae]?", "amitriptilina", "trazodon[ae]?", "bupropion",
    "wellbutrin", "quetiapin[ae]?", "seroquel", "olanzapin[ae]?", "risperidon[ae]?", "aripiprazol[e]?", "lithium",
    "litio", "lamotrigin[ae]?", "valproat[e]?", "depakote", "paracetamol", "acetaminophen", "tylenol",
    "doliprane", "dafalgan", "efferalgan", "crocin", "dolo", "ibuprofen[o]?", "advil", "nurofen", "aspirin[ae]?",
    "naproxen[o]?", "codein[ae]?", "tramadol", "oxycodon[e]?", "oxycontin", "morphin[ea]?", "morfina",
    "fentanyl", "fentanilo", "metamizol", "dipirona", "nolotil", "novalgin", "melatonin[ae]?", "diphenhydramine",
    "benadryl", "doxylamine", "doxilamina", "unisom", "adderall", "ritalin", "methylphenidate", "metilfenidato",
    "insulin[ae]?", "propranolol", "gabapentin[ae]?", "pregabalin[ae]?", "lyrica", "promethazine",
    # brand names people use in each market
    "oxy", "oxys", "percocet", "vicodin", "hydrocodone", "norco", "tavor", "tilidin", "zopiclon", "lexomil",
    "temesta", "seresta", "atarax", "tafil", "frontal", "dormonid", "alprax", "restyl", "etizolam",
    "clonafit", "nitrazepam", "tranxene", "xanor", "noctamid", "novaminsulfon",
)
DRUG_CLASSES = alt(
    "benzodiazepines?", "benzos?", "benzodiacepinas?", "benzodiazepinicos?", "opioids?", "opiates?",
    "opioides?", "opiaces?", "opioide", "sleeping pills?", "sleep aids?", "painkillers?", "pain ?killers?",
    "antihistamines?", "sedatives?", "tranquil+i[sz]ers?", "antidepressants?", "antipsychotics?",
    "stimulants?", "muscle relaxants?", "ansioliticos?", "antidepresivos?", "somniferos?", "calmantes?",
    "tranquilizantes?", "analgesicos?", "anxiolytiques?", "antidepresseurs?", "somniferes?", "calmants?",
    "antidouleurs?", "tranquillisants?", "benzodiazepine", "schlafmittel", "beruhigungsmittel",
    "antidepressiva", "schmerzmittel", "schlaftabletten?", "antidepressivos?", "remedios? (?:para|de) dormir",
    "pastillas? (?:para|de) dormir", "neend ki gol(?:i|iyan|iyaan)",
)
MED_WORDS = alt(
    "medications?", "medicines?", "meds", "cough (?:syrup|medicine)", "pills?", "tablets?", "capsules?", "prescriptions?", "doses?",
    "dosage", "medicamentos?", "medicacion", "medicina", "pastillas?", "comprimidos?", "pildoras?", "dosis",
    "medicaments?", "comprimes?", "cachets?", "pilules?", "gelules?", "posologie", "medikamente?", "medizin",
    "\\w*tabletten?", "pillen?", "kapseln", "dosierung", "remedios?", "medicacao", "pilulas?",
    "dawai", "dawa", "dawaai", "dava", "gol(?:i|iyan|iyaan|ian)", "khurak",
)
ALCOHOL = alt(
    "drink(?:ing|s)?(?![^.]{0,25}\\b(?:water|tea|juice|milk|coffee|warm|agua|eau|wasser|paani)\\b)",
    "alcohol", "alcoholic", "booze", "liquor", "wine", "beers?", "vodka", "whisk(?:e)?ys?", "whiskies", "rum", "gin",
    "tequila", "shots of", "drinks", "a drink", "alcool", "vino", "cerveza", "copas?", "tragos?", "vin",
    "bieres?", "verres? d'alcool", "alkohol", "wein", "bier", "schnaps", "glas wein", "vinho", "cerveja",
    "sharaab", "sharab", "daaru", "daru", "peg",
    "six-?packs?", "pints?", "cans of (?:beer|cider)", "bottles? of (?:wine|vodka|whisk(?:e)?y|rum|gin|beer|tequila)",
    "alcoholic drinks?", "bebidas? alcoh?olicas?", "alcoolis\\w*", "alkoholisch\\w*", "wodka", "whisky", "likor",
    "sekt", "cachaca", "licor", "ron", "pastis", "cognac", "brandy", "sake", "soju", "cocktails?", "a few drinks",
)
RECREATIONAL = alt(
    "cocaine", "cocaina", "kokain", "coke", "heroin[ae]?", "mdma", "ecstasy", "molly", "weed", "cannabis",
    "marijuana", "marihuana", "maconha", "ketamin[ae]?", "ghb", "meth", "lsd", "ganja", "charas", "bhang",
)

# Imperative warnings and danger words: "don't mix alcohol with your pills, it's dangerous".
WARNING = alt(
    "don't", "do not", "never", "avoid", "please don't", "shouldn't", "should not", "not safe", "unsafe",
    "dangerous", "dangerously", "(?:trink|nimm|misch)\\w* kein\\w*", "no bebas", "ne bois pas", "nao beba", "sharab mat", "keep (?:them|it|the two|both) (?:well |far )?apart", "(?:best|safest|better) not to", "risky", "put you at (?:real |serious )?risk", "stop your breathing", "skip (?:it|the drink|drinking|alcohol)", "harmful",
    # v7: consequences for breathing, "important not to drink": "can seriously affect breathing"
    "(?:affect|slow|suppress|depress|stop)\\w* (?:down )?(?:your |the |their )?breathing", "breathing problems", "not to (?:drink|mix|take|combine)",
    "(?:afecta|ralentiza|deprime)\\w* (?:la )?respiracion", "(?:ralentir|affecter|deprimer) la respiration", "atmung (?:verlangsam|beeintracht|lahm)\\w*",
    "(?:afeta|diminui|deprime)\\w* a respiracao", "saans (?:rok|ruk|dheem)\\w*", "interact(?:ion)?s?", "jamais", "ne \\w+ (?:pas|jamais)", "no mezcles", "no tomes", "no combines", "nunca",
    "evita", "jamas", "peligros[oa]", "arriesgado", "ne melange pas", "ne prends pas", "evite", "dangereu(?:x|se)",
    "risque", "misch kein\\w*", "nimm kein\\w*", "nicht mischen", "nicht zusammen", "nie", "niemals",
    "vermeide", "gefahrlich", "riskant", "nao misture", "nao tome", "nao combine", "perigos[oa]", "arriscado",
    "mat lena", "mat lo", "mat lijiye", "na lo", "na lena", "kabhi nahi", "khatarnaak", "khatarnak", "nuksaan",
    # consequences and referrals: "alcohol can make them less effective", "ask your pharmacist first"
    "worse", "less effective", "interfere\\w*", "cut(?:ting)? back", "cut down", "stay off", "side effects",
    "peor", "empeora\\w*", "menos efica\\w*", "pire", "aggrav\\w*", "moins efficace", "schlechter",
    "verschlimmer\\w*", "weniger wirksam", "pior", "piora\\w*", "bura asar", "kharab", "pharmacist",
    "doctor", "farmaceutic[oa]", "medico", "pharmacien", "medecin", "apotheke", "arzt", "arztin",
)
# Permission that turns even a warning sentence into advice: "it's not dangerous, it's fine".
PERMISSION = alt(
    "is fine", "it's fine", "are fine", "is okay", "it's okay", "is ok", "is safe", "it's safe", "won't hurt",
    "no problem", "is alright", "esta bien", "no pasa nada", "es seguro", "no hay problema", "ca va",
    "c'est bien", "sans risque", "sans danger", "pas de probleme", "in ordnung", "kein problem",
    "unbedenklich", "ist okay", "ist ok", "tudo bem", "sem problema", "nao tem problema", "e seguro",
    "theek hai", "thik hai", "chalega", "koi baat nahi", "safe hai",
)
COMBINE = alt(
    "a (?:tes|ton|ta|la|les|ses|vos)", "add\\w*", "ajout\\w*", "anad\\w*", "hinzu\\w*", "adicion\\w*", "junt\\w*",
    "then", "first", "followed by", "after(?:wards)?", "before", "luego", "despues", "primero", "puis", "apres",
    "d'abord", "dann", "danach", "zuerst", "depois", "primeiro", "phir", "uske baad", "pehle",
    "with", "and", "on (?:your|the|my|their)", "mix\\w*", "combin\\w*", "together", "on top of", "plus", "alongside", "along with", "while",
    "con", "y", "junto", "mezcl\\w*", "avec", "et", "melang\\w*", "ensemble", "mit", "und", "zusammen",
    "misch\\w*", "kombin\\w*", "zu", "com", "e", "mistur\\w*", "ke saath", "saath", "milakar", "mila ke", "aur",
)

# Methods, grouped: a list names two groups, a comparison ranks one.
METHOD_GROUPS: dict[str, str] = {
    "hanging": alt("hang(?:ing|ed)? (?:yourself|oneself|themselves|myself)",
                   "hanging(?! (?:out|in there|on|around|up|with))", "noose", "(?<!jump )ropes?", "cuerda", "soga", "corde", "seil", "corda", "rassi",
                   "ahorc\\w*",
                   "colgarse", "colgarte", "horca", "pendaison", "(?:se|te) pendre", "erhang\\w*",
                   "aufhang\\w*", "strick", "enforc\\w*", "forca", "phaa?nsi", "fansi", "phanda", "fanda"),
    "overdose": alt("overdos\\w*", "sobredosis", "surdose", "uberdosis", "superdosagem", "od karna"),
    "jumping": alt("jump\\w* (?:off|from|in front)", "leap\\w* (?:from|off)", "tirarse (?:de|por|desde)",
                   "tirarte (?:de|por|desde)", "lanzarse", "se jeter", "te jeter", "herunterspringen",
                   "sturz\\w*", "pular (?:de|do|da)", "se jogar", "jogar-se"),
    "drowning": alt("drown\\w*", "pockets with (?:stones|rocks)", "weigh(?:t)? yourself down",
                    "walk (?:out )?into the (?:river|sea|lake|ocean|water)", "ahogar\\w*", "noyer", "noyade", "ertrink\\w*", "ertranken", "afog\\w*",
                    "doob\\w*"),
    "cutting": alt("(?:cut|slit|slice)\\w* (?:\\w+ )?(?:wrists?|veins?|arteries|artery)", "venas",
                   "veines", "pulsadern", "pulsos", "nas ka+t\\w*"),
    "gas": alt("car in (?:a|the|your) (?:closed |locked |shut )?garage", "exhaust", "carbon monoxide", "monoxido", "monoxyde", "kohlenmonoxid", "exhaust fumes", "charcoal",
               "helium", "gas oven", "abgase"),
    "gun": alt("guns?", "firearms?", "shoot\\w* (?:yourself|oneself|themselves)", "pistol", "revolver",
               "pistola", "arma de fuego", "arme a feu", "pistolet", "fusil", "waffe", "pistole", "erschiess\\w*",
               "arma", "bandook", "banduk", "katta", "tamancha"),
    "poison": alt("poison\\w*(?! (?:control|centre|center|help ?line|information))", "pesticides?", "bleach", "antifreeze", "frostschutz\\w*", "anticongelante", "antigel",
                  "rat poison", "mort-aux-rats", "rattengift", "weed ?killer", "matarratas", "raticida", "veneno de rato",
                  "chooha maar\\w* (?:ki )?dawa", "veneno", "envenen\\w*", "lejia", "javel",
                  "vergift\\w*", "pestizid\\w*", "chumbinho", "zeher", "zahar", "keetnashak"),
    "train": alt("(?:in front of|under) a train", "(?:step\\w*|walk\\w*|run\\w*) (?:out )?into (?:oncoming |the )?traffic",
                 "in front of a (?:bus|lorry|truck)", "(?:on|onto) the (?:train |railway |rail )?tracks", "tren", "(?:devant|sous) un train", "zug", "trem", "comboio",
                 "train ke aage", "railway tracks?"),
    "suffocation": alt("suffocat\\w*", "plastic bag", "asfixi\\w*", "etouff\\w*", "asphyxi\\w*", "ersticken",
                       "sufoca\\w*"),
    "heights": alt("(?:high|tall) (?:building|place|bridge|roof)s?", "somewhere high", "overpass", "motorway bridge","jump\\w*(?! ?ropes?)", "balcon(?:y|ies)", "balcon", "balkon", "saltar", "sauter", "springen", "pular", "kood\\w*", "kud\\w*", "bridges?", "rooftops?", "cliffs?", "puentes?", "pont", "brucke", "ponte", "pul se",
                   "edificio", "immeuble", "gebaude", "predio", "hochhaus"),
    # Pills count only in lists and beside death words: "therapy works better than pills" is fine.
    "pills": alt("pills", "tablets", "meds", "medication", "pastillas", "medicamentos", "medicaments", "tabletten",
                 "comprimidos", "remedios", "goliyan", "goliyon", "goli"),
}
METHOD_GROUPS["self_harm"] = alt(
    "cutting(?! (?:back|down|out|off|corners|ties|edge|board|in line))", "burning (?:yourself|your \\w+)",
    "cortarte", "cortarse", "te couper", "se couper", "ritzen", "se cortar", "te cortar",
)
WEAK_METHODS = frozenset({"pills", "heights", "self_harm"})

DEATH = alt(
    "die", "dying", "death", "dead", "suicide", "kill (?:yourself|oneself|themselves|myself)", "end (?:your|their|my) life",
    "end it", "lethal", "fatal", "deadly", "morir", "muerte", "suicid\\w*", "matarte", "matarse",
    "quitarte la vida", "letal", "mortal", "mourir", "mort", "te tuer", "se tuer", "en finir", "letale?",
    "mortelle?", "sterben", "tod", "todlich\\w*", "selbstmord", "suizid", "umbringen", "toten", "morrer", "morte",
    "se matar", "tirar a vida", "marna", "mar jaa\\w*", "maut", "khudkushi", "aatmahatya", "atmahatya",
    "jaan de\\w*", "jaanleva",
    # how rarely people survive: "much less likely to be survived"
    "(?:less|more|least|most) likely to (?:be )?surviv\\w*", "(?:rarely|seldom|nobody|no one) surviv\\w*",
    "survivable", "pocos sobreviven", "survivent rarement", "uberlebt kaum", "poucos sobrevivem",
)
# Lethality of an amount: death words plus "dangerous/toxic".
HARM_LEVEL = alt(
    DEATH, "overdose", "toxic", "dangerous", "kill you", "poisoning", "toxico", "peligros[oa]", "toxique",
    "dangereu(?:x|se)", "giftig", "gefahrlich", "toxico", "perigos[oa]", "khatarnaak", "zehreela",
)
COMPARATIVE = alt(
    "faster", "quicker", "quickest", "fastest", "less painful", "least painful", "painless", "more painful",
    "more reliable", "most reliable", "more certain", "surer", "surest", "more lethal", "most lethal",
    "deadlier", "more effective", "most effective", "easier", "easiest", "more likely to work",
    "mas rapid[oa]", "menos doloros[oa]", "mas eficaz", "mas efectiv[oa]", "mas segur[oa]", "mas letal",
    "indolor[oa]?", "sin dolor", "mas facil", "plus rapide", "moins douloureu(?:x|se)", "plus efficace",
    "plus sur", "plus letal", "sans douleur", "plus facile", "schneller", "am schnellsten",
    "weniger schmerzhaft", "schmerzlos", "sicherer", "effektiver", "todlicher", "am sichersten", "einfacher",
    "mais rapid[oa]", "mais eficaz", "mais certeir[oa]", "mais letal", "sem dor", "mais facil", "mais segur[oa]",
    "jaldi", "kam dard", "dard nahi", "zyada pakka", "pakka", "asaan", "tez",
)
LIST_WORDS = alt(
    "methods?", "ways", "options", "means", "formas", "maneras", "metodos", "moyens", "facons", "methodes",
    "methoden", "moglichkeiten", "wege", "arten", "maneiras", "tarike", "tareeke", "tarika",
)
SAFETY_PLAN = alt("give (?:the|your|them|it|those|these)\\b[^.]{0,30}\\bto (?:your|a|someone|somebody)",
    "remove", "lock\\w*", "give (?:them|it|your \\w+)", "hand (?:them|it)", "get rid", "throw (?:away|out)",
    "away from", "distance", "store", "safe place", "look after", "someone you trust", "keep (?:them|it)",
    "hold (?:them|it|onto)", "confianza", "confiance", "vertrau\\w*", "confianca", "bharose\\w*", "sambhal\\w*", "out of (?:the|your) (?:house|room|home)", "hold on to",
    "quitar", "guardar?", "guarde", "alejar\\w*", "deshacerte", "entregar\\w*", "retirer", "enfermer",
    "ranger", "eloigner", "confier", "wegraumen", "wegschliessen", "abgeben", "weggeben", "entfernen",
    "abstand", "afastar", "trancar", "hatao", "hata do", "door rakho", "kisi ko de do",
)
# First-person refusals that excuse a number quoted back: "I can't tell you whether 40 mg is safe".
REFUSAL = alt(
    "i can't", "i cannot", "i can not", "i won't", "i will not", "i'm not able", "i am not able",
    "i'm unable", "i am unable", "i'm not going to", "i shouldn't", "no puedo", "no voy a", "no debo",
    "je ne peux pas", "je ne vais pas", "je ne dois pas", "ich kann (?:dir |ihnen )?(?:nicht|keine\\w*)",
    "ich werde (?:dir |ihnen )?(?:nicht|keine\\w*)", "ich darf (?:dir )?(?:nicht|keine\\w*)", "nao posso",
    "nao vou", "nao devo", "nahi bata", "nahi de sakta", "nahi de sakti", "nahi bol sakta", "nahi bol sakti",
)
# General negation before a method how-to or a dose change ("don't change your dose").
NEGATION = alt(
    "not", "\\w+n't", "never", "no", "avoid", "without", "rather than", "instead of", "nunca", "jamas", "sin",
    "ne", "pas", "sans", "nicht", "kein\\w*", "nie", "niemals", "ohne", "nao", "sem", "nahi", "nahin", "mat",
    "bina", "evita", "evite", "vermeide",
)
# Nouns that make a number harmless: "7 hours", "10 minutes", "3 breaths".
HARMLESS_AFTER = alt(
    "hours?", "minutes?", "mins?", "seconds?", "secs?", "days?", "weeks?", "months?", "years?", "breaths?",
    "steps?", "times", "things?", "people", "horas?", "minutos?", "segundos?", "dias?", "semanas?", "meses",
    "anos", "heures?", "secondes?", "jours?", "semaines?", "mois", "stunden?", "minuten?", "sekunden?",
    "tagen?", "wochen?", "monaten?", "jahren?", "ghante?", "minute", "second", "din", "saal", "glasses",
    "vasos", "verres", "glaser", "copos", "cups?",
)
CLAUSE_BREAK = alt("but", "however", "pero", "sin embargo", "mais", "cependant", "aber", "jedoch", "mas",
                   "porem", "lekin", "par", "magar")


# ---- Output screen v3 (after blind batch 1 became a dev set) -------------------------------------------
# Approximate counts: "three dozen", "une vingtaine", "una veintena", "ein Dutzend", "duas dúzias".
APPROX_NUM_WORDS = alt(
    "dozens?", "score", "docenas?", "decenas?", "veintenas?", "treintenas?", "centenar(?:es)?",
    "douzaines?", "dizaines?", "quinzaines?", "vingtaines?", "trentaines?", "quarantaines?", "cinquantaines?",
    "soixantaines?", "centaines?",
    "dutzende?", "duzias?", "dezenas?", "vintenas?", "centenas?",
)
# "about 40", "roughly fifty", "closer to three dozen", "une trentaine": a count said loosely.
APPROX_BEFORE = alt(
    "about", "around", "roughly", "approximately", "closer to", "close to", "at least", "some", "like", "maybe",
    "nearly", "almost", "over", "more than", "north of", "upwards of", "in the region of", "somewhere around",
    "anywhere from", "unos", "unas", "alrededor de", "aproximadamente", "al menos",
    "por lo menos", "mas de", "environ", "a peu pres", "au moins", "plus de", "pres de", "une", "etwa",
    "ungefahr", "mindestens", "uber", "mehr als", "rund", "um die", "so um die", "circa", "ca", "uns", "umas", "cerca de", "pelo menos",
    "mais de", "lagbhag", "kam se kam", "kareeb",
)
APPROX_AFTER = alt("-odd", "-something", "-ish", "e poucos", "e poucas", "y pico", "y tantos", "y tantas", "et quelques", "or so", "or more", "ish", "at least", "tops", "or even more", "o mas", "o asi", "o algo asi",
                   "ou plus", "ou presque", "oder mehr", "oder so", "ou mais", "ou por ai", "ou assim", "ya zyada",
                   "ke aas paas")
# Words that give a bare count a purpose: "you'd need closer to three dozen", "that should work".
COUNT_PURPOSE = alt(
    "need", "needs", "you'd need", "enough", "plenty", "suffice", "sufficient", "would do it", "should do it",
    "do the job", "should work", "would work", "will work", "be sure", "swallow\\w*", "take", "taking",
    "pop", "down", "empty", "necesitas", "necesitarias", "hace falta", "hacen falta", "bastan?", "suficientes?",
    "funciona\\w*", "il (?:t'en |te )?faut", "il (?:t'en |te )?faudrait", "faudrait", "suffi\\w*", "assez",
    "marche", "brauchst", "reicht", "reichen", "genug", "klappt", "precisa\\w*", "basta\\w*", "chahiye",
    "kaafi", "kafi", "kaam karega", "resolve\\w*", "soluciona\\w*", "erledigt", "regle\\w*", "da conta", "toma\\w*", "prends", "avale", "nimm", "schluck\\w*", "tome", "le lo",
    "kha lo", "nigal",
)
# "3 to 4 times the amount", "double the dose", "at triple strength", "die doppelte Menge".
MULTIPLIER = (
    r"(?:\d+|two|three|four|five|six|ten|several|many|dos|tres|cuatro|cinco|deux|trois|quatre|cinq|zwei|drei|"
    r"vier|funf|dois|duas|quatro|do|teen|char)(?:\s*(?:-|to|or|a|o|ou|bis|oder)\s*(?:\d+|\w+))?\s*(?:times|x|veces|"
    r"fois|mal|vezes|guna) (?:the |your |la |le |die |o |a |tu |ta |deine |sua |what |lo que |ce que |was |"
    r"o que |as much as |more than |mas que |plus que |mehr als |mais que )?(?:\w+ )?"
    r"(?P<what>amount|dose|dosage|strength|label|box|packet|prescri\w+|recommended|usual|normal|cantidad|"
    r"dosis|receta|quantite|posologie|menge|dosis|dosierung|packung|quantidade|dose|khurak|matra|says|dice|dit|"
    r"sagt|diz)"
    r"|(?:double|triple|quadruple|twice|thrice) (?:the |your |that |what )?(?:\w+ )?(?P<what2>dose|dosage|amount|"
    r"strength|prescribed|recommended|label)"
    r"|(?:at |in )?(?:double|triple|quadruple|extra|maximum|max) strength"
    r"|(?:el|la) (?:doble|triple|cuadruple) (?:de )?(?:la |tu |lo )?(?:dosis|cantidad|recetad[oa]|normal)"
    r"|(?:dosis|cantidad) (?:doble|triple)"
    r"|(?:le|la) (?:double|triple|quadruple) (?:de )?(?:la |ta |ce )?(?:dose|quantite|posologie|prescrit)"
    r"|(?:dose|quantite) (?:double|triple)"
    r"|(?:doppelte|dreifache|vierfache|zehnfache)n? (?:dosis|menge|dosierung|packung)"
    r"|o (?:dobro|triplo|quadruplo) (?:da |de |do )?(?:dose|quantidade|receitad[oa]|normal)"
    r"|(?:dose|quantidade) (?:dupla|tripla)"
    r"|(?:dugna|dugni|teen guna|double|triple) (?:dose|khurak|matra)"
)
# A whole pack of medicine: "the whole bottle", "la caja entera", "die ganze Packung", "poora patta".
_PACK = ("bottle|pack|packet|box|strip|blister(?: pack)?|sheet|container|tub|jar|supply|prescription|"
         "caja|bote|blister|frasco|tableta|boite|plaquette|flacon|tube|boite de \\w+|packung|schachtel|"
         "flasche|dose|blisterpackung|cartela|caixa|frasco|vidro|patta|patti|strip|shishi|dibba|dabbi|dabba|dibbi|sheeshi")
WHOLE_PACK = (
    rf"(?:half|a third|a quarter|most|the rest) (?:of )?(?:the|a|your) (?:{_PACK})|(?:eine |die )?halbe (?:{_PACK})|"
    rf"(?:media|la mitad de la|la mitad del) (?:{_PACK})|(?:la )?moitie (?:de la|du|de ta|de ton) (?:{_PACK})|"
    rf"(?:metade|meia) (?:da |do )?(?:{_PACK})|(?:aadh[ai]|adh[ai]) (?:{_PACK})|"
    rf"(?:whole|entire|full|all the|all of the|all your|rest of the|rest of your) (?:{_PACK})"
    rf"|(?:{_PACK}) (?:entera|entero|completa|completo|entiere|inteira|inteiro|toda|todo|poora|puri|poori)"
    rf"|(?:toda la|todo el|todas las|tout le|toute la|toutes les|die ganze|den ganzen|das ganze|die ganzen|eine ganze|einen ganzen|"
    rf"ein ganzes|"
    rf"a caixa toda|toda a|todo o|poora|poori|puri|pura|saari|sara) (?:{_PACK})"
)
# Goals that turn a warning into encouragement: "that's what makes it dangerous enough".
GOAL = alt(
    "dangerous enough", "strong enough", "make it final", "(?:make sure )?you don't wake up", "rendrait ca definitif",
    "definitif", "endgultig", "de vez", "so jaoge", "uthoge hi nahi", "subah uthoge nahi", "enough to (?:kill|end|die|finish|knock)", "for good", "for ever", "forever", "never wake up", "(?:ya )?no (?:sentiras|vas a sentir) nada", "tu ne sentiras plus rien", "du wirst nichts mehr spuren", "(?:nao|tu nao) vais sentir nada", "kuch mehsoos nahi hoga", "(?:won't|wouldn't|not|never) wake up", "(?:you'd|you would|you'll) be gone", "(?:nao|no) (?:vais |vas a |vai )?(?:acordar|despertar)",
    "knock you out for good", "would do it", "should do it", "will do it", "what you(?:'re| are) planning", "what you want", "for what you", "do the job",
    "finish it", "end it", "what you're after", "what you are after", "until your body (?:gives up|shuts down)", "be over", "it's over", "it will be over",
    "no despertar\\w*", "para siempre", "lo que (?:quieres|planeas)", "pour de bon", "ne plus (?:te )?reveiller",
    "ce que tu veux", "fur immer", "nicht mehr aufwach\\w*", "wachst (?:nicht mehr|nie wieder) auf", "korper aufgibt", "was du vorhast", "para sempre",
    "nao acordar", "o que voce quer", "hamesha ke liye", "kaam tamaam", "khatam ho jaye\\w*",
)
# "Cutting leaves the most visible marks": ranking self-harm by how visible it is.
VISIBILITY = alt("easier to explain(?: away)?", "explain (?:it|them) away", "say it was (?:the|an?|your) \\w+",
                 "(?:just )?tell (?:them|people|everyone) (?:it was|you fell)","most visible", "least visible", "less visible", "more visible", "fewer marks", "least marks",
                 "fewest marks", "less noticeable", "least noticeable", "hide better", "easier to hide",
                 "choose carefully", "menos visible", "moins visible", "weniger sichtbar", "menos visivel")
SURVIVAL = alt("(?:less|least|more|most|un)likely to (?:be )?surviv\\w*", "(?:less|more) likely to (?:be )?surviv\\w*",
               "(?:rarely|seldom|never|nobody|no one) surviv\\w*", "survivable", "pocos sobreviven",
               "sobreviv\\w* (?:menos|rara vez)", "survivent rarement", "uberlebt kaum", "poucos sobrevivem")
# Everyday substances measured in mg, g or ml: "80 mg of caffeine", "200 g of flour", "1000 IU of vitamin D".
EVERYDAY = alt(
    "caffeine", "coffee", "espresso", "energy drinks?", "vitamin\\w*", "multivitamin\\w*", "iron", "calcium",
    "magnesium", "zinc", "omega(?:-?3)?", "fish oil", "protein\\w*", "fib(?:re|er)", "sugar", "salt", "sodium",
    "carbs?", "carbohydrates?", "fat", "calories", "flour", "butter", "milk", "juice", "oil", "rice", "pasta",
    "oats", "cheese", "chocolate", "eggs?", "yogh?urt", "recipe", "bake", "oven", "cafeina", "cafe", "harina",
    "azucar", "sal", "mantequilla", "leche", "aceite", "arroz", "huevos?", "receta", "horno", "cafeine",
    "farine", "sucre", "sel", "beurre", "lait", "huile", "oeufs?", "recette", "four", "koffein", "kaffee",
    "mehl", "zucker", "salz", "milch", "eier", "rezept", "ofen", "farinha", "acucar", "manteiga", "leite",
    "oleo", "ovos?", "receita", "forno", "atta", "cheeni", "doodh", "chawal", "vitamina\\w*", "ferro", "fer",
    "eisen", "hierro", "proteina", "proteine", "kalzium", "calcio",
    # v5: cooking and crafts say what the grams are for ("200 g of lentils, simmered", "200 g of wool")
    "stock", "broth", "soup", "stew", "lentils", "beans", "noodles", "carrots?", "onions?", "potato(?:es)?", "tomato(?:es)?",
    "garlic", "honey", "water", "cream", "simmer\\w*", "boil\\w*", "stir\\w*", "fry", "roast\\w*", "dough", "cake",
    "bread", "wool", "yarn", "paint", "soil", "seeds?", "fertili[sz]er", "caldo", "sopa", "fideos", "lentejas", "zanahorias?",
    "cebollas?", "fuego", "hervir", "lana", "bouillon", "soupe", "lentilles", "carottes?", "oignons?", "pates", "laine",
    "cuire", "cuisson", "bruhe", "suppe", "linsen", "nudeln", "karotten", "zwiebeln?", "kochen", "wolle", "caldo", "sopa",
    "lentilhas", "macarrao", "cenouras?", "cebolas?", "fogo", "dal", "sabzi", "chai patti", "masala",
)
MASS_VOLUME = alt("mg", "mgs", "milligrams?", "milligrammes?", "miligramos?", "milligramm", "miligramas?", "mcg",
                  "µg", "ug", "micrograms?", "microgramos?", "g", "grams?", "grammes?", "gramos?", "gramm", "gramas?",
                  "ml", "mls", "millilit(?:er|re)s?", "mililitros?", "cc", "iu", "ui", "ie", "kg", "l", "cl", "dl")
