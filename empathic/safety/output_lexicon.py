"""Word lists for the output screen, in English, Spanish, French, German, Portuguese and romanised Hindi.

Every fragment matches *normalised* text (see `empathic.safety.doses.normalise`): NFKC, casefolded,
accents removed ("fünf" -> "funf", "dreißig" -> "dreissig"), straight apostrophes. They are regex
fragments, joined with `|` and wrapped in word boundaries by the callers.
"""

from __future__ import annotations


def alt(*words: str) -> str:
    """One non-capturing alternation; longer alternatives first so they win."""
    return "(?:" + "|".join(sorted(set(words), key=len, reverse=True)) + ")"


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
    "gyarah", "barah", "pandrah", "bees", "tees", "chalis", "pachas", "pachaas", "sau", "hazaar", "hazar",
    "aadha", "aadhi", "adhi", "dedh", "dhai",
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
    "dangerous", "risky", "harmful", "interact(?:ion)?s?", "jamais", "ne \\w+ (?:pas|jamais)", "no mezcles", "no tomes", "no combines", "nunca",
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
    "poison": alt("poison\\w*", "pesticides?", "bleach", "antifreeze", "frostschutz\\w*", "anticongelante", "antigel",
                  "rat poison", "mort-aux-rats", "rattengift", "weed ?killer", "matarratas", "raticida", "veneno de rato",
                  "chooha maar\\w* (?:ki )?dawa", "veneno", "envenen\\w*", "lejia", "javel",
                  "vergift\\w*", "pestizid\\w*", "chumbinho", "zeher", "zahar", "keetnashak"),
    "train": alt("(?:in front of|under) a train", "(?:on|onto) the (?:train |railway |rail )?tracks", "tren", "(?:devant|sous) un train", "zug", "trem", "comboio",
                 "train ke aage", "railway tracks?"),
    "suffocation": alt("suffocat\\w*", "plastic bag", "asfixi\\w*", "etouff\\w*", "asphyxi\\w*", "ersticken",
                       "sufoca\\w*"),
    "heights": alt("jump\\w*(?! ?ropes?)", "balcon(?:y|ies)", "balcon", "balkon", "saltar", "sauter", "springen", "pular", "kood\\w*", "kud\\w*", "bridges?", "rooftops?", "cliffs?", "puentes?", "pont", "brucke", "ponte", "pul se",
                   "edificio", "immeuble", "gebaude", "predio", "hochhaus"),
    # Pills count only in lists and beside death words: "therapy works better than pills" is fine.
    "pills": alt("pills", "tablets", "meds", "pastillas", "medicamentos", "medicaments", "tabletten",
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
APPROX_AFTER = alt("or so", "or more", "ish", "at least", "tops", "or even more", "o mas", "o asi", "o algo asi",
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
         "flasche|dose|blisterpackung|cartela|caixa|frasco|vidro|patta|patti|strip|shishi|dibba")
WHOLE_PACK = (
    rf"(?:half|a third|a quarter|most|the rest) (?:of )?(?:the|a|your) (?:{_PACK})|(?:eine |die )?halbe (?:{_PACK})|"
    rf"(?:media|la mitad de la|la mitad del) (?:{_PACK})|(?:la )?moitie (?:de la|du|de ta|de ton) (?:{_PACK})|"
    rf"(?:metade|meia) (?:da |do )?(?:{_PACK})|aadha (?:{_PACK})|"
    rf"(?:whole|entire|full|all the|all of the|all your|rest of the|rest of your) (?:{_PACK})"
    rf"|(?:{_PACK}) (?:entera|entero|completa|completo|entiere|inteira|inteiro|toda|todo|poora|puri|poori)"
    rf"|(?:toda la|todo el|todas las|tout le|toute la|toutes les|die ganze|den ganzen|das ganze|die ganzen|"
    rf"a caixa toda|toda a|todo o|poora|poori|puri|pura|saari|sara) (?:{_PACK})"
)
# Goals that turn a warning into encouragement: "that's what makes it dangerous enough".
GOAL = alt(
    "dangerous enough", "strong enough", "enough to (?:kill|end|die|finish|knock)", "for good", "for ever", "forever", "never wake up",
    "knock you out for good", "would do it", "should do it", "will do it", "what you(?:'re| are) planning", "what you want", "for what you", "do the job",
    "finish it", "end it", "what you're after", "what you are after", "until your body (?:gives up|shuts down)", "be over", "it's over", "it will be over",
    "no despertar\\w*", "para siempre", "lo que (?:quieres|planeas)", "pour de bon", "ne plus (?:te )?reveiller",
    "ce que tu veux", "fur immer", "nicht mehr aufwach\\w*", "wachst (?:nicht mehr|nie wieder) auf", "korper aufgibt", "was du vorhast", "para sempre",
    "nao acordar", "o que voce quer", "hamesha ke liye", "kaam tamaam", "khatam ho jaye\\w*",
)
# Non-suicidal self-harm: a self-directed act, in six languages.
SELF_HARM_ACT = alt(
    "(?:cut|cutting|burn|burning|scratch|scratching|hit|hitting|punch|punching|bruise|carve|carving|scrape|"
    "scraping|bite|biting|pinch|slap|hurt|hurting|harm|harming|starve|starving) (?:yourself|your (?:own )?(?:skin|arms?|"
    "thighs?|legs?|wrists?|stomach|belly|hips?|upper arms?|ankles?|body|chest|hands?|face))(?! (?:some slack|a break|off|out))",
    "cortarte", "quemarte", "golpearte", "aranarte", "rasgunarte", "lastimarte", "hacerte dano", "cortate",
    "quemate", "golpeate", "te cortas", "te quemas", "te golpeas", "te (?:couper|bruler|frapper|griffer|"
    "scarifier|mutiler|faire du mal|taillader)", "coupe-toi", "brule-toi", "frappe-toi", "scarifie-toi",
    "ritz\\w* dich", "dich (?:[\\w']+ ){0,3}(?:zu )?(?:ritzen|schneiden|verbrennen|schlagen|kratzen|verletzen)", "schneid dich",
    "verbrenn dich", "schlag dich", "kratz dich", "verletz dich", "dir weh(?: zu)? tun", "(?:te|se) "
    "(?:cortar|queimar|machucar|ferir|bater|arranhar)", "se corta", "se queima", "corte-se", "queime-se",
    "(?:khud|apne aap) ko (?:\\w+ ){0,2}(?:kaat|jala|maar|chot|nuksaan)\\w*",
    "hazte (?:\\w+ )?(?:cortes|heridas|quemaduras|dano)", "fais-toi (?:des )?(?:coupures|entailles|bruler)",
    "mach dir (?:\\w+ )?(?:schnitte|wunden)", "faca (?:\\w+ )?(?:cortes|feridas) em (?:voce|si)", "haath (?:kaat|jala)\\w*",
)
# Bare self-harm verbs in a list: "you could cut, burn or hit yourself".
SELF_HARM_VERB = alt("cut", "burn", "scratch", "hit", "punch", "bruise", "carve", "scrape", "bite", "pinch",
                     "starve", "couper", "bruler", "frapper", "griffer", "cortar", "quemar", "golpear",
                     "queimar", "bater", "ritzen", "schneiden", "verbrennen", "schlagen", "kratzen")
# Tools for self-harm: with a body part or a hidden place, an instruction.
SELF_HARM_TOOL = alt("(?:candle )?flame", "stove ?top", "hot iron", "boiling water","razors?", "blades?", "razor blades?", "lighters?", "cigarettes?", "compass", "sharpener",
                     "broken glass", "scissors", "hot spoon", "paperclip", "cuchillas?", "mechero", "cigarros?",
                     "lames?", "rasoir", "briquet", "klingen?", "rasierklingen?", "feuerzeug", "zigaretten?",
                     "giletes?", "laminas?", "isqueiro", "blade se", "lighter se")
BODY_PART = alt("your (?:fore ?arms?|shins?|calf|calves|the inside of your \\w+)","(?:en )?las piernas", "(?:en )?los brazos", "(?:am|an den) (?:bauch|beinen|armen|oberschenkeln)","your (?:inner |upper )?(?:arms?|thighs?|legs?|wrists?|stomach|belly|hips?|skin|ankles?|chest|hands?)",
                "tus (?:brazos|muslos|piernas|munecas)", "los (?:brazos|muslos)", "tes (?:bras|cuisses|jambes|poignets)",
                "les (?:bras|cuisses)", "deine[nm]? (?:arme?n?|oberschenkel\\w*|beine?n?|handgelenke?n?)",
                "seus (?:bracos|pulsos)", "suas (?:coxas|pernas)", "os bracos", "as coxas", "haath", "baazu", "kalai")
# Where injuries go unseen, and hiding them.
HIDDEN_PLACE = alt(
    "upper thighs?", "thighs?", "inner thighs?", "upper arms?", "stomach", "belly", "hips?", "ribs", "feet",
    "where (?:clothes|clothing|sleeves|your (?:shirt|clothes|sleeves)|shorts|trousers|pants) (?:cover|hide)\\w*",
    "where (?:people|nobody|no one|others) (?:won't|don't|wouldn't|can't|will not)? ?(?:look|see|notice)\\w*",
    "muslos?", "barriga", "caderas?", "hanches?", "hufte\\w*", "quadril", "donde (?:la ropa|nadie) \\w+", "cuisses?", "ventre", "la ou (?:les vetements|personne) "
    "\\w+", "oberschenkeln?", "bauch", "wo (?:es )?(?:man|keiner|niemand) \\w+", "coxas?", "onde (?:a roupa|"
    "ninguem) \\w+", "jaangh", "pet par",
)
HIDE = alt(
    "hide", "hiding", "cover(?: up)?", "covering", "conceal\\w*", "long sleeves", "long shorts", "plasters?",
    "band-?aids?", "explain (?:it|them) away", "ocultar\\w*", "esconder\\w*", "tapar\\w*", "mangas largas",
    "cacher", "cache", "dissimul\\w*", "manches longues", "versteck\\w*", "verdeck\\w*", "lange armel",
    "escond\\w*", "disfar\\w*", "mangas compridas", "chhupa\\w*", "chupa\\w*",
)
INJURY = alt("cuts?", "scars?", "marks?", "bruises?", "burns?", "wounds?", "injur(?:y|ies)", "cortes?",
             "cicatri\\w*", "marcas?", "moretones", "heridas?", "quemaduras?", "coupures?", "marques?",
             "bleus", "blessures?", "brulures?", "schnitte?", "narben?", "wunden?", "blaue flecken", "ritzer",
             "hematomas?", "roxos?", "queimaduras?", "feridas?", "nishaan", "zakhm", "ghaav")
# "If you feel like you might shake the baby…": someone's urge, said back; not advice.
URGE = alt("urge", "urges", "want to", "wanting to", "wanted to", "feel like", "feeling like", "tempted",
           "thoughts? of", "thinking (?:of|about)", "impulse", "when you feel", "if you feel", "instead of",
           "rather than", "alternatives? to", "ganas de", "impulso", "en lugar de", "en vez de", "envie de",
           "au lieu de", "drang", "lust", "statt", "anstatt", "vontade de", "impulso de", "em vez de",
           "iccha", "mann kare", "ki jagah")
# Harm to others.
VICTIM = alt(
    "him", "her", "them", "the (?:baby|child|kid|toddler|infant|boy|girl|dog|cat|teacher|boss|neighbou?r)",
    "your (?:wife|husband|partner|boyfriend|girlfriend|son|daughter|kids?|child(?:ren)?|baby|mom|mum|mother|dad|"
    "father|brother|sister|boss|teacher|classmates?|neighbou?rs?|roommate|ex|coworker|colleague|stepdad|"
    "stepmom|grandma|grandpa)",
    "al bebe", "al nino", "a tu (?:pareja|esposa|esposo|hij[oa]|jefe|madre|padre|herman[oa])", "lo", "la", "le",
    "lui", "ton (?:fils|mari|patron|frere|pere|bebe|copain)", "ta (?:femme|fille|soeur|mere|copine)",
    "le bebe", "l'enfant", "ihn", "ihm", "das (?:baby|kind)", "deine[nm]? (?:frau|mann|kind|sohn|tochter|chef|"
    "bruder|schwester|mutter|vater)", "sie", "ele", "ela", "o bebe", "a crianca", "o menino", "a menina", "usko",
    "use", "unko", "bachche ko", "bacche ko", "biwi ko", "pati ko",
)
VIOLENCE = alt(
    "hit", "punch", "slap", "kick", "shake", "stab", "choke", "strangle", "smother", "beat", "beat up", "hurt",
    "poison", "shove", "burn", "drown", "suffocate", "attack", "cut",
    "break (?:his|her|their)", "starve", "tie up", "scald",
    "pega(?:le|la|lo)", "golpea(?:le|la|lo)", "sacude(?:le|la|lo)", "ahoga(?:le|la|lo)", "envenena(?:le|la|lo)",
    "empuja(?:le|la|lo)", "encierra(?:le|la|lo)", "frappe(?:-le|-la)", "secoue(?:-le|-la)", "etouffe(?:-le|-la)",
    "empoisonne(?:-le|-la)", "pousse(?:-le|-la)", "enferme(?:-le|-la)", "schlag", "schuttel", "wurg", "vergifte",
    "stoss", "sperr", "bata (?:nele|nela)", "bate (?:nele|nela)", "sacuda", "sufoque", "envenene", "empurre",
    "tranque", "maaro", "maar do", "peeto", "pakdo", "pakad lo", "sabak sikha\\w*", "dhakka do", "jala do",
    "zeher de do", "band kar do",
)
# Imperatives that carry their object: "frappe-le", "golpéalo", "schlag zu", "bata nele".
VIOLENCE_WITH_OBJECT = alt(
    "frappe-(?:le|la|les)", "tue-(?:le|la)", "etrangle-(?:le|la)", "pousse-(?:le|la)", "cogne-(?:le|la)",
    "golpea(?:lo|la|le)", "pega(?:le|la|lo)", "mata(?:lo|la)", "empuja(?:lo|la)", "ahoga(?:lo|la)",
    "apunala(?:lo|la)", "schlag (?:ihn |sie )?zu", "stich (?:ihn |sie )?(?:ab|zu)", "bata (?:nele|nela)",
    "bate (?:nele|nela)", "mate-(?:o|a)", "empurre-(?:o|a)", "maaro", "maar do", "maar dalo", "peeto",
    "slash (?:his|her|their|the) tires", "push (?:him|her|them) (?:down|off|over|into|out of|against|hard)",
    "grab (?:him|her|them) by", "lock (?:him|her|them|the baby|the child|the kid) (?:in|up|out)",
    "throw (?:him|her|them) (?:out|down|against|off)", "pin (?:him|her|them) down", "follow (?:him|her|them) (?:home|to \\w+)",
    "make (?:him|her|them) (?:regret|pay|suffer)", "teach (?:him|her|them) a lesson", "get back at (?:him|her|them)", "cover (?:his|her|their|the baby's|the child's) (?:mouth|nose|face)",
    "hold (?:his|her|their) (?:nose|mouth|head under)", "put (?:a|the) pillow over",
    "(?:hands|fingers) (?:around|round) (?:his|her|their) (?:neck|throat)", "tapa(?:le|la|lo) (?:la )?(?:boca|nariz)",
    "bouche-lui (?:la bouche|le nez)", "halt (?:ihm|ihr) (?:den mund|die nase) zu", "tape (?:a )?boca (?:dele|dela)",
    "leave (?:the baby|your baby|the child|the toddler|the kids?) (?:[\\w']+ ){0,4}?(?:alone|unattended|in the (?:bath|car|cold))",
    "poison (?:his|her|their|the|your) \\w+", "vergifte (?:sein|ihr|dein)\\w* \\w+", "envenena (?:a |al |su |tu )\\w+",
    "empoisonne (?:son|sa|ses|le|la) \\w+", "envenene (?:o|a|seu|sua) \\w+",
    "bat[ae] (?:na|no|nele|nela|em) (?:crianca|menino|menina|bebe|filh[oa]|mulher|esposa|marido)",
    "(?:hit|beat|whip|spank|belt) (?:him|her|them|the kids?|the child|your (?:son|daughter|kids?)) with (?:a|the|your) "
    "(?:belt|stick|bat|cord|wooden spoon|hanger)",
    "set fire to", "set (?:his|her|their) \\w+ on fire", "mets le feu", "prende(?:le)? fuego", "ateie? fogo",
    "zunde (?:sein|ihr)\\w* \\w+ an", "aag laga do",
    "give (?:him|her|them|it) a (?:good |proper |hard )?(?:slap|smack|beating|kick|punch|whack|hiding)",
    "dale (?:un|una) (?:buen |buena )?(?:golpe|bofetada|bofeton|tortazo|punetazo|azote|paliza)",
    "(?:donne|mets|colle)-lui (?:une|un) (?:bonne )?(?:gifle|claque|raclee|coup)",
    "(?:gib|verpass) (?:ihm|ihr) (?:eine[n]? )?(?:ohrfeige|schlag|tritt|abreibung)",
    "(?:da|de|dá) (?:um|uma) (?:tapa|soco|surra) (?:nele|nela)", "thappad (?:maaro|lagao|mar do)", "key (?:his|her|their) car", "set fire to (?:his|her|their)",
    "burn (?:his|her|their) (?:house|car|stuff)",
)
# A ligature and what makes it work: "a thin cord rather than a thick rope, it tightens better".
LIGATURE_QUALITY = (
    r"\b(?:cord|rope|belt|cable|wire|scarf|ligature|noose|cuerda|soga|cable|corde|cable|seil|strick|kabel|corda|"
    r"cabo|rassi)s?\b[^.]{0,60}\b(?:tighten\w*|snap\w*|strong enough|sturdy|hold (?:your )?weight|thin(?:ner)?|"
    r"thick(?:er)?|knot|aprieta|resiste|serre|tient|zieht sich zu|halt|aperta|aguenta)\b"
)
# Help words: a sentence that sends someone to help is not an instruction to hurt.
HELP = alt(
    "call", "text", "988", "reach out", "talk to", "talk with", "speak to", "speak with", "crisis", "helpline",
    "hotline", "emergency", "therapist", "move away", "get away from", "somewhere safer?", "go somewhere safe", "police", "policia", "police", "polizei", "policia", "counsel\\w*", "someone you trust", "step away", "step out", "leave the room",
    "walk away", "llama\\w*", "habla con", "linea", "urgencias", "appelle\\w*", "parle a", "parle avec",
    "urgences", "ruf", "anruf\\w*", "sprich mit", "notruf", "ligue", "fale com", "converse com", "cvv",
    "helpline", "baat karo", "baat kijiye", "call kijiye", "pharmacist", "doctor",
)
WEAPON = alt("knife", "knives", "gun", "guns", "pistol", "rifle", "shotgun", "firearm", "bat", "hammer", "blade",
             "machete", "crowbar", "cuchillo", "navaja", "pistola", "escopeta", "arma", "couteau", "arme",
             "flingue", "fusil", "messer", "waffe", "pistole", "gewehr", "faca", "revolver", "espingarda",
             "chaku", "churi", "bandook", "banduk", "katta", "tamancha")
FETCH = alt("bring", "take", "grab", "get", "carry", "hide", "sneak", "load", "keep", "pack", "steal",
            "trae", "lleva", "coge", "agarra", "esconde", "apporte", "prends", "cache", "emmene", "bring",
            "nimm", "hol", "versteck", "pack", "leve", "traga", "pegue", "esconda", "leke", "le ja", "nikaal",
            "utha")
# Opportunity and secrecy: "when nobody's around", "where the bruises won't show", "nobody will check".
_NOBODY = r"(?:nobody|no one|no-one|noone|no body)"
STEALTH = (
    rf"\b(?:when|while|until|once|before|after) (?:he|she|they|everyone|everybody|{_NOBODY}|the \w+|your \w+)"
    r"(?:'s|'re| is| are| will be| has| have|'ve)? (?:\w+ )?(?:alone|asleep|sleeping|at work|out|away|gone|inside|"
    r"not looking|isn't looking|not watching|not home|around|looking|watching|home)\b"
    rf"|\b{_NOBODY}(?:'s| is| will| would| can| could|'ll)? ?(?:be )?(?:see|sees|notice|notices|check|checks|know|"
    r"knows|find|finds|hear|hears|stop|around|looking|watching|home|able to stop)\b"
    r"|\bwithout (?:anyone|anybody|him|her|them|people) (?:noticing|knowing|seeing|finding out)\b"
    r"|\bbefore (?:anyone|anybody|people|they|he|she|your \w+) (?:notices?|sees?|finds? out|checks?)\b"
    r"|\bwon't (?:show|notice|taste|see|find out|know|suspect|check|look|ask)\b"
    r"|\bno (?:lo |se |te )?(?:va|van) a (?:notar|ver|saber|dar cuenta|enterar)\b|\bnadie (?:te |lo )?va a (?:ver|notar|saber)\b"
    r"|\bno se (?:notan?|ven?|nota)\b|\bca ne se voit pas\b|\bsieht man (?:es )?nicht\b|\bnao (?:aparece|se ve|vai aparecer)\b"
    r"|\b(?:ist )?(?:dort|da) niemand\b|\b(?:da|dort) kommt (?:keiner|niemand)\b|\bjab tak (?:woh |vo )?chup na ho\w*"
    r"|\bpara que nadie (?:lo |te |se )?(?:note|vea|sepa|de cuenta|entere)\b|\bpour que personne ne (?:le |la )?"
    r"(?:voie|remarque|sache)\b|\bdamit (?:es )?(?:niemand|keiner) (?:\w+ )?(?:sieht|merkt|weiss)\b"
    r"|\b(?:para que|pra) ninguem (?:veja|ver|perceba|perceber|saiba|saber)\b|\bkoi (?:nahi|na) (?:dekhega|dekhegi|"
    r"dekhe|jaanega|pakdega)\b|\bkisi ko (?:nahi|na) (?:dikhega|dikhe)\b|\bfalls? (?:it|es) (?:keinem|niemandem) auf\b"
    r"|\b(?:espera|esperar|espere) (?:a )?que (?:\w+ ){0,3}(?:este|estes|se quede) (?:dormid[oa]|sol[oa])\b"
    r"|\battends? (?:qu'|que )(?:il|elle) (?:soit|dorme) ?(?:seule?|endormie?|parti)?\b"
    r"|\bwarte,? bis (?:er|sie) (?:allein|eingeschlafen|weg) ist\b|\bespere (?:ele|ela) (?:dormir|sair|ficar sozinh[oa])\b|\bwhere (?:the )?(?:bruises?|marks?) "
    r"(?:won't|don't|wouldn't) show\b|\baway from (?:the )?cameras?\b|\bcameras? (?:can't|won't|don't|cannot) see\b|\bno (?:witnesses|cameras)\b"
    r"|\bso (?:that )?(?:your \w+|people|others|they|he|she|nobody|no one) (?:don't|won't|can't|wouldn't|never|"
    r"doesn't) (?:\w+ )?(?:see|notice|know|find out|suspect|ask)\b|\bjab (?:sab|sabhi|ghar wale) so\w*\b"
    r"|\b(?:while|when) (?:everyone|everybody|they|he|she)(?:'s|'re| is| are) (?:asleep|sleeping)\b|\bwhen (?:it's|it is) (?:empty|quiet|deserted|dark)\b"
    r"|\b(?:at|around) [1-5] ?(?:am|a\.m)\b|\bafter midnight\b|\bsieht (?:es |das )?(?:niemand|keiner)\b"
    r"|\bdon't tell anyone\b|\bact normal\b|\bso (?:that )?(?:nobody|no one|no-one) (?:\w+ )?(?:sees|notices|knows|"
    r"finds|can|will|would)\b|\b(?:in the middle of the night|late at night)\b"
    r"|\b(?:cuando|mientras) (?:nadie|no (?:haya|hay) nadie|(?:el|ella) (?:este|estes|no) \w+)\b|\bnadie (?:lo |te )?"
    r"(?:vera|notara|sabra|se dara cuenta|mire|mira|esta mirando)\b|\bsin que (?:nadie|se de cuenta|lo note|te vean)\b"
    r"|\ba escondidas\b|\bde madrugada\b"
    r"|\bpersonne ne (?:le |te )?(?:verra|remarquera|saura|regarde)\b|\bquand (?:il|elle|personne) (?:est seule?|ne "
    r"regarde|dort|n'est)\b|\bil ne sentira rien\b|\belle ne sentira rien\b|\bsans que personne\b|\ben cachette\b"
    r"|\bwenn (?:niemand|keiner|er|sie) (?:\w+ )?(?:da ist|hinschaut|schlaft|allein ist|weg ist)\b|\b(?:niemand|keiner)"
    r" (?:sieht|merkt|wird|bemerkt)\b|\bsieht es keiner\b|\bheimlich\b|\bohne dass (?:es )?(?:jemand|er|sie)\b"
    r"|\bnachts\b"
    r"|\bninguem (?:vai )?(?:ver|ve|perceber|notar|saber)\b|\bquando (?:ninguem|nao tem ninguem|ele estiver "
    r"sozinho|ela estiver sozinha)\b|\bsem (?:ele|ela|ninguem) perceber\b|\bescondido\b"
    r"|\bkisi ko pata nahi (?:chalega|chale)\b|\bjab koi (?:aas paas )?(?:na ho|nahi ho|nahi)\b|\bakele mein\b"
    r"|\bchupke se\b|\bkisi ko mat batana\b"
)
# Secrecy that is harmful on its own: keeping someone from being stopped or found in time.
STEALTH_STRONG = (
    r"\b(?:can't|cannot|won't be able to|couldn't) (?:brake|stop) in time\b|\bno (?:time|chance) to (?:brake|stop)\b|"
    rf"\bso (?:that )?{_NOBODY} (?:can|could|will|would) (?:stop|find|save|help) you\b|\bbefore anyone can stop"
    rf"|\b{_NOBODY} (?:will|would) (?:find|check on) you\b|\bdon't tell anyone until\b|\bwhere the bruises "
    r"won't show\b|\bpara que nadie (?:te )?(?:detenga|pare|encuentre)\b|\bpour que personne ne (?:t'arrete|te trouve)\b"
    r"|\bdamit (?:dich )?(?:niemand|keiner) (?:dich )?(?:aufhalt|findet)\b|\bpara que ninguem (?:te )?(?:impeca|encontre)\b"
)
# Spiking food or drink: "crush the pills into his drink", "en su comida", "in sein Getränk".
_FOOD = ("drinks?|food|coffee|tea|meal|juice|bottle|soup|milk|glass|cup|water|formula|plate|dinner|lunch|"
         "breakfast|beer|wine|smoothie")
SPIKE_PLACE = (
    rf"\b(?:in|into|to) (?:his|her|their|the baby's|your \w+'s|(?:his|her|their) own) (?:\w+ )?(?:{_FOOD})\b"
    r"|\ben (?:su|la|el) (?:bebida|comida|cafe|te|copa|vaso|biberon|sopa|leche|cena|agua)\b"
    r"|\bin (?:den|die|das) (?:kaffee|tee|essen|getrank|drink|wasser|saft|bier|wein|glas)\b|\bins (?:essen|getrank|glas)\b"
    rf"|\b(?:lace|spike|dose|drug)\w* (?:his|her|their|the baby's|the kid's) (?:\w+ )?(?:{_FOOD})\b"
    r"|\bdans (?:son|sa|leur) (?:verre|cafe|the|repas|assiette|biberon|plat|boisson|soupe|nourriture|eau|lait)\b"
    r"|\bin (?:sein|ihr|seinen|ihren|seine|ihre)\w* (?:getrank|essen|kaffee|tee|glas|drink|flasche|wasser|milch)\b"
    r"|\b(?:na|no) (?:bebida|comida|cafe|suco|copo|cha|agua|leite|mamadeira|prato) (?:dele|dela|deles)\b"
    r"|\b(?:uske|uski|unke|unki) (?:khane|drink|chai|paani|coffee|doodh|glass) (?:mein|me)\b"
)
# Places to jump: "the highest point of the bridge", "top floor of the car park", "no barrier".
HIGH_PLACE = (
    r"\b(?:top|highest|upper|last|uppermost|roof) (?:floor|point|level|part|storey|story|deck|end|section|"
    r"spot)?(?: of)? (?:the |a |that )?(?:bridge|car ?park|parking (?:garage|lot|structure|deck)|multi-?stor(?:e)?y|"
    r"building|tower|block|cliff|dam|overpass|viaduct|hotel|hospital|mall|stadium|quarry)\b"
    r"|\b\d+(?:st|nd|rd|th|e|o|a|er|eme|ten)? (?:floor|storey|story|level|piso|planta|etage|stock|andar) (?:of|del?|du|des|vom|do|da) (?:the |a |la |le )?(?:\w+ )?(?:car ?park|parking|building|tower|hospital|hotel|mall|edificio|immeuble|parkhaus|predio)\b"
    r"|\b(?:highest|tallest) (?:bridge|building|tower|cliff|car ?park|parking (?:garage|structure)|point|overpass)\b"
    r"|\b(?:car ?park|parking (?:garage|structure|deck|lot)|bridge|building|tower)\b[^.]{0,40}\b(?:top|highest|"
    r"upper|open) (?:level|floor|deck|point|storey)\b"
    r"|\broof(?:top)? of (?:the |a |that )?(?:\w+ )?(?:building|car ?park|parking (?:garage|lot|structure)|"
    r"tower|block|hotel|hospital|mall|school)\b"
    r"|\b(?:parte|punto|piso|planta|zona) mas alt[oa] del? (?:puente|edificio|parking|acantilado|torre)\b"
    r"|\b(?:ultimo|ultima) (?:piso|planta) del? (?:parking|edificio|aparcamiento|centro comercial|hospital)\b"
    r"|\b(?:dernier etage|point le plus haut|toit) (?:du|de l'|de la) ?(?:parking|pont|immeuble|tour|falaise|hopital)\b"
    r"|\b(?:hochste[nr]? (?:punkt|stelle|stock)|obersten? (?:stock|etage|deck|parkdeck)|dach) (?:der|des|vom) "
    r"(?:brucke|parkhaus\w*|hochhaus\w*|gebaude\w*|turm\w*|klippe)\b"
    r"|\b(?:ponto|parte) mais alt[oa] (?:da|do) (?:ponte|predio|edificio|viaduto|penhasco)\b|\b(?:ultimo andar|"
    r"terraco|cobertura) (?:do|da) (?:estacionamento|predio|edificio|shopping|hospital)\b"
    r"|\b(?:pul|building|chhat|imarat) (?:ke|ki) (?:sabse )?(?:upar|oopar|unchi)\b"
)
_BARRIER = (r"(?:barriers?|railings?|rails?|fences?|nets?|guard ?rails?|walls?|barandillas?|vallas?|barreras?|redes|"
            r"garde-corps|barrieres?|rambardes?|grillages?|filets?|gelander|zaun|zaune|netz|absperrung\w*|grades?|"
            r"protecao|corrimao|redes?|muretas?|jaali|deewar)")
NO_BARRIER = (
    rf"\b(?:no|without|low|missing|broken|short|sin|sans|pas de|kein\w*|ohne|sem|nao (?:tem|ha)|no hay|il n'y a pas de)"
    rf"\b(?: [\w']+){{0,2}} {_BARRIER}\b|\b{_BARRIER} (?:bhi )?(?:nahi|nahin)\b"
    r"|\b(?:barrier|railing|rail|fence|wall|net)s? (?:there )?(?:is|are) (?:low|missing|broken|short|easy to climb)\b"
    r"|\beasy to (?:climb|get over|step over)\b|\bwaist-high (?:wall|railing|rail|fence)\b|\b(?:tief|hoch) genug\b"
    r"|\b(?:the )?drop is (?:about|around|over|more than)?\b|\bwindows?\b[^.,]{0,20}\b(?:opens?|open) (?:all the way|fully|wide)\b|\b(?:la caida|la chute|der sturz|a queda) (?:es|est|fait|ist|betragt|e|tem) (?:de )?(?:unos |environ |etwa |uns )?\d+\b"
    r"|\bjanela\b[^.,]{0,25}\b(?:abre|aberta) toda\b|\bventana\b[^.,]{0,25}\b(?:se abre|abre) (?:entera|del todo)\b"
    r"|\bfenetre\b[^.,]{0,25}\bs'ouvre (?:en grand|completement)\b|\bfenster\b[^.,]{0,25}\b(?:geht|lasst sich) ganz "
    r"(?:auf|offnen)\b|\bnothing (?:there )?(?:stopping|to stop) you\b|\b(?:high enough|hoch genug|"
    r"suficientemente alt[oa]|assez haut|alto o suficiente|kaafi uncha)\b|\bsin (?:barandilla|valla|red|barrera)\b|\b(?:sans|pas de) (?:garde-corps|barriere|"
    r"rambarde|filet)\b|\b(?:kein|ohne) (?:gelander|zaun|netz|absperrung)\b|\bsem (?:grade|protecao|corrimao|"
    r"rede)\b|\bkoi (?:railing|deewar|jaali) nahi\b"
)
PLACE_TO = (
    r"\b(?:best|good|ideal|perfect|quietest|easiest|safest|surest|right|only) (?:place|spot|location|point|bridge|"
    r"building|floor|height) (?:to|for) (?:jump|jumping|do it|die|end it|go over|fall|hang|drown)\b"
    r"|\b(?:best|good|ideal|perfect|quietest|easiest|right) (?:time|moment|way) (?:to|for) (?:jump|die|end it|go over|"
    r"hang yourself|drown|kill yourself)\b"
    r"|\b(?:mejor|buen|el|unico) (?:lugar|sitio|punto|momento|puente|edificio) (?:para|de) (?:saltar|tirarte|"
    r"tirarse|hacerlo|morir|ahorcarte|ahogarte)\b"
    r"|\b(?:meilleur|bon|seul) (?:endroit|coin|moment|pont|immeuble) (?:pour|ou) (?:sauter|le faire|mourir|en finir|"
    r"te jeter|te pendre)\b"
    r"|\b(?:beste[nr]?|gute[nr]?) (?:ort|stelle|platz|zeitpunkt|brucke) (?:zum|um zu|fur) (?:springen|sterben|es zu tun)\b"
    r"|\bam besten (?:springst|springen|erhangst|tust du es)\b"
    r"|\b(?:melhor|bom|unico) (?:lugar|local|ponto|momento|hora|predio|ponte) (?:para|pra) (?:pular|se jogar|te jogar|"
    r"morrer|fazer isso|se enforcar)\b"
    r"|\b(?:sabse )?(?:achhi|acchi|sahi|best) jagah (?:kudne|koodne|marne|latakne)\b"
)
JUMP_PLACE = alt("\\d+(?:st|nd|rd|th) floor", "stairwells?","terraces?", "hotel", "top of the \\w+", "windows?", "janela", "ventana", "fenetre", "fenster","\\w*bridges?", "\\w*brucke", "\\w*brucken", "over the (?:motorway|highway|freeway|tracks|railway|road)", "cliffs?", "roofs?", "rooftops?", "car ?parks?", "parking (?:garage|structure|deck|lot)s?",
                 "balcon(?:y|ies)", "towers?", "overpass", "ledge", "viaduct", "dam", "quarry", "puentes?",
                 "acantilados?", "azoteas?", "tejados?", "terrazas?", "balcon", "ponts?", "falaises?", "toits?",
                 "balcons?", "brucke", "klippen?", "dach", "parkhaus\\w*", "balkon", "pontes?", "penhascos?",
                 "telhados?", "lajes?", "viaduto", "chhat", "pul", "balcony", "building", "edificio", "immeuble",
                 "multi-?stor(?:e)?ys?",
                 "gebaude", "predio", "hochhaus")
# Tying a ligature to something that holds: "tie it to a beam", "átala a una viga".
ANCHOR = (
    r"\b(?:tie|attach|fasten|hook|loop|secure|knot|hang|string) (?:it|them|one end|the (?:\w+ )?(?:rope|belt|cord|"
    r"cable|scarf|sheet|noose|end))? ?(?:to|from|around|over|on) (?:a|the|your|something) (?:\w+ )?(?:beam|rafter|"
    r"door ?handle|doorknob|door knob|banister|bannister|stair ?rail|railing|hook|ceiling fan|pipe|branch|"
    r"closet rod|curtain rail|wardrobe rail|clothes rail|bunk bed|bed frame|top of the door|door frame|ceiling)\b"
    r"|\bsomething (?:sturdy|strong|solid|high)(?: and (?:sturdy|strong|solid|high))?(?: up)? (?:enough )?to "
    r"(?:tie|hang|attach)\b"
    r"|\b(?:ata|amarra)(?:la|lo)? (?:el |la )?(?:\w+ )?(?:a|al|de|en) (?:una |la |un |el )?(?:\w+ )?(?:viga|barandilla|manija|pomo|rama|"
    r"tuberia|ventilador|barra)\b"
    r"|\b(?:attache|noue)(?:-la|-le)? (?:a|au|sur) (?:la |une |un |le )?(?:\w+ )?(?:poutre|poignee|rampe|branche|"
    r"tuyau|ventilateur|barre|crochet)\b"
    r"|\b(?:bind|befestige|knote)\w* (?:es |das seil |den strick |ihn |sie )?(?:an|um) (?:den|einen|die|eine|das) "
    r"(?:\w+ )?(?:balken|turgriff|turklinke|gelander|ast|haken|rohr|ventilator|stange)\b"
    r"|\b(?:amarre|prenda|amarra|prende)(?:-a|-o)? (?:a corda )?(?:na|numa|no|num) (?:\w+ )?(?:viga|macaneta|"
    r"grade|galho|cano|ventilador|barra)\b"
    r"|\b(?:pankhe|chhat|hook|rod) (?:se|par|pe) (?:baandh|bandh|latak|lataka)\w*"
    r"|\b(?:tied|attached|fastened|hooked|looped|knotted) (?:to|from|around|over|on) (?:a|the|your) (?:\w+ )?(?:beam|"
    r"rafter|door ?handle|doorknob|banister|bannister|rail|railing|hook|ceiling fan|pipe|closet rod|door frame)\b"
    r"|\b(?:scarf|belt|rope|cord|cable|sheet|ligature|noose|cinturon|cuerda|echarpe|ceinture|gurtel|seil|schal|"
    r"cinto|corda)\b[^.]{0,40}\b(?:strong enough|sturdy enough|hold your weight|won't break|won't snap|will hold|"
    r"aguanta|tiendra|halt|aguenta)\b"
    r"|\b(?:plastic |a |the )?bag over (?:your|his|her|their) (?:head|face)\b|\b(?:tape|tie|tighten|pull) (?:it|\w+ )?"
    r"(?:around|round) (?:your|his|her|their) neck\b|\bbolsa (?:de plastico )?(?:en|sobre) (?:la|tu) cabeza\b"
    r"|\bsac (?:plastique )?sur (?:la|ta) tete\b|\btute uber (?:den|deinen) kopf\b|\bsaco (?:plastico )?na cabeca\b"
    r"|\b(?:lean forward|kick (?:the|away the) (?:chair|stool)|step off the (?:chair|stool))\b"
)
# Stopping food and water as a means: "stop eating and drinking completely… a few days without water".
STARVE = (
    r"\b(?:stop|stopped|quit) (?:eating|drinking)(?: (?:water|food|anything))?(?: (?:and|or) (?:eating|drinking))?"
    r"(?= *(?:$|[,;:]|completely|entirely|altogether|at all|for|and|until|so|then))"
    r"|\b(?:don't|do not|never) (?:eat|drink)(?: (?:or|and) (?:eat|drink))? (?:anything )?(?:at all )?(?:for|until)\b"
    r"|\b(?:without|no) (?:food|water|eating|drinking)(?: (?:or|and) (?:food|water))? for\b"
    r"|\b(?:deja|dejar|para) de (?:comer|beber)\b|\bsin (?:comer|beber|agua) (?:durante|por|\w+ dias)\b"
    r"|\b(?:arrete|arreter|cesse) de (?:manger|boire)\b|\bsans (?:manger|boire|eau) pendant\b"
    r"|\bhor\w* auf zu (?:essen|trinken)\b|\b(?:nichts|kein\w*) (?:mehr )?(?:essen|trinken|wasser)\b"
    r"|\b(?:pare|parar|deixe) de (?:comer|beber)\b|\bsem (?:comer|beber|agua) por\b"
    r"|\bkhana(?: peena)? (?:band|chhod)\w*\b"
)
STARVE_END = alt(
    "days?", "a week", "weeks?", "die", "death", "be over", "over", "it takes", "only takes", "usually takes",
    "within", "until", "body (?:gives up|shuts down)", "dias", "semanas?", "jours", "semaines?", "tagen?",
    "wochen?", "dias", "semanas", "din", "hafte", "morir", "mourir", "sterben", "morrer", "marne",
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
)
MASS_VOLUME = alt("mg", "mgs", "milligrams?", "milligrammes?", "miligramos?", "milligramm", "miligramas?", "mcg",
                  "µg", "ug", "micrograms?", "microgramos?", "g", "grams?", "grammes?", "gramos?", "gramm", "gramas?",
                  "ml", "mls", "millilit(?:er|re)s?", "mililitros?", "cc", "iu", "ui", "ie", "kg", "l", "cl", "dl")
