"""The English crisis pattern table: each pattern has a category, a weight and its context rules.

Matching (normalisation, clauses, negation/past/idiom checks, scoring) lives in `rules.py`; the
other languages' table is in `patterns_intl.py`.
"""

from __future__ import annotations

import re

from empathic.safety.patterns_base import (  # noqa: F401  (re-exported)
    ABUSER,
    CATEGORIES,
    FIRST,
    PEOPLE,
    PILLS,
    THRESHOLD,
    Pattern,
    _p,
)
from empathic.safety.patterns_harm import HARM_PATTERNS

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
    *HARM_PATTERNS,
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
