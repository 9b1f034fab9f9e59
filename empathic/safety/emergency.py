"""`detect_emergency`: a general (medical, fire) emergency happening now, in six languages.

The crisis screen covers suicide, self-harm, harm to others, abuse and immediate danger. A message
like "my dad collapsed and isn't breathing" or "there's smoke coming from the kitchen and I can't get
out" is none of those, yet it needs the emergency number, not a model reply. This is a separate,
rules-only check (compiled regexes, no model), run on every message the crisis screen did not flag.

High precision by design: it fires on an emergency *happening now* to the writer or someone with
them, written in English, Spanish, French, German, Portuguese or romanised Hindi/Hinglish. It stays
quiet on:
- past events ("my grandpa had a stroke last year", "... but she's fine now");
- fiction, news, dreams and role-play ("in the movie he isn't breathing");
- calm first-aid questions and hypotheticals ("what should you do if someone is choking?"), unless
  they also say the need is now ("... right now", "help me"): a question gets a model answer;
- metaphors ("my heart is on fire", "drowning in homework", "this heat is killing me") and habitual
  or panic wording ("I can't breathe when I think about exams", "panic attack, my chest is tight");
- jokes ("lol") and pets ("my dog is choking": a vet, not the emergency number).

The text is read after `empathic.safety.normalize.deobfuscate` (plus a letter-for-digit fold for any
word, "n0t br3athing"), lower-cased and without accents, so patterns are written without accents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from empathic.safety.lang import detect_language
from empathic.safety.normalize import _LEET, _LEET_CHARS, _NUMERIC_TOKEN, deobfuscate, strip_accents

# The screening category every emergency reports (fire and gas included; the kind says which): not a crisis category.
CATEGORY = "medical_emergency"

# The order decides which kind names a message that matches several ("choking ... can't breathe").
KINDS = (
    "choking",
    "drowning",
    "anaphylaxis",
    "not_breathing",
    "unconscious",
    "chest_pain",
    "stroke",
    "seizure",
    "bleeding",
    "poisoning",
    "fire",
    "gas_leak",
)


@dataclass(frozen=True)
class Emergency:
    """A detected emergency: what it looks like (`kind`, one of `KINDS`) and the reply language."""

    kind: str
    language: str


# ---------------------------------------------------------------------------------------------
# Building blocks (accent-free, lower case)

_PEOPLE_EN = (
    r"dad|daddy|father|mom|mum|mommy|mummy|mother|mama|papa|parents?|son|daughter|baby|toddler|infant|newborn|kid|"
    r"child|boy|girl|husband|wife|partner|boyfriend|girlfriend|fiancee?|brother|sister|grandma|grandpa|"
    r"grandmother|grandfather|granny|gran|nan|nana|uncle|aunt|auntie|cousin|friend|roommate|flatmate|"
    r"neighbou?r|colleague|co-?worker|man|woman|guy|lady|person|patient|nephew|niece|stepdad|stepmom|"
    r"grandson|granddaughter|classmate|teammate|little one|twins?|sibling"
)
# Someone other than the writer, as a subject: "he", "my dad", "the baby", "a man", "my 2 year old".
WHO = (
    rf"(?:\b(?:he|she|they|someone|somebody)\b|\b(?:my|our|the|a|this|his|her|their)\s+(?:[\w-]+\s+){{0,2}}?"
    rf"(?:{_PEOPLE_EN})\b|\b(?:{_PEOPLE_EN})\b|\b\d+\s*(?:yo|year old|month old)\b)"
)
CHILD = (
    r"(?:\b(?:my|our|the|a|his|her|their)\s+(?:[\w-]+\s+){0,2}?)?\b(?:toddler|baby|infant|kid|child|son|daughter|little one|"
    r"grandson|granddaughter|nephew|niece|little (?:boy|girl|brother|sister)|\d+\s*(?:yo|year old|month old))\b"
)
# "not breathing heavily", "stopped breathing for a second in his sleep": how, not whether.
_NOT_HOW = (
    r"(?!\s+(?:heavily|hard|loudly|so fast|as fast|fast|through|out of|for a (?:second|few seconds|moment|bit)|"
    r"in (?:his|her|their|my) sleep))"
)
# "... having a stroke reading this code": a figure of speech.
_FIGURE = r"(?!\s+(?:reading|looking|trying|watching|listening|thinking|seeing|over|about|because|lol))"
_IS = r"(?:\s*'s|\s*'re|\s+is|\s+are|s)?\s*"
_NOT = r"(?:is\s*n'?t|isnt|are\s*n'?t|is not|are not|'s not|'re not|not|no longer|stopped|has stopped|have stopped)"

# Kind -> language -> patterns. Order of KINDS decides which kind wins when several match.
PATTERNS: dict[str, dict[str, list[str]]] = {
    "not_breathing": {
        "en": [
            rf"(?<!\bi'm )(?<!\bi am )(?<!\bim )\b{_NOT}\s+(?:really\s+)?breathing\b{_NOT_HOW}",
            rf"{WHO}{_IS}(?:can\s*'?n?o?'?t|cannot|can not|unable to|struggling to|isn'?t able to)\s+breathe?\b",
            r"\b(?:can'?t|cannot|can not) (?:tell|see|feel) if (?:he|she|they|the baby|my \w+)(?:'s| is| are)? breathing",
            r"\b(?:don'?t|do not) think (?:he|she|they)(?:'s| is| are)? breathing",
            r"\b(?:lips|face|skin) (?:is |are )?(?:turning|going|gone|turned) (?:blue|purple|grey|gray)\b",
            r"\bno (?:pulse|heartbeat)\b",
            r"\b(?:doing|giving|started|starting) cpr on\b|\b(?:need to|should i|have to) (?:do|start|give) cpr\b",
        ],
        "es": [
            r"(?<!\byo )\bno (?:esta )?respira(?:ndo)?\b(?! bien| por la nariz)",
            r"\b(?:dejo|ha dejado) de respirar\b",
            r"\bse (?:esta )?poniendo (?:azul|morad[oa])\b",
            r"\bno tiene pulso\b",
        ],
        "fr": [
            r"(?<!\bje )\bne respire (?:plus|pas)\b(?! bien| par le nez)",
            r"\ba arrete de respirer\b",
            r"\bdevient (?:bleu|bleue)\b",
            r"\bn'a (?:plus|pas) de pouls\b",
        ],
        "de": [
            r"\batmet (?:nicht|kaum|nicht mehr)\b",
            r"\bhat aufgehort zu atmen\b",
            r"\bkeine atmung\b",
            r"\b(?:er|sie|es|baby|kind) (?:bekommt|kriegt) keine luft\b",
            r"\blauft blau an\b",
            r"\bkein puls\b",
        ],
        "pt": [
            r"(?<!\beu )\bnao (?:esta )?respira(?:ndo)?\b(?! bem| pelo nariz)",
            r"\bparou de respirar\b",
            r"\bficando (?:roxo|roxa|azul)\b",
            r"\bsem pulso\b",
        ],
        "hi": [
            r"\b(?:saans|sans|saas|sas) (?:nahi|nahin|nhi) (?:le|lai) (?:raha|rahi|rahe)\b",
            r"\b(?:saans|sans|saas|sas) (?:ruk|band ho) (?:gayi|gai|gaya|gaye)\b",
            r"\b(?:usko|usse|use|unko|unhe|inko|papa ko|mummy ko|maa ko|bachche ko|bacche ko|beta ko|beti ko|dadi ko|"
            r"dada ko|nani ko|nana ko|bhai ko|behen ko)\s+(?:saans|sans|saas) (?:nahi|nahin|nhi) (?:aa|a) (?:rahi|raha)\b",
        ],
    },
    "unconscious": {
        "en": [
            rf"{WHO}{_IS}(?:just\s+|suddenly\s+)?(?:unconscious|unresponsive|out cold)\b",
            rf"{WHO}{_IS}(?:just\s+|suddenly\s+)?(?:collapsed|keeled over|dropped to the floor|fell unconscious|lost consciousness)"
            r"(?!\s+(?:in|into|onto|on)\s+(?:the\s+|my\s+|his\s+|her\s+)?(?:bed|couch|sofa|chair|armchair)\b)",
            rf"{WHO}{_IS}(?:just\s+)?(?:fainted|passed out|blacked out|fell)\b.{{0,30}}\b(?:won'?t|wont|will not|can'?t|isn'?t|"
            r"is not|doesn'?t|not)\s+(?:wake|waking|respond|responding|move|moving|get up|breath)",
            r"\b(?:can'?t|cannot|can not) wake (?:him|her|them|my \w+|the baby) up\b"
            r"(?!.{0,30}\b(?:for|in the morning|on time|early|in time)\b)",
        ],
        "es": [
            r"\b(?:esta|quedo|se quedo) inconsciente\b",
            r"\bse (?:desmayo|ha desmayado|desplomo|ha desplomado|cayo|ha caido) y no (?:reacciona|despierta|responde|se mueve)",
        ],
        "fr": [
            r"\best (?:inconscient|inconsciente|sans connaissance)\b",
            r"\bs'est (?:effondre|effondree|evanoui|evanouie|ecroule|ecroulee) et ne (?:reagit|repond|se reveille|bouge)",
        ],
        "de": [
            r"\bbewusstlos\b",
            r"\bwacht nicht mehr auf\b",
            r"\breagiert (?:gar )?nicht(?: mehr)?\b(?! auf\b)",
            r"\b(?:er|sie|mein \w+|meine \w+) ist (?:plotzlich |einfach )?(?:zusammengebrochen|umgekippt)\b",
        ],
        "pt": [
            r"\b(?:esta|ficou) (?:inconsciente|desacordad[oa])\b",
            r"\b(?:desmaiou|caiu|desabou) e nao (?:reage|acorda|responde|se mexe)",
        ],
        "hi": [
            r"\bbehosh (?:ho (?:gaye|gayi|gai|gaya)|hai|hain|pad[aie]|pade)\b",
            r"\bhosh (?:nahi|nahin|nhi) (?:aa raha|aa rahi|hai)\b",
            r"\bgir (?:gaye|gayi|gai|gaya|pade|padi|pada) (?:aur|or) (?:uth|hil|bol|jawab de) (?:nahi|nahin|nhi)",
        ],
    },
    "choking": {
        "en": [
            rf"{WHO}{_IS}(?:is\s+)?choking\b(?!\s+(?:up|back|on (?:his|her|their|my) (?:words|tears)|under|in the))",
            r"\b(?:something|food|a \w+(?: \w+)?) (?:is )?(?:stuck|lodged) in (?:his|her|their|the baby'?s) throat",
        ],
        "es": [
            r"\bse (?:esta )?(?:atragantando|atraganto|ha atragantado)\b",
            r"\bse le (?:atoro|atasco|quedo atorad[oa]) algo en la garganta",
        ],
        "fr": [
            r"(?<!\bje )(?<!\bme )(?<!\bon )\bs'etouffe\b",
            r"\ben train de s'etouffer\b",
            r"\ba avale de travers et (?:ne )?(?:peut|respire)",
        ],
        "de": [
            r"\b(?:er|sie|es|baby|kind|mann|frau) (?:erstickt|hat sich verschluckt|verschluckt sich)\b",
            r"\bhat etwas verschluckt und (?:bekommt|kriegt) keine luft",
        ],
        "pt": [r"\b(?:esta|ta) engasgad[oa]\b", r"\bse engasgou\b", r"\b(?:esta|ta) (?:se )?engasgando\b"],
        "hi": [
            r"\bgale (?:mein|me|mai) (?:kuch |khana )?(?:atak|phas|fas) (?:gaya|gayi|gai)\b",
            r"\bchoke ho (?:raha|rahi|rahe|gaya|gayi)\b",
        ],
    },
    "drowning": {
        "en": [
            rf"{WHO}{_IS}(?:is\s+)?drowning\b(?!\s+in\s+(?!(?:the\s+)?(?:pool|lake|sea|ocean|river|water|bath|tub|pond)\b))",
            r"\b(?:pulled|dragged|got) (?:him|her|them) out of the (?:pool|water|lake|river|sea|bath)",
        ],
        "es": [r"\bse (?:esta )?ahogando\b(?! en (?!(?:la |el )?(?:piscina|agua|mar|rio|lago|banera)\b))"],
        "fr": [
            r"(?<!\bje )(?<!\bme )\b(?:se noie|est en train de se noyer)\b(?! dans (?!(?:la |le |l')?(?:piscine|eau|mer|riviere|lac|baignoire)\b))"
        ],
        "de": [
            r"\bertrinkt\b(?! in (?!(?:dem |im )?(?:pool|wasser|see|meer|fluss)\b))",
            r"\bdroht zu ertrinken\b",
        ],
        "pt": [r"\b(?:esta )?se afogando\b(?! em (?!(?:a |na )?(?:piscina|agua|mar|rio|lago)\b))"],
        "hi": [
            r"\b(?:pool|paani|pani|nadi|talab|samundar|samandar|swimming pool) (?:mein|me|mai) doob (?:raha|rahi|rahe|gaya|gayi)\b"
        ],
    },
    "anaphylaxis": {
        "en": [
            r"\b(?:throat|airway)\s+(?:is\s+|feels\s+(?:like\s+it'?s\s+)?)?(?:closing|swelling|closed up)\b",
            r"\b(?:tongue|lips|face)\s+(?:is|are)\s+(?:swelling|swelling up|swollen)\b.{0,60}\b(?:breath|throat|allerg|sting|stung|peanut|nut|ate)",
            r"\b(?:allerg\w*|sting|stung|peanuts?|nuts?|shellfish|ate|eating)\b.{0,60}\b(?:tongue|lips|face|throat)\s+(?:is|are)\s+"
            r"(?:swelling|swollen)\b",
            r"\banaphyla\w+",
            r"\ballergic reaction\b.{0,60}\b(?:breath|throat|swell|epi-?pen|wheez)",
            r"\b(?:need|needs|using|used|use|gave|give|giving|where is|can'?t find) (?:an? |the |my |his |her )?epi-?pens?\b",
        ],
        "es": [
            r"\bse (?:me|le) (?:esta )?cerrando la garganta\b",
            r"\b(?:garganta|lengua|labios|cara) (?:se )?(?:esta|estan) hinchando",
            r"\banafila\w+",
            r"\breaccion alergica\b.{0,60}\b(?:respir|garganta|hinch)",
        ],
        "fr": [
            r"\b(?:gorge|langue|levres) (?:qui )?(?:se (?:ferme|serre)|gonfle|gonflent)\b",
            r"\bchoc anaphylactique\b",
            r"\breaction allergique\b.{0,60}\b(?:respir|gorge|gonfl)",
        ],
        "de": [
            r"\b(?:hals|kehle) (?:schwillt|schnurt sich) zu\b",
            r"\b(?:zunge|lippen|gesicht) (?:schwillt|schwellen) an\b",
            r"\banaphylakt\w+",
            r"\ballergische reaktion\b.{0,60}\b(?:luft|atm|hals|schwill)",
        ],
        "pt": [
            r"\bgarganta (?:esta |ta )?(?:fechando|inchando)\b",
            r"\b(?:lingua|labios|rosto) (?:esta |estao )?inchando\b",
            r"\bchoque anafilatico\b",
            r"\breacao alergica\b.{0,60}\b(?:respir|garganta|inch)",
        ],
        "hi": [
            r"\bgala (?:band|sooj|sujh|bandh) (?:ho )?(?:raha|rahi|gaya|gayi)\b",
            r"\ballergy\b.{0,40}\b(?:saans|gala)\b",
        ],
    },
    "chest_pain": {
        "en": [
            r"\b(?:crushing|severe|terrible|intense|excruciating|horrible|squeezing|really bad|very bad|sharp)\s+"
            r"(?:pain\s+in\s+(?:my|his|her|the)\s+chest|chest\s+pains?)",
            r"\bchest\s+pains?\s+(?:for|since|over)\s+(?:the\s+last\s+|the\s+past\s+|about\s+|almost\s+|nearly\s+)?(?:\d+|an?|half)\b",
            r"\b(?:chest\s+pains?|pain\s+in\s+(?:my|his|her)\s+chest|(?:my|his|her)\s+chest\s+(?:hurts|is\s+tight))\b.{0,60}"
            r"\b(?:left arm|down (?:my|his|her) arm|jaw|cold sweat|sweating|minutes|an hour)\b",
            rf"(?:\bi think (?:i'?m|i am|{WHO}(?:'s| is))\s+having|{WHO}(?:'s| is)\s+having)"
            rf"\s+a heart attack\b{_FIGURE}",
            rf"{WHO}(?:'s| is| are)\s+having\s+(?:really bad\s+|severe\s+|bad\s+|terrible\s+)?chest pains?\b{_FIGURE}",
        ],
        "es": [
            r"\bdolor (?:muy )?(?:fuerte|intenso|aplastante|opresivo|horrible|terrible) (?:en el|de|del) pecho\b",
            r"\bdolor (?:en el|de|del) pecho (?:muy )?(?:fuerte|intenso|aplastante|opresivo|desde hace|hace \d+)",
            r"\b(?:dolor (?:en el|de|del) pecho|(?:me|le) duele (?:mucho )?el pecho)\b.{0,60}\b(?:brazo|mandibula|sudor|sudando|minutos)\b",
            r"\b(?:esta|estoy|creo que (?:esta|estoy)) (?:teniendo|sufriendo) un (?:infarto|ataque al corazon|ataque cardiaco)\b",
            r"\b(?:le|me) esta dando un (?:infarto|ataque al corazon)\b",
        ],
        "fr": [
            r"\b(?:forte|violente|terrible|horrible|intense) douleur (?:a la|dans la) poitrine\b",
            r"\bdouleur (?:a la|dans la|thoracique)\s*(?:poitrine )?(?:tres )?(?:forte|intense|ecrasante|depuis (?:\d+|une|un|vingt|dix|trente))",
            r"\b(?:douleur (?:a la|dans la) poitrine|mal (?:a la|dans la) poitrine|douleur thoracique)\b.{0,60}\b(?:bras|machoire|sueur|transpire|minutes)\b",
            r"\b(?:fait|fais|est en train de faire) (?:une crise cardiaque|un infarctus)\b",
        ],
        "de": [
            r"\b(?:starke|heftige|schlimme|druckende|stechende|furchtbare) (?:brustschmerzen|schmerzen in der brust)\b",
            r"\b(?:brustschmerzen|schmerzen in der brust) seit\b",
            r"\b(?:brustschmerzen|schmerzen in der brust)\b.{0,60}\b(?:arm|kiefer|schweiß|schweiss|minuten)\b",
            r"\b(?:hat|habe|hab) (?:gerade |wohl |vielleicht )?einen herzinfarkt\b",
        ],
        "pt": [
            r"\bdor (?:muito )?(?:forte|intensa|esmagadora|horrivel|terrivel) no peito\b",
            r"\bdor no peito (?:muito )?(?:forte|intensa|esmagadora|ha \d+|desde)",
            r"\bdor no peito\b.{0,60}\b(?:braco|mandibula|suor|suando|minutos)\b",
            r"\b(?:esta|estou|acho que (?:esta|estou)) (?:tendo|sofrendo) um (?:infarto|ataque cardiaco|ataque do coracao)\b",
        ],
        "hi": [
            r"\b(?:seene|sine|chhati|chati|chest) (?:mein|me|mai) (?:bahut |bohot |bht )?(?:tez|zor ka|bhayankar|zabardast|bahut|bohot) dard\b",
            r"\b(?:seene|sine|chhati|chati|chest) (?:mein|me|mai) dard\b.{0,50}\b(?:minute|ghante|haath|baanh|jabda|paseena|pasina)\b",
            r"\b(?:heart attack|dil ka daura) (?:aa (?:raha|rahi|gaya)|pad (?:raha|gaya)|ho raha)\b",
        ],
    },
    "stroke": {
        "en": [
            r"\b(?:face|mouth|smile|lip)\s+(?:is\s+|has\s+|suddenly\s+)*(?:drooping|droopy|droops|drooped)\b",
            r"\b(?:one side|half|side) of (?:his|her|their|my) (?:face|body)\s+(?:is\s+|went\s+|has gone\s+|suddenly\s+)*"
            r"(?:numb|drooping|weak|paraly[sz]ed|limp|dead|not moving)\b",
            rf"(?:{WHO}(?:'s| is)|\bi think (?:i'?m|{WHO}(?:'s| is)))\s+having a stroke\b{_FIGURE}",
            r"\b(?:speech|words)\s+(?:is|are)\s+(?:suddenly\s+)?(?:slurred|slurring|garbled)\b.{0,60}\b(?:face|arm|suddenly|droop|can'?t)",
            r"\bsuddenly\s+(?:slurring|can'?t (?:speak|talk))\b",
        ],
        "es": [
            r"\b(?:cara|boca) (?:caida|paralizada|desviada)\b",
            r"\bse le (?:cae|ha caido|cayo) (?:un lado de )?la (?:cara|boca)\b",
            r"\b(?:esta teniendo|le esta dando|tiene) un (?:ictus|derrame|acv|ataque cerebral)\b",
            r"\b(?:habla|hablando) (?:raro|arrastrando|trabad[oa]|enredad[oa])\b.{0,60}\b(?:cara|brazo|de repente)",
        ],
        "fr": [
            r"\b(?:visage|bouche) (?:est )?(?:tombe|de travers|paralyse|affaisse|deforme)\b",
            r"\b(?:fait|est en train de faire) un avc\b",
            r"\b(?:parle|articule) (?:bizarrement|de travers|mal|difficilement)\b.{0,60}\b(?:visage|bras|soudain|d'un coup)",
        ],
        "de": [
            r"\b(?:gesicht|mundwinkel|mund) (?:hangt|ist) (?:auf einer seite )?(?:herunter|runter|schief)\b",
            r"\bhat (?:gerade |wohl )?einen schlaganfall\b",
            r"\b(?:spricht|redet) (?:plotzlich )?(?:verwaschen|undeutlich|lallend)\b.{0,60}\b(?:gesicht|arm|plotzlich)",
        ],
        "pt": [
            r"\b(?:rosto|boca) (?:caido|caida|paralisad[oa])\b",
            r"\b(?:esta tendo|teve agora|tendo) um (?:avc|derrame)\b",
            r"\bfala(?:ndo)? (?:enrolad[oa]|arrastad[oa]|estranho)\b.{0,60}\b(?:rosto|boca|braco|de repente)",
        ],
        "hi": [
            r"\b(?:chehra|muh|munh|chehre ka ek taraf) (?:tedha|latak|dheela|tircha) (?:ho )?(?:gaya|gayi|raha|rahi)\b",
            r"\b(?:stroke|lakwa|paralysis) (?:aa raha|aaya|pad raha|maar gaya|ho gaya)\b",
        ],
    },
    "seizure": {
        "en": [
            r"(?<!\bnot )(?<!n't )(?<!\bi'm )(?<!\bim )(?<!\bi am )\bhaving (?:a |another )?(?:seizure|convulsions?|grand mal)\b",
            r"\b(?:is|'s) (?:seizing|convulsing)\b(?!\s+up)",
            r"\b(?:seizure|convulsions?|fit|jerking)\s+(?:and\s+)?(?:it\s+)?(?:won'?t|wont|will not|doesn'?t|isn'?t)\s+stop",
            rf"{WHO}{_IS}(?:won'?t|wont|will not)\s+stop\s+(?:seizing|convulsing|jerking)",
        ],
        "es": [
            r"\b(?:esta teniendo|tiene|le esta dando|le dio) (?:una )?(?:convulsion|convulsiones|crisis epileptica|ataque epileptico)\b",
            r"\besta convulsionando\b",
            r"\bno (?:para|deja) de convulsionar\b",
        ],
        "fr": [
            r"\b(?:fait|est en train de faire) une (?:crise d'epilepsie|crise convulsive|convulsion|crise epileptique)\b",
            r"\b(?:il|elle|bebe) convulse\b",
            r"\b(?:crise|convulsions?) (?:qui )?ne s'arrete (?:pas|plus)\b",
        ],
        "de": [
            r"\bhat (?:gerade )?einen (?:krampfanfall|epileptischen anfall|anfall)\b",
            r"\b(?:er|sie|es) krampft\b",
            r"\bhort nicht auf zu krampfen\b",
        ],
        "pt": [
            r"\b(?:esta tendo|tendo|teve agora) uma (?:convulsao|crise convulsiva|crise epileptica)\b",
            r"\besta convulsionando\b",
            r"\bnao para de convulsionar\b",
        ],
        "hi": [
            r"\b(?:mirgi|seizure|fits?) (?:ka daura )?(?:aa (?:raha|rahi|gaya|gayi)|pad (?:raha|rahi|gaya))\b",
            r"\bjhatke (?:aa|lag) rahe\b",
        ],
    },
    "bleeding": {
        "en": [
            r"\bbleeding\s+(?:really\s+|so\s+|very\s+)?(?:a lot|heavily|badly|so much|everywhere|profusely|like crazy|all over|"
            r"non-?stop|uncontrollably|out)\b",
            r"\b(?:bleeding|blood|the cut|the wound)\s+(?:and\s+)?(?:it\s+)?(?:won'?t|wont|will not|doesn'?t|does not|isn'?t|can'?t get it to)"
            r"\s+stop(?:ping)?\b",
            r"\bwon'?t stop bleeding\b",
            r"\b(?:losing|lost|lose)\s+(?:a lot of|so much|too much|lots of)\s+blood\b",
            r"\bblood\s+(?:is\s+)?(?:everywhere|gushing|pouring|spurting|squirting)\b",
            r"\b(?:gushing|pouring|spurting|squirting)\s+blood\b",
        ],
        "es": [
            r"\b(?:sangra|esta sangrando|sangrando) (?:mucho|muchisimo|sin parar|a chorros|demasiado)\b",
            r"\bno (?:para|deja) de sangrar\b",
            r"\bla (?:sangre|hemorragia) no (?:para|se detiene)\b",
            r"\bperdiendo mucha sangre\b",
        ],
        "fr": [
            r"\bsaigne (?:beaucoup|enormement|abondamment|sans arret|partout|trop)\b",
            r"\b(?:le sang|le saignement|ca saigne et ca) ne s'arrete (?:pas|plus)\b",
            r"\bperd (?:beaucoup|trop) de sang\b",
        ],
        "de": [
            r"\bblutet (?:sehr )?(?:stark|heftig|viel|ununterbrochen|wie verruckt)\b",
            r"\bblutung hort nicht auf\b",
            r"\bhort nicht auf zu bluten\b",
            r"\bverliert (?:viel|sehr viel) blut\b",
        ],
        "pt": [
            r"\bsangrando (?:muito|demais|sem parar)\b",
            r"\bsangra (?:muito|demais|sem parar)\b",
            r"\bo sangue nao para\b",
            r"\bnao para de sangrar\b",
            r"\bperdendo muito sangue\b",
        ],
        "hi": [
            r"\bkhoon (?:bahut|bohot|bht|lagatar) (?:beh|bah|nikal|ja) (?:raha|rahi)\b",
            r"\bkhoon (?:ruk|band ho) (?:nahi|nahin|nhi) (?:raha|rahi)\b",
            r"\bbleeding (?:ruk|band) (?:nahi|nahin|nhi) (?:rahi|raha)\b",
        ],
    },
    "poisoning": {
        "en": [
            rf"(?:{WHO}|\bi)(?:\s+(?:just|accidentally|might have|may have|think|somehow|has|have))*\s+(?:swallowed|ate|eaten|drank|drunk|"
            r"got into|chewed|bit into|licked|ingested)\b.{0,40}?\b(?:(?:dishwasher|laundry|detergent|tide)\s*(?:pods?|tabs?|tablets?|"
            r"capsules?)|bleach|detergent|drain cleaner|oven cleaner|cleaning (?:product|fluid|spray|stuff)|antifreeze|rat poison|poison|"
            r"pesticide|weed ?killer|insecticide|button batter(?:y|ies)|batter(?:y|ies)|magnets|lamp oil|lighter fluid|gasoline|petrol|"
            r"paint thinner|nail polish remover|wild mushrooms|poisonous)",
            rf"{CHILD}(?:\s+(?:just|accidentally|might have|may have|somehow|has|have))*\s+(?:swallowed|ate|eaten|got into|chewed|took)\b"
            r".{0,30}?\b(?:my|his|her|their|grandma'?s|grandpa'?s|the|some|a bunch of|a handful of|all (?:of )?(?:my|his|her|the)|"
            r"a (?:whole )?bottle of|too many)\s+(?:\w+\s+)?(?:pills|tablets|medication|meds|medicine|tylenol|paracetamol|ibuprofen|"
            r"iron pills|sleeping pills|gummies|vitamins)\b",
            rf"{WHO}(?:\s+(?:just|accidentally|might have|may have|somehow|has|have))*\s+(?:swallowed|took|taken|ate)\s+"
            r"(?:too many|a (?:whole )?bottle of|a handful of|all (?:of )?(?:my|his|her|the|their))\b.{0,20}\b(?:pills|tablets|meds|"
            r"medication|medicine|tylenol|paracetamol)\b",
            r"\bi\s+(?:just\s+|accidentally\s+)?(?:took|swallowed)\s+(?:too many|a (?:whole )?bottle of|a handful of|double)\b",
        ],
        "es": [
            r"\b(?:se ha tomado|se tomo|se bebio|se ha bebido|se comio|se ha comido|se trago|ha tragado|trago|tomo|bebio|comio|"
            r"ingirio)\b.{0,40}?\b(?:lejia|cloro|detergente|capsulas? (?:de|del) (?:lavavajillas|detergente)|veneno|pilas?|"
            r"raticida|anticongelante|desatascador|productos? de limpieza|pastillas de (?:mi|su|la) (?:abuela|abuelo|madre|padre)|"
            r"(?:un monton|muchas|demasiadas|toda la caja|todo el bote) (?:de )?pastillas)"
        ],
        "fr": [
            r"\ba (?:avale|bu|mange|ingere|croque)\b.{0,40}?\b(?:javel|lessive|capsules?|pastilles? (?:de|pour) lave-vaisselle|"
            r"poison|piles?|mort-aux-rats|antigel|produit menager|deboucheur|(?:tous|toute la boite de|plein de) (?:ses |mes )?"
            r"(?:medicaments|cachets|comprimes))"
        ],
        "de": [
            r"\bhat\b.{0,40}?\b(?:spulmaschinentabs|spultabs|waschmittel\w*|bleichmittel|reiniger|rohrreiniger|gift|rattengift|"
            r"batterie|knopfzelle|frostschutz\w*|lampenol|(?:viele|alle|eine packung) (?:\w+ )?(?:tabletten|medikamente))"
            r"\b.{0,20}?\b(?:verschluckt|getrunken|gegessen|geschluckt|genommen)\b"
        ],
        "pt": [
            r"\b(?:engoliu|bebeu|comeu|tomou|ingeriu)\b.{0,40}?\b(?:agua sanitaria|candida|cloro|detergente|capsulas? de "
            r"(?:lava-loucas|lava loucas|sabao)|sabao em capsula|veneno|pilhas?|bateria|chumbinho|raticida|soda caustica|"
            r"(?:varios|muitos|todos os|uma cartela de) (?:remedios|comprimidos))"
        ],
        "hi": [
            r"\b(?:zeher|zehar|jahar|bleach|phenyl|harpic|detergent|pods?|battery|chuha maar|keetnashak|kerosene|"
            r"(?:bahut saari|saari|kai) (?:goliyan|dawai|tablets?))\b.{0,30}?\b(?:kha|pee|pi|nigal|nigla|nigl)\w* "
            r"(?:liya|li|liye|gaya|gayi|gai|gaye)\b"
        ],
    },
    "fire": {
        "en": [
            r"\b(?:the|my|our|a|his|her|their)\s+(?:\w+\s+)?(?:kitchen|house|home|apartment|flat|building|room|bedroom|living room|"
            r"garage|basement|attic|hallway|stairwell|car|office|dorm|shop|barn|roof|oven|stove|place|neighbou?r'?s? \w+)"
            r"(?:'s|\s+is|\s+are)?\s+(?:on fire|burning(?!\s+(?:hot|up))|in flames|going up in flames|filling (?:up )?with smoke|full of smoke)\b",
            r"\b(?:there'?s|there is|theres)\s+(?:a\s+)?fire\s+(?:in|at|on)\s+(?:the|my|our)\s+(?:\w+\s+)?(?:kitchen|house|home|"
            r"apartment|flat|building|room|bedroom|garage|basement|attic|hallway|stairwell|stairs|car|office|dorm|floor)\b",
            r"\b(?:there'?s|there is|theres)\s+(?:a\s+)?fire\s+(?:upstairs|downstairs|next door)\b",
            r"\bsmoke\s+(?:is\s+)?(?:coming|pouring|billowing|filling|seeping)\s+(?:\w+\s+){0,2}(?:the|my|our)\s+(?:\w+\s+)?"
            r"(?:kitchen|house|home|apartment|flat|building|room|bedroom|hallway|door|vent|walls?|windows?|ceiling|floor|stairs|"
            r"stairwell|garage|basement|engine|hood|oven|stove)\b",
            r"\bsmoke everywhere\b",
            r"\b(?:fire|smoke|flames)\b.{0,60}\b(?:can'?t get out|cannot get out|can not get out|trapped|can'?t escape|stuck inside)\b",
            r"\b(?:can'?t get out|cannot get out|trapped|can'?t escape|stuck inside)\b.{0,60}\b(?:fire|smoke|flames)\b",
        ],
        "es": [
            r"\b(?:hay )?(?:un )?(?:incendio|fuego) en (?:la|mi|el|nuestra|nuestro) (?:cocina|casa|edificio|piso|apartamento|"
            r"habitacion|cuarto|garaje|coche)\b",
            r"\b(?:la|mi|el|nuestra|nuestro) (?:casa|cocina|edificio|piso|apartamento|habitacion|coche) (?:esta )?"
            r"(?:en llamas|ardiendo|quemandose|incendiandose|lleno de humo|llena de humo)\b",
            r"\bsale (?:mucho )?humo (?:de|por)\b",
            r"\bhumo por todas partes\b",
            r"\b(?:humo|fuego|incendio|llamas)\b.{0,60}\bno (?:puedo|podemos) salir\b",
            r"\bno (?:puedo|podemos) salir\b.{0,60}\b(?:humo|fuego|incendio|llamas)\b",
        ],
        "fr": [
            r"\b(?:la|ma|notre|l'|le) ?(?:maison|cuisine|immeuble|appartement|batiment|chambre|voiture|garage) (?:est )?"
            r"(?:en feu|en flammes|brule|pleine? de fumee)\b",
            r"\bil y a (?:le |du )?feu (?:dans|a) (?:la|l'|ma|notre|le|mon)",
            r"\b(?:de la )?fumee (?:partout|sort|qui sort|envahit)\b",
            r"\b(?:fumee|feu|flammes)\b.{0,60}\b(?:ne )?(?:peux|pouvons|peut) pas sortir\b",
            r"\b(?:ne )?(?:peux|pouvons) pas sortir\b.{0,60}\b(?:fumee|feu|flammes)\b",
        ],
        "de": [
            r"\bes brennt\b(?! (?:mir|mich|auf der seele|unter den nageln|in mir|in meinem))",
            r"\bbrennt (?:in der|im|bei uns|in unserer|in meiner) (?:kuche|wohnung|haus|keller|treppenhaus|zimmer)\b",
            r"\b(?:haus|kuche|wohnung|zimmer|auto|gebaude) (?:brennt|steht in flammen)\b",
            r"\brauch (?:kommt|uberall|quillt|dringt)\b",
            r"\bfeuer in der (?:kuche|wohnung)\b",
            r"\b(?:rauch|feuer|flammen)\b.{0,60}\b(?:komme|kommen) nicht (?:raus|hinaus)\b",
            r"\b(?:komme|kommen) nicht (?:raus|hinaus)\b.{0,60}\b(?:rauch|feuer|flammen|brennt)\b",
        ],
        "pt": [
            r"\b(?:a|minha|nossa|o|meu) (?:casa|cozinha|predio|apartamento|quarto|carro) (?:esta |ta )?(?:pegando fogo|em chamas|"
            r"cheia de fumaca|cheio de fumaca)\b",
            r"\btem (?:um )?(?:incendio|fogo) (?:na|no|em)\b",
            r"\b(?:saindo|sai) (?:muita )?fumaca\b",
            r"\bfumaca (?:por toda parte|em todo lugar|por todo lado)\b",
            r"\b(?:fumaca|fogo|incendio|chamas)\b.{0,60}\bnao (?:consigo|conseguimos) sair\b",
            r"\bnao (?:consigo|conseguimos) sair\b.{0,60}\b(?:fumaca|fogo|incendio|chamas)\b",
        ],
        "hi": [
            r"\baag lag (?:gayi|gai|gaya|rahi|chuki)\b",
            r"\b(?:ghar|kitchen|rasoi|building|flat|kamre) (?:mein|me|mai) aag\b",
            r"\b(?:dhuan|dhuaan|dhua) (?:bhar|aa|nikal|bhar) (?:gaya|raha|rahi)\b",
            r"\b(?:aag|dhuan|dhuaan)\b.{0,60}\b(?:bahar|nikal) (?:nahi|nahin|nhi) (?:nikal )?(?:pa|sak)",
        ],
    },
    "gas_leak": {
        "en": [
            r"\bgas leak\b",
            r"\b(?:smell|smells|smelling|reeks of|stinks of)\s+(?:of\s+|like\s+)?gas\b(?!\s+station)\b.{0,40}"
            r"\b(?:in|inside|coming|everywhere|house|kitchen|apartment|flat|room|building)\b",
        ],
        "es": [r"\bhuele (?:mucho |muchisimo )?a gas\b", r"\bfuga de gas\b"],
        "fr": [r"\bca sent (?:fort )?le gaz\b", r"\b(?:odeur|fuite) de gaz\b"],
        "de": [r"\briecht (?:stark |extrem )?nach gas\b", r"\bgas(?:geruch|leck)\b"],
        "pt": [r"\bcheiro (?:forte )?de gas\b", r"\b(?:vazamento|fuga) de gas\b"],
        "hi": [r"\bgas (?:leak|ki smell|ki badboo|ki badbu) (?:ho|aa) (?:raha|rahi|gaya|gayi)\b"],
    },
}

# ---------------------------------------------------------------------------------------------
# What clears a match: past, fiction, hypothetical, habitual or panic wording, jokes, pets.

_PAST = re.compile(
    r"\blast (?:week|month|year|night|summer|winter|spring|fall|autumn|christmas)\b|"
    r"\b(?:\d+|a|an|one|two|three|few|couple of|several|many) (?:years|months|weeks|days|year|month|week|day) ago\b|"
    r"\byears ago\b|\bwhen (?:i|he|she|we) (?:was|were) (?:a kid|a child|little|young|small|\d+)\b|\bback (?:in|when)\b|"
    r"\bused to\b|\bin (?:19|20)\d\d\b|(?<!since )\byesterday\b|\bremember when\b|\bonce (?:had|swallowed|choked|collapsed|drank|ate)\b|"
    r"\b(?:is|was|are|were) (?:fine|okay|ok|alright|all right|better) now\b|\brecovered\b|\bsurvived\b|\bthankfully\b|"
    r"\bluckily\b|\bturned out\b|\bhas had (?:seizures|a stroke|strokes)\b|"
    r"\bel ano pasado\b|\bhace (?:\d+|un|una|unos|unas|varios|dos|tres|muchos) (?:anos|meses|semanas|dias|ano|mes)\b|"
    r"\bcuando (?:era|tenia|yo era)\b|(?<!desde )\bayer\b|\bla semana pasada\b|\bel mes pasado\b|\b(?:ya )?esta bien ahora\b|\bse recupero\b|"
    r"\bl'an(?:nee)? derni(?:er|ere)\b|\bil y a (?:\d+|un|une|deux|trois|quelques|plusieurs) (?:ans|mois|semaines|jours|an)\b|"
    r"\bquand j'etais\b|(?<!depuis )\bhier\b|\bla semaine derniere\b|\ble mois dernier\b|\bva bien maintenant\b|\bs'en est remis\b|"
    r"\bletzte[ns]? (?:jahr|monat|woche|sommer)\b|\bvor (?:\d+|zwei|drei|einigen|ein paar|vielen|einem|einer) "
    r"(?:jahren|monaten|wochen|tagen|jahr|monat|woche)\b|\bals ich (?:klein|ein kind|\d+)\b|(?<!seit )\bgestern\b|\bdamals\b|"
    r"\bgeht (?:es )?(?:ihm|ihr) (?:wieder )?gut\b|"
    r"\bano passado\b|\bha (?:\d+|um|uma|dois|tres|alguns|varios|muitos) (?:anos|meses|semanas|dias|ano|mes)\b|"
    r"\bquando eu era\b|(?<!desde )\bontem\b|\bsemana passada\b|\bmes passado\b|\bja esta bem\b|\bse recuperou\b|"
    r"\bpich(?:h)?le (?:saal|mahine|hafte|sal)\b|\b(?:\d+|do|teen|kuch|kai) (?:saal|mahine|hafte) pehle\b|\bsaal pehle\b|"
    r"\bbachpan (?:mein|me)\b|\bjab (?:main|mai) (?:chhota|chhoti|chota|choti)\b|\bab (?:theek|thik) (?:hai|hain)\b"
)
# Fiction, news, dreams: the scene is on a screen or a page, not in the room. Framed ("in the movie",
# "on the news"), so that "he collapsed in front of the TV" stays an emergency.
_FICTION = re.compile(
    r"\b(?:in|on|from) (?:the|a|an|this|that|my|one|some) (?:\w+ )?(?:movie|film|book|novel|story|show|tv show|series|"
    r"episode|game|video game|anime|manga|cartoon|comic|play|dream|song|video|podcast|documentary|article|scene)\b|"
    r"\bon (?:tv|television|netflix|the news|youtube|tiktok)\b|\b(?:movie|film|book|novel|story|show|series|episode|scene)"
    r" (?:where|about|in which|when)\b|\b(?:my|a|the) (?:novel|story|screenplay|script|fanfic|character|characters)\b|"
    r"\b(?:fiction|fanfic|roleplay|role-play|dreamt|dreamed|nightmare|headline|news|article)\b|"
    r"\bi'?m writing\b|\bi am writing\b|"
    r"\ben (?:la|una|esta|mi|el|un) (?:pelicula|serie|novela|historia|libro|cuento|sueno|juego|video|noticia)\b|"
    r"\b(?:personaje|sone|pesadilla|noticias?|estoy escribiendo)\b|"
    r"\b(?:pelicula|serie|novela|libro|film|roman|livre|filme|buch|folge|episodio|episode) (?:donde|en (?:la|el) que|sobre|"
    r"ou|dans lequel|dans laquelle|in dem|in der|wo|onde|em que|sobre)\b|"
    r"\bdans (?:le|un|ce|mon|la|une|cette) (?:film|roman|livre|serie|episode|jeu|reve|histoire|video)\b|"
    r"\b(?:personnage|j'ai reve|cauchemar|j'ecris|aux infos|au journal)\b|"
    r"\b(?:im|in einem|in meinem) (?:film|buch|roman|traum|spiel|video)\b|\bin (?:der|einer) (?:serie|geschichte|folge)\b|"
    r"\b(?:getraumt|albtraum|nachrichten|zeitung|ich schreibe)\b|"
    r"\b(?:no|num|em um) (?:filme|livro|sonho|jogo|video)\b|\b(?:na|numa) (?:serie|novela|historia|noticia)\b|"
    r"\b(?:personagem|sonhei|pesadelo|noticia|jornal|estou escrevendo)\b|"
    r"\b(?:film|movie|serial|kahani|sapne|video) (?:mein|me)\b|\b(?:sapna|khabar|news)\b"
)
_HYPOTHETICAL = re.compile(
    r"\bwhat (?:should|do|would|can|must|could) (?:you|one|i|we|people|someone|a person) do (?:if|when|in case)\b|"
    r"\bwhat (?:to do|happens) (?:if|when)\b|\bwhat if\b|\bif (?:someone|somebody|a person|a child|a baby|a kid|your|one|"
    r"anyone|ever)\b|\bin case\b|\bfirst aid\b|\bhow (?:do you|can you|should you|would you|does one|do people) (?:help|treat|tell|"
    r"know|recogni[sz]e|spot|handle|deal|perform|do cpr|give|stop|save|react|respond)\b|\bhow to (?:tell|recogni[sz]e|spot|know)\b|\b(?:signs|symptoms|warning signs) of\b|"
    r"\bhypothetical(?:ly)?\b|\bcurious\b|\bwhy (?:does|do) (?:the body|people|you|someone|a person)\b|\bis it (?:true|normal|dangerous) (?:that|if|when|to)\b|\bcan (?:you|a person) die\b|"
    r"\bque (?:hacer|se hace|hay que hacer) (?:si|cuando)\b|\bsi (?:alguien|un nino|una persona)\b|"
    r"\ben caso de\b|\bprimeros auxilios\b|\b(?:sintomas|senales) de\b|"
    r"\bque faire (?:si|quand|en cas)\b|\bsi quelqu'un\b|\ben cas d[e']\b|\bpremiers secours\b|\b(?:symptomes|signes) d[e']\b|"
    r"\bwas (?:tun|macht man|soll man tun),? (?:wenn|falls|bei)\b|\b(?:wenn|falls) jemand\b|\berste hilfe\b|\bsymptome\b|"
    r"\bo que fazer (?:se|quando|em caso)\b|\bse (?:alguem|uma crianca|uma pessoa)\b|\bem caso de\b|\bprimeiros socorros\b|"
    r"\bsintomas de\b|\bagar (?:koi|kisi)\b|\bkya karna chahiye agar\b|\bkya karein agar\b"
)
# "... right now", "help me": a hypothetical-looking question that says the need is now stays an emergency.
_NOW = re.compile(
    r"\bright now\b|\bhelp me\b|\bplease help\b|\bhelp!|\bhurry\b|\bahora mismo\b|\bayuda(?:me)?\b|\bsocorro\b|\bau secours\b|"
    r"\baidez[- ]moi\b|(?<!erste )\bhilfe\b|\bjetzt gerade\b|\bagora mesmo\b|\bajuda\b|\babhi\b|\bbachao\b|\bmadad\b"
)
_HABITUAL = re.compile(
    r"\bwhenever\b|\bevery ?time\b|\bsometimes\b|\busually\b|\btends? to\b|\bat night when\b|\bwhen i (?:think|try|have to|get|"
    r"talk|speak|see|hear|am|'m|remember|look)\b|\bwhen i'm\b|\bcada vez que\b|\bsiempre que\b|\ba veces\b|\bcuando (?:pienso|tengo)\b|"
    r"\b(?:a )?chaque fois\b|\bparfois\b|\bquand je (?:pense|dois|suis)\b|\bjedes mal\b|\bimmer wenn\b|\bmanchmal\b|"
    r"\bwenn ich (?:an|daran|nervos)\b|\btoda vez que\b|\bsempre que\b|\bas vezes\b|\bquando (?:penso|tenho|fico)\b|"
    r"\bjab bhi\b|\bkabhi kabhi\b|\bhar baar\b|\bjab (?:main|mai) soch"
)
_PANIC = re.compile(
    r"\bpanic\b|\banxiety attack\b|\bataque de (?:panico|ansiedad|ansiedade)\b|\bcrise (?:d'angoisse|de panique|de "
    r"panico|de ansiedade)\b|\bpanikattacke\b|\bangstattacke\b|\bpanico\b|\bpanik\b|\bghabrahat\b"
)
# Kinds that panic often looks like, cleared when the message names panic or anxiety.
_PANIC_LOOKALIKES = frozenset({"chest_pain", "anaphylaxis"})
_JOKE = re.compile(
    r"\b(?:lol|lmao|lmfao|rofl|haha\w*|hehe|jk|jaja\w*|mdr|ptdr|kkkk+|rsrs\w*)\b|[\U0001F602\U0001F923\U0001F480]"
)
_PET = re.compile(
    r"\b(?:my|our|the|a|his|her|mi|el|la|mon|ma|le|mein|meine|unser|meu|minha|o|mera|meri)\s+(?:\w+\s+)?"
    r"(?:dog|cat|puppy|kitten|pet|hamster|rabbit|bunny|parrot|bird|horse|guinea pig|ferret|perro|perrito|gato|gatito|"
    r"mascota|chien|chat|chiot|chaton|hund|katze|welpe|haustier|cachorro|cachorrinho|gatinho|kutta|kutte|billi)\b"
    r"(?:\s+\w+){0,3}\s+(?:is|'s|has|just|ate|swallowed|got|isn'?t|won'?t|was|no|esta|se|a|est|ne|ist|hat|atmet|comeu|engoliu|"
    r"nao|ne|ko|kha)\b"
)
# Not a person's emergency: "my laptop is having a seizure", "bleeding money", "smoke coming out of my ears".
_NOT_A_PERSON = re.compile(
    r"\b(?:laptop|computer|pc|phone|wifi|internet|printer|router|code|server|engine|brain|portatil|ordinateur|handy|computador|"
    r"celular)\s+(?:is|'s|esta|est|ist)\s+having\b|\bbleeding\s+(?:money|cash|customers|subscribers|points|users|out cash)\b|"
    r"\bsmoke\s+(?:is\s+)?coming\s+out\s+of\s+(?:my|his|her)\s+ears\b|\bdumpster fire\b|\bdil (?:mein|me|ko) aag\b|"
    r"\b(?:period|periods|menstrual|menstruation|regla|regles|menstruation|periode|menstruacao|menstruada)\b"
)

# Cheap first pass: a kind's patterns run only when one of its anchor words is in the message, so an
# ordinary message costs one search of plain alternatives per kind (about 0.1 ms), not 60 full patterns.
ANCHORS: dict[str, str] = {
    "choking": r"chok|throat|atragant|garganta|etouff|travers|erstick|verschluck|engasg|gale",
    "drowning": r"drown|out of the|ahog|noie|noyer|ertrink|afog|doob",
    "anaphylaxis": r"throat|airway|swell|swollen|anaphyla|allerg|epi-?pen|garganta|hinch|anafila|gorge|gonfl|levres|hals|kehle|"
    r"schwill|schwell|anaphylakt|inchando|alerg|gala",
    "not_breathing": r"breath|blue|purple|gr[ae]y|pulse|heartbeat|cpr|respir|azul|morad|pulso|bleu|pouls|atm|luft|blau|puls|roxo|"
    r"roxa|saans|sans|saas|sas",
    "unconscious": r"conscious|unresponsive|out cold|collaps|keeled|dropped|faint|passed out|blacked|fell|wake|inconscien|desmay|"
    r"desplom|cayo|caido|evanoui|effondr|ecroul|bewusst|wacht|reagiert|zusammengebr|umgekippt|desacordad|"
    r"desmai|caiu|desabou|behosh|hosh|gir|connaissance",
    "chest_pain": r"chest|heart attack|pecho|infarto|ataque|poitrine|thoraci|cardiaque|infarctus|brust|herzinfarkt|peito|seene|"
    r"sine|chhati|chati|daura",
    "stroke": r"droop|side of|stroke|speech|words|slurr|cara|boca|ictus|derrame|acv|cerebral|habla|visage|bouche|avc|parle|"
    r"articule|gesicht|mund|schlaganfall|spricht|redet|rosto|fala|chehra|muh|munh|lakwa|paralysis|speak|talk",
    "seizure": r"seiz|convuls|grand mal|fit|jerking|epilep|crise|krampf|anfall|mirgi|jhatke",
    "bleeding": r"blee?d|blood|sangr|sangue|saign|sang|blut|khoon|hemorrag",
    "poisoning": r"pod|tab|bleach|detergent|clean|antifreeze|poison|pesticide|killer|insecticide|batter|magnet|oil|fluid|gasoline|"
    r"petrol|thinner|polish|mushroom|pill|tablet|medic|meds|tylenol|paracetamol|ibuprofen|gumm|vitamin|lejia|cloro|"
    r"capsula|veneno|pila|raticida|anticongel|desatasc|limpieza|pastilla|javel|lessive|capsule|pastille|piles|"
    r"mort-aux|antigel|menager|deboucheur|cachet|comprime|spul|waschmittel|bleichmittel|reiniger|gift|knopfzelle|"
    r"frostschutz|lampenol|tablette|medikament|sanitaria|candida|sabao|pilha|bateria|chumbinho|caustica|remedio|"
    r"zeher|zehar|jahar|phenyl|harpic|chuha|keetnashak|kerosene|goliy|dawai|too many|handful|bottle|comprimi",
    "fire": r"fire|burn|flame|smoke|trapped|get out|escape|stuck inside|incendi|fuego|llamas|ardiendo|quemando|humo|salir|feu|"
    r"brule|fumee|sortir|brennt|rauch|raus|fogo|chamas|fumaca|sair|aag|dhua|flamm",
    "gas_leak": r"gas|gaz",
}
_ANCHORS = {kind: re.compile(rx) for kind, rx in ANCHORS.items()}

_COMPILED: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (kind, lang, re.compile("|".join(f"(?:{p})" for p in pats)))
    for kind in KINDS
    for lang, pats in PATTERNS[kind].items()
)


def _fold(text: str) -> str:
    """Lower case, curly quotes straightened, accents dropped ("não" -> "nao", "ß" stays), leetspeak read as letters."""
    t = text.replace("\u2019", "'").replace("\u2018", "'").lower()
    t = strip_accents(t)

    def leet(m: re.Match[str]) -> str:
        w = m.group(0)
        core = w.strip(".,!?;:\"'()")
        if not core or not any(c.isalpha() for c in core) or not any(c in _LEET_CHARS for c in core):
            return w
        if _NUMERIC_TOKEN.match(core) or core.startswith(("@", "#")) or "/" in core:
            return w
        return w.replace(core, core.translate(_LEET))

    return re.sub(r"\S+", leet, t)


def _cleared(kind: str, text: str) -> bool:
    if _PAST.search(text) or _FICTION.search(text) or _JOKE.search(text) or _PET.search(text):
        return True
    if _NOT_A_PERSON.search(text) or _HABITUAL.search(text):
        return True
    if kind in _PANIC_LOOKALIKES and _PANIC.search(text):
        return True
    return bool(_HYPOTHETICAL.search(text)) and not _NOW.search(text)


def detect_emergency(text: str) -> Emergency | None:
    """The emergency a message describes as happening now, or None (see the module docstring).

    `language` is the reply language: the project's detector (`empathic.safety.lang`), except that a
    message which matched only another language's (non-English) wording gets that language: short
    messages carry few function words ("mere bachche ne detergent pod kha liya" reads as French there).
    """
    if not text or not text.strip():
        return None
    clean = deobfuscate(text)
    folded = _fold(clean)
    anchored = {kind for kind, rx in _ANCHORS.items() if rx.search(folded)}
    for kind, lang, rx in _COMPILED:
        if kind in anchored and rx.search(folded):
            if _cleared(kind, folded):
                return None
            detected = detect_language(clean)
            if (
                lang != "en"
                and detected != lang
                and not any(r.search(folded) for k, lg, r in _COMPILED if k == kind and lg == detected)
            ):
                detected = lang
            return Emergency(kind, detected)
    return None
