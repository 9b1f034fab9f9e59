"""English crisis patterns for self-harm, harm to others, abuse and immediate danger (`patterns.py` holds
suicidal ideation and assembles the whole table)."""

from __future__ import annotations

from empathic.safety.patterns_base import ABUSER, CATEGORIES, PEOPLE, PILLS, Pattern, _p

SI, SH, HO, AB, ID = CATEGORIES

HARM_PATTERNS: list[Pattern] = [
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
