"""The English crisis pattern table: each pattern has a category, a weight and its context rules.

Matching (normalisation, clauses, negation/past/idiom checks, scoring) lives in `rules.py`; the
other languages' table is in `patterns_intl.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CATEGORIES = ("suicidal_ideation", "self_harm", "harm_to_others", "abuse", "immediate_danger")
THRESHOLD = 0.5

PEOPLE = (
    r"(?:him|her|them|you|someone|somebody|anyone|anybody|people|everyone|everybody|"
    r"(?:my|his|her|our|the|that|those|these|this) (?:[\w']+ )?(?:husband|wife|partner|boyfriend|girlfriend|"
    r"bf|gf|dad|father|mom|mum|mother|step\s?dad|step\s?father|step\s?mom|step\s?mother|stepfather|"
    r"stepdad|stepmom|stepmother|brother|sister|son|daughter|baby|kid|kids|child|children|boss|"
    r"coworker|co-worker|colleague|manager|teacher|roommate|flatmate|neighbou?r|ex|friend|classmates?|"
    r"guy|girl|man|woman|family|parents|uncle|aunt|cousin|people|students|kids)(?:s|'s|s')?)(?!\w)"
)
ABUSER = (
    r"(?:he|she|they|(?:my|a|an|the|our) (?:[\w']+ )?(?:husband|wife|partner|boyfriend|girlfriend|bf|gf|ex|dad|father|mom|"
    r"mum|mother|stepdad|step\s?dad|stepfather|step\s?father|stepmom|step\s?mom|stepmother|uncle|aunt|"
    r"brother|sister|grandpa|grandfather|grandma|cousin|coach|teacher|boss|carer|caretaker|landlord|"
    r"fianc[ée]e?|parents?|family)|(?:mum|mom|dad))(?!\w)"
)
PILLS = (
    r"(?:pills?|tablets?|meds|medications?|medicine|capsules|paracetamol|tylenol|acetaminophen|"
    r"ibuprofen|advil|aspirin|antidepressants?|sleeping (?:pills|tablets)|insulin|xanax|valium|"
    r"oxy\w*|opioids?|painkillers?|sertraline|prozac|lithium)"
)
FIRST = r"(?:i|i'm|i am|i've|i have|i'd|i'll|i will|i was)"


@dataclass(frozen=True)
class Pattern:
    name: str
    category: str
    weight: float
    regex: re.Pattern[str]
    # Where a negation cue cancels the match: "window" = the few words before it or inside it
    # ("i don't self-harm"); "before" = only before it, for patterns whose own words include
    # "never"/"without"/"won't" ("better off without me"); "none" = patterns that start with their
    # own negation ("don't want to live"), where a cue before it is emphasis, not denial.
    negation: str = "window"
    # False for patterns whose past tense is still urgent (abuse last night, an overdose an hour ago).
    past_suppressible: bool = True
    # Language of the wording; non-English patterns use their own language's negation words.
    lang: str = "en"


def _p(name: str, category: str, weight: float, regex: str, *, negation: str = "window",
       past: bool = True, lang: str = "en") -> Pattern:
    return Pattern(name, category, weight, re.compile(regex), negation, past, lang)


SI, SH, HO, AB, ID = CATEGORIES

PATTERNS: list[Pattern] = [
    # ---- suicidal ideation: direct
    _p("kill_myself", SI, 0.9, r"\b(?:kill|killing|shoot|shooting|hang|hanging|drown|drowning|poison|"
       r"poisoning|off) myself\b"),
    _p("end_my_life", SI, 0.9, r"\b(?:end|ending|take|taking) my (?:own )?life\b"),
    _p("want_to_die", SI, 0.9, r"\bpart of me (?:[\w']+ )?wants to die\b|\b(?:want|wanted|wanting|going|ready|wish|need|deserve|plan|planning|"
       r"decided|like) to die\b|\bwant to be dead\b|\bi(?:'d| would) rather (?:be dead|die)\b"),
    _p("wish_dead", SI, 0.85, r"\bwish (?:i (?:was|were) dead|i(?:'d| had)? never been born|i (?:was|were)n't "
       r"born|i (?:was|were) never born|i didn't exist|i could just die|i would die|i could die)\b", negation="before"),
    _p("suicide_intent", SI, 0.9, r"\b(?:want|going|plan|planning|ready|decided|about|try|trying|tried|"
       r"like|i'll|i will|i might|i could|i'm|i am|i|of|on) (?:to )?(?:commit|committing|attempt|attempting)"
       r" suicide\b|\b(?:plan|planning|planned|planned out) (?:my|a|out my) suicide\b|"
       r"\b(?:think|thinking|thought|thoughts|obsessing|fantasi[sz]ing|considering|contemplating|plan|"
       r"planning|decided on) (?:about |of |on )?suicide\b"),
    _p("suicidal", SI, 0.85, rf"\b{FIRST} (?:[\w']+ ){{0,2}}?suicidal\b|\bfeel(?:ing|s)? (?:[\w']+ )?suicidal\b|"
       r"\b(?:having|have|had|get|getting|got) (?:[\w']+ )?suicidal (?:thoughts|feelings|urges)\b"),
    _p("end_it_all", SI, 0.85, r"\b(?:end|ending|finish|finishing) it all\b"),
    _p("end_it", SI, 0.8, r"\b(?:want|wanted|going|gonna|ready|plan|planning|decided|need|needs|about|"
       r"have|time|way) to (?:just )?end (?:it|things|everything)\b(?!\s+(?:with|between|off|here|early|"
       r"for (?:him|her|them|us))\b)|\b(?:think|thinking|thought) (?:about|of) ending (?:it|things|"
       r"everything)\b(?!\s+with\b)|\bi(?:'ll| will) end (?:it|things)\b(?!\s+with\b)"),
    _p("overdose_intent", SI, 0.85, r"\b(?:going|want|wanted|plan|planning|ready|decided|think|thinking|"
       r"thought) (?:to|about|of) (?:take an |taking an )?overdos(?:e|ing)\b"),
    _p("no_live", SI, 0.85, r"\b(?:don't|do not|no longer|never) (?:want|wish|plan) to (?:live|be alive|"
       r"exist|be here|be around|wake up|go on|keep going|keep living)\b", negation="none"),
    _p("not_planning_to_be_here", SI, 0.8, r"\b(?:don't|do not|not|won't) (?:plan|planning|intend|intending|"
       r"expect|expecting|going) (?:on |to )?(?:be|being|still be) (?:here|around|alive)\b", negation="none"),
    _p("done_living", SI, 0.85, r"\b(?:done|finished|tired|sick) (?:of |with )?(?:living|being alive|"
       r"life itself|existing)\b|\b(?:want|wanna|need) to stop (?:existing|living|being alive)\b|"
       r"\bliving is (?:just )?(?:too|so) (?:painful|hard|much)\b"),
    # ---- suicidal ideation: indirect
    _p("better_off_without_me", SI, 0.85, r"\bbetter (?:off|place) (?:[\w']+ ){0,3}?without me\b(?!\s+(?:on|at|for|while|during|this|next|"
       r"today|tonight|around)\b)|"
       r"\b(?:be|feel) (?:better off|happier|relieved|fine|okay) if i (?:killed myself|died|was dead|were "
       r"dead|was gone|were gone|disappeared|wasn't here|wasn't around)\b|"
       r"\bbetter off (?:if i (?:was|were|wasn't|weren't) (?:[\w']+ )?(?:around|here|gone|dead|alive|born)|"
       r"dead)\b|\b(?:be|feel) (?:relieved|happier|better) when i'm gone\b", negation="before"),
    _p("easier_without_me", SI, 0.75, r"\b(?:easier|better|happier|fine|okay|ok|simpler|lighter) (?:for "
       r"(?:everyone|everybody|them|you|my (?:[\w']+ )?(?:family|kids|parents|wife|husband|partner|friends))"
       r" )?(?:if|when|once) i (?:just )?(?:wasn't|weren't|was not|were not|am not|was gone|were gone|"
       r"died|disappeared|didn't exist|was dead|stopped existing)\b|\b(?:be|are|'d be|would be) "
       r"(?:fine|okay|ok|better|happier) without me\b(?!\s+(?:for|while|at|on|this|next|today|tonight)\b)",
       negation="before"),
    _p("made_peace", SI, 0.6, r"\bmade (?:my )?peace\b|\baffairs in order\b|\bready (?:for it|for "
       r"everything|for this|for life) to (?:be over|end|stop)\b"),
    _p("wish_harm_befall", SI, 0.8, r"\b(?:wish|wishing|hope|hoping|pray|praying) (?:that )?(?:a |the )?"
       r"(?:car|bus|truck|train|lorry|plane|something|someone|lightning|cancer|an accident) would "
       r"(?:hit|kill|end|take) me\b|\b(?:wish|wishing|hope|hoping|pray|praying) (?:that )?i (?:get|got|am|"
       r"'m|would get|could get) (?:hit|run over|killed|struck) by\b"),
    _p("when_im_gone", SI, 0.7, r"\b(?:after|once|when) i'm (?:gone|dead|not here|not around)\b(?!\s+(?:on|for|to)\b)", negation="before"),
    _p("giving_away", SI, 0.7, r"\bgiv(?:ing|en|e) away (?:all )?(?:of )?my (?:things|stuff|possessions|"
       r"belongings|everything)\b|\bgave away (?:all )?(?:of )?my (?:things|stuff|possessions|belongings)\b"),
    _p("wont_need", SI, 0.8, r"\bwon't (?:need|be needing) (?:them|it|this|that|these|those|anything|"
       r"any of (?:it|this|them)) (?:where i'm going|anymore|much longer|after)\b", negation="before"),
    _p("not_around_much_longer", SI, 0.8, r"\b(?:won't|will not|not going to|am not going to) be (?:a (?:burden|problem|bother)|around|here|alive)"
       r"(?: for (?:anyone|you|anybody|everyone|them|much|long))?(?: much)? (?:longer|long|soon|anymore|"
       r"tomorrow|for long)\b|\bi won't be here\b", negation="none"),
    _p("burden_everyone", SI, 0.6, r"\b(?:i'm|i am|i'm just|being) a burden (?:to|on|for) (?:everyone|"
       r"everybody|my family|all of (?:you|them)|the people)\b"),
    _p("fix_permanently", SI, 0.6, r"\b(?:fix|solve|end|stop) (?:that|this|it|everything|the pain|it all)"
       r" (?:permanently|forever|for good)\b|\bdisappear(?:ing|ed)? (?:forever|for good|permanently)\b|"
       r"\b(?:the pain|it all|everything|it|this) to (?:stop|end) (?:permanently|forever|for good)\b"),
    _p("sleep_not_wake", SI, 0.85, r"\b(?:sleep|asleep) and (?:never|not) wake up\b|\bnever wake up\b|"
       r"\b(?:hope|hoping|wish|praying|pray) (?:that )?i (?:don't|won't|never|do not|will not) wake up\b|"
       r"\b(?:go to |fall )?(?:sleep|asleep) forever\b|\beternal sleep\b|\b(?:won't|don't think i'll|not going "
       r"to|doubt i'll) (?:be alive|still be here|be around|make it) (?:by|for|much|next|tomorrow|in|past|"
       r"through|to see)\b|\bmake sure (?:that )?i (?:don't|won't|do not|will not|never) (?:survive|wake up|"
       r"live|come back)\b|"
       r"\bwish i (?:wouldn't|won't|didn't|would never) wake up\b", negation="none"),
    _p("nothing_to_live_for", SI, 0.85, r"\bnothing (?:left )?to live for\b|\bno (?:reason|point|purpose) "
       r"(?:to|in|for) (?:live|living|go on|going on|keep going|keep living|carry on|carrying on|be alive|"
       r"being alive|stay alive|staying alive)\b|\b(?:see|have|find) (?:a |any )?reason to (?:keep )?"
       r"(?:live|living|go on|stay alive)\b|\bwhat's the point (?:of|in) (?:living|life|going on|being "
       r"alive|staying alive)\b|\blife (?:isn't|is not|isn't even|is no longer) worth (?:living|it)\b|"
       r"\b(?:don't|do not|can't|cannot) (?:see|find) (?:the|a|any) point (?:in|of) (?:living|life|going on|"
       r"being alive|staying alive|carrying on)\b|"
       r"\bno point (?:in )?(?:going on|living|carrying on)\b", negation="none"),
    _p("cant_go_on", SI, 0.45, r"\bcan't (?:go on|keep going|do this anymore|take (?:it|this) anymore|"
       r"keep living)\b", negation="none"),
    _p("nobody_would_miss", SI, 0.75, r"\b(?:no ?one|nobody) would (?:even )?(?:miss|notice|care)"
       r"(?: me)?(?: if i (?:was|were|am|disappeared|died|left|was gone|wasn't here|killed))?", negation="none"),
    _p("goodbye", SI, 0.75, r"\b(?:suicide|goodbye) (?:note|letter)s?\b|\b(?:note|letters?) (?:[\w']+ ){0,4}?"
       r"(?:saying goodbye|to find after)\b|\bsaying goodbye to (?:everyone|everybody|my family|all of "
       r"you|you all|the world)\b|\bthis is (?:my )?(?:goodbye|last message)\b|\blast time you(?:'ll| will) "
       r"(?:ever )?hear from me\b|\bgoodbye forever\b"),
    _p("dont_want_to_exist", SI, 0.8, r"\b(?:don't|do not) want to (?:be )?(?:here|around|exist|alive|on "
       r"this (?:earth|planet)|in this world)"
       r"(?: anymore| any more| any longer)?\b", negation="none"),
    _p("not_sure_live", SI, 0.8, r"\bnot sure (?:if |whether |that )?i (?:want|need) to (?:live|be alive|"
       r"be here|go on|keep going|keep living|wake up)\b", negation="none"),
    _p("dwell_on_death", SI, 0.6, r"\b(?:think|thinking|thought|dream|dreaming|fantasi[sz]e|fantasi[sz]ing|"
       r"imagine|imagining|obsess|obsessing) (?:[\w']+ ){0,2}?(?:about |of )?(?:dying|being dead|my (?:own )?"
       r"(?:death|funeral))\b(?!\s+(?:my|the|her|his|a|an|some|it|them|eggs|hair|clothes|fabric)\b)"),
    _p("want_it_to_stop", SI, 0.5, r"\b(?:just )?want (?:it all|everything|the pain|all of this|all this|"
       r"it|this|life) to (?:stop|end|be over)\b(?!\s+(?:raining|snowing|hurting my|so|before|at)\b)"),
    _p("means_ready", SI, 0.8, r"\b(?:pills|rope|noose|gun|knife|razor|blade)s? (?:are |is )?(?:all )?"
       r"(?:ready|lined up|counted out|set up)\b|\btonight(?:'s| is) the night\b"),
    _p("plan_to_jump", SI, 0.85, r"\b(?:going|planning|plan|want|wanted|ready|decided|thinking about|think "
       r"about|about) (?:to )?jump(?:ing)? (?:off|from) (?:the|a|my|this|that) (?:[\w']+ )?(?:bridge|building|"
       r"roof|rooftop|cliff|balcony|tower|overpass|car park|parking garage|ledge|window)\b|\b(?:going|"
       r"planning|want|ready|decided|thinking about|think about) (?:to )?(?:jump|step|throw myself|"
       r"jumping|stepping) in front of (?:a|the) (?:train|bus|car|truck|lorry|subway)\b"),
    _p("life_pointless", SI, 0.45, r"\b(?:my )?life is (?:pointless|meaningless|worthless|hopeless|over)\b|"
       r"\bi(?:'m| am) (?:worthless|hopeless) and\b|\bmy life has no (?:purpose|meaning|point)\b",
       negation="before"),
    _p("want_out_for_good", SI, 0.8, r"\bwant out (?:for good|forever|permanently|of (?:life|this life|"
       r"living|this world))\b"),
    _p("want_out", SI, 0.35, r"\bi (?:just )?want out\b(?!\s+of\s+(?:this (?:job|class|meeting|contract|"
       r"deal)|here)\b)"),
    _p("take_them_all", SI, 0.75, r"\b(?:going to|want to|will|about to|plan to|planning to|ready to) "
       r"(?:take|swallow|down) (?:them all|all of them|all (?:of )?my|the whole|the entire|every)\b"),
    _p("only_way_out", SI, 0.85, r"\b(?:suicide|death|dying|killing myself|ending it) (?:is|seems|feels "
       r"like|keeps looking like|looks like|is looking like) (?:the|my) (?:only )?(?:way out|answer|option|solution|escape)\b|"
       r"\bonly way out\b|\b(?:no|only) (?:way out|option|escape)\b.{0,20}\b(?:except|but|is|other than) "
       r"(?:dying|death|suicide|to die|killing myself)\b|\b(?:suicide|dying|death) (?:[\w']+ ){0,3}(?:only "
       r"(?:option|way|choice|answer|solution))\b", negation="before"),
    # ---- suicidal ideation: broad families (recall-first; the idiom/negation/past checks clear them)
    _p("desire_death", SI, 0.75, r"\b(?:want|wanna|wish|need|going to|ready|plan|planning|trying|try|hope|"
       r"hoping|considering|consider|thinking (?:about|of)|think about|decided|choose|chose|craving|crave|"
       r"longing|urge|urges|tempted|seriously considering|just want)\b(?: [\w']+){0,4}? (?:to )?(?:die|"
       r"dying|be dead|suicide|kill myself|not (?:exist|be here|be alive|wake up|come back|live|be around)|"
       r"stop (?:existing|living|being alive|breathing)|give up on (?:life|living)|my life to (?:be over|end|"
       r"stop))\b", negation="before"),
    _p("death_relief", SI, 0.75, r"\b(?:dying|death|being dead|suicide|not being here|not existing|not "
       r"waking up)\b(?: [\w']+){0,3}? (?:would|will|is|seems|feels|sounds)(?: [\w']+){0,2}? (?:a |such a |so "
       r"much )?(?:relief|peace|peaceful|better|easier|escape|answer|solution|release|freedom|mercy|blessing|"
       r"nice)\b|\b(?:relief|peaceful|better|easier|nice) (?:to|if i) (?:die|were dead|was dead|didn't wake "
       r"up|never woke up)\b", negation="before"),
    _p("life_over", SI, 0.8, r"\bmy life (?:to )?(?:be over|end|is over|over with)\b|\bgive up on "
       r"(?:life|living)\b|\b(?:care|caring|matters?) (?:if|whether) i live or die\b|\bwhether i live or "
       r"die\b"),
    _p("imagine_myself_dead", SI, 0.7, r"\b(?:picture|picturing|imagine|imagining|see|seeing|visuali[sz]e|"
       r"visuali[sz]ing|dream of|dreaming of|dream about|dreaming about) myself (?:hanging|dead|dying|"
       r"jumping|in a coffin|bleeding|overdosing|with a noose|falling|gone|in a casket)\b"),
    _p("only_way_not_here", SI, 0.75, r"\b(?:only way|only thing|best thing|easiest way|only option)\b.{0,40}"
       r"\bis (?:to |for me to )?(?:not be here|die|disappear|end it|not exist|be gone|kill myself|leave "
       r"this world)\b", negation="before"),
    _p("better_without_me_broad", SI, 0.8, r"\b(?:better|happier|easier) (?:off )?without me\b(?!\s+(?:on|at|for|while|during|this|next|today|tonight|around)\b)",
       negation="before"),
    _p("nobody_cares_dead", SI, 0.75, r"\b(?:no ?one|nobody) (?:will|would|is going to|'ll) (?:even )?"
       r"(?:care|notice|miss me|cry) (?:when|if|once|after) i(?:'m| am| die| disappear| kill| was| were| go)\b",
       negation="none"),
    _p("leave_forever", SI, 0.6, r"\b(?:go|going|leave|leaving|disappear|disappearing) (?:away )?(?:and )?"
       r"(?:never|not) (?:come|coming) back\b(?!\s+(?:until|till|for|before|after|from|to|here|there|home|"
       r"today|tonight|this|next)\b)|\b(?:go|going|leave|leaving) (?:away )?forever\b",
       negation="before"),
    # A farewell with nothing after it; "goodbye everyone, see you monday" continues, so it is fine.
    _p("goodbye_broad", SI, 0.6, r"\b(?:goodbye (?:everyone|everybody|all|world|guys|forever|cruel world)|"
       r"tell (?:everyone|everybody|them|my \w+) (?:i'm|i am) sorry|bye (?:forever|world))\b(?!.*\b(?:see "
       r"you|have a|good ?night|until|talk (?:soon|later|tomorrow)|thanks|tomorrow|later|next|monday|tuesday|"
       r"wednesday|thursday|friday|saturday|sunday|weekend|back|for|about|that|i'm late|late)\b)"),
    _p("secret_goodbye", SI, 0.75, r"\bgoodbye\b.{0,40}\bwithout (?:them|anyone|people|anybody) "
       r"(?:realizing|realising|knowing|noticing)\b", negation="none"),
    _p("rehoming", SI, 0.45, r"\b(?:left|leaving|gave|giving|rehomed|rehoming|found a home for) (?:away )?my "
       r"(?:dog|cat|pets?|kids?|children|bird|rabbit)s? (?:to|with)\b"),
    _p("explaining_letter", SI, 0.6, r"\b(?:wrote|writing|written|left|leaving) (?:[\w']+ ){0,2}?(?:a )?"
       r"(?:letter|note)s? (?:explaining everything|to explain|for (?:them|him|her|my [\w']+) to find|saying "
       r"(?:sorry|goodbye)|for after)\b"),
    _p("leave_this_world", SI, 0.8, r"\bleave (?:this|the) (?:world|earth|life)\b|\bnothing (?:left )?for "
       r"me here\b", negation="before"),
    _p("method_way_to_go", SI, 0.75, r"\b(?:painful|painless|quick|fast|peaceful|easy|reliable|best|good|"
       r"gentle) way to (?:go|die)\b(?!\s+(?:to|home|there|about|for|in|on|out|shopping)\b)|\b(?:can|could|"
       r"would|will|does) (?:an? )?(?:overdose|od) (?:of|on) [\w']+ kill (?:you|me|someone|a person)\b|"
       r"\basking for (?:me|myself)\b"),
    _p("coping_by_harm", SH, 0.75, r"\b(?:only thing|only way|nothing else|what) (?:that )?(?:calms|helps|"
       r"works|makes me feel|gets me through|stops)\b.{0,30}\b(?:cutting|hurting myself|self-harm|burning "
       r"myself|pain|bleeding)\b", negation="before"),
    _p("chosen_day", SI, 0.45, r"\b(?:chosen|picked|set|decided on) (?:the|a) (?:day|date)\s*$"),
    # ---- suicidal ideation: method seeking
    _p("lethal_dose", SI, 0.85, r"\b(?:lethal|fatal|deadly|toxic|overdose) (?:dose|amount|quantity|level)\b|"
       r"\b(?:would|will|is|be) (?:it )?(?:be )?(?:lethal|fatal|deadly)\b|\b(?:most|least|more) (?:lethal|"
       r"deadly|fatal)\b"),
    _p("how_many_to_die", SI, 0.85, rf"\bhow (?:many|much) (?:[\w']+ ){{0,4}}?(?:{PILLS}|of (?:them|it)) "
       r"(?:[\w']+ ){0,3}?(?:to|would|will|does it take to|do i need to|should i take to) (?:die|kill|overdose|"
       r"be an overdose|od\b|be enough|stop my heart|not wake up)|"
       r"\bhow (?:many|much) (?:[\w']+ ){0,4}?(?:would|will) (?:be )?(?:an )?overdose\b|"
       r"\benough to (?:kill me|kill myself|kill you|kill a person|die|be fatal|not wake up|end it)\b|"
       r"\b(?:dose|amount|many|much|pills?) (?:[\w']+ ){0,6}?(?:stop (?:my|your|the|a|someone's) heart|be fatal|"
       r"be lethal)\b|\bhow (?:high|far|tall|deep) (?:[\w']+ ){0,6}?(?:to|you) (?:[\w']+ )?(?:die|be fatal|"
       r"kill (?:you|me|yourself|myself)|not survive)\b", negation="before"),
    _p("way_to_die", SI, 0.85, r"\b(?:painless|quickest|fastest|easiest|surest|quietest|best|quick|easy) "
       r"(?:way|method|ways|methods) (?:to|of) (?:die|dying|kill (?:myself|yourself|oneself)|end (?:it|my "
       r"life|your life)|go|suicide|commit suicide|hang (?:myself|yourself|oneself)|drown (?:myself|yourself)|"
       r"poison (?:myself|yourself)|shoot (?:myself|yourself)|overdose)\b|\bhow (?:to|do i|do you|can i) (?:kill|hang|drown|"
       r"poison|suffocate|shoot) (?:myself|yourself|oneself)\b|\bhow to commit suicide\b"),
    _p("noose", SI, 0.8, r"\b(?:tie|tying|make|making) (?:a |the )?noose\b|\bnoose\b"),
    _p("jump_height", SI, 0.75, r"\b(?:tallest|highest) (?:bridge|building|cliff|roof|rooftop|car park|"
       r"parking garage|tower|point)s? (?:near|around|in|close)\b|\b(?:high|tall) enough (?:to|that) "
       r"(?:[\w']+ ){0,2}?(?:die|wouldn't survive|won't survive|not survive|kill)\b|\b(?:wouldn't|won't|not|"
       r"don't|can't) survive (?:the|a) (?:fall|jump)\b|\bjump(?:ing)? (?:off|from) .{0,30}enough to die\b|\bjump\b.{0,40}\bhigh enough\b|\bhigh enough\b"
       r".{0,40}\bjump\b|\bplace (?:i|to) (?:could |can )?jump (?:from|off)\b",
       negation="none"),
    _p("method_broad", SI, 0.75, r"\b(?:kill|killing) (?:someone|a person|a man|a woman|you|me|people|"
       r"somebody) (?:my|of my|your|at my) (?:size|weight|age|height)\b|"
       r"\b(?:jumping|falling|a fall|a jump|jump) (?:from|off) .{0,30}\b(?:kill|die|fatal|survive)\b|"
       r"\bhow (?:long|fast|quickly) (?:does it|would it|will it|do you|to) (?:[\w']+ ){0,3}?(?:die|kill you|"
       r"bleed out|lose consciousness|pass out and die)\b(?: from| of| with| by| if)|"
       r"\b(?:painful|painless|hurt|quick|fast|easy) (?:to|way to) (?:drown|hang|shoot|kill|poison|suffocate|"
       r"gas|starve) (?:yourself|myself|oneself)\b|\b(?:drown|hang|suffocate|gas|poison) (?:yourself|"
       r"oneself)\b|\b(?:deadly|lethal|fatal|poisonous) (?:if|when) (?:you|i|someone|a person) (?:drink|"
       r"swallow|take|eat|inhale|mix)\b|\benough (?:[\w']+ ){1,3}to (?:kill|die|not wake up|end it|overdose|"
       r"be fatal)\b|\b(?:drive|driving|crash|crashing|steer|steering) (?:my|the) car (?:off|into) (?:a|the) "
       r"(?:cliff|bridge|tree|wall|river|lake|oncoming|truck)|\b(?:drive|driving) (?:my|the) car off\b",
       negation="before"),
    _p("bleed_out", SI, 0.8, r"\bbleed(?:ing)? out\b|\bbleed to death\b"),
    # ---- self-harm
    _p("harm_myself", SH, 0.85, r"\b(?:cut|cutting|burn|burning|burnt|burned|hurt|hurting|harm|harming|hit|"
       r"hitting|punch|punching|punched|scratch|scratching|scratched|starve|starving|bruise|bruising|stab|"
       r"stabbing|carve|carving|slash|slashing|bite|biting|pinch|pinching) myself\b"),
    _p("cut_body", SH, 0.85, r"\b(?:cut|cutting|slit|slitting|slice|slicing|burn|burning|scratch|"
       r"scratching|carve|carving|slash|slashing) (?:[\w']+ )?(?:my|into my) (?:wrists?|arms?|legs?|thighs?|skin|stomach|hips?)\b"),
    _p("self_harm_word", SH, 0.8, r"\b(?:i|i'm|i've|i've been|i have been|i am|i keep|i still|i started|i "
       r"want to|want to|urge to|urges to|need to|tempted to|going to|started|start)\s+(?:[\w']+\s+){0,2}?"
       r"self-harm(?:ing|ed)?\b|\bself-harm(?:ing)? (?:again|tonight|right now|every day|daily)\b"),
    _p("cutting_again", SH, 0.8, r"\b(?:started|start|starting|keep|been|back to|relapsed (?:and|into)|"
       r"began) (?:[\w']+ )?cutting(?: again| myself)?\b(?!\s+(?:back|down|out|carbs|sugar|off|my hair|"
       r"corners|class|the|it|costs)\b)|\b(?:want|need|going|urge|urges|tempted) to cut(?: myself| again| "
       r"tonight| deeper)?\b(?!\s+(?:back|down|out|carbs|sugar|off|my hair|it|the|costs|ties|class)\b)|"
       r"\brelapsed and (?:cut|burned|hurt)\b|\bcut (?:again|tonight)\b"),
    _p("head_banging", SH, 0.7, r"\b(?:slam|slamming|bang|banging|hit|hitting|smash|smashing) my head "
       r"(?:against|on|into)\b"),
    _p("punch_wall", SH, 0.65, r"\b(?:punch|punched|punching|hit|hitting) (?:the|a) walls? "
       r"(?:until|till|so|til)\b"),
    _p("relapse", SH, 0.75, r"\b(?:self-harm(?:ing|ed)?|cutting|cut)\b.{0,40}\b(?:again|relapsed|"
       r"relapse)\b|\b(?:relapsed|relapse) (?:on|into|with) (?:self-harm|cutting)\b"),
    _p("until_bleed", SH, 0.7, r"\b(?:till|until|so) (?:they|it|i|my \w+) (?:bleeds?|bleeding|bruise)\b|"
       r"\bwant to (?:bleed|feel pain|see blood)\b"),
    _p("cut_hidden", SH, 0.75, r"\bcut (?:myself )?without (?:leaving )?(?:any )?(?:scars|marks|a trace)\b|"
       r"\bhow deep (?:[\w']+ ){0,5}?cut\b|\bcut (?:the )?deep(?:est|er)\b|\bwhere (?:can|should|do) i cut\b|\bcut "
       r"(?:[\w']+ ){0,2}so (?:no ?one|nobody) (?:will |can |could )?(?:see|notice)\b", negation="before"),
    _p("hide_scars", SH, 0.6, r"\bhide (?:my |the |these |all )?(?:self-harm )?(?:scars|cuts|marks|burns|"
       r"wounds|bruises)\b|\bself-harm (?:scars|cuts|marks|wounds)\b"),
    _p("punish_myself", SH, 0.55, r"\bpunish(?:ing)? myself\b|\bdeserve to (?:be punished|hurt|feel pain|"
       r"suffer)\b"),
    # ---- harm to others
    _p("harm_other_intent", HO, 0.85, r"\b(?:i|i'm|i am|i'll|i will|i've|i have|i'd|i keep|i really)\s+"
       r"(?:[\w']+\s+){0,3}?(?:going to|want to|wanna|plan to|planning to|will|gonna|thinking about|thought "
       r"about|thoughts about|urges? to|fantasi[sz]e about|fantasi[sz]ing about|dreaming about|dream about|"
       r"imagining|obsessing over|afraid i'll|afraid i will|afraid i might|scared i'll|scared i might|"
       r"could really|need to|about to|intend to|"
       r"feel like)\s+(?:[\w']+\s+)?(?:kill|killing|murder|murdering|hurt|hurting|harm|harming|stab|stabbing|"
       r"shoot|shooting|strangle|strangling|beat up|beating up|poison|poisoning|push|pushing|attack|"
       r"attacking|choke|choking|smother|smothering|beat the \w+ out of)\s+" + PEOPLE + r"(?!\s+for\b)"),
    _p("make_bleed", HO, 0.8, r"\b(?:going to|want to|gonna|will|'ll|plan to|planning to|about to) make "
       + PEOPLE + r" (?:bleed|suffer|pay in blood|disappear for good)\b"),
    _p("arson", HO, 0.8, r"\b(?:going to|want to|gonna|will|'ll|plan to|planning to|about to|thinking "
       r"about|thinking of) (?:set(?:ting)? fire to|burn(?:ing)? down|torch(?:ing)?) (?:my|his|her|their|"
       r"the|our) (?:\w+(?:'s)? )?(?:house|home|car|apartment|flat|school|office|shop|work)\b"),
    _p("harm_other_thoughts", HO, 0.8, r"\b(?:thoughts?|urges?|fantasies|images|intentions?) (?:of|about|"
       r"to) (?:kill|killing|murder|murdering|hurt|hurting|harm|harming|stab|stabbing|shoot|shooting|push|"
       r"pushing|strangle|strangling|attack|attacking|drop|dropping|shake|shaking|drown|drowning|suffocate|"
       r"suffocating|smother|smothering) " + PEOPLE + r"|\b(?:afraid|scared|terrified|worried) (?:that )?i(?:'ll| "
       r"will| might| could| am going to|'m going to) (?:hurt|harm|kill|drop|shake|drown|smother) " + PEOPLE),
    _p("weapon_for_someone", HO, 0.85, r"\b(?:bought|buy|buying|got|get|have|sharpened|sharpening|loaded|"
       r"loading) (?:a|the|my|his|her) (?:knife|gun|weapon|bat|axe|rifle|pistol|hammer|crowbar) (?:to|for|so "
       r"i can) (?:use on|kill|hurt|shoot|stab|deal with|take care of|get back at|go after) " + PEOPLE),
    _p("mass_violence", HO, 0.9, r"\bshoot(?:ing)? up (?:my|the|a|our) (?:school|work|office|class|church|"
       r"mall|workplace|college)\b|\b(?:bring|take|bringing) (?:a |my |the )?(?:knife|gun|rifle|weapon|bomb)s?"
       r" (?:to|into) (?:school|work|class|the office|college|church)\b"),
    _p("make_them_pay_armed", HO, 0.7, r"\bmake (?:[\w']+ ){0,2}?(?:pay|suffer)\b.{0,60}\b(?:gun|knife|weapon|"
       r"kill|hurt|blood)\b|\b(?:gun|knife|weapon)\b.{0,60}\bmake (?:[\w']+ ){0,2}?(?:pay|suffer)\b|\b(?:i|i'm) "
       r"(?:[\w']+ ){0,3}?(?:buying|bought|getting|got) a gun\b"),
    # ---- abuse
    _p("abuser_hits_me", AB, 0.85, rf"\b{ABUSER}(?:'s| is| has| keeps| always| often| sometimes| still| "
       r"just| then| also| even)?(?: [\w']+){0,4}?\s+(?:hits?|hitting|beats?|beating|beaten|slaps?|slapped|slapping|"
       r"punch(?:es|ed)?|kick(?:s|ed)?|smack(?:s|ed)?|shak(?:es|ed)|bit(?:es)?|chok(?:es|ed|ing)|strangl(?:es|ed|ing)|rap(?:es|ed)|molest(?:s|ed)?|"
       r"abus(?:es|ed|ing)|hurts|burns|shov(?:es|ed)|throws things at|pushe[sd]|grab(?:s|bed)|touch(?:es|ed)"
       r"(?! \w+ (?:deeply|so much|with))|whips?|whipped)\s+(?:[\w']+\s+){0,3}?(?:me|us|my (?:mom|mum|mother|"
       r"sister|brother|kids|children|son|daughter|baby))\b"),
    _p("forced_sex", AB, 0.9, rf"\b{ABUSER}(?: [\w']+){{0,2}}? (?:forces?|forced|makes|made|pressures?|"
       r"pressured) (?:me|us) (?:to |into )?(?:have sex|sleep with|do sexual|touch|watch porn|undress|"
       r"sexual)\b|\b(?:comes|came|sneaks|sneaked|snuck|gets|got) (?:into|in) (?:my|our) (?:room|bed)"
       r"(?: at night)?\b"),
    _p("sexual_messages", AB, 0.75, r"\b(?:send|sends|sending|sent|asks? me for|asking me for) (?:me )?(?:sexual|"
       r"nude|naked|explicit|dirty|sexy) (?:messages|photos|pictures|pics|texts|videos)\b"),
    _p("monitoring", AB, 0.5, rf"\b{ABUSER}(?: [\w']+){{0,2}}? (?:tracks|tracking|monitors|monitoring|reads|checks|"
       r"controls) (?:all )?my (?:location|phone|messages|texts|email|every move|money|spending)\b"),
    _p("injuries_from", AB, 0.75, r"\b(?:bruises?|black eye|welts|marks|burns|bleeding|broken \w+)\b.{0,40}"
       rf"\b(?:from|because of|after) (?:what )?{ABUSER}\b"),
    _p("being_abused", AB, 0.85, r"\b(?:i'm|i am|i've been|i have been|i was|i get|we're|we are) (?:being )?"
       r"(?:abused|raped|molested|beaten|hit|assaulted|sexually assaulted|trafficked)\b(?! by (?:a|the) (?:car|"
       r"bus|train|truck|ball|bike|wave))|\babusive "
       r"(?:husband|wife|partner|boyfriend|girlfriend|relationship|home|parents?|dad|father|mom|mother)\b"),
    _p("threat_to_kill_me", AB, 0.85, rf"\b{ABUSER}\s+(?:[\w']+\s+)?(?:threatens?|threatened|threatening|says|"
       r"said|saying|swore|swears|told me|screams|screaming|yells|yelling|shouting|shouts)\s+(?:to|that|he|she|"
       r"they|he'll|she'll|they'll|he's|she's|"
       r"he'd|she'd)\s*(?:[\w']+\s+){0,3}?(?:kill|hurt|beat|shoot|stab) (?:me|us)\b"),
    _p("secrecy_threat", AB, 0.85, r"\bif i (?:ever )?(?:tell (?:anyone|anybody|someone|the police|a "
       r"teacher|mom|mum|dad)|leave (?:him|her|them)|report (?:him|her|them|it)|say anything)\b.{0,40}\b"
       r"(?:kill|hurt|beat|take the kids)\b"),
    _p("fear_of_harm", AB, 0.75, r"\b(?:scared|afraid|terrified|worried) (?:that )?(?:he|she|they|"
       r"someone|my \w+)(?:'s| is|'re| are|'ll| will) (?:going to |gonna )?(?:hurt|kill|attack|rape|beat) "
       r"(?:me|us)\b"),
    _p("coercive_control", AB, 0.7, rf"\b{ABUSER}(?:\s+[\w']+)?\s+(?:won't|doesn't|does not|will not|never) "
       r"let(?:s)? me (?:leave|go out|see|talk|have|use|out|call|work|sleep|eat)\b|"
       rf"\b{ABUSER}(?:\s+[\w']+){{0,5}}?\s+(?:won't|doesn't|does not|will not|never) let(?:s)? me (?:have|keep|spend)"
       r" (?:any )?(?:money|my own money|a job|friends|a phone)\b|"
       rf"\b{ABUSER}(?:\s+[\w']+)?\s+(?:takes?|took|controls?|keeps?|locks?|hides?) (?:away )?(?:all )?(?:of )?"
       r"(?:my (?:phone|money|keys|passport|car keys|bank card|cards|paycheck|wages)|me (?:in|inside))\b",
       negation="before"),
    _p("afraid_of_partner", AB, 0.6, r"\b(?:afraid|scared|terrified|frightened) (?:of|to go home to) my "
       r"(?:[\w']+ )?(?:husband|wife|partner|boyfriend|girlfriend|dad|father|mom|mother|stepdad|stepfather|"
       r"parents)\b|\b(?:scared|afraid|terrified) to go home\b"),
    # ---- immediate danger (always wins the category when present)
    _p("overdose_taken", ID, 0.95, r"\b(?:took|taken|swallowed|downed|ate|had|popped|drank|drunk)\s+(?:[\w']+\s+)?(?:a "
       r"whole|an entire|the whole|whole|entire|all|every|the rest|a bottle|a bunch|a handful|handfuls|a lot|lots|heaps|a ton|"
       r"too many|loads|\d{2,}|twenty|thirty|forty|fifty|a hundred)\b.{0,30}" + PILLS +
       r"|\b(?:took|swallowed|taken|ate) (?:everything|all the (?:pills|meds|medicine|tablets)) (?:in|from) "
       r"(?:the|my|our|mum's|mom's) (?:medicine cabinet|cabinet|cupboard|first aid kit|drawer|bathroom)\b"
       r"|\b(?:alcohol|vodka|whiskey|whisky|wine|booze|beer|gin|rum)\b.{0,20}\b(?:with|and|plus|on top of) "
       r"(?:[\w']+ ){0,2}?" + PILLS +
       r"|\b(?:i|i've|i have|i just)\s+(?:just\s+|already\s+)?(?:overdosed|taken an overdose|took an "
       r"overdose)\b|\b(?:drank|swallowed|drunk|drinking) (?:[\w']+ ){0,3}?(?:bleach|antifreeze|poison|drain "
       r"cleaner|pesticide|weed ?killer)\b", past=False),
    _p("at_the_edge", ID, 0.85, r"\b(?:i'm|i am)\s+(?:[\w']+\s+)?(?:on|at|up on|on top of|at the top of|on "
       r"the edge of) (?:the|a|this|my) (?:[\w']+ )?(?:edge|ledge|bridge|roof|rooftop|cliff|railing|tracks|"
       r"overpass|parking garage|car park|balcony railing|windowsill|window sill|window ledge)\b(?!\s+(?:team|"
       r"club|game|crew|deck|of the ship|tournament|terrace|garden|bar|patio|restaurant|pool)\b)|\babout to jump\b|\b(?:going to|ready to) jump\b(?!\s+(?:rope|on|in|into|at|"
       r"ship|start|the gun|for|up|around|higher|over|through|back|ahead|to)\b)", past=False),
    _p("means_in_hand", ID, 0.9, r"\b(?:gun|pistol|rifle|knife|blade|razor|rope|noose)\b.{0,25}\b(?:in my "
       r"hands?|to my (?:head|wrist|wrists|throat|neck|chest|temple)|is loaded|around my neck)\b|\b(?:rope|"
       r"noose) is (?:ready|tied|up|set up|hung)\b|\b(?:hung|tied|set up|put up|hanging) (?:a|the|my) (?:rope|"
       r"noose|belt|cord) (?:from|to|on|over|around)\b|\b(?:gun|pistol|rifle) (?:is )?(?:loaded|cocked)\b|"
       r"\b(?:pointed|pointing|pressed) (?:at|to|against) my (?:head|chest|temple|mouth|heart)\b|\bholding (?:a|the|my) (?:gun|knife|razor|blade) "
       r"(?:right now|to my)\b", past=False),
    _p("means_and_intent", ID, 0.85, r"\b(?:with|holding|have|got|grabbed) (?:a|the|my) (?:razor|blade|knife|"
       r"pills|rope|gun|noose|belt)\b.{0,40}\b(?:going to do it|do it (?:now|tonight)|end it|about to)\b",
       past=False),
    _p("exhaust", ID, 0.9, r"\b(?:engine|car|motor) (?:is )?running in (?:the|a|my) (?:closed |shut |locked )?"
       r"garage\b|\bin (?:the|my) (?:closed |locked )?garage with the engine (?:on|running)\b", past=False),
    _p("bleeding_now", ID, 0.9, r"\bcut (?:[\w']+ )?too (?:deep|much|far)\b|\bblood everywhere\b|\bi (?:just |already )?(?:slit|slashed) my "
       r"(?:wrists?|throat)\b|\b(?:won't|wont|can't|doesn't|does not|will not) "
       r"stop bleeding\b|\bbleeding (?:a lot|so much|everywhere|heavily|badly)\b", negation="none", past=False),
    _p("attack_now", ID, 0.9, r"\b(?:someone|somebody|he|she|they|a man|a guy|a woman|my \w+)(?:'s| is| are|"
       r"'re)\s+(?:[\w']+\s+)?(?:hurting|hitting|attacking|beating|choking|strangling|stabbing|raping|"
       r"trying to (?:kill|hurt|get (?:to|at)|break|strangle|choke)|breaking (?:in|into|down)|banging on "
       r"(?:the|my) (?:door|window)|coming (?:for|after) me)\b.{0,40}\b(?:me|us|my|right now|now|door|"
       r"in|into)\b|\b(?:broke|breaking|broken) into (?:my|our|the) (?:house|home|apartment|flat|room)\b"
       r"|\b(?:someone|somebody|a man|a guy|a stranger|he|she|they)(?: is|'s)? trying to (?:get|break|force "
       r"(?:his|her|their) way) (?:in|into)\b|\b(?:has|have|got|with|holding|waving|pointing) (?:a|the|his|her) "
       r"(?:gun|knife|rifle|weapon)\b.{0,50}\b(?:kill|shoot|stab|hurt) (?:me|us)\b"
       r"|\b(?:hiding|locked myself) (?:in|from) (?:the|my|him|her|them)\b.{0,40}\b(?:kill|hurt|gun|knife)\b",
       past=False),
    _p("armed_outside", ID, 0.9, r"\b(?:is|'s|are|'re) (?:outside|at|in|inside|near|by) (?:my|our|the) "
       r"(?:house|home|door|front door|window|room|apartment|flat|car|work|school)\b.{0,30}\b(?:knife|gun|"
       r"weapon|bat|axe|machete|rifle)\b", past=False),
    _p("pills_recent", ID, 0.9, rf"\b(?:took|taken|swallowed|had)\b.{{0,40}}{PILLS}.{{0,30}}\b(?:\d+|a few|"
       r"twenty|ten|thirty) (?:minutes?|mins?|hours?|hrs?) ago\b", past=False),
    _p("right_now_danger", ID, 0.6, r"\b(?:is|are|'s|'re) (?:hurting|hitting|attacking|beating|choking) "
       r"(?:me|us|my \w+) right now\b", past=False),
]

# Everyday hyperbole that reuses crisis words with no crisis meant. A message whose only crisis
# wording is one of these is *cleared* by the rules, so the learned screen (which sees the word
# "kill" but not the idiom) may not flag it. Subjects that are themselves distress ("my depression
# is killing me") are left out on purpose.
CLEARING_IDIOMS = re.compile(
    r"\b(?!(?:depression|anxiety|loneliness|life|living|pain|it|this|everything|he|she|they|someone)\b)"
    r"[\w']+ (?:is|are|was|were|'s|'re) (?:literally |actually |really |slowly )?killing me\b|"
    r"\bkill(?:ed|ing)? it\b(?! (?:with|off))|\b(?:dying|dyin) (?:to|for)\b|\bto die for\b|"
    r"\b(?:die|died|dying) (?:of|from) (?:laughter|laughing|embarrassment|boredom|cuteness|shame|heat)\b|"
    r"\b(?:could|would) (?:just )?die (?:of|from|laughing)\b|\bkiller (?:workout|app|deal|view|song|outfit)\b|"
    r"\b(?:murder|killed|slayed|slay)(?:ed)? (?:the|that|this) (?:exam|test|interview|presentation|set|game|"
    r"performance|show|audition|song)\b"
)
