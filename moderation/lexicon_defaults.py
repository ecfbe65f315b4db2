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
# Compound insults built on a profane root ("dickwad", "asshat", "twatwaffle").
PROFANITY_PATTERNS = [
    r"\b(?:dick|ass|arse|twat|cock|douche|piss|shit|fuck|cum|jizz|wank|knob)(?:wad|weed|hat|face|head|bag|waffle"
    r"|nozzle|canoe|stain|wipe|clown|muncher|sucker|licker|wit|nugget|biscuit|goblin|rag|lord|monkey|burger|brain"
    r"|tard|bucket|sack|nut|weasel|splat|stick|bandit|goblet|pants|trumpet|basket|wagon)s?\b",
]
# Rude imperatives: told to go away, or worse.
PROFANITY_PHRASES = [
    "piss off",
    "pissoff",
    "screw you",
    "screw u",
    "screw yourself",
    "screw off",
    "go to hell",
    "get stuffed",
    "bugger off",
    "sod off",
    "up yours",
    "blow me",
    "suck my",
    "shove it",
    "stick it up your",
    "get bent",
    "eat a bag of",
    "drop dead",
    "go die",
    "bite me",
    "kiss my",
]
PROFANITY_EXACT = [
    # Whole words only: "cock" must not hit "Cockburn" or "cocked", "ass" must not hit "assess".
    "ass", "arse", "cock", "dick", "twat", "pussy", "pussies", "fag", "wtf", "stfu", "gtfo", "ffs", "fk",
]  # fmt: skip
ALLOW = [
    "scunthorpe", "cockburn", "middlesex", "essex", "sussex", "penistone", "cocktail", "cockpit", "cockroach",
    "hancock", "dickinson", "dickens", "moby dick", "dick's sporting goods", "dick tracy", "shitake", "shiitake",
    "cocker spaniel", "peacock", "woodcock", "hitchcock", "drop dead gorgeous",
]  # fmt: skip

THREAT_WORD = [
    "kill yourself", "kys", "go kill yourself", "lynch", "lynch mob", "pitchfork", "tar and feather", "street justice",
    "mob justice", "jungle justice",
    "vigilante justice", "frontier justice", "dead meat", "snitches get stitches",
]  # fmt: skip
THREAT_PATTERNS = [
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
    r"\byou(?:'?re| are) (?:so )?(?:dead|next|a dead man|finished|done for)\b|\b(?:is|'s) a dead man\b(?! walking)",
    r"\byour days are numbered|\b(?:won'?t|will not|never) see (?:me|us|it) coming|\bwatch (?:your|ur|yo) (?:back|six)"
    r"|\bsleep with one eye open|\b(?:gonna|going to|will|gon) regret\b|\b(?:gonna|going to|will|gon) get what'?s "
    r"coming",
    r"\b(?:we'?re|were|i'?m|im) coming (?:for|after) (?:you|u|ya|him|her|them|every|all|(?:the|that|this)\b(?! (?:"
    r"trophy|title|championship|crown|cup|belt|win|record|ring|prize|pennant|medal|spot|seat|job|trophies)\b))\b"
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
    r"\bround up (?:the|some|a few|my|our) (?:boys|crew|guys|squad|homies|posse|mob)|\bold[- ]fashioned way\b"
    r"|\bstr(?:ing|ung) (?:\S+ ){1,2}up\b|\bstrung up\b",
]
# The threat model (see `moderation.grammar` for the notation). Each block is (match, entries):
# "word" entries also match every inflection of their first word, "exact" ones as written (and plural).
THREAT_BLOCKS: dict[str, tuple[str, list[str]]] = {
    # Words a gap (.. or ...) never steps over: a relative clause or a reason starts a new thought,
    # and a negation turns a threat round ("I would never hurt her").
    "gap_stop": ("exact", [
        "who", "whom", "which", "whose", "because", "cause", "cuz", "since", "but", "although", "though", "unless",
        "not", "never", "nobody", "nothing", "no", "after", "while", "how", "why",
    ]),
    # Read harmlessly whatever follows; blanked before any rule runs.
    "safe_idiom": ("exact", [
        "murder|destroy|kill this|that|the|a entire|whole pizza|burger|cake|plate|buffet|sandwich",
        "murder|destroy this|that|the|a pizza|burger|cake|plate|buffet|sandwich",
        "get|gets his|her|their day in court", "never see daylight|(the light of day) again",
        "knees|legs|feet|phone|battery would be dead", "knees|legs|feet|phone|battery are|were|is|was dead",
        "get|gets|got murdered|killed by his|her|their mama|mom|mother|wife|dad",
        "kill|kills|killed|killing time", "kill two birds", "killing|killed|kill|slaying|slayed|nailed|nailing it",
        "killing|kills|killed|slaying|slays|slayed me|us", "kill|killed for", "would kill for", "die|dying for",
        "(could|would) (murder|kill|destroy|demolish) a|an|some", "hang|hanging|hung (onto|on to)",
        "dying|died|dead|die of|from|laughing", "i am dead", "i am dying", "dead to me|us", "drop dead gorgeous",
        "dead tired|serious|wrong|end|set|last|heat|center|silent|quiet", "dead horse", "dead battery",
        "beat|beating|beats|beaten . dead horse", "beat|beats|beating {pronoun}? (to it|to the punch)",
        "beat|beats|beating the traffic|rush|odds|heat|system|record|charge|charges|case|rap|crowd|clock|price",
        "shoot|shoots|shooting|shot {pronoun} (a|an|over a|your) quick? message|msg|text|email|dm|pm|line|note|call|"
        "ring|picture|pic|photo|link|video", "shoot|shooting|shot your|ur|my|his|her shot", "shoot the breeze",
        "shot in the dark", "shots fired", "big shot", "long shot", "mug shot|shots", "photo shoot",
        "hit {pronoun} up", "hit the road|spot|gym", "take|taking|took|taken {pronoun} out to|for",
        "blow|blowing|blew|blows up my|your|his|her|the phone|inbox|dms",
        "bomb|bombs|bombed|bombing {det}? . test|exam|interview|audition|presentation|quiz|date",
        "hang|hangs|hanging|hung (out|on|tight|around|in there|up)", "cut|cuts|cutting {pronoun}? some slack",
        "cut|cuts|cutting (ties|corners|a deal|a check|the cord|to the chase|it out)", "break a leg",
        "break|breaks|broke the news|ice|law|rules", "knock|knocks|knocked {pronoun} dead", "have|had a blast",
        "blast from the past", "murder mystery", "true crime", "killer deal|app|song|view|smile|pie",
        "know where you are coming from", "shoot|shooting|shot|shoots up heroin|dope|drugs",
        "fire|fired|firing {det}? . chief|officer|cop|sergeant|detective|him|her|them|analyst",
        "beat cop|cops|officer|officers", "body cam|cams|camera|cameras",
        "death stare", "killing spree", "dead on arrival",
        # Round 8: an animal as the one who harms is a joke; harm whose end is the police or a court is
        # lawful ("drag him to the station by his ear", "the judge buries him under the jail"); a camera
        # shoots; and a person whose whereabouts everybody is asked for is missing, not marked.
        "duck|ducks|goose|geese|swan|swans|cat|cats|dog|dogs|raccoon|raccoons|squirrel|squirrels|seagull|seagulls|"
        "crow|crows|chihuahua|chickens|hen|bees|wasps ~ {violent_act} you|us|me",
        "drag|drags|dragging|dragged|haul|hauls|hauled|march|marched {pronoun} ... to|into the|a . station|precinct|"
        "police|cops|court|courthouse|jail|sheriff",
        "judge|jury|court|prosecutor|da|system|feds (buries|bury|buried|hangs|hang|destroys|destroy|nails|nail|"
        "crucifies|crucify|fries|fry) {pronoun}", "bury|buries|buried {pronoun} under the jail|prison",
        "shoot|shooting|shot {pronoun} ~ with (my|a|the) camera|phone|lens",
        "(somebody|someone|anyone|anybody|does anyone|who) (knows|know|knew) where ... (is|are|was|were|went|go)",
        "blow|blowing this|the post|thread|page up",
    ]),
    # Who acts: the writer, a group, someone called on.
    "actor": ("exact", [
        "i", "we", "me", "us", "me and my? {crew}", "my|our {crew}", "the boys", "(a few|some|all|a couple) of us",
        "somebody", "someone", "some1", "anybody", "anyone", "everybody", "everyone", "people", "yall",
        "you guys|all|people", "they", "them boys", "the homies|neighbours|neighbors|streets|hood|community",
        "my {crew} and i", "me and my {crew}",
    ]),
    "crew": ("exact", [
        "boys", "boy", "brothers", "brother", "cousins", "cousin", "crew", "guys", "homies", "homie", "people",
        "squad", "gang", "friends", "uncle", "dudes", "guy", "bros", "bro", "son", "fam",
    ]),
    # Intends, means to, or is about to: every tense and modality that points ahead.
    "intent": ("exact", [
        "will", "would", "shall", "going to", "was|were going to", "about to", "fixing|fixin to", "ready to",
        "want|wanted to", "would love|like to", "plan|plans|planned|planning to|on", "thinking about|of",
        "have|has been thinking about|of", "intend|intending to", "mean|meant to", "can not wait to", "got to",
        "have|has to", "need|needs to", "should", "ought to", "must", "better", "swear", "promise", "will be",
        "would be", "am|are|is going to be", "finna", "gon", "tryna|trying to", "dream|dreaming about|of",
    ]),
    # An intention strong enough to stand without a named actor ("ready to go pay the snitch back").
    "strong_intent": ("exact", [
        "ready to", "about to", "fixing|fixin to", "planning to|on", "can not wait to", "going to", "gonna",
        "want to", "thinking about", "dying to", "itching to", "would love to",
    ]),
    # Hoping, wishing, asking for harm to come to someone.
    "wish": ("exact", [
        "hope", "hopes", "hoping", "hopefully", "wish", "wishing", "pray", "praying", "let", "may",
        "would love|like to see", "want to see", "can not wait to see|for|till|until", "wait till|until",
        "hope to see", "would be nice|great|good if", "glad if", "here 's hoping", "fingers crossed",
        "would not mind|care if", "should", "ought to", "need|needs to", "has|have to",
        "deserve|deserves|deserved to", "deserve|deserves", "how easy it would be to", "imagine if",
        "somebody|someone needs to", "pay|give . . to see", "love to see",
    ]),
    # Says it will happen to someone.
    "predict": ("exact", [
        "will", "would", "shall", "going to", "about to", "will be", "going to be", "is|'s|are|am going to",
        "is|'s|are|am about to", "is|'s|are getting", "one day", "one of these days", "sooner or later", "eventually",
        "soon", "watch", "bet", "trust me", "mark my words", "not be surprised when|if", "away from", "one step from",
    ]),
    # Someone the harm is meant for, or where it would happen.
    "target": ("exact", [
        "all|every (cops|officers|pigs|snitches|rats|witnesses)",
        "{pronoun}", "{someone} !'s", "every|each . one of you|them|those|these", "{someone} 's . {thing}",
        "{possessive} . {thing}", "{det} . {place}", "whoever . .", "whoever did this|that",
        "anyone|anybody|everyone|everybody who|that", "the ones|one|people|person who|that",
        "one|each|every|all|any . of you|them|yall|those|these",
    ]),
    "pronoun": ("exact", [
        "him", "her", "them", "you", "yall", "yourself", "yourselves", "himself", "herself", "themselves",
        "you guys|all|people", "this|that one", "this|that guy|dude|man|woman|clown|bitch|pig|rat|snitch",
    ]),
    # A person, named with or without a word before ("that lying cop", "snitches").
    "someone": ("exact", [
        "{det} . {person}", "{person}",
    ]),
    "possessive": ("exact", [
        "his", "her", "their", "your", "yo", "yer", "them",
    ]),
    "det": ("exact", [
        "the", "that", "this", "these", "those", "a", "an", "some", "every", "each", "any", "his", "her", "their",
        "your", "our", "my", "one of the|those|these|your|them", "all (the|those|these|of the|of those)",
        "each and every", "them",
    ]),
    "person": ("exact", [
        "cop", "copper", "pig", "police", "policeman", "policemen", "policewoman", "officer", "deputy", "deputies",
        "detective", "sheriff", "sergeant", "sarge", "lieutenant", "chief", "trooper", "agent", "fed", "judge",
        "prosecutor", "da", "witness", "witnesses", "snitch", "snitches", "rat", "tipster", "informant", "narc",
        "grass", "suspect", "thief", "thieves", "robber", "guy", "dude", "man", "men", "woman", "women", "girl",
        "boy", "kid", "child", "children", "lady", "fella", "bloke", "person", "bitch", "bastard", "punk", "idiot",
        "clown", "creep", "pedo", "pedophile", "predator", "molester", "juror", "jurors",
        "dealer", "cashier", "clerk", "owner", "driver", "neighbor", "neighbour",
        "reporter", "teacher", "analyst", "mayor", "crowd", "protesters", "line", "{family}", "scumbag", "loser",
        "thug", "animal", "coward", "motherfucker", "fucker", "mf", "prick", "asshole", "dickhead", "shit",
        "piece of shit", "pos", "son of a bitch", "mofo", "ho", "hoe",
    ]),
    "family": ("exact", [
        "family", "families", "kid", "kids", "child", "children", "son", "sons", "daughter", "daughters", "wife",
        "husband", "mom", "mother", "mama", "dad", "father", "brother", "sister", "baby", "babies",
        "little girl|girls|boy|boys|one|ones", "girls", "boys", "grandma", "grandmother", "grandpa", "grandfather",
        "parents", "folks", "girlfriend", "boyfriend", "fiance", "fiancee", "relatives", "loved ones", "household",
        "partner", "wife and kids",
    ]),
    "thing": ("exact", [
        "{place}", "{family}", "{body_part}", "{vehicle}",
    ]),
    "place": ("exact", [
        "house", "home", "place", "crib", "apartment", "apt", "flat", "condo", "trailer", "station", "precinct",
        "department", "hq", "headquarters", "school", "daycare", "church", "work", "job", "office", "shop", "store",
        "business", "door", "doors", "front door", "window", "windows", "yard", "porch", "driveway", "garage",
        "street", "block", "gym", "courthouse", "court", "bus stop", "parking lot", "neighbourhood", "neighborhood",
        "mailbox", "bedroom", "room", "way home", "picnic", "address", "building", "cruiser", "city hall", "jail",
        "board meeting",
    ]),
    "vehicle": ("exact", [
        "car", "truck", "van", "suv", "ride", "bike", "cruiser", "squad car", "patrol car", "brakes", "tires",
        "tyres", "whip",
    ]),
    "body_part": ("exact", [
        "head", "skull", "face", "neck", "throat", "legs", "leg", "arms", "arm", "knees", "kneecaps", "kneecap",
        "jaw", "teeth", "ribs", "back", "spine", "fingers", "hands", "eyes", "brains", "guts", "chest", "nose",
        "skin", "wrists", "bones",
    ]),
    "weapon": ("exact", [
        "gun", "guns", "pistol", "glock", "rifle", "shotgun", "ar", "ak", "ak47", "ar15", "strap", "piece", "heat",
        "burner", "nine", "9mm", "knife", "knives", "blade", "machete", "shank", "bat", "baseball bat", "crowbar",
        "pipe", "tire iron", "hammer", "axe", "gas", "gasoline", "lighter fluid", "molotov", "bomb", "pipe bomb",
        "grenade", "acid", "rope", "noose", "brass knuckles", "bullet", "bullets", "ammo", "rounds", "mag", "clip",
        "slug", "slugs", "gas can", "matches", "lead",
    ]),
    # Violent acts; with endings, so every tense and the passive are covered.
    "violent_act": ("word", [
        "kill", "murder", "shoot", "stab", "shank", "strangle", "choke", "punch", "stomp", "curbstomp", "curb stomp",
        "slit", "slice", "gut", "burn", "torch", "hang", "lynch", "bomb", "firebomb", "blow up", "shoot up", "drown",
        "bury", "execute", "cap", "pop", "waste", "whack", "snuff", "ambush", "jump", "rape", "torture", "maim",
        "cripple", "mutilate", "snipe", "bash", "smash", "batter", "pistol whip", "kneecap", "knife", "hurt", "harm",
        "attack", "assault", "kidnap", "abduct", "run over", "run down", "mow down", "hunt down", "track down",
        "gun down", "take out", "smoke", "end", "off", "dome", "body", "beat up", "rough up", "mess up", "fuck up",
        "light up", "lay out", "knock out", "finish off", "do in", "get rid of", "set fire to", "spray", "slap",
        "stone", "behead", "decapitate", "skin", "hospitalize", "hospitalise", "break", "bust", "wreck", "destroy",
        "rob", "terrorize", "terrorise", "kick", "cut", "slash", "drag", "run through", "blast", "shove", "swat",
        "push . off|down|under|in front of",
    ]),
    # A violent act with the one it is done to.
    "harm": ("word", [
        "{violent_act} {target}",
        "beat|rough|mess|fuck|knock|lay|light|shoot|blow|burn|run|mow|gun|hunt|track|smoke|string|f {target} (up|"
        "down|out|over|senseless|bloody|to death|to a pulp|into the ground|off the road|black and blue|"
        "half to death|into next week) !of",
        "put|pump|stick|plant|lodge|send . bullet|bullets|round|rounds|slug|slugs|hole|holes|cap|caps|lead|knife|"
        "blade|one|two|three|six|some into|in|through {target}",
        "put {target} in|into|under . . ground|grave|dirt|hospital|morgue|icu|coffin|casket|box|bodybag|(body bag)|"
        "wheelchair|ditch|river|trunk|dumpster", "put {target} (six feet under|down|to sleep|out of . misery)",
        "beat|kick|whoop|whip|knock|slap the shit|crap|hell|life|snot|(living daylights)|piss out of {target}",
        "beat|kick|whoop|whip {target}? ass|arse|behind",
        "break|smash|bust|crack|cave|bash|snap|slit|cut|blow|kick|stomp|rearrange|split|knock|punch|shoot|"
        "slash {possessive} . {body_part}",
        "break|smash|bust|crack|cave|bash|snap|slit|cut|blow|kick|stomp|rearrange|split|knock|punch|shoot|"
        "slash {someone} 's . {body_part}", "(drive|ram|plow|plough|crash|speed|floor it) ... into|through {target}",
        "run {target} off the road", "set {target} (on fire|alight|ablaze)", "teach {target} a lesson",
        "make an example of {target}", "make {target} pay|bleed|suffer|disappear|regret|sorry|hurt",
        "show {target} what happens", "pay {target} back", "pay {target} a . visit", "pay a . visit to {target}",
        "visit {target} at home|work|night|school", "get even with {target}", "settle the score with {target}",
        "(deal with|handle|sort out) {target} myself|ourselves|personally", "take care of {target} myself|ourselves",
        "catch {target} (slipping|slippin|lacking|lackin|alone|outside|off guard)", "see {target} outside|after",
        "wait|waiting|waited for {target} (outside|after|behind|in the parking lot|in the dark|at {possessive} .)",
        "wait|waiting|waited outside {possessive} .", "get|lay|put my|our hands on {target}", "put hands on {target}",
        "come for|after {target}", "coming for|after {target}", "go after {target}", "pull up on {target}",
        "show up at {possessive} {place}",
        "make sure {target}? never|not ... walk|breathe|wake|see|talk|testify|snitch|work|live",
        "make sure {victim} (never|not|will not) .. walk|walks|breathe|breathes|wake|wakes|talk|talks",
        "find {target} and", "hit {target} with", "throw|toss . {weapon} at|into|through {target}",
        "burn . . {place} down", "blow . . {place} up", "go to war with {target}", "run {target} out of town",
        "take {target} out !to|for|of", "wait|waiting outside . . . for {target}",
        "beat {target} (till|until) {victim} (can not|is not|will not)", "break every bone in ... body",
        "pick . pieces of {target} off", "put {target} six feet deep", "teach {target} what . . . feels like",
        "(deal with|handle|sort out|take care of) {target} ... myself|ourselves|personally",
        "make {target} eat|swallow ~ teeth|bullet|bullets|curb|pavement|concrete|lead",
        "tap|hit|clip|bump|nudge {target} with . {vehicle}|bumper|car", "tie|chain {target} to . . . truck|car|bumper",
        "flip|torch|burn . {vehicle} with {pronoun} (still)? in it|inside",
        "drop|toss|throw|light . match|lighter|molotov|cigarette in|into|on|at|through ... {place}",
        "wait|waiting for {target} to come|get home|out|back", "return|returns . favor to {possessive}|{pronoun}",
        "catch {det} . . when (they|he|she) (are|is) (tired|alone|sleeping|asleep|distracted|not looking)",
        "talk to {pronoun} ... (this|tonight|tomorrow|weekend|after)",
    ]),
    # What happens to someone, said as a prediction or a wish ("he's going to get shot").
    "outcome": ("word", [
        "die", "dies", "dead", "be dead", "bleed", "bleed out", "suffer", "get {violent_act}", "be {violent_act}",
        "get|be {violent_act} up|down|out", "get hurt", "get jumped", "get dealt with", "get handled", "get got",
        "get taken care of", "get taken out", "get what 's coming", "get his|hers|theirs|yours|hers",
        "get {possessive} . {body_part} {violent_act} in|off?",
        "get {possessive} . {place} {violent_act} in|down|up?", "have {possessive} . {body_part} {violent_act}",
        "have {possessive} . {place} {violent_act} in|down|up?", "{possessive} . {body_part} {violent_act} in?",
        "end|wind|turn up dead|missing|hurt|hospitalized",
        "end|wind|turn up in . . ditch|ditches|river|lake|dumpster|trunk|morgue|hospital|bodybag|box|grave|ground|"
        "woods|canal|pieces|icu|wheelchair", "(be found|found) dead|floating",
        "(be found|found) in . . ditch|river|lake|dumpster|trunk|woods|canal|pieces", "find {target} dead|floating",
        "find {target} in . . ditch|river|lake|dumpster|trunk|woods",
        "find {target} with {possessive} . {body_part} {violent_act}",
        "(leave|come out) . . in a body? box|bag|bodybag|coffin|casket", "carry {target} out (feet first|in a box)",
        "not make it to|through|home|out|back", "not walk|walking far|again|out|away", "never walk|walks again",
        "never (see|make it to)", "not wake|waking up", "not breathing", "not live|survive", "not last long",
        "not be safe|around|alive|breathing|walking",
        "not (see|make it to) . . birthday|christmas|trial|court|morning|tomorrow|sentencing",
        "go up in flames|smoke", "go up real? quick|fast|nicely", "catch a bullet|(hot one)|one",
        "wish {victim} (kept|had kept|never|had never|stayed|had stayed)", "end up floating",
        "floating in . . river|lake|canal",
        "{det} . {vehicle}|{place} (blows up|blow up|blew up|explodes|explode|burns down|burn down)",
        "{det} . {vehicle}|{place} catches|catch fire", "regret it|this|that|talking|snitching|testifying|the day",
        "choke on . . blood|vomit", "{weapon} ... find|finds|hits|meets {target}", "be next", "have an accident",
        "answer to me|us", "get|be put in|into . . {injury_place}", "be in . . {injury_place} or worse",
        "go|going to the hospital|morgue|icu", "(leave|come out|go home) . . in a|an ambulance|stretcher",
        "eat|eating a bullet|bullets",
        "have a . . bad|rough|painful|short|last christmas|night|day|week|weekend|birthday|summer|year",
        "limp|limping|crawl|crawling for the rest", "disappear for good|forever|permanently",
        "end up on a t? shirt|candle|mural", "carry {target} out ... in a body? box|bag|bodybag|coffin",
        "with a broken|busted|shattered|wired . {body_part}",
        "(not|never) be|going . testifying|talking|snitching|walking ... with a|no",
        "get hit by a car|bus|truck|train", "pick . pieces of {target}", "scrape {target} off",
        "{det} . . {vehicle}|{place} catches|catch fire",
        "not see next|another . summer|christmas|birthday|year|week|spring|fall|winter|weekend|day",
        "not last . . day|days|week|weeks|month|night|minute|minutes|hour|long", "get|be followed|tailed home|around",
    ]),
    # Where harm leaves someone.
    "injury_place": ("exact", [
        "hospital", "wheelchair", "ground", "grave", "morgue", "ambulance", "body bag", "bodybag", "box", "icu",
        "coma", "ditch", "river", "dirt", "cemetery",
    ]),
    # Whose harm is predicted: a person, a family, a home.
    "victim": ("exact", [
        "he", "she", "they", "you", "yall", "whoever . . .", "{someone}", "people who|that ...",
        "{someone} who|that ...", "{someone} 's . {thing}", "{possessive} . {thing}", "{det} . {place}",
        "people like {pronoun}", "them . {person}", "anyone|anybody|everyone who|that ...", "snitches|rats|cops|pigs",
    ]),
    # Whom threats most often aim at: officers, witnesses, tipsters, and whoever "talked".
    "protected": ("exact", [
        "officer", "cop", "detective", "deputy", "sergeant", "witness", "tipster", "snitch", "rat", "informant",
        "prosecutor", "judge", "juror", "jury", "analyst",
        "{someone} who|that called|reported|snitched|talked|testified|told|ratted",
    ]),
    # Knowing where someone lives, works or goes to school, or when they come and go.
    "whereabouts": ("exact", [
        "(know|knew|found out|find out|figured out|seen|saw|learned|got|have) (where|which|what time|what school|"
        "what car|what bus)", "know|knew|got|have|caught . address|name|schedule|routine|plate|plates|number",
        "know who you are", "been watching which|where|when",
        "(knowing|knows|finds out|found out) (where|which|what time|what school)",
        "know|knows|knew ... schedule|routine|address",
    ]),
    # Someone's comings and goings: a threat beside their family, or beside an officer or a witness.
    "routine": ("exact", [
        "goes to . . school|high|elementary|middle|college|daycare|practice|ballet", "works at", "drives a",
        "leaves for work|home", "gets off work|shift", "parks . .",
    ]),
    "second_person": ("exact", [
        "you", "your", "yall", "yourself", "yo",
    ]),
    # Veiled threats that need nothing else.
    "warning": ("exact", [
        "be a real? shame if", "shame if something|anything happened|happens", "be a pity if", "would hate for",
        "hate for something|anything to happen", "would be a tragedy if", "be a tragedy if", "accidents happen",
        "accidents can happen", "watch your|yo back|six", "sleep with one eye open", "your days are numbered",
        "days are numbered", "enjoy your last", "you have been warned", "consider this a|your warning",
        "last warning", "final warning", "this is a warning", "nice {place} you got|have",
        "nice {family} you got|have", "careful crossing the street", "easy target|prey|pickings", "careful from now on",
        "be careful who you talk to", "careful what you say", "watch what you say",
        "look|looks|looking over your|her|his|their shoulder",
        "can not protect you|them|him|her forever", "police|cops (can not|will not) be there forever|always",
        "minutes alone with", "min|mins alone with",
        "alone in a room with", "(we are|i am) watching you", "find out what happens",
        "what happen|happens to (snitches|rats|people who)", "rip in advance", "green light",
        "(you|he|she|they) (done|cooked|finished) $", "better pray", "pray i|we (never|do not) find|see|catch",
        "better run|hide", "start running", "run while you can", "can not hide ... forever",
        "(we|i) .. (will|going to) find you", "start {possessive} . car . . carefully",
        "check under your|his|her car", "check your|his|her brakes", "(brakes|brake lines) . . . (fail|cut|go out)",
        "{weapon} with {possessive} name on it", "not a threat . . promise", "that is a promise", "it is a promise",
        "your time is coming", "time is up", "is|are|am|will coming for {target}", "'s coming for {target}",
        "(you are|you will be|he is|she is|they are|he will be|he 's|she 's) next", "living on borrowed time",
        "you will regret", "will not see . coming", "i know people",
        "the day {victim} (gets out|get out|comes home|come home)",
        "should|better move out of town", "(we|i) (are|am)? coming $", "got|have|saving something . for {target}",
        "the street|streets will $", "(we|i) (are|am|will be) waiting for {pronoun} $",
        "{det} . {place} . . going up in flames|smoke", "eat|eating|catch|catching a bullet|bullets|lead",
        "catch|catching these hands", "getting put in . . {injury_place}", "target on {possessive} back",
        "see what happens", "watch what happens", "(picked|chose|messed with) the wrong family|person|people|guy|one",
        "we do not forget",
        "bring|bringing more than (signs|words|a sign)", "start sleeping at|in a different|another", "sleep light",
        "sleep with the lights on", "surprise visit after|at", "would hate to see . . hurt|happen",
        "not bringing flowers", "pray . when (we|i) pull|show up", "(when|till|until|once) (we|i) pull up",
        "(he|she|they|you) (is|'s|are) done for", "eyes on {target}",
        # Round 6: warnings told as advice, disclaimers and outcomes ("if she knows what's good for her").
        "know|knows what is good for", "(am|is) a patient man|woman|guy", "make sure of it", "if you know what i mean",
        "let us|'s just say", "not threatening anybody|anyone|anybody", "not a threat . just",
        "is|'s|are going to wish", "will wish", "count on seeing|living|making", "never feel safe",
        "memory problems", "forget what . saw", "not get handed over", "not going to call . . when",
        "find out who i am", "(figured|found) out who (they|you) are", "know it was you", "not as anonymous as",
        "last party|thing you", "not (leaving|walking|getting|coming) ... in one piece", "on a stretcher",
        "need . new face", "up in smoke with", "get . hands|legs|arms|knees broken", "help (him|her|them) along",
        "are mine $", "hard time getting to", "will be waiting (at|there|for|outside)", "watch the door",
        "not be there to watch", "gets|get handled", "not making it to . jail|cell|court|trial|courthouse",
        "gladly be the one", "make sure (he|she|they|you) (do|does|will) not|never see|live|make",
        "not (living|livin|live|making it|make it) past", "going to|will feel it $",
        "(dozen|few|bunch|lot) of us ... (waiting|place|house|handle)",
        # Round 7: short warnings and calls to act.
        "handle the rest", "once (we are|i am) done with", "see who . laughing", "say less", "watch how fast",
        "two can play that game", "find out what . father|mother|dad|mom|man will|can do", "never find you $",
        "better not close", "watch his|her|their back", "dead when (he|she|you|they) gets|get out",
        "(he|she|they|you) (is|'s|are) not going to sleep", "when you least expect", "keep (her|his|your|their) "
        "mouth shut", "bounty", "tell (him|her|them) what . coming", "let me find (him|her|them) first",
        "leave (her|him|them) alone with", "finish (him|her|them)", "show (him|her|them) how we feel",
        "let (him|her) know how we feel", "(we|i) know who you are", "move (him|her|them) ourselves",
        "not be standing long", "meets|meet the wrong person|people", "wraps|wrap (himself|herself|themselves) around",
        "^ post|drop|share (his|her|their) address|addy|number",
        "while (you|he|she|they) (are|is|'re|'s) bleeding|dying", "(i|we) will find out who $",
        "(somebody|someone) ... knows what to do", "(we|i) have|got your . plate|address|schedule",
        "i told them to $", "not just going to (drive|walk) past|by",
        # Round 8: restraint withdrawn, ultimatums, a body part or a life kept only on a condition, mob numbers,
        # vigilante bounties, sabotage, fires that just happen.
        "next time . . (will not|am not going to|is not going to|are not going to) be so|as polite|nice|friendly|"
        "patient|gentle|kind|easy|forgiving|lucky",
        "(will not|not going to) (just|only) be a threat|words|talk|warning",
        "gloves (are|come) off", "or (we|i) (will|are going to|am going to) come|make|show|do|handle|deal|find|visit",
        "if (he|she|you|they) (wants|want|likes|like|values|value) (to keep)? (his|her|your|their) . "
        "{body_part}|teeth|life|family|kids|health|face", "better not show . face|faces ... again",
        "how many of us (would|does|will|do) it take",
        "(cash|reward|money|bounty) . . (to|for) (whoever|anyone who|anybody who) "
        "brings|bring|finds|delivers|catches {pronoun} to me|us", "brings|bring|deliver|delivers {pronoun} to me|us",
        "find|get|catch|grab {pronoun} before the cops|police|feds (do|does|get|find)",
        "cut|cutting|cuts . . brake|brakes|brake line|brake lines", "how to cut . . brake|brakes",
        "funny|crazy|strange|amazing|shame how . . fire|fires|accidents|things|houses start|happen|burn|catch",
        "what happen|happens to (people|guys|men|women|folks|snitches|rats|cops) like",
        "better hope (i|we) (am|are)? (not|never|do not)", "make sure of that|this",
        "(will|going to|gonna) find out who (you|they|he|she) (are|is)",
        "(when|once|till|until|if) (i|we) (figure|find|found|figured) out (who|which) ~ going to|will",
        "(do not|better not|would not|never) make the mistake of {trigger}", "old school justice",
        "(i|we) volunteer (my|our) . {vehicle}|truck|car|{weapon}", "pest control ~ (people|starting with|this one|"
        "him|her|address)", "(starting|start) with (this|that) one $", "(knows|know) what (she|he|they|you) did",
        "(think|thinks|thinking|thought) (he|she|they|you) can still (go|walk|show|shop|live|sleep|drive|come)",
        "need|needs . bigger|big|larger trunk|shovel|tarp|hole|freezer",
        "(what|who) (could|can|would|will) the police|cops (even)? do|stop",
        "treat|treats . {their_thing} (the way|like|how) (he|she|they) treated|did",
        "(am|are) (outside|in front of|parked outside|sitting outside) {their_thing}",
    ]),
    # A warning that is only a threat next to someone's family, home or whereabouts.
    "weak_warning": ("exact", [
        "just saying", "soon", "be careful", "careful", "sleep well", "sweet dreams", "watch out",
        "one of these days", "see you around", "see you soon", "tick tock", "remember that", "should move",
        "better move", "alone", "walk|walks|walking home", "by themselves|herself|himself", "unprotected",
        "would be a shame", "shame", "pity", "you never know", "anything can happen", "stay safe", "be safe",
        "for now", "while you can", "enjoy it", "wonder what", "better hope", "lucky", "yet $", "from now on",
        "think about it", "ask around", "count on it", "promise", "not far enough", "wonder if", "won't be long",
        "nobody will cry|miss", "same . as always", "long memories", "today $",
        "something (for {pronoun})? to think about", "out of patience",
    ]),
    # Text-speak: a spelling, then the words it stands for (look-alike digits are already letters: "sum1" is
    # "sumi", "b4" is "ba", "4eva" is "aeva").
    "spelling": ("exact", [
        "dat that", "da the", "dis this", "dem them", "dey they", "kno know", "knw know", "wat what", "wut what",
        "wit with", "betta better", "sumi someone", "suml someone", "sumbody somebody", "somebdy somebody",
        "sumn something", "sumthin something", "whoeva whoever", "ova over", "ba before", "aeva forever",
        "4eva forever", "2nite tonight", "tonite tonight", "2day today", "2morrow tomorrow", "ppl people",
        "errbody everybody", "erybody everybody", "errday every day", "erryday every day", "ion i do not",
        "rite right", "thot thought", "wud would", "cud could", "shud should", "n and", "kops cops", "12 cops",
        "opps enemies", "addy address", "crib house", "fam family", "lil little",
        "talkd talked", "abt about", "gna going to", "nd and", "wen when", "2 to", "4 for",
    ]),
    # Round 8. What a third person said or posted, told as a report ("the suspect posted 'watch what happens'").
    "reported_speech": ("exact", [
        "(he|she|they|{someone}) (allegedly|also|then|just|even|literally|reportedly)? (posted|texted|messaged|"
        "tweeted|commented|threatened|said|yelled|shouted|screamed)",
        "(told|warned|texted) . (he|she|they|we) (would|will|were|are|was)",
    ]),
    # Feigned innocence beside a sinister remark: "no reason lol", "asking for a friend", "just an idea".
    "coy": ("exact", [
        "no reason", "for no reason", "just curious", "asking for a friend", "hypothetically", "asking hypothetically",
        "just an idea", "just a thought", "just asking", "oops", "unless $", "you will see", "just wait", "stay tuned",
        "do with (that|this|it) what you will|want|like", "(asking|ask) so (i|we) can", "in person", "personally",
        "serious question", "asking seriously", "no reason lol", "will report back", "wink",
    ]),
    # Asking where someone is found, when they come and go, or who they are.
    "asks_where": ("exact", [
        "where does|do|did (he|she|they|{someone}) (live|work|stay|park|sleep|hang out|go)",
        "what time does|do (he|she|they|{someone}) (get|gets|leave|leaves|come|comes|change|finish|close)",
        "what time (he|she|they) (gets|get|leaves|leave|comes|come)",
        "what is (his|her|their|the . 's) address|addy|plate|schedule|location|name",
        "what is the address|addy|plate|location of",
        "(anyone|anybody|somebody|someone|who) (know|knows|have|has|got) (his|her|their|the . 's) "
        "address|addy|plate|schedule|location|name",
        "(dm|send|give|tell|post|drop) me . . (his|her|their|'s) address|addy|plate|name|number|location",
        "(dm|send|give|tell|post|drop) me . . {informer} . name|address|addy",
        "(just)? (need|needs) . address|addy|location",
    ]),
    # Asking what harm would cost before the law, or whether anyone would blame them.
    "legal_cost": ("exact", [
        "penalty|sentence|punishment|fine for", "jail|prison time for", "how much time|years for",
        "would . . even be a crime", "is it even a crime", "would (it|that|this) (even)? be illegal|legal|a crime",
        "what would (i|we|you) get for", "would (anybody|anyone|yall|anyone here) (really)? blame me|us",
        "who would blame me|us", "would a jury convict", "no jury would convict",
    ]),
    # Someone who informed: a tipster, a witness, whoever called or pointed a finger.
    "informer": ("exact", [
        "tipster", "tipsters", "snitch", "snitches", "rat", "rats", "witness", "witnesses", "informant",
        "(whoever|anyone|anybody|people|those|the one|the person|the lady|the woman|the man|the guy) who|that? "
        "talked|talk|called|snitched|reported|id|identified|recorded|filmed|pointed|point|told|turned|ratted|"
        "testified|testify|tipped|gave|cooperate|cooperated|sent|posted|dropped",
        "(ran|went|talked|snitched|running|going|runs|goes) to the cops|police|feds", "saw everything",
    ]),
    # Where someone can be found: an address, a plate, a number, a routine.
    "located": ("exact", [
        "{whereabouts}", "{routine}", "address is", "lives|living|staying on|in|at|off|by !our|my", "plate is|number",
        "lives|living|staying . (upstairs|downstairs|next door|across|near|down|around|behind|above|below|close)",
        "apt|unit|suite .",
        "number is", "parks|parked . . behind|at|on|outside", "moved to", "every morning|night|day|week",
        "(pickup|drop off) is", "same booth|table|spot|seat", "where he|she|they works|work|lives|live|sleeps",
        "which building|house|school|door|floor", "address", "schedule", "lay|lays . head",
        "work|works|working at|on", "every day",
    ]),
    # Said to others: go and do something about them.
    "go_and_act": ("exact", [
        "go say hi", "say|said|says hi", "go knock", "go thank", "knock on", "swing|stop|drop by",
        "do what you want|will", "whatever you",
        "in case anyone|anybody|someone|somebody wants", "have a conversation|talk|word|chat", "bring whatever",
        "pay . visit", "visit", "you know what to do", "think about it", "just saying", "go over there",
        "proper welcome", "welcome home", "tell . what you think", "pull up", "go get|find {pronoun}",
        "know what to do", "do with (that|this|it) what you will|want|like", "go check|look", "in person",
    ]),
    # Another's family or home, named ("his kids", "the snitch's house").
    "their_thing": ("exact", [
        "his|her|their|your|yo . {family}", "his|her|their|your|yo . {place}", "{someone} 's . {thing}",
        "them . {family}", "{family} of his|hers|theirs|yours",
    ]),
    "near_me": ("exact", [
        "not that|so far from my|our", "not far from my|our", "close to my|our", "near my|our",
        "down the street from my|our", "around the corner from my|our", "walking distance from my|our",
        "right by my|our", "same street as",
    ]),
    # A call to go and act, vague on purpose.
    "call_to_act": ("exact", [
        "go do what you got to do", "you know what to do",
        "(handle|handled|handling|deal with|dealt with|dealing with|sort out|sorted out) it|this|things "
        "myself|ourselves|personally", "do what needs to be done", "handle it|business|that",
        "take care of it|business", "make it happen", "go get {pronoun}", "have at it", "do your thing",
        "open season", "somebody go", "someone go", "you know what time it is",
    ]),
    # Following or watching someone's home or moves.
    "stalk": ("exact", [
        "follow|follows|followed|following {target} home|around|to", "been following {target}",
        "outside {possessive} . {place}", "parked outside", "watching {possessive} . {place}",
        "been watching which|where|when|{possessive}", "sitting outside", "watch {target} leave|come home",
        "parked|sitting|waiting across from|outside|near|by {their_thing}",
        "wait|hide|hiding|waiting|lurk in the bushes|dark|shadows",
    ]),
    # Getting armed or a group together.
    "arming": ("word", [
        "load up", "strap up", "loading up", "strapping up",
        "(get|round up) . (crew|boys|squad|guys|homies) together?",
        "grab|bring|pack|load|sharpen|clean|oil|buy|get|carry|fill . {weapon}", "got . {weapon} ready", "got ammo",
        "bought ammo",
    ]),
    # After "if", "once", "the day": what sets it off.
    "condition": ("exact", [
        "if", "once", "when", "soon as", "the day", "the minute", "the second", "the moment", "next time", "let",
    ]),
    "trigger": ("word", [
        "testify", "talk", "snitch", "rat", "show up", "come back", "get out", "walk", "walk out", "step foot",
        "show . face", "open . mouth", "say a word", "call the cops|police", "go to (court|the police|the cops)",
        "come around", "come outside", "see", "catch", "get released", "make bail", "get off", "released", "out",
        "find",
    ]),
    # Past forms: a sentence that starts with one reports, it does not command.
    "past_form": ("exact", [
        "shot", "killed", "stabbed", "beaten", "beat", "murdered", "hung", "hanged", "burned", "burnt", "torched",
        "blew", "blown", "ran", "took", "taken", "got", "was", "were", "jumped", "robbed", "attacked", "kicked",
        "punched", "smashed", "broke", "broken", "dragged", "cut", "hurt", "slashed", "knocked", "assaulted",
    ]),
    # Starts a command to others.
    "command_start": ("exact", [
        "go", "somebody", "someone", "anybody", "yall", "everyone", "everybody", "please", "pls", "let 's", "let us",
        "lets", "now", "just",
    ]),
    # The sentence model (the rules with "&" below): a sentence is a threat when it has harm, someone it
    # is aimed at and a cue that it lies ahead, and none of the evidence that it is a report, a lawful
    # wish or a joke. Each cue is a class of words, not a phrase, so it reaches wordings no rule has seen.
    # Harm: violent acts, their results and euphemisms, weapons and what sets fires.
    "harm_word": ("word", [
        "{violent_act}", "{outcome}", "die", "dead", "death", "bleed", "blood", "bloody", "suffer", "pain", "grave",
        "funeral", "coffin", "casket", "body bag", "morgue", "ambulance", "wheelchair", "widow", "orphan",
        "life insurance", "pushing up daisies", "through a straw", "insurance", "flames", "ashes", "explode",
        "disappear", "vanish", "sorry . . born", "pay for", "regret", "sleep|sleeping with the fishes", "dirt nap",
        "six feet under", "(6|six) (ft|feet) deep", "face down", "catch . body", "lights out", "green light",
        "on sight", "rip", "lick", "put . to sleep", "slide|slides|sliding on", "spin|spinning|spun . block",
        "ride|riding on", "example", "ugly", "answer for", "hard way", "bbq", "cooked", "missing", "accident",
        "in ditches|ditch", "pay . personally|dearly", "pay $", "gas", "gasoline",
        "lighter fluid", "bats", "knives",
        "knife", "gun", "guns", "rifle", "pistol", "shotgun", "bullet", "bomb", "molotov", "machete", "noose",
        "rope", "acid", "overdose", "od", "in pieces", "into the median|ditch|river", "follow . home",
    ]),
    # Whom the harm is aimed at: a person, a role, a family, a place, someone's things.
    "harm_target": ("exact", [
        "{target}", "{victim}", "{protected}", "{person}", "{family}", "{place}", "{vehicle}", "he", "she", "they",
        "somebody", "someone",
        "his", "her", "their",
    ]),
    # It lies ahead: intent, wish, prediction, condition, a call to others.
    "ahead": ("exact", [
        "{intent}", "{wish}", "{predict}", "{condition}", "let 's", "let us", "lets", "might", "could", "is|are|am "
        "getting", "is|are|am|'s going", "wonder how|what", "imagine", "easy", "can not wait", "next", "soon",
        "tonight", "tomorrow", "want",
    ]),
    # Vague acts that are a threat when aimed at an officer, a witness, a tipster or someone's family.
    "veiled_act": ("word", [
        "deal with", "handle him|her|them|you|the|that", "take care of", "visit", "pay . visit", "pay back",
        "settle", "get even", "done with", "through with", "make . sorry|pay|regret", "get what . owed|coming",
        "lose more than", "teach . lesson", "shut . up", "silence", "stop talking", "show|showed up at|outside",
        "pull up", "{go_and_act}", "treat . . (the way|like|how|the same)", "return . favor",
    ]),
    # Evidence that it is not a threat: a report of what happened, a lawful punishment, a risk to avoid.
    "not_a_threat": ("exact", [
        "prison", "jail", "behind bars", "locked up", "lock . up", "arrested", "arrest", "charged", "convicted",
        "sentenced", "fair trial", "caught", "badge", "fired", "police say|said", "yesterday", "last night|week|year",
        "ago", "before he|she|they|someone|somebody|anyone|anybody . hurts|kills|gets",
        "get (someone|somebody|people|the wrong person|an innocent person) killed|hurt",
        "recovering", "recovers", "was|were {violent_act}", "got|been {violent_act}", "turn himself|herself|"
        "themselves in", "careful", "stay safe", "be safe", "safer", "watch out for", "{violent_act} me|us",
        "could|might have", "how many", "break in|ins", "broken|broke into", "metaphorically", "figuratively",
        "jk", "patrol", "please do something|fix|act",
        "lol", "lmao", "haha", "unloaded", "lockbox", "gun safety", "self defense|defence", "instructor",
        "nobody|no one should", "said|yelled|yell|shouted|screamed|heard",
        # Round 8: what someone else said, told as a report; a victim's fear; hyperbole about one's own family;
        # defending a home; the law's own evidence.
        "{reported_speech}", "terrified", "scared", "afraid", "could {violent_act} my . {family}",
        "defend|defending|defends my|our|myself|ourselves|family|home|house",
        "castle doctrine", "stand your ground", "dna", "evidence", "verdict", "conviction",
    ]),
    # Someone threats aim at most: officers, witnesses, tipsters, and another person's family.
    "marked_target": ("exact", [
        "{protected}", "{their_thing}", "{someone} who|that called|reported|snitched|talked|testified|told|ratted|gave",
        "whoever called|reported|snitched|talked|testified|told|ratted|gave|turned", "the woman|man|lady|guy|person "
        "who called|reported|turned", "officers", "cops", "detectives", "deputies", "witnesses", "informants",
    ]),
    # Being near them, or knowing when and where they will be.
    "presence": ("exact", [
        "{whereabouts}", "{routine}", "{stalk}", "be at|outside|by|near the|his|her|their|your", "waiting for",
        "visit", "visiting", "stop|swing|drop|come by", "circling", "watching", "following", "keep an eye on",
        "see you there|soon|around", "not hard to find", "easy to find", "easy target", "every morning|night|day",
        "after his|her|their|your shift", "when he|she|they|you gets|get|comes|come out|off|home",
        "know you take|drive|walk|leave", "know every", "alone", "over . shoulder", "check under",
        "driven|drove|drive|driving past", "what time (he|she|they|you) leaves|leave|gets|comes", "patrol route",
        "playing in the yard",
    ]),
    # Going armed to a place.
    "armed_at": ("exact", [
        "at|outside|by|to|near the|that|his|her|their|your . {place}", "at|outside|by|to|near {place}",
    ]),
}  # fmt: skip
THREAT_RULES = [
    # Intention: someone means to do it ("I'm gonna shoot him", "we were planning on running him off the road").
    "{actor} .. {intent} .. {harm}",
    "{actor} am|are . {harm}",
    "^ {intent} ... {harm}",
    "{strong_intent} ... {harm}",
    # A call to others ("somebody go torch that station").
    "^ {command_start} .. !{past_form} {harm}",
    "let 's|let us|lets ... {harm}",
    # A bare command ("Shoot him on sight."); not a report that starts with the verb ("Shot him twice.").
    "^ !{past_form} {harm}",
    # Wishes: harm done by someone, or harm that comes ("hope he dies", "he deserves a bullet").
    "{wish} ... {harm}",
    "{wish} ... {outcome}",
    "{wish} {victim} .. !{past_form} {outcome}",
    # Predictions ("the guy who tipped them is going to be found in a ditch").
    "{victim} ... {predict} ... {outcome}",
    "(he|she|you|yall|somebody|someone|whoever|{det} . {person}) 's|is|are getting "
    "{violent_act}|hurt|dealt|handled|got|{possessive}",
    # Conditional ("if she testifies she's not making it to court").
    "{condition} ... {trigger} ~ {outcome}",
    "{condition} ... {trigger} ~ {harm}",
    # Warnings and veiled threats.
    "{warning} & !{reported_speech}",
    "{whereabouts} ... {second_person}",
    "{whereabouts} ... {family}",
    "{whereabouts} ~ {weak_warning}",
    "{weak_warning} ~ {whereabouts}",
    "{their_thing} ~ {near_me}",
    "{their_thing} ~ {call_to_act}",
    "{whereabouts} ~ {call_to_act}",
    "{second_person} . {family} ~ {weak_warning}",
    "{outcome} ~ {weak_warning}",
    "{actor} .. {stalk}",
    "^ {stalk}",
    "{arming} ~ {target}",
    "{their_thing} ~ {whereabouts}",
    "{protected} ... {whereabouts}",
    "{actor} .. am|are|will be . outside|at|by {target} ... with ... {weapon}",
    "not be surprised when|if ... {outcome}",
    "{their_thing} ~ {routine}",
    # The sentence model: cues in any order within one sentence, none of the evidence against.
    "{ahead} ... .. {harm_word} & {harm_target} & !{not_a_threat}",
    "{ahead} ... {veiled_act} & {marked_target} & !{not_a_threat}",
    "{marked_target} & {presence} & !{not_a_threat}",
    # Doxxing: where someone is found, and a call to go there.
    "{located} ~ {go_and_act}",
    "{go_and_act} ~ {located}",
    # An informer warned, or their family named.
    "{informer} ... (better|should|needs to|might want to|know what happens)",
    "{informer} ... {outcome}",
    "{informer}|{protected} ~ {located}",
    "{informer}|{protected} ... has|have|got . {family}",
    "{their_thing} ~ {go_and_act}",
    "tell {protected} ... {family}|{place}",
    "(we|i) ... {harm_word} & tonight|today|tomorrow|soon|later|weekend & {harm_target} & !{not_a_threat}",
    "{protected} ... {family} ~ {weak_warning}",
    "(i|we) (have|got|own) . . {weapon} ~ {weak_warning}",
    "^ {command_start}? (grab|bring|get) . {weapon} $",
    "{command_start}|{actor} (grab|bring|get) . rope|noose|gun|guns|strap|gas|gasoline|bat|bats|knives",
    "{victim} .. (gon|going to|finna|about to|will) learn",
    "(nobody|no one|nobody is|no one is) safe who|that",
    "(we|i) (am|are)? (coming|comin) $",
    "^ on sight",
    "clock (is)? ticking|tickin",
    "streets (are|is)? waiting|waitin",
    "see what . {place} look|looks like",
    "(we|i) (got|have) (people|ppl) there",
    "things happen to",
    "it (goes|will go|ends|will end|is going to go) differently",
    "{ahead} ... {armed_at} & {weapon} & !{not_a_threat}",
    "{protected} ... {routine}",
    # Round 8: feigned innocence beside where someone is found, or beside harm; the law's price of harm asked;
    # an informer exposed; family named with a warning; the writer's own family not.
    "{coy} ~ {asks_where}|{whereabouts}|{located}",
    "{asks_where}|{whereabouts}|{located} ~ {coy}",
    "{asks_where} ~ {veiled_act}|{go_and_act}|{harm}",
    "{legal_cost} ... {harm}|{call_to_act}",
    "{harm} ~ {legal_cost}",
    "{harm} ~ {coy}",
    "dead man walking & !{not_a_threat}",
    "{informer} ~ (everybody|everyone|people|yall) (should|needs to|need to|got to|gotta) know",
    "{informer}|{protected} ~ (might|could|may|will|is going to) be (his|her|their|your) last",
    "(he|she|they) . (got|has|have) . {family} ~ {weak_warning}",
    "{protected} .. nice {place}|{vehicle}",
    "(his|her|their) . kids|kid|son|sons|daughter|daughters|children|child ~ school|grade|daycare|class",
    "{informer} . 's . name|address|addy|identity|location & dm|send|give|tell|post|share|know|have|got|find",
    "(anyone|anybody|who) (want|wants|wanna|down|is down) to? (go|come|ride|roll)? ... {harm}",
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

# (text, category, match, block): what `ModerationTerm` rows and `classifier.Term` hold.
DEFAULT_TERMS: list[tuple[str, str, str, str]] = [
    *((text, "profanity", "part", "") for text in PROFANITY_PART),
    *((text, "profanity", "word", "") for text in PROFANITY_WORD),
    *((text, "profanity", "exact", "") for text in PROFANITY_EXACT),
    *((text, "profanity", "exact", "") for text in PROFANITY_PHRASES),
    *((text, "profanity", "pattern", "") for text in PROFANITY_PATTERNS),
    *((text, "allow", "word", "") for text in ALLOW),
    *((text, "threat", "word", "") for text in THREAT_WORD),
    *((text, "threat", "pattern", "") for text in THREAT_PATTERNS),
    *((text, "block", match, name) for name, (match, entries) in THREAT_BLOCKS.items() for text in entries),
    *((text, "threat", "rule", "") for text in THREAT_RULES),
    *((text, "spam", "pattern", "") for text in SPAM_PATTERNS),
]


def seed_default_terms(model) -> int:
    """Add the default rows that are missing (the migration, and tests after a database flush)."""
    if "block" not in {field.name for field in model._meta.get_fields()}:
        return 0  # the table as migration 0002 saw it: 0005 seeds the defaults once it has the column
    existing = set(model.objects.values_list("text", "category", "match", "block"))
    missing = [
        model(text=text, category=category, match=match, block=block, note="default list")
        for text, category, match, block in DEFAULT_TERMS
        if (text, category, match, block) not in existing
    ]
    model.objects.bulk_create(missing)
    return len(missing)
