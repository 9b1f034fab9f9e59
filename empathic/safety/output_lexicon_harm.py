"""Word lists for the output screen's instruction rules: self-harm, harm to others, ligatures, secrecy,
spiking, places to jump, starving. Same conventions as `output_lexicon` (normalised text, regex fragments),
which re-exports every name here; import them through it (`lx.NAME`). `alt` lives here so that neither
module imports the other in a cycle.
"""

from __future__ import annotations


def alt(*words: str) -> str:
    """One non-capturing alternation; longer alternatives first so they win."""
    return "(?:" + "|".join(sorted(set(words), key=len, reverse=True)) + ")"


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
    "where (?:clothes|clothing|sleeves|your (?:shirt|clothes|sleeves|swimsuit|underwear|bra|socks|watch)|shorts|trousers|pants|"
    "(?:a |your )?(?:swimsuit|swimming costume|bikini|underwear)) (?:cover|hide)\\w*",
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
    "hit", "punch", "slap", "kick", "shake", "shaking", "secoue", "sacude", "chacoalh\\w*", "schuttel\\w*", "stab", "choke", "strangle", "smother", "beat", "beat up", "hurt",
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

# --- v5 (round 5): covering tracks, witnesses, concealing self-harm, eating-disorder tips, escalation. ----------
# Getting away with hurting someone: the outcome the order is for ("nobody can prove it", "the police find nothing").
EVADE = alt(
    "(?:nobody|no one|no-one|they|the police|the cops|anyone) (?:can|could|will|would|'ll)(?: ever| never)? "
    "(?:prove|connect|link|trace|tie) (?:it|anything|a thing|you|this)",
    "(?:nobody|no one|anyone) (?:can|could|will|would|'ll)(?: ever)? (?:testify|be a witness|suspect you|suspect a thing|"
    "suspect anything)",
    "(?:police|cops) (?:will |would |'ll )?(?:find|have|get) nothing", "(?:nothing|no evidence) (?:left )?(?:for the police|to trace|to find)",
    "(?:look|seem)s? like (?:an|a) (?:accident|natural death|heart attack|fall)", "as if (?:he|she|they) fell",
    "cover (?:your|the) tracks", "no (?:evidence|trace|witnesses|fingerprints|dna)",
    "nadie (?:podra|va a poder) (?:probar|testificar|demostrar)", "nadie (?:sospechara|sospecha|desconfiara)",
    "(?:la )?policia no (?:tendra|encontrara|va a encontrar) nada", "parece(?:ra)? un accidente", "sin (?:pruebas|testigos)",
    "personne ne (?:pourra|peut) (?:temoigner|prouver|remonter)", "personne ne (?:remontera|soupconnera)",
    "la police ne (?:trouvera|pourra) rien", "ressemble(?:ra)? a un accident", "sans (?:preuves?|temoins?)",
    "(?:niemand|keiner) (?:kann|wird) (?:\\w+ )?(?:nachweisen|beweisen|bezeugen)", "nichts nachweisen",
    "(?:die )?polizei (?:findet|wird) nichts", "wie ein unfall", "keine (?:zeugen|spuren|beweise)",
    "ninguem (?:vai |pode |podera |consegue |vai conseguir )?(?:desconfia\\w*|provar|testemunhar|suspeita\\w*)", "ninguem liga voce",
    "(?:a )?policia nao (?:vai )?(?:achar|encontrar|ter) nada", "pare[cç]a um acidente", "sem (?:provas|testemunhas)",
    "police ko kuch nahi (?:milega|milta)", "koi saboot nahi", "accident (?:lage|lagega|jaisa)",
    "kisi ko shak nahi (?:hoga|hogi)",
)
# Passing off slow poisoning as illness or age: "people will think it's just her age".
ILLNESS_COVER = alt(
    "(?:look|seem)s? like (?:she|he|they)(?:'s|'re| is| are)? (?:got |just |getting )?(?:ill|sick|unwell)",
    "(?:think|assume) (?:it's|it is) (?:just )?(?:her|his|their) age", "(?:parecera|parezca) que (?:esta|se puso) enferm[oa]",
    "(?:on|tout le monde) (?:croira|pensera) qu'(?:il|elle) est malade", "(?:wie eine|nach einer) krankheit aus",
    "(?:vai )?parecer que (?:ela|ele) (?:ficou|esta) doente", "(?:sabko|sab ko) lagega (?:ki )?(?:wo|woh|vo) beemar",
)
# Making sure nobody sees you: "assure-toi que personne ne te voie".
UNSEEN = alt(
    "make sure (?:nobody|no one|no-one) (?:sees|can see|is (?:watching|around))", "asegurate de que nadie te vea",
    "assure-toi que personne ne te voie", "stell sicher,? dass (?:dich )?(?:niemand|keiner) (?:dich )?sieht",
    "garante que ninguem te (?:ve|veja)", "dhyan rakhna (?:ki )?koi na dekhe",
)
# A cover story for an injury someone else caused: "tell the teacher she fell down the stairs".
COVER_STORY = alt(
    "(?:tell|say to) (?:her|him|them|people|everyone|anyone|the \\w+|your \\w+) (?:that )?you (?:fell|tripped|slipped|walked into|"
    "burned yourself|got scratched)", "say (?:that )?(?:you (?:fell|tripped|slipped)|the cat (?:did it|scratched you))",
    "tell (?:everyone|them|people|anyone|the police|the doctors?|the hospital|the school|school|social services|"
    "(?:the|her|his|their) teachers?|the nurse) (?:that )?(?:he|she|they|the baby|the kid) "
    "(?:fell|tripped|slipped|was drunk|had an accident|walked into)", "di(?:les)? que (?:se cayo|se tropezo|estaba borracho)",
    "dis(?:-leur)? qu'(?:il|elle) est tombee?", "sag,? (?:dass )?(?:er|sie) (?:gefallen|gesturzt) ist", "diz que (?:ele|ela) caiu",
)
# Taking away someone's chance to defend themselves or call for help: "so he can't fight back".
DEFENCELESS = alt(
    "so (?:that )?(?:he|she|they|the (?:baby|child|kid|kids|girl|boy|woman|man)) (?:can't|cannot|won't be able to) "
    "(?:fight back|resist|scream|call (?:anyone|for help|someone|the police)|get (?:help|away)|ask for help|escape|defend \\w+)",
    "taaki (?:woh |vo )?(?:kisi ko )?(?:call|phone) na kar sake", "taaki (?:woh |vo )?madad na maang sake",
    "para que no (?:pueda|puedan) (?:llamar|pedir ayuda|salir)", "pour qu'(?:il|elle) ne (?:puisse|puissent) (?:pas )?"
    "(?:appeler|demander de l'aide|sortir)", "damit (?:er|sie) (?:niemanden|keine hilfe) (?:anrufen|holen) kann",
    "para que (?:ele|ela) nao (?:possa|consiga) (?:ligar|pedir ajuda|sair)", "para que no (?:pueda|puedan) (?:defenderse|escapar|gritar|huir)",
    "pour qu'(?:il|elle|ils) ne (?:puisse|puissent) (?:pas )?(?:se defendre|s'enfuir|crier|fuir)",
    "damit (?:er|sie) sich nicht wehren kann", "damit (?:er|sie) nicht (?:schreien|fliehen|weglaufen) kann",
    "para que (?:ele|ela) nao (?:possa|consiga) (?:se defender|reagir|fugir|gritar)", "taaki (?:woh|vo) (?:bhaag|chilla) na sake",
)
# Removing the traces of an act: "wipe the messages", "dump the clothes", "borra el historial".
TRACES = alt(
    "(?:delete|wipe|erase|clear|clean|scrub|burn|dump|bin|ditch|get rid of|throw away|throw out|throw) (?:\\w+ ){0,3}?"
    "(?:messages|texts|chats?|history|evidence|prints|fingerprints|blood|footage|clothes|shoes|knife|gloves|phone|search(?:es)?|"
    "traces?|everything|wrappers?|(?:door )?handles?)", "wipe (?:it )?down",
    "wear gloves", "clean (?:it all|everything|the place) up", "clean up (?:after|afterwards|everything)",
    "borra\\w* (?:[\\w']+ ){0,3}?(?:l'|d')?(?:mensajes|historial|chats?|huellas|pruebas)", "limpia\\w* (?:las huellas|todo|la sangre)",
    "efface\\w* (?:[\\w']+ ){0,3}?(?:l'|d')?(?:messages|historique|traces|empreintes|preuves)", "nettoie\\w* (?:tout|les traces|le sang)",
    "losch\\w* (?:\\w+ ){0,3}?(?:nachrichten|verlauf|chatverlauf|chats?|spuren|beweise)", "wisch\\w* (?:alles|die spuren) ab",
    "apag\\w* (?:\\w+ ){0,3}?(?:mensagens|historico|conversas|rastros|provas)", "limpa\\w* (?:tudo|os rastros|o sangue)",
    "(?:messages?|chats?|history) delete kar\\w*", "sab saaf kar\\w*", "saboot mita\\w*",
    "(?:usa|use|ponte|mets|zieh) (?:des |unas? |umas? )?(?:luvas|guantes|gants|handschuhe)", "apaga\\w* (?:as )?cameras",
    "(?:disable|cover|turn off|switch off) (?:the )?cameras?",
)
# Nobody to hear or help: "so nobody hears anything", "there'll be no one to call for help", "koi nahi sunega".
NO_WITNESS = alt(
    "(?:so|and) (?:that )?(?:nobody|no one|no-one) (?:hears|will hear|can hear|'ll hear) (?:anything|a thing|him|her|them|"
    "the screams?)", "(?:nobody|no one) (?:to|who can|who could) (?:call for help|hear (?:him|her|them)|help (?:him|her|them))",
    "(?:nobody|no one|no-one) (?:can|could|will|would)(?: be able to)? testify", "no one to call for help",
    "para que nadie (?:la |lo |le )?(?:oiga|escuche)", "nadie (?:la |lo |le )?(?:oira|va a oir)",
    "personne n'entendra rien", "personne ne (?:l'|les )?entendra", "personne ne pourra temoigner",
    "(?:hort|horen) (?:ihn|sie|es|dich) (?:niemand|keiner)", "(?:niemand|keiner) (?:hort|wird (?:\\w+ )?horen)",
    "ninguem (?:vai )?(?:ouvir|escutar)", "koi nahi sunega", "koi (?:na|nahi) sune", "kisi ko awaaz nahi",
)
# When the other people are gone: "a night when the neighbours are away", "espera a que sus padres se vayan".
AWAY = alt(
    "(?:when|while|once|until) (?:his|her|their|the) (?:\\w+ )?(?:\\w+ )?(?:are|is|'re|'s)? ?(?:away|out|gone|on holiday|"
    "on vacation|visiting \\w+|out of town)", "(?:a|the) (?:night|day|weekend|time) (?:when|that) (?:his|her|their|the) \\w+ "
    "(?:are|is) (?:away|out|gone)", "(?:se vayan|esten fuera|no esten|de viaje)", "(?:partent|sont partis|seront absents|en vacances)",
    "(?:im urlaub|verreist|weg) (?:ist|sind)", "(?:viajam|viajarem|estiverem fora|sairem)", "bahar gaye h[oa]\\w*",
    "ghar (?:par )?(?:na|nahi) h[oa]\\w*",
)
# Hiding self-harm: a cover or a story, for the purpose of not being seen.
COVER_FOR = alt(
    "so (?:that )?(?:nobody|no one|no-one|your (?:\\w+ )?(?:parents|mum|mom|dad|family|teacher|friends?)|people|they|"
    "anyone)(?: at home)? (?:never |won't |don't |can't |doesn't |will never )?(?:sees?|notices?|finds? out|asks?|knows?|spots?)",
    "if (?:anyone|anybody|people|they|someone) asks? about (?:your|the) (?:arms?|legs?|wrists?|marks?|cuts?|scars?|"
    "bruises?|burns?)", "para que (?:en casa |tus padres |nadie )?no (?:vean|noten|se den cuenta)",
    "pour que (?:tes parents|personne|ta famille) ne (?:voient|remarquent|voie|remarque)",
    "damit (?:deine (?:eltern|familie)|niemand|keiner) (?:nichts |es nicht )?(?:merk|seh|bemerk)\\w*",
    "para (?:os teus pais|seus pais|ninguem|a tua familia|sua familia) (?:nao )?(?:verem|ver|perceber|notar)",
    "taaki (?:kisi ko|ghar (?:waalon|walon) ko)\\b.{0,30}\\b(?:na|nahi) (?:dikh\\w*|pata chal\\w*)",
    "(?:dann|so) (?:merkt|sieht|bemerkt) (?:deine \\w+|niemand|keiner|es keiner)(?: nichts| es nicht)?",
    "(?:and|then) (?:nobody|no one|your \\w+) (?:won't|will never|never|wouldn't) (?:notice|see|know|find out)",
    "(?:comme ca|ainsi|asi|so) (?:personne|nadie|niemand|keiner) (?:ne )?(?:verra|remarquera|saura|vera|notara|sabra|sieht|merkt)",
    "assim ninguem (?:ve|vai ver|vera|percebe|vai perceber)", "taaki koi (?:na|nahi) dekhe",
    "(?:si alguien|si quelqu'un|wenn (?:jemand|einer)|se alguem|agar koi) (?:te )?(?:pregunta|demande|fragt|perguntar|puchhe)\\w*",
)
CONCEAL_OBJECT = alt(
    "sleeves?", "long-sleeved?", "hoodie", "jumper", "sweater", "bracelets?", "watch", "wristbands?", "plasters?",
    "band-?aids?", "bandages?", "makeup", "concealer", "what you(?:'ve| have) done", "the cat", "mangas", "pulseras?",
    "manches", "bracelets?", "armel", "armband\\w*", "pulseiras?", "mangas compridas", "sleeves? wal\\w*", "baazu wale kapde",
    "full sleeves",
)
# Eating-disorder tips: purging, calorie ceilings, hiding food, lying about meals, laxatives for weight.
PURGE = alt(
    "throw up", "throwing up", "make yourself sick", "make yourself vomit", "vomit", "purge", "fingers down your throat",
    "vomita\\w*", "provocate el vomito", "vomis", "fais-toi vomir", "erbrich\\w*", "kotz\\w*", "ubergib dich",
    "vomite", "ulti kar\\w*", "ulti karo",
)
CALORIE_CAP = (
    r"\b(?:under|below|less than|fewer than|max(?:imum)? of|no more than|menos de|por debajo de|moins de|sous|unter|"
    r"weniger als|hochstens|abaixo de|se kam)\b (?:\d+|[\w-]+ hundred) ?(?:calories|cals|kcal|kalorien|calorias|kalori)\b"
)
# Taking away someone's way to call for help: "take her phone and car keys", "quítale el móvil".
TAKE_PHONE = alt(
    "(?:take|hide|grab|smash|break) (?:his|her|their) (?:phone|mobile|keys|car keys)",
    "(?:hide|take|throw away|empty) (?:his|her|their) (?:inhaler|epipen|epi-pen|insulin|heart (?:pills|medication))", "quita(?:le|rle) (?:el|su) (?:movil|telefono|celular)",
    "(?:prends|cache|casse)-lui son (?:telephone|portable)", "nimm (?:ihm|ihr) (?:das|sein|ihr) (?:handy|telefon)\\w* (?:weg|ab)",
    "(?:tira|pega|esconde) o (?:celular|telemovel|telefone) (?:dele|dela)", "(?:uska|uski) (?:phone|mobile) (?:le lena|le lo|chhin\\w*|chupa\\w*)",
)
# Eating once a day or one thing a day: "eat only one apple a day", "din mein sirf ek baar khao".
RESTRICT = alt(
    "(?:eat|have) (?:only |just )?(?:one|a single) (?:\\w+ )?(?:meal|apple|thing|piece of \\w+) a day", "eat (?:only )?once a day",
    "come (?:solo|solamente) (?:una|un) \\w+ al dia", "come una vez al dia", "mange (?:seulement|juste) (?:une|un) \\w+ par jour",
    "iss nur (?:eine|einen|ein) \\w+ am tag", "coma (?:so|apenas) (?:uma|um) \\w+ por dia", "din mein sirf ek baar kha\\w*",
    "sirf paani pi\\w*", "only (?:drink )?water", "solo (?:bebe )?agua", "que de l'eau", "nur (?:noch )?wasser", "(?:so|apenas) agua",
)
HIDE_FOOD = alt(
    "hide (?:\\w+ )?(?:food|meals?|dinner|lunch)", "(?:throw|bin|flush|dump) (?:\\w+ )?(?:food|meals?|dinner|lunch)\\b(?: away| out)?",
    "say (?:that )?you (?:already )?ate", "saying you (?:already )?ate", "tell (?:them|her|him|your \\w+) (?:that )?you (?:already )?ate",
    "food in (?:a |your )?napkins?", "esconde (?:la )?comida", "tira (?:la )?comida", "di que ya (?:has )?comi\\w*",
    "jette (?:ton|la|ta) (?:repas|nourriture|assiette)", "dis que tu as deja mange", "versteck (?:das )?essen",
    "wirf (?:das )?essen weg", "sag,? dass du (?:schon )?gegessen", "esconda (?:a )?comida", "joga (?:a )?comida fora",
    "diz(?:e)? (?:[\\w']+ ){0,3}?que (?:ja )?(?:comeu|comeste|jantou|jantaste|almocou|comi)", "khana (?:chhupa|phenk)\\w*",
    "bol do ki kha liya", "jo?g(?:a|ue) (?:o|a) (?:almoco|jantar|comida|lanche|marmita) fora", "tira (?:el|la) (?:almuerzo|comida|cena) a la basura",
    "jette (?:ton|ta|le|la) (?:dejeuner|diner|repas|gouter)", "wirf (?:dein|das) (?:mittagessen|essen|pausenbrot) weg",
    "di(?:les)? que ya (?:comiste|cenaste|desayunaste|almorzaste|has comido)", "dis(?:-leur)? que tu as (?:deja )?(?:mange|dine)",
    "sag(?:,)? (?:dass )?du (?:hast )?(?:schon )?gegessen", "diz(?:e)? que (?:ja )?(?:comeste|jantou|jantaste|almocou)",
    "(?:bolo|bol do|keh do) ki (?:\\w+ )?(?:kha liya|kha chuke|kha li)", "say (?:that )?you (?:already )?had (?:dinner|lunch|breakfast)",
    "slip (?:bits|food|it) to the dog", "push (?:your|the) (?:food|meals?) around",
)
SKIP_MEALS = alt(
    "skip (?:\\w+ ){0,2}(?:breakfast|lunch|dinner|meals?)", "saltate (?:el |la )?(?:desayuno|comida|cena)", "salta (?:comidas|la cena)",
    "saute (?:le |les )?(?:repas|petit-dejeuner|dejeuner|diner)", "lass (?:\\w+ )?(?:mahlzeiten|das fruhstuck|das abendessen) (?:aus|weg)",
    "pule (?:o |as )?(?:refeicoes|cafe da manha|almoco|jantar)", "khana skip kar\\w*",
    "(?:subah|dopahar|raat|nashta)(?: \\w+){0,3} khana chhod\\w*", "khana chhod do", "cut out (?:breakfast|lunch|dinner|meals)",
)
WEIGHT_GOAL = alt(
    "weight off", "weight comes off", "weigh-?in", "lose weight", "losing weight", "weight loss", "lose \\d+ (?:kg|kilos|pounds|lbs)", "get thinner",
    "stay thin", "perder peso", "adelgaza\\w*", "maigrir", "perdre du poids", "abnehm\\w*", "nimmst du (?:\\w+ )?ab",
    "emagrec\\w*", "perder peso", "vajan kam", "patla", "patli", "the number goes up", "the scale",
)
# Binge or restriction around purging: "ne mange rien … fais-toi vomir si tu craques".
ED_CONTEXT = alt(
    "ne mange rien", "don't eat (?:anything|all day)", "no comas nada", "iss (?:gar )?nichts", "nao coma nada", "kuch mat khao",
    "if you (?:slip|binge|eat too much|overeat|give in|cave)", "si (?:tu craques|comes de mas|te das un atracon)",
    "wenn du (?:schwach wirst|zu viel isst)", "se (?:comer demais|tiver compulsao)", "zyada kha liya",
)
# Locking someone in: "ferme la porte à clé de l'extérieur", "tranca a porta do quarto".
LOCK_IN = alt(
    "lock (?:the|his|her|their) (?:\\w+ )?door from (?:the )?outside", "lock (?:him|her|them) in",
    "cierra (?:la puerta )?con llave (?:desde fuera|por fuera)", "ferme la porte a cle (?:de|depuis) l'exterieur",
    "schliess\\w* (?:die tur )?von aussen ab", "tranca (?:a porta|o quarto)\\w*(?: do quarto)?", "bahar se (?:kundi|taala) laga\\w*",
)
FOLLOW = alt("follow (?:him|her|them) (?:from|after|home|to)", "siguela|siguelo", "suis-(?:la|le)", "folge (?:ihm|ihr)",
             "segue-(?:a|o)", "uska peecha kar\\w*")
# "take everything in the cabinet"
TAKE_EVERYTHING = alt(
    "(?:take|swallow|down) (?:everything|all of it|whatever(?:'s| is)) in (?:the|your) (?:\\w+ )?(?:cabinet|drawer|box|cupboard|bottle)",
    "toma(?:te)? todo lo que (?:hay|tengas) en el botiquin", "prends tout ce qu'il y a dans (?:l'armoire|la boite)",
    "nimm alles aus dem (?:medikamenten|arznei)?schrank", "toma tudo o que (?:tem|tiver) no armario",
)
LAXATIVE = alt("laxatives?", "diuretics?", "diet pills", "water pills", "laxantes?", "laxatifs?", "abfuhrmittel",
               "entwasserungstabletten", "diureticos?", "julab")

# ---------------------------------------------------------------------------------------------------- v6
# An excuse for an injury: "say it was the cat", "dis que c'est le four", "bol dena billi ne kaata".
EXCUSE_SAY = alt(
    "say", "saying", "tell", "claim", "explain", "di", "dile", "diles", "decir", "dis", "dites", "dire", "sag",
    "sagst", "sagen", "erzahl\\w*", "diz", "dizer", "diga", "fala", "bolo", "bolna", "bol dena", "bol do", "keh do", "kehna", "batana",
)
EXCUSE_CAUSE = alt(
    "the cat", "your cat", "a cat", "the dog", "cooking", "the kitchen", "the oven", "the stove", "the iron", "the curling iron",
    "(?:your|the|a) bike", "(?:you )?(?:fell|tripped|slipped)", "an accident", "sport", "pe", "gym", "el gato", "tu gato",
    "la cocina", "el horno", "te caiste", "le chat", "ton chat", "la cuisine", "le four", "le fer", "tu es tombee?", "die katze",
    "deine katze", "der hund", "dem kochen", "vom kochen", "der herd", "dem ofen", "gestolpert", "hingefallen", "o gato",
    "a cozinha", "o forno", "caiu", "caiste", "billi", "billi ne", "kutte", "khana banate", "gir gay\\w*", "gir gay\\w*",
)
# Injuries, the way replies name them when hiding them.
MARKS = alt(
    "marks?", "scratch(?:es)?", "scrapes?", "cuts?", "scars?", "burns?", "bruises?", "lines", "wounds?", "injur(?:y|ies)",
    "marcas?", "aranazos?", "cortes?", "cicatri(?:z|ces)", "quemaduras?", "moratones?", "heridas?", "marques?", "griffures?",
    "coupures?", "brulures?", "bleus", "blessures?", "kratzer\\w*", "schnitte?n?", "narben?", "verbrennung\\w*", "flecken", "wunden?",
    "arranhoes?", "arranhad\\w*", "queimaduras?", "hematomas?", "roxos?", "feridas?", "nishaan", "nishan", "zakhm", "ghaav", "kat",
)
# A cover that hides (clothing, jewellery, make-up), and the verb.
WEAR_COVER = alt(
    "sleeves?", "long-sleeved?", "hoodie", "jumper", "sweater", "bracelets?", "watch(?: with a \\w+ strap)?", "wristbands?",
    "hair ?ties?", "foundation", "makeup", "make-up", "concealer", "mangas(?: largas)?", "pulseras?", "sudadera", "maquillaje",
    "manches(?: longues)?", "bracelets?", "sweat", "fond de teint", "armel\\w*", "armband\\w*", "armreif\\w*", "uhr", "pulli",
    "kapuzenpulli", "pulseiras?", "manga comprida", "moletom", "relogio", "base", "full sleeves", "baahon wali \\w+",
    "ghadi", "kangan", "chudiyan", "shirt",
)
HIDE_VERB = alt(
    "hide", "hides", "hiding", "cover", "covers", "covering", "conceal\\w*", "mask", "masks", "tapa\\w*", "cubre\\w*", "oculta\\w*",
    "esconde\\w*", "cache\\w*", "couvre\\w*", "dissimule\\w*", "versteck\\w*", "verdeck\\w*", "verberg\\w*", "cobre\\w*",
    "chhupa\\w*", "chhup\\w*", "dhak\\w*", "(?:won't|will not|can't|nobody will|no one will|nadie|personne ne|niemand|ninguem|"
    "koi|kisi ko) (?:\\w+ ){0,2}(?:see|notice|vera|veran|notara|verra|verront|remarquera|sieht|merkt|vai ver|dikh\\w*)",
)
# "where the clothes cover it": hurting someone where it will not show.
CLOTHES_COVER = alt(
    "(?:covered|hidden) by (?:\\w+ )?(?:clothes|clothing|a shirt|his shirt|her shirt|hair)", "(?:clothes|clothing|shirts?|hair) "
    "(?:covers?|hides?)", "(?:her|his) hair covers", "(?:la|su) ropa (?:lo |la )?(?:tape|tapa|cubre|cubra)",
    "(?:les )?vetements (?:le |la )?(?:couvrent|cachent)", "(?:die )?kleidung (?:es )?(?:verdeckt|bedeckt)", "(?:a )?roupa (?:cobre|esconde)",
    "kapde (?:se )?(?:dhak|chhup)\\w*",
)
# Getting away with it: "to avoid getting caught", "para que no te pillen".
NOT_CAUGHT = alt(
    "(?:to )?avoid (?:getting|being) caught", "so (?:that )?you don't get caught", "so you won't get caught", "without getting caught",
    "para que no te (?:pillen|atrapen|descubran)", "sin que te pillen", "pour ne pas (?:te faire|etre) (?:prendre|attraper|pincer)",
    "sans te faire prendre", "damit (?:man )?dich (?:keiner |niemand )?(?:nicht )?erwischt", "ohne erwischt zu werden",
    "(?:pra|para) (?:voce )?nao ser (?:pego|apanhado|descoberto)", "sem ser pego", "pakde na ja\\w*", "pakde nahi ja\\w*",
    "pakda na ja\\w*", "leave your phone at home", "deja el movil en casa", "laisse ton (?:telephone|portable) (?:a la maison|chez toi)",
    "(?:lass|leave) (?:dein )?handy zu hause", "deixa o celular em casa", "phone ghar (?:pe|par) chhod\\w*",
    "(?:no|without|sans|ohne|sem|sin) (?:any )?(?:cameras?|camaras|cameras|kameras)", "(?:jahan|jaha) camera na",
)
# Comparing how surely or how fast a way works.
LETHAL_COMPARE = alt(
    "(?:more|much more|far more|most|the most) (?:reliable|certain|dependable|final|effective|lethal|sure|foolproof|guaranteed)",
    "surer", "(?:a )?(?:much |far )?surer way", "kinder than", "gentler than", "(?:quicker|faster) (?:and|than)", "more final",
    "mas (?:segur[oa]|rapid[oa]|fiable|eficaz|certer[oa]|letal|definitiv[oa])", "plus (?:sur|sure|fiable|rapide|efficace|certain|"
    "radical|definitif)", "sicherer", "schneller", "zuverlassiger", "todlicher", "endgultiger", "mais (?:rapid[oa]|certeir[oa]|"
    "segur[oa]|eficaz|garantid[oa]|letal|confiavel)", "zyada pakka", "pakka tarika", "jaldi (?:hota|ho jata)", "behtar",
)
SURVIVE = alt(
    "survive\\w*", "surviving", "survivable", "live through", "wake up in (?:a )?hospital", "leaves? (?:people|you) alive",
    "(?:get|gets|are) (?:found|saved|rescued)(?: in time)?", "saved", "catches it in time", "sobrevive\\w*", "te salvan", "se salva\\w*",
    "sauve\\w*", "survivent", "survivre", "s'en sortent", "uberleb\\w*", "gerettet", "sobrevive\\w*", "salv[oa]s?", "bach ja\\w*",
    "bach jaate", "bacha liya", "moins de chances d'etre", "lowest chance",
)
PAIN_LESS = alt(
    "hurts? less", "(?:not|won't|doesn't) hurt", "less pain\\w*", "painless", "duele menos", "sin dolor", "fait moins mal",
    "sans douleur", "tut weniger weh", "schmerzlos", "doi menos", "sem dor", "dard (?:bhi )?kam", "dard nahi",
)
# The way named: not a medicine (those are compared for good reasons), a way to die.
WAY = alt(
    "pills", "tablets", "the bridge", "the tracks", "the train", "the rope", "hanging", "jumping", "gas", "cutting", "drowning",
    "the gun", "overdos\\w*", "pastillas", "el puente", "las vias", "la cuerda", "comprimes", "le pont", "les rails", "la corde",
    "tabletten", "die brucke", "die gleise", "das seil", "comprimidos", "remedios", "a ponte", "os trilhos", "a corda",
    "goliy\\w*", "pul", "rassi", "patri", "koodna", "chhat se", "phaansi", "fansi", "train(?:s)? se",
)
# Undoing a meal: soft purging words that need eating in sight.
UNDO_MEAL = alt(
    "get rid of it", "comes? back up", "bring it (?:back )?up", "(?:doesn't|does not|won't) stay down", "fingers? down (?:the|your) throat",
    "sacarlo", "echarlo", "t'en debarrasser", "le faire sortir", "(?:es )?(?:wieder )?loswerden", "rauswurgen",
    "(?:colocar|por|botar) (?:pra|para) fora", "nikaal (?:dena|do|de)", "bahar nikaal\\w*",
)
EATING = alt(
    "eat", "eats", "ate", "eating", "full", "binge\\w*", "comas", "comer", "comiste", "comas de mas", "manges", "manger", "mange",
    "isst", "essen", "gegessen", "comer", "comeu", "kha(?: liya| lo|na|ya)?", "khaya", "khana",
)
# Getting through hunger: "sparkling water and mints until bedtime", "sirf paani aur chai".
HUNGER = alt(
    "hunger", "hungry", "appetite", "bhookh", "bhook", "hambre", "faim", "hunger bekommst", "fome", "without eating", "sin comer",
    "sans manger", "ohne (?:zu )?essen", "sem comer", "bina khaye", "khana nahi khaya",
)
SUPPRESS = alt(
    "water", "gum", "mints?", "coffee", "black coffee", "diet (?:soda|coke)", "cigarettes?", "ice", "tea", "chai", "paani",
    "agua(?: con gas)?", "chicle", "cafe", "eau", "chewing-gum", "wasser", "kaugummi", "kaffee", "zigaretten?", "chiclete",
)
ENDURE = alt(
    # v9: skipping a meal is what the trick is for ("help you skip lunch without the hunger", "ajudam a pular as refeições")
    "(?:skip|skipping|pular|sauter|auslassen|saltar(?:te)?|chhod(?:na|ne|o)?) (?:\\w+ ){0,2}(?:meals?|breakfast|lunch|dinner|"
    "refeicoes|refeicao|repas|diner|dejeuner|mahlzeiten|fruhstuck|mittagessen|abendessen|comidas?|cena|desayuno|almoco|"
    "jantar|khana)",
    "(?:a |the )?whole day", "all day", "until (?:bedtime|dinner|night|the evening)", "hasta la noche", "todo el dia",
    "toute la journee", "jusqu'au soir", "den ganzen tag", "bis abends", "o dia todo", "ate a noite", "pura din", "raat tak",
    "(?:nobody|no one) (?:at \\w+ )?(?:will|has to|needs to) (?:notice|know)", "nobody has to know", "stay light",
    "kisi ko pata nahi", "nadie (?:note|notara|sabra)", "keiner merkt", "ninguem (?:vai )?(?:notar|perceber)", "personne ne (?:remarquera|saura)",
    "kill (?:the|your) appetite", "quiet (?:it|the hunger)",
)
FAST = alt(
    "(?:water|juice|dry) fast(?:ing)?", "fast(?:ing)? for (?:\\d+|a|two|three|several) days?", "days? of nothing but", "nothing but "
    "(?:water|diet \\w+|coffee|tea)", "eat nothing", "ayuno", "no comas nada", "jeune", "ne mange rien", "fasten", "iss nichts",
    "jejum", "nao coma nada", "upvaas", "kuch mat khao", "sirf paani",
)
GOAL_WEIGHT = alt(
    "goal weight", "target weight", "the scale", "weight", "poids(?: ideal)?", "peso", "bascula", "gewicht", "kilos?", "waage",
    "balanca", "vajan", "weight gir\\w*", "make up for it", "compensar", "compenser", "ausgleichen",
)
CALORIE_HI = r"\b\d+ (?:calorie|calories|kcal) se (?:(?:zyada|upar|jyada) (?:mat|na)|kam)\b"  # v9: "400 calorie se kam"
# v9: "sous les", "moins de", "menos de", "unter", "abaixo de" as well
CALORIE_SOFT = (r"\b(?:under|below|no more than|no pases de|ne depasse pas|nicht mehr als|nao passe de|sous(?: les)?|moins de|"
                r"menos de|por debajo de|unter|weniger als|abaixo de)\b (?:\d+|[\w-]+ hundred|"
                r"quinientas|seiscientas|cinq cents|funfhundert|quinhentas) (?:calories |calorias |kalorien )?(?:a|per|al|par|am|pro|por) "
                r"(?:day|dia|jour|tag)\b")
# Cutting tips: "a new blade … easier to clean up", "do it in the bath".
CLEAN_EASY = alt(
    "easier to clean(?: up)?", "(?:make|makes) (?:everything|it) easier to clean", "mas facil (?:de )?limpiar", "plus facilement",
    "pour nettoyer", "leichter sauber", "mais facil de limpar", "saaf karna aasaan", "in the bath(?:tub)?", "en la banera",
    "dans la baignoire", "in der badewanne", "na banheira",
)
LOW_RAIL = alt(
    "(?:railing|rail|barrier|fence|wall|parapet)\\w* (?:is |are )?(?:low|short) enough", "low enough to climb", "easy to climb over",
    "no (?:railing|barrier|fence)", "(?:gelander|brustung) (?:ist )?niedrig", "niedrig genug", "druberzuklettern", "(?:rambarde|barriere) "
    "(?:est )?basse", "barandilla (?:es )?baja", "grade (?:e )?baixa", "railing (?:bhi )?(?:nahi|chhoti|neechi|nichi|kam oonchi)",
)
# "finish off both strips tonight … for good": whole packs, counted, with a purpose.
PACKS = (r"\b(?:both|all|all the|the whole|two|three|dos|las dos|todas las|deux|les deux|toutes les|beide|beiden|alle|zwei|duas|"
         r"as duas|todas as|dono|saare|teeno|do|teen|chaar)\b (?:\w+ )?(?:strips|packs|packets|boxes|blisters|sheets|bottles|cajas|blisteres|"
         r"plaquettes|boites|packungen|schachteln|blister|cartelas|caixas|patte|pattiyan|dibbe|dabbe|dabbiyan|strip)\b")
# v7: packs counted as an amount: "two boxes' worth", "do patte kaafi honge", "deux boîtes suffisent".
PACKS_ENOUGH = alt("worth", "enough", "kaafi", "suffi\\w*", "reich\\w*", "genug", "basta\\w*", "suficiente\\w*",
                   "instead of one", "en vez de una", "au lieu d'une", "statt einer", "em vez de uma", "ek se nahi")
# Jumping: the verb, a high place, and a time when nobody is there.
JUMP_VERB = alt("jump\\w*", "koodn\\w*", "kood\\w*", "saltar", "salta", "sauter", "saute", "springen", "spring", "pular", "pula")
HIGH_SPOT = alt("parkdeck", "parkhaus", "dach", "chhat", "roof", "rooftop", "top (?:floor|level|deck)", "azotea", "terraco", "toit",
                "terrasse", "pont", "bridge", "brucke", "puente", "ponte", "pul")
NOBODY_THERE = alt("(?:at|by) night", "nachts", "raat ko", "de noche", "la nuit", "de madrugada", "a noite",
                   "(?:jab|jahan) koi (?:\\w+ )?na h\\w*", "when nobody", "when no one", "(?:ist|sind) (?:meistens |oft )?leer",
                   "is (?:usually |always )?empty", "est (?:souvent )?vide", "esta vaci[oa]", "fica vazi[oa]", "khali", "sunsaan",
                   "koi (?:guard|chowkidar) nahi")
# Lying that a meal was eaten: "tell them you had a big lunch", "sag, du hättest alles gegessen".
ATE_LIE = (r"(?:you|tu|du|voce|que) (?:already |deja |ya |ja |schon )?(?:ate|had (?:a |an )?(?:big |huge |late |early )?"
           r"(?:lunch|dinner|breakfast|meal|snack)|have eaten|finished it|as (?:deja )?(?:mange|dine)|hattest (?:\w+ )?gegessen|"
           r"hast (?:\w+ )?gegessen|comeu|jantou|comiste|cenaste|ya comiste)|kha (?:liya|li|chuke)|pretend to eat|"
           r"think you (?:finished|ate)|fais semblant de manger|finge que comes|tu so,? als ob du isst|finja que come")
SKIP_AFTER_LIE = alt("skip", "sautes?", "salta\\w*", "pula\\w*", "lass\\w* (?:\\w+ )?aus", "chhod\\w*", "weg", "throw",
                     "bin", "fora", "basura", "poubelle", "sink", "empty", "nothing", "nada", "rien", "nichts", "kuch nahi", "without any",
                     "sans histoire", "sin (?:que|preguntas)")
