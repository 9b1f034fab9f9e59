"""`concern_for_other`: the writer is worried about SOMEONE ELSE's suicide or self-harm risk and asks how to help.

"my friend said she wants to die, how do I help?" is not a crisis of the writer: the escalation reply
("I'm sorry you're in so much pain") answers the wrong person. Such a message gets a fixed "helping
someone" reply instead (`resources.concern_reply`: the same crisis lines and the emergency number, plus
how to help), and the crisis screen reports it as not crisis, category "concern_for_other".

Conservative and structural, in the six languages (en, es, fr, de, pt, Hinglish). All of these must hold:

1. the crisis screen flagged the message as suicidal ideation or self-harm only (no abuse, harm to
   others or immediate danger, no rule hit of those categories);
2. a third person is named as the one at risk ("my friend", "mi hermana", "mon pote", "meine Freundin",
   "minha amiga", "mera dost", ...) and the writer takes a helper's stance ("how do I help", "what do I
   do", "is it serious", "I'm worried about her", "wie kann ich ihr helfen", "uski help kaise karu", ...);
3. nothing acute: no now / tonight / goodbye / not answering / on the bridge / took pills / knife /
   plan ... (someone in danger right now stays on the crisis path, with the emergency number first);
4. no first-person risk anywhere: the writer's own wish to die, self-harm, "me too", "I want to join
   him", "we cut together", "better off without me", a method or amount;
5. the message with every sentence and clause about the third person removed screens clear: every
   rule match and the learned flag came from the third person's clauses.

v2 (`concern_for_other`) = these rules OR a learned 'helper' model (`concern_learned`: P(helper) over the
message's USE embedding, for a message meeting condition 1), used only when the shipped file says the rule written
before it kept it (`concern_training`). The first build (22:10 rule) was not kept: in sample it routed one red-team
crisis row away, so chat runs the rules alone (v1).

When in doubt the message stays a crisis. Patterns are matched on the rules' normalized text
(`rules.normalize`: lower case, chat spellings undone) without accents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from empathic.safety.normalize import strip_accents

CATEGORY = "concern_for_other"
# Screen categories the path may clear: the writer is not the one at risk of suicide or self-harm.
CLEARABLE = frozenset({"suicidal_ideation", "self_harm"})


@dataclass(frozen=True)
class Concern:
    """A worried-helper message: the reply `language` and why (`reasons`)."""

    language: str
    reasons: tuple[str, ...] = ()


def _plain(text: str) -> str:
    from empathic.safety.rules import normalize

    return strip_accents(normalize(text)).replace("ß", "ss")


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts))


# ---------------------------------------------------------------------------------------------
# 2. Who is at risk: a third person named by the writer

_PEOPLE_EN = (
    r"friends?|buddy|mate|pal|bestie|bff|bf|gf|sister|brother|sis|bro|sibling|mom|mum|mother|mama|dad|father|papa|"
    r"parents?|son|daughter|kid|child|teen|teenager|partner|boyfriend|girlfriend|husband|wife|fiancee?|spouse|"
    r"coworker|co-worker|colleague|student|pupil|roommate|flatmate|housemate|classmate|teammate|cousin|niece|"
    r"nephew|aunt|auntie|uncle|grandma|grandpa|grandmother|grandfather|neighbou?r|ex|client|employee|"
    r"stepdaughter|stepson|stepsister|stepbrother"
)
_NOUNS = {
    "es": r"amig[oa]s?|herman[oa]|madre|mama|padre|papa|hij[oa]|novi[oa]|pareja|espos[oa]|marido|mujer|"
          r"companer[oa]|compa|prim[oa]|alumn[oa]|estudiante|colega|ti[oa]|abuel[oa]|sobrin[oa]|vecin[oa]|cunad[oa]",
    "fr": r"amie?|pote|copain|copine|frere|soeur|mere|pere|maman|papa|fils|fille|mari|femme|coloc|colocataire|"
          r"collegue|cousine?|eleve|etudiante?|meilleure? amie?|conjointe?|partenaire|ado|voisine?|niece|neveu",
    "de": r"freund(?:in)?|kumpel|bruder|schwester|mutter|mama|vater|papa|sohn|tochter|kind|partner(?:in)?|mann|frau|"
          r"kolleg(?:e|in)|mitbewohner(?:in)?|schuler(?:in)?|cousin|cousine|nachbar(?:in)?|nichte|neffe|"
          r"beste freundin|bester freund|bekannte[rn]?",
    "pt": r"amig[oa]|irma|irmao|mae|pai|filh[oa]|namorad[oa]|marido|esposa|mulher|parceir[oa]|colega|prim[oa]|"
          r"alun[oa]|companheir[oa]|sobrinh[oa]|vizinh[oa]|melhor amig[oa]|tia|tio|cunhad[oa]",
    "hi": r"dost|bhai|bhaiya|behen|bahan|didi|maa|mummy|mom|papa|beta|beti|bf|gf|boyfriend|girlfriend|pati|patni|biwi|"
          r"colleague|roommate|cousin|saheli|friend|sister|brother",
}
THIRD_PARTY = _rx(
    rf"\b(?:my|our|a|one of my)\s+(?:(?:best|close|little|younger|older|big|baby|teenage|\d+\s*(?:yo|year old)|"
    rf"[a-z]+'s)\s+)?(?:{_PEOPLE_EN})\b",
    r"\bsomeone (?:i know|close to me|i care about|i love)\b",
    rf"\b(?:mi|mis|una|un)\s+(?:mejor\s+)?(?:{_NOUNS['es']})\b",
    rf"\b(?:mon|ma|mes|une|un)\s+(?:meilleure?\s+|petite?\s+|grande?\s+)?(?:{_NOUNS['fr']})\b",
    rf"\b(?:mein|meine|meinem|meiner|meinen|eine|ein|einer)\s+(?:beste[rn]?\s+|kleine[rn]?\s+|grosse[rn]?\s+)?(?:{_NOUNS['de']})\b",
    rf"\b(?:meu|minha|meus|minhas|uma|um)\s+(?:melhor\s+)?(?:{_NOUNS['pt']})\b",
    rf"\b(?:mera|meri|mere|ek|hamara|hamari)\s+(?:best\s+|chhota\s+|chhoti\s+|badi\s+|bada\s+)?(?:{_NOUNS['hi']})\b",
)

# ---------------------------------------------------------------------------------------------
# 2. The writer's stance: how to help, what to do, is it serious, worried about them

HELPER = _rx(
    # en
    r"\bhow (?:do|can|should|could|would) (?:i|we) (?:help|support|talk|tell|know|approach|reach|get|handle|bring|"
    r"respond|reply|ask|be there|check|start|say|make sure|encourage|convince|find)\b",
    r"\bwhat (?:do|can|should|could) (?:i|we) (?:do|say|tell|ask)\b|\bwhat (?:to|should i) (?:do|say)\b",
    r"\bis (?:it|this|that|he|she|they) (?:serious|for real|real)\b|\bhow serious\b|\btake (?:it|this|that) seriously\b",
    r"\bshould i (?:tell|say|ask|call|worry|be worried|talk|report|get|contact|text|reach out|intervene|do)\b",
    r"\b(?:i'm|i am|im) (?:so |really |very |super |kind of |a bit )?(?:worried|scared|concerned|afraid|terrified|"
    r"freaking out) (?:about|for)\b",
    r"\bworried (?:about|for) (?:him|her|them)\b",
    r"\bi (?:don't|do not) know (?:how to (?:help|support|talk|handle|respond)|what to (?:do|say))\b",
    r"\b(?:any )?advice\b|\bhow to (?:help|support|talk to|approach|respond)\b|\bhow can i be there\b",
    r"\bwhere (?:can|do|should) (?:i|we|they|he|she) (?:get|find|go for) (?:help|support)\b",
    # es
    r"\bcomo (?:la |lo |le |les )?(?:puedo|podria|debo|deberia) (?:ayudar|apoyar|hablar)\b|\bcomo (?:la |lo |le )?ayudo\b",
    r"\bque (?:hago|puedo hacer|debo hacer|le digo|deberia hacer)\b|\bcomo (?:le )?hablo\b",
    r"\b(?:estoy|me tiene) (?:muy )?preocupad[oa]\b|\bme preocupa\b|\bcomo (?:se|saber) si (?:es|va|lo dice) en serio\b",
    r"\bcomo ayudarl[aoe]s?\b|\bcomo apoyarl[aoe]s?\b",
    # fr
    r"\bcomment (?:je (?:peux|pourrais|dois) |puis-je |pourrais-je )?(?:l'|lui |les )?(?:aider|soutenir|parler|reagir|savoir)\b",
    r"\bje fais quoi\b|\bque faire\b|\bqu'est-ce que je (?:fais|peux faire|dois faire|lui dis)\b",
    r"\bje m'inquiete pour\b|\b(?:je suis )?(?:tres )?inquiete? pour\b|\bj'ai peur pour (?:lui|elle|eux)\b",
    r"\bc'est serieux\b",
    # de
    r"\bwie kann ich (?:ihm|ihr|ihnen|da)? ?(?:helfen|unterstutzen|beistehen)\b|\bwie helfe ich\b",
    r"\bwas (?:soll|kann) ich (?:tun|machen|sagen)\b|\bwie (?:spreche|rede) ich\b|\bwie erkenne ich\b",
    r"\b(?:ich mache|mache) mir (?:grosse |solche )?sorgen\b|\bsorgen um (?:ihn|sie)\b|\bist das ernst\b|\bernst gemeint\b",
    # pt
    r"\bcomo (?:eu )?(?:ajudo|posso ajudar|ajudar|apoio|posso apoiar|falo|converso|devo)\b",
    r"\bo que (?:eu )?(?:faco|posso fazer|devo fazer|digo|falo)\b",
    r"\b(?:estou|to|ta|fico) (?:muito |mt )?preocupad[oa]\b|\bcomo saber se (?:e|eh) serio\b",
    # hi
    r"\b(?:help|madad|madat|support) kaise (?:karu|karun|karoon|karoo|kare|karein|karen|kar sakta|kar sakti|kar sakte)\b",
    r"\bkaise (?:help|madad|samjhau|samjhaun|baat karu|baat karun|baat karoon|pata karu|pata karun)\b",
    r"\b(?:main |mai )?kya karu(?:n|on)?\b|\b(?:uski|unki|uska|usko) (?:help|madad)\b",
    r"\b(?:fikar|fikr|chinta|tension|dar) (?:ho rahi|lag raha|lag rahi|hai)\b|\bserious hai kya\b|\bkya ye serious\b",
)

# ---------------------------------------------------------------------------------------------
# 3. Acute: someone in danger now, a goodbye, a method at hand. These stay on the crisis path.

ACUTE = _rx(
    # en
    r"\b(?:right )?now\b|\btonight\b|\bthis (?:minute|second)\b|\bat the moment\b|\bcurrently\b",
    r"\bjust (?:took|texted|sent|said|left|called|posted|messaged|wrote|tried|cut|swallowed)\b",
    r"\bgood ?bye\b|\bfarewell\b|\bnote\b|\bthank(?:s| you) for everything\b|\bgave (?:away|me) (?:his|her|their)\b",
    r"\b(?:not|isn't|won't|doesn't|hasn't been|stopped) (?:answering|responding|picking up|replying|answer|respond|pick up|reply)\b",
    r"\bcan't (?:reach|find|wake)\b|\bmissing\b|\blocked (?:himself|herself|themselves)\b|\blocked in\b",
    r"\bbridge\b|\broof\b|\bledge\b|\brailing\b|\bjump|\bpills?\b|\btablets?\b|\boverdos|\bswallow|\bknife\b|"
    r"\brazor\b|\bblade\b|\bgun\b|\bweapon\b|\brope\b|\bnoose\b|\bbleeding\b|\bblood\b|\bhospital\b|\bambulance\b",
    r"\bplan(?:s|ned|ning)?\b|\bbought\b|\bpromise(?:d)? not to tell\b|\bin (?:his|her|their) room\b|\blethal\b|"
    r"\bhow (?:many|much)\b|\bdose\b|\bwill do it\b|\bgoing to do it\b|\bcountdown\b|\bdeadline\b",
    # es
    r"\bahora\b|\bahorita\b|\besta noche\b|\badios\b|\bdespedi|\bnota\b|\bcarta\b|\bno (?:me )?(?:contesta|responde)\b|"
    r"\bencerr|\bpuente\b|\bazotea\b|\btecho\b|\bsaltar\b|\bpastillas\b|\bse tomo\b|\bcuchillo\b|\bnavaja\b|"
    r"\bpistola\b|\bcuerda\b|\bsangr|\bhospital\b|\bplan\b|\bya lo intento\b",
    # fr
    r"\bmaintenant\b|\bce soir\b|\btout de suite\b|\ben ce moment\b|\badieu\b|\bau revoir\b|\blettre\b|"
    r"\brepond (?:pas|plus)\b|\benferme|\bpont\b|\btoit\b|\bsauter\b|\bcachets\b|\bmedicaments\b|\bcomprimes\b|"
    r"\bavale\b|\bcouteau\b|\blame\b|\barme\b|\bcorde\b|\bsang\b|\bhopital\b|\bdeja essaye\b",
    # de
    r"\bjetzt\b|\bgerade\b|\bheute (?:nacht|abend)\b|\bsofort\b|\babschied|\bverabschied|\bbrief\b|"
    r"\b(?:antwortet|reagiert) nicht\b|\bgeht nicht (?:mehr )?ran\b|\beingeschlossen\b|\bbrucke\b|\bdach\b|"
    r"\bspringen\b|\btabletten\b|\bpillen\b|\bgeschluckt\b|\bmesser\b|\bklinge\b|\bwaffe\b|\bstrick\b|\bseil\b|"
    r"\bblut\b|\bkrankenhaus\b|\bschon mal versucht\b",
    # pt
    r"\bagora\b|\bhoje a noite\b|\besta noite\b|\badeus\b|\bdespedi|\bbilhete\b|\bnao (?:me )?(?:atende|responde)\b|"
    r"\btranc|\bponte\b|\btelhado\b|\bpular\b|\bremedios\b|\bcomprimidos\b|\bpilulas\b|\btomou\b|\bfaca\b|"
    r"\blamina\b|\barma\b|\bcorda\b|\bsangue\b|\bplano\b|\bja tentou\b",
    # hi
    r"\babhi\b|\baaj raat\b|\bturant\b|\balvida\b|\bchitthi\b|\bphone nahi utha|\bjawab nahi\b|\bband kar\b|"
    r"\bpul\b|\bchhat\b|\bkood\b|\bgoliy|\bgoli\b|\bkha li\b|\bchaku\b|\bchaakoo\b|\brassi\b|\bkhoon\b|\bpehle bhi\b",
)

# ---------------------------------------------------------------------------------------------
# 4. The writer's own risk

_BLOCK = (
    # someone else is the subject from here on: "me she's", "m'a dit qu'il", "hat gesagt sie", "bol raha tha ki wo"
    r"he|she|they|him|her|them|his|their|he's|she's|they're|he'd|she'd|they'll|he'll|she'll|himself|herself|"
    r"themselves|el|ella|ellos|ellas|dijo|dice|quiere|esta|tiene|escribio|mando|conto|il|elle|ils|elles|qu'il|"
    r"qu'elle|lui|veut|voulait|dit|er|sie|ihm|ihn|hat|schrieb|geschrieben|gesagt|sagt|ele|ela|eles|elas|disse|diz|"
    r"quer|falou|escreveu|wo|woh|vo|usne|uski|uska|use|usko|unhone|unki|unka|bol|bola|boli|bolta|bolti|keh|kaha|"
    rf"{_PEOPLE_EN}|{_NOUNS['es']}|{_NOUNS['fr']}|{_NOUNS['de']}|{_NOUNS['pt']}|{_NOUNS['hi']}"
)
# The writer (first person, any of the six languages) ... a risk word, with nobody else named in between.
_ME = (r"\b(?:i|i'm|i am|i've|i have|i'd|i'll|i was|me|my|we|us|our|yo|mi|conmigo|nosotr[oa]s|nos|je|moi|nous|"
       r"ich|mich|mir|wir|uns|eu|mim|comigo|a gente|main|mai|mujhe|mujhko|mera|meri|mere|hum|humne|hame|hamein|"
       r"maine)\b|\b[jm]'")
_RISK = (
    r"die|dying|dead|death|kill\w*|suicid\w*|end (?:it|my|things|everything|this)|cut|cutting|cuts|hurt|hurting|"
    r"harm|harming|overdos\w*|live|living|alive|exist|disappear|gone|give up|hopeless|worthless|wake up|be here|"
    r"relapse\w*|morir\w*|muert\w*|matar\w*|cort\w*|dano|vivir|desaparecer|acabar|mourir|morte?|mort|tuer|"
    r"scarifi\w*|couper|vivre|disparaitre|en finir|sterben|tot|umbringen|toten|ritz\w*|schneid\w*|leben|"
    r"verschwinden|morrer|matar|viver|sumir|marna|mar|maru|marun|marunga|marungi|khatam|jeena|jina|zinda|kaat\w*"
)
FIRST_PERSON_RISK = _rx(
    rf"(?:{_ME})(?:(?!\b(?:{_BLOCK})\b)[^.!?\n]){{0,40}}?\b(?:{_RISK})\b",
    # en
    r"\bme (?:too|as well|neither|either)\b|\bsame here\b|\bi (?:also|too)\b|\bso (?:am|do|have|was|did) i\b|"
    r"\b(?:i|i'm|i am|i do|i have|i've|i feel|i was|i did)(?: \w+)?(?: too| as well| either)\b|\bi feel the same\b|\bdo the same\b|"
    r"\bsame thing\b|\blike (?:him|her|them|he did|she did|they did)\b|\bwithout (?:me|us)\b|"
    r"\b(?:i|we)(?:'d| would|'ll| will)(?: all)? be better off\b|\bmyself\b|"
    r"\bourselves\b|\btogether\b|\bboth of us\b|\bwe (?:both|all|each)\b|\bwe(?:'ve|'re| have| had| were| are| did| "
    r"want| talked| plan| made| took| tried| cut| hurt| agreed| will| would| should| could| might)\b|"
    r"\b(?:join|follow|go with|be with|see) (?:him|her|them)\b(?! (?:to|at|for|and|in|on|tomorrow|later|this))|"
    r"\bmy (?:own )?(?:life|death|funeral|suicide|note|pills|cuts?|scars?|plan|grave)\b|\bi'?m (?:a )?(?:burden|next)\b|"
    r"\bi (?:can't|cannot|can not) (?:go on|do this|take (?:it|this)|cope|live|keep going)\b",
    # es
    r"\b(?:quiero|quisiera|pienso|pense|tengo ganas de|voy a|me voy a|deseo) (?:\w+ )?(?:morir|matarme|suicidarme|"
    r"cortarme|desaparecer|irme|hacerme dano|seguirl[oa]|acompanarl[oa])\b|\btambien\b|\bjunt[oa]s\b|\bsin mi\b|"
    r"\byo igual\b|\bigual que (?:el|ella)\b|\bmi (?:vida|muerte|suicidio)\b|\bno quiero vivir\b",
    # fr
    r"\bmoi aussi\b|\bmoi non plus\b|\baussi\b|\bensemble\b|\bsans moi\b|\bma (?:vie|mort)\b|\bje me (?:coupe|scarifie)\b|"
    r"\brejoindre\b",
    # de
    r"\bich auch\b|\bauch (?:ich|mich|mir)\b|\b(?:ich|mich|mir)\b[^.!?\n]{0,30}\bauch\b|\bzusammen\b|\bgemeinsam\b|"
    r"\bohne mich\b|\bmein (?:leben|tod)\b|\bfolgen\b",
    # pt
    r"\btambem\b|\bjunt[oa]s?\b|\bsem mim\b|\bminha (?:vida|morte)\b|\beu quero (?:morrer|me matar|sumir)\b|"
    r"\bir com (?:ele|ela)\b",
    # hi
    r"\bmain bhi\b|\bmujhe bhi\b|\bmai bhi\b|\bhum bhi\b|\bsaath mein\b|\bsath mein\b|\bmere bina\b|\bhum dono\b",
)

# ---------------------------------------------------------------------------------------------
# 5. Clauses about the third person, removed before the re-screen

_SENTENCES = re.compile(r"[.!?;\n]+")
# "that", "que", "dass", "ki" do not split: what someone said ("she said that ...") stays with them.
_CLAUSES = re.compile(r",|\b(?:and|but|because|cause|if|y|pero|porque|si|et|mais|parce que|und|aber|weil|ob|mas|aur|"
                      r"lekin|kyunki|toh)\b")
THIRD_SUBJECT = _rx(
    THIRD_PARTY.pattern,
    r"\b(?:he|she|they|he's|she's|they're|he'd|she'd|they'd|he'll|she'll|they'll|him|her|them|himself|herself|"
    r"themselves|themself|his|their)\b",
    r"\b(?:el|ella|ellos|ellas)\b|\b(?:dijo|dice|quiere|escribio|conto|mando)\b",
    r"\b(?:il|elle|ils|elles|lui|s')\b|\b(?:a dit|veut|voulait|a ecrit)\b",
    r"\b(?:er|sie|ihm|ihr|ihn|sich)\b|\b(?:hat gesagt|hat geschrieben|sagt)\b",
    r"\b(?:ele|ela|eles|elas)\b|\b(?:disse|diz|quer|falou|escreveu)\b",
    r"\b(?:wo|woh|vo|usne|uski|uska|use|usko|unhone|unki|unka)\b|\b(?:bol raha|bol rahi|keh raha|keh rahi|kaha)\b",
)


def _remainder(text: str) -> str:
    """The message without its clauses about the third person."""
    kept = []
    for sentence in _SENTENCES.split(text):
        if not THIRD_SUBJECT.search(sentence):
            kept.append(sentence.strip())
            continue
        kept += [c.strip() for c in _CLAUSES.split(sentence) if c and c.strip() and not THIRD_SUBJECT.search(c)]
    return ". ".join(k for k in kept if k)


def clearable(text: str, category: str | None = None) -> bool:
    """Condition 1: the screen's category (when known) and every unexplained rule hit are suicidal ideation or
    self-harm only."""
    from empathic.safety.rules import rule_hits

    if category is not None and category not in CLEARABLE:
        return False
    return not any(h.suppressed_by is None and h.pattern.category not in CLEARABLE for h in rule_hits(text))


def concern_by_rules(text: str, *, second_opinion=None, category: str | None = None) -> Concern | None:
    """v1: conditions 1-5 above (rules only)."""
    from empathic.safety.lang import detect_language

    if not clearable(text, category):
        return None
    t = _plain(text)
    who, stance = THIRD_PARTY.search(t), HELPER.search(t)
    if who is None or stance is None:
        return None
    if ACUTE.search(t) or FIRST_PERSON_RISK.search(t):
        return None
    # The helper's own question ("what do I do", "main kya karu") is the stance this path requires, not risk.
    rest = _remainder(HELPER.sub(" ", t))
    if rest:
        from empathic.safety.screening import screen_user_message

        again = screen_user_message(rest, second_opinion=second_opinion, concern=False)
        if again.crisis:
            return None
    return Concern(detect_language(text), (f"concern_for_other: {who.group(0)!r} + {stance.group(0)!r}",))


_SHIPPED = object()


def concern_for_other(text: str, *, second_opinion=None, category: str | None = None,
                      model=_SHIPPED) -> Concern | None:
    """A `Concern` when `text` is a worried helper asking about someone else's suicide or self-harm risk, else None.

    v2 = v1's rules (`concern_by_rules`, see the module docstring) OR, for a message that meets condition 1, the
    learned part (`concern_learned`: P(helper) over the message's USE embedding >= the shipped threshold). Call it
    only for a message the crisis screen flagged. `second_opinion` is the crisis screen's (the re-screen of the
    message without the third person's clauses uses it too); `category` is the screen's category, when known;
    `model` is the learned part (default: the shipped one when kept; None: v1 only)."""
    found = concern_by_rules(text, second_opinion=second_opinion, category=category)
    if found is not None:
        return found
    from empathic.safety import concern_learned

    if model is _SHIPPED:
        model = concern_learned.shipped_model()
    if model is None or not clearable(text, category):
        return None
    helper, p = concern_learned.is_helper(text, model)
    if not helper:
        return None
    from empathic.safety.lang import detect_language

    return Concern(detect_language(text), (f"concern_for_other: learned P(helper) {p:.3f}",))
