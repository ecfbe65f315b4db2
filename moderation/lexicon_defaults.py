"""The starting word lists and patterns, loaded into `ModerationTerm` rows by a data migration.

After that the rows are the truth: moderators add and allow terms in admin. Each entry is
(text, category, match); see `moderation.classifier` for what the match kinds mean.
"""

PROFANITY_PART = [
    # Never innocent inside another word (the allow list shields "Scunthorpe").
    "fuck", "fuk", "fcuk", "phuck", "motherf", "shit", "cunt", "bitch", "asshole", "arsehole", "dickhead",
    "cocksuck", "whore", "faggot", "douchebag",
]  # fmt: skip
PROFANITY_WORD = [
    "fck", "fcking", "fckin", "fking", "fing", "fkin", "fkn", "fuq", "effing", "shite", "bullshit", "horseshit",
    "dipshit", "asswipe", "arsewipe",
    "bastard", "jackass", "dumbass", "smartass", "fatass", "wanker", "wank", "retard", "slut", "prick", "ahole",
    "mofo", "douche", "bollock", "tosser", "bellend", "nigger", "nigga", "spic", "kike", "chink", "tranny",
]  # fmt: skip
PROFANITY_EXACT = [
    # Whole words only: "cock" must not hit "Cockburn" or "cocked", "ass" must not hit "assess".
    "ass", "arse", "cock", "dick", "twat", "pussy", "pussies", "fag", "wtf", "stfu", "gtfo", "ffs", "fk",
]  # fmt: skip
ALLOW = [
    "scunthorpe", "cockburn", "middlesex", "essex", "sussex", "penistone", "cocktail", "cockpit", "cockroach",
    "hancock", "dickinson", "dickens", "moby dick", "dick's sporting goods", "dick tracy", "shitake", "shiitake",
    "cocker spaniel", "peacock", "woodcock", "hitchcock",
]  # fmt: skip

THREAT_WORD = [
    "lynch", "lynch mob", "pitchfork", "tar and feather", "street justice", "mob justice", "jungle justice",
    "vigilante justice", "frontier justice", "dead man walking", "dead meat", "snitches get stitches",
]  # fmt: skip
THREAT_PATTERNS = [
    # Someone means to, or calls on others to, hurt a person.
    r"\b(?<!was )(?<!were ){intent}\s+(?:\S+\s+){0,3}?{violence}",
    r"{command}{violence}",
    # One clause with an intent or wish, a harm and a target, in any order ("that rat is gonna regret it").
    r"(?:^|(?<=[.!?;]))(?=[^.!?;]*\b{marker}\b)(?=[^.!?;]*\b{harm}\b)(?=[^.!?;]*\b{target_word}\b)"
    r"[^.!?;]+",
    r"\bbetter watch (?:himself|herself|yourself|yourselves|themselves|out)\b|\bbefore (?:we|i) do\b"
    r"|\b(?:we|i) know (?:your|ur) (?:kids|family|routine|schedule)\b",
    r"\b(?:he|she|you|they)(?:'s|'re| is| are) (?:done|finished|history|next)\s*(?:[.!,]|$)",
    # Threats to snitches, tipsters and witnesses.
    r"\b(?:think|careful|watch it)\b[^.!?]{0,25}\bbefore (?:testifying|talking|snitching|going to court|saying "
    r"anything|you talk)",
    r"\bsnitch\w*\s+(?:gets?|ends? up|will end up|winds? up|gonna|are gonna)\b.{0,20}?\b(?:stitches|ditch(?:es)?"
    r"|dead|buried|shot|hurt|killed|hospital|graves?)",
    r"\b(?:know|find out|found out|finding out|figure out|learn) who (?:snitched|ratted|talked|told|called (?:it|this"
    r"|the cops|them)|tipped|informed|reported|posted the tip)",
    r"\b(?:snitch|rat|tipster|informant|witness|you|u)\w*[^.!?]{0,20}\bend up (?:in a ditch|dead|in the (?:ground"
    r"|river|hospital|morgue)|in a body ?bag)",
    r"\b(?:tipster|snitch|rat|informant|witness)\w*[^.!?]{0,30}\b(?:watch (?:out|(?:your|their|his|her) back)"
    r"|be careful)",
    r"\b(?:whoever|who ever|the (?:snitch|rat|tipster|informant|person|one) who)\b[^.!?]{0,40}?\b(?:is|are|gonna be"
    r"|will be|'s) (?:so )?(?:dead|done|finished|next)\b",
    # Veiled threats.
    r"\b(?:i|we) (?:know|found out|know exactly) where (?:you|u|ya|y'?all) (?:live|sleep|work|stay)",
    r"\bwe know where (?:he|she|they|the \w+|his \w+|her \w+) (?:lives?|sleeps?|works?|stays?)",
    r"\b(?:we|i) know (?:what|which) (?:car|truck|house|school) (?:you|u|they|he|she) (?:drives?|lives? in|goes? to)",
    r"\byou(?:'?re| are) (?:so )?(?:dead|next|a dead man|finished|done for)\b|\b(?:is|'s) a dead man\b",
    r"\byour days are numbered|\b(?:won'?t|will not|never) see (?:me|us|it) coming|\bwatch (?:your|ur|yo) (?:back|six)"
    r"|\bsleep with one eye open|\b(?:gonna|going to|will|gon) regret\b|\b(?:gonna|going to|will|gon) get what'?s "
    r"coming",
    r"\b(?:we'?re|were|i'?m|im) coming (?:for|after) (?:you|u|ya|him|her|them|every|all|the|that|this)\b"
    r"|\b(?:better|should) (?:hide|run)\b[^.!?]{0,20}\bcoming",
    r"\bbetter hope (?:i|we) (?:never|don'?t) (?:see|catch|find|meet|run into)",
    r"\b(?:won'?t|not gonna|will not) (?:make it|live|survive) (?:to|till|until|through) (?:trial|court|morning"
    r"|tomorrow|sentencing)|\bif (?:i|we) (?:find|catch|get) (?:him|her|them|you|u) first",
    r"\b(?:when|once|if|till|until) (?:i|we) get (?:my|our) hands on\b|\bwish (?:he|she|you|they) (?:was|were|had) "
    r"never (?:been )?born",
    r"\bcatch (?:a|one|some) (?:bullet|hot one|fade)|\blesson (?:he|she|they|you) (?:won'?t|will not) (?:survive"
    r"|forget)",
    r"\btell (?:him|her|them) (?:he|she|they)(?:'s| is|'re| are) (?:dead|next|done)",
    r"\b(?:bring|bringing|packing|grab|grabbing) (?:my|a|the) (?:gun|piece|strap|glock|rifle|shotgun|blade|machete"
    r"|heat)\b[^.!?]{0,40}\b(?:cops?|pigs?|him|her|you|them|snitch|rat)\b",
    # Wishing or calling for someone's death or injury.
    r"\b(?:hope|wish|pray|praying)(?: that)? (?:some(?:one|body|1)|they|he|she|you|(?:the|that|this|his|her|every)"
    r" \w+) (?:\w+ )?(?:dies|die|gets? (?:shot|killed|stabbed|murdered|raped|beaten|jumped|hurt|lynched|hanged"
    r"|shanked)|(?:kills?|shoots?|stabs?|shanks?|rapes?|beats?|murders?|hurts?) (?:him|her|them|you|the \w+|that \w+"
    r"|this \w+))",
    r"\b(?:needs?|earned|asking for) (?:a|an|one) (?:bullet|slug|beating|beatdown|ass[- ]?whooping)\b"
    r"|\bbetter (?:move|get|leave|skip)(?: out)?(?: of)? (?:town|the city|the state|the neighbou?rhood|the country)\b",
    r"\bdeserves? (?:to die|to be (?:shot|killed|hanged|hung|lynched|beaten|stabbed|executed|tortured|hurt)"
    r"|(?:a|an) (?:bullet|slug|beating|beatdown|ass[- ]?whooping|ass[- ]?kicking|kicking)|to get (?:shot|killed"
    r"|stabbed|beaten|hurt|jumped|beat)|the rope|to hang)",
    r"\b(?:should|needs? to|ought to|oughta) (?:be|get) (?:shot|killed|hanged|hung|lynched|executed|beaten|stabbed"
    r"|strung up|put down|taken out)",
    # Calls to take the law into one's own hands.
    r"\b(?:take|taking) (?:matters|things|the law|justice|this|it) into (?:our|my|their|your) own hands",
    r"\b(?:find|catch|handle|deal with|take care of|hunt|track|grab|get|sort out|settle|punish|go after) (?:\S+ )"
    r"{0,3}(?:ourselves|myself|personally)\b",
    r"\b(?:we|i)(?:'re|'m| are| am)? coming (?:for|after) {person}|\bwe(?:'re| are)? coming\W*$",
    r"\b(?:i'?ll|we'?ll|i will|we will|i'?m|we'?re|im) (?:be )?(?:waiting|watching|outside)\b[^.!?]{0,40}\b(?:for|on)"
    r" (?:(?:that|the|this|every|those) )?{target_word}\b",
    r"\bround up (?:the|some|a few|my|our) (?:boys|crew|guys|squad|homies|posse|mob)|\bold[- ]fashioned way\b"
    r"|\bstr(?:ing|ung) (?:\S+ ){1,2}up\b|\bstrung up\b",
]
SPAM_PATTERNS = [
    r"\b(?:dm|message|msg|text|inbox|contact) me\b(?! if you see)",
    r"\blink in (?:my )?bio\b",
    r"\bcheck (?:out )?my (?:page|profile|channel|blog|bio|store|shop)\b",
    r"\b(?:earn|make|made|making) \$[\d,]+|\bmake money (?:online|from home|fast)\b|\bearn \$+",
    r"\bwork(?:ing)? from home\b",
    r"\b(?:buy|free|get|gain) (?:\S+ )?(?:followers|likes|subscribers)\b",
    r"\bpromo code\b|\bbonus codes?\b|\bcasino\b",
    r"\binvestment (?:opportunity|plan)\b|\breturns? guaranteed\b|\bguaranteed returns?\b|\b\d+% return\b",
    r"\b(?:contact|message|text|dm|add|reach) \S+(?: \S+)? (?:on|via) (?:telegram|whatsapp|signal|snapchat)\b",
    r"\b(?:on|via) (?:whatsapp|telegram)\b[^.!?]{0,20}\+?\d",
    r"\b(?:got|get|recover(?:ed)?) (?:my|your) (?:funds|money|account)s? back\b|\b(?:crypto|funds|account) recovery\b",
    r"\bgiveaway\b|\bfree (?:gift ?cards?|iphone|ipad|money)\b|\bgift ?cards? for the first\b",
    r"\b\d+% off\b",
]

DEFAULT_TERMS: list[tuple[str, str, str]] = [
    *((text, "profanity", "part") for text in PROFANITY_PART),
    *((text, "profanity", "word") for text in PROFANITY_WORD),
    *((text, "profanity", "exact") for text in PROFANITY_EXACT),
    *((text, "allow", "word") for text in ALLOW),
    *((text, "threat", "word") for text in THREAT_WORD),
    *((text, "threat", "pattern") for text in THREAT_PATTERNS),
    *((text, "spam", "pattern") for text in SPAM_PATTERNS),
]


def seed_default_terms(model) -> int:
    """Add the default rows that are missing (the migration, and tests after a database flush)."""
    existing = set(model.objects.values_list("text", "category", "match"))
    missing = [
        model(text=text, category=category, match=match, note="default list")
        for text, category, match in DEFAULT_TERMS
        if (text, category, match) not in existing
    ]
    model.objects.bulk_create(missing)
    return len(missing)
