"""The threat model: building blocks (word classes) and rules composed from them.

A building block is a named class of words and phrases: `violent_act` holds "kill", "shoot",
"run {target} over"; `target` holds "him", "{det}? . {person}". A rule is a sequence of blocks,
words and gaps that describes one shape of a threat, for example `{actor} .. {intent} .. {harm}`
("I'm gonna shoot him", "we were planning on running him off the road"). Moderators edit both in
admin as `ModerationTerm` rows; `Grammar` compiles them, and matches them against the words of a
comment.

The notation, in block entries and rules alike:

    {name}    any entry of the block `name`        {name}?  the same, optional
    word      that word                            a|b|c    any one of these; `word?` optional
    (a b|c)   any one of these phrases             !a|b     the next word is none of these
    ^         the start of a sentence              $        the end of a sentence
    .         one other word, or none     ..  up to 2 other words     ...  up to 5 other words
    ~         anywhere later in this sentence or in the next one

A sentence rule joins parts with "&": every part must match somewhere in one sentence, in any order,
and a part written "!part" must match nowhere in it ("{ahead} ... {harm_word} & {harm_target} &
!{not_a_threat}": harm that lies ahead, someone it is aimed at, and no evidence of a report).

Gaps never cross a sentence end, nor a word of the `gap_stop` block ("who", "because", "not"...),
so "I'm going to find out who beat my brother" is not read as "I'm going to beat my brother".
Matches of the `safe_idiom` block ("kill time", "shoot me a message") are blanked before any
rule runs. Block entries kept "with endings" get every inflection of their first word ("stab" also
matches "stabs", "stabbed", "stabbing", "stabbin"; "shoot" also "shot"), others are matched as
written and in the plural.

The words are the comment folded (see `classifier`), with contractions spelled out ("I'll" is
"i will", "won't" is "will not", "gonna" is "going to") and each sentence end as the word "|".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

SAFE_IDIOM = "safe_idiom"
SPELLING = "spelling"  # entries "dat that", "sum1 someone": a spelling and the words it stands for
GAP_STOP = "gap_stop"
POSSESSIVE = "'s"
BLOCK_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
_REFERENCE = re.compile(r"\{([a-z][a-z0-9_]*)\}")

# Masked letters stay inside a word ("f*cking"), so a gap counts it as one.
_TOKEN = re.compile(r"[a-z0-9*#]+(?:'[a-z]+)*|[.!?;]")
_SENTENCE_END = frozenset(".!?;")
_GAPS = {".": 1, "..": 2, "...": 5}
# Inflecting an entry means inflecting its first word that is not one of these ("not make it").
_NOT_INFLECTED = frozenset({"not", "never", "will", "would", "to", "a", "an", "the", "no"})
_NEAR_SENTENCES = 15  # how far `~` reaches, in words, in each of the two sentences

# Spelled-out forms, so that a block entry "will" also covers "I'll", and "going to" covers "gonna".
_CLITICS = {"ll": "will", "re": "are", "m": "am", "ve": "have", "d": "would"}
_NOT = {"wo": "will", "ca": "can", "ai": "is", "sha": "shall"}
_SPELLED_OUT = {
    "im": "i am", "ima": "i am going to", "imma": "i am going to", "ive": "i have", "youre": "you are",
    "theyre": "they are", "dont": "do not", "wont": "will not", "cant": "can not", "cannot": "can not",
    "didnt": "did not", "doesnt": "does not", "isnt": "is not", "aint": "is not", "wasnt": "was not",
    "arent": "are not", "wouldnt": "would not", "shouldnt": "should not", "couldnt": "could not",
    "gonna": "going to", "gunna": "going to", "gona": "going to", "finna": "going to", "gon": "going to",
    "wanna": "want to", "gotta": "got to", "hafta": "have to", "tryna": "trying to", "oughta": "ought to",
    "bout": "about", "u": "you", "ur": "your", "ya": "you", "em": "them", "lemme": "let me", "gimme": "give me",
    "hes": "he 's", "shes": "she 's", "yall": "yall", "tha": "the", "dat": "that",
}  # fmt: skip

# Past forms English does not make with -ed; the regular forms are made as well, which is harmless.
_IRREGULAR = {
    "beat": "beaten", "become": "became", "begin": "began begun", "bend": "bent", "bind": "bound",
    "bite": "bit bitten", "bleed": "bled", "blow": "blew blown", "break": "broke broken", "bring": "brought",
    "build": "built", "burn": "burnt", "buy": "bought", "catch": "caught", "choose": "chose chosen",
    "come": "came", "deal": "dealt", "dig": "dug", "do": "did done", "draw": "drew drawn",
    "drink": "drank drunk", "drive": "drove driven", "eat": "ate eaten", "fall": "fell fallen", "feed": "fed",
    "feel": "felt", "fight": "fought", "find": "found", "flee": "fled", "fly": "flew flown",
    "forget": "forgot forgotten", "freeze": "froze frozen", "get": "got gotten", "give": "gave given",
    "go": "went gone", "grind": "ground", "grow": "grew grown", "hang": "hung", "have": "had", "hear": "heard",
    "hide": "hid hidden", "hold": "held", "keep": "kept", "know": "knew known", "lay": "laid", "lead": "led",
    "leave": "left", "light": "lit", "lose": "lost", "make": "made", "mean": "meant", "meet": "met",
    "mow": "mown", "pay": "paid", "ride": "rode ridden", "ring": "rang rung", "rise": "rose risen", "run": "ran",
    "say": "said", "see": "saw seen", "sell": "sold", "send": "sent", "shake": "shook shaken", "shoot": "shot",
    "show": "shown", "sink": "sank sunk", "sit": "sat", "slay": "slew slain", "sleep": "slept", "slide": "slid",
    "sling": "slung", "smite": "smote smitten", "speak": "spoke spoken", "spin": "spun", "spit": "spat",
    "stand": "stood", "steal": "stole stolen", "stick": "stuck", "sting": "stung", "strike": "struck",
    "string": "strung", "swear": "swore sworn", "swing": "swung", "take": "took taken", "teach": "taught",
    "tear": "tore torn", "tell": "told", "think": "thought", "throw": "threw thrown", "wake": "woke woken",
    "wear": "wore worn", "win": "won", "wind": "wound", "write": "wrote written",
}  # fmt: skip
_VOWELS = frozenset("aeiou")


class GrammarError(ValueError):
    """A block or rule that cannot be compiled: an unknown or circular block, or bad notation."""


def normalise_word(token: str) -> list[str]:
    """One folded token as the words of the stream: "i'll" is ["i", "will"], "cop's" ["cop", "'s"]."""
    if "'" in token:
        head, _, tail = token.partition("'")
        if tail == "t" and head.endswith("n"):
            stem = head[:-1]
            return [_NOT.get(stem, stem), "not"]
        if tail in _CLITICS and head:
            return [*normalise_word(head), _CLITICS[tail]]
        if tail == "s" and head:
            return [*normalise_word(head), POSSESSIVE]
        token = token.replace("'", "")
    spelled = _SPELLED_OUT.get(token)
    return spelled.split() if spelled else [token] if token else []


def inflections(word: str) -> set[str]:
    """Every form of an English verb or noun, over-generated on purpose: "stab" gives "stabs",
    "stabbed", "stabbing", "stabbin" (and "stabed", which no one writes, so it costs nothing)."""
    forms = {word}
    if not word.isalpha() or len(word) < 2:
        return forms
    last, before = word[-1], word[-2]
    consonant_y = last == "y" and before not in _VOWELS
    stem = word[:-1] if last == "e" and before not in "eoy" else word
    forms |= {word + "s", word + "es", word + "ed", word + "d", stem + "ing", stem + "in", word + "ing"}
    if consonant_y:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if word.endswith("ie"):
        forms |= {word[:-2] + "ying"}
    if last not in _VOWELS and last not in "wxy" and before in _VOWELS:  # stab: stabbed, stabbing
        doubled = word + last
        forms |= {doubled + "ed", doubled + "ing", doubled + "in"}
    forms |= set(_IRREGULAR.get(word, "").split())
    return forms


def tokens_of(pieces: Iterable[tuple[str, int]]) -> tuple[list[str], list[int]]:
    """The words for (folded text, source index) pieces, and each word's source index.
    A sentence end is the word "|"."""
    tokens: list[str] = []
    sources: list[int] = []
    for text, source in pieces:
        for raw in _TOKEN.findall(text):
            if raw in _SENTENCE_END:
                if tokens and tokens[-1] != "|":
                    tokens.append("|")
                    sources.append(source)
                continue
            for word in normalise_word(raw):
                tokens.append(word)
                sources.append(source)
    return tokens, sources


@dataclass(frozen=True)
class Entry:
    text: str
    inflect: bool  # every form of the first word, or as written (and plural)


@dataclass(frozen=True)
class Rule:
    text: str
    category: str


@dataclass(frozen=True)
class _Part:
    """One part of a sentence rule: its elements, and the words a match can start with (None: any)."""

    sequence: tuple
    first: frozenset[str] | None


# Kinds of compiled element.
_K_BLOCK, _K_WORDS, _K_SEQUENCE, _K_ANY_OF, _K_GAP, _K_NEAR, _K_START, _K_END, _K_NOT = range(9)


class Grammar:
    """Blocks and rules, compiled to small matchers over the list of words.

    A words-only entry goes into its block's table (first word to the rest of each spelling); other
    entries become sequences of elements. Matching tries each rule only where a word it can start
    with stands, and remembers which block matched where, so each block is tried at most once per
    position: a comment costs in proportion to the words in it that could start a threat.
    """

    def __init__(self, blocks: dict[str, list[Entry]], rules: Iterable[Rule]) -> None:
        self.blocks = blocks
        self._tables: dict[str, dict[str, list[tuple[str, ...]]]] = {}
        self._sequences: dict[str, list[tuple[frozenset[str] | None, tuple]]] = {}
        self._first: dict[str, frozenset[str] | None] = {}
        self._compiling: list[str] = []
        self.stop: frozenset[str] = frozenset()
        if blocks.get(GAP_STOP):
            self._block(GAP_STOP)
            self.stop = frozenset(word for word, rests in self._tables[GAP_STOP].items() if () in rests)
        self.safe = blocks.get(SAFE_IDIOM) and self._block(SAFE_IDIOM)
        self.spellings: dict[str, list[str]] = {}
        for entry in blocks.get(SPELLING, ()):
            spelling, *meaning = [raw for raw in _TOKEN.findall(entry.text) if raw not in _SENTENCE_END] or [""]
            words = [word for raw in meaning for word in normalise_word(raw)]
            if words and [spelling] == normalise_word(spelling):  # "gonna" and "i'll" are spelled out already
                self.spellings[spelling] = words
        self.rules: list[tuple[Rule, tuple]] = []
        self.skipped: list[tuple[Rule, str]] = []
        self._by_first: dict[str, list[tuple[Rule, tuple]]] = {}
        self._anywhere: list[tuple[Rule, tuple]] = []
        self._required: dict[Rule, list[frozenset[str]]] = {}
        # Sentence rules: parts joined by "&" that must all match in one sentence, in any order.
        self.sentence_rules: list[tuple[Rule, tuple[_Part, ...], tuple[_Part, ...]]] = []
        for rule in rules:
            parts = _conjuncts(rule.text)
            try:
                if len(parts) > 1:
                    self._add_sentence_rule(rule, parts)
                    continue
                sequence = self._sequence(rule.text, inflect=False)
            except GrammarError as error:
                self.skipped.append((rule, str(error)))  # the admin form refuses these; never stop moderation
                continue
            self.rules.append((rule, sequence))
            self._required[rule] = self._required_words(sequence)
            first = self._sequence_first(sequence)
            if first is None:
                self._anywhere.append((rule, sequence))
            else:
                for word in first:
                    self._by_first.setdefault(word, []).append((rule, sequence))

    # Compiling.

    def _add_sentence_rule(self, rule: Rule, parts: list[str]) -> None:
        positive: list[_Part] = []
        negative: list[_Part] = []
        for part in parts:
            absent = part.startswith("!")
            text = part[1:].strip() if absent else part
            if not text:
                raise GrammarError("a part of a sentence rule names nothing after the !")
            sequence = self._sequence(text, inflect=False)
            (negative if absent else positive).append(_Part(sequence, self._sequence_first(sequence)))
        if not positive:
            raise GrammarError("a sentence rule needs at least one part that must be present")
        self.sentence_rules.append((rule, tuple(positive), tuple(negative)))
        self._required[rule] = [words for part in positive for words in self._required_words(part.sequence)]

    def _block(self, name: str) -> tuple:
        """The element that matches any entry of a block (compiling the block on first use)."""
        if name not in self.blocks:
            raise GrammarError(f"there is no building block named {{{name}}}")
        if name not in self._tables:
            if name in self._compiling:
                raise GrammarError("building blocks refer to each other in a circle: " + " → ".join(self._compiling))
            self._compiling.append(name)
            try:
                table: dict[str, list[tuple[str, ...]]] = {}
                sequences = []
                for entry in self.blocks[name]:
                    sequence = self._sequence(entry.text, inflect=entry.inflect, table=table)
                    if sequence:
                        sequences.append(sequence)
            finally:
                self._compiling.pop()
            self._tables[name] = table
            self._sequences[name] = [(self._sequence_first(sequence), sequence) for sequence in sequences]
            firsts: set[str] | None = set(table)
            for first, _ in self._sequences[name]:
                firsts = None if first is None or firsts is None else firsts | first
            self._first[name] = frozenset(firsts) if firsts is not None else None
        return (_K_BLOCK, name)

    def _sequence(self, text: str, *, inflect: bool, table: dict | None = None) -> tuple:
        """A rule or entry as a tuple of elements. A words-only entry of a block goes into the block's
        `table` instead, and comes back empty."""
        elements = _elements(text)
        if not elements:
            raise GrammarError("an empty entry")
        first = next((i for i, e in enumerate(elements) if e not in _NOT_INFLECTED), 0)
        if table is not None and all(_is_plain(element) for element in elements):
            spellings: list[tuple[str, ...]] = [()]
            for index, element in enumerate(elements):
                phrases = [tuple(p.split()) for p in _phrases(element)]
                if not phrases:
                    raise GrammarError(f"{element!r} has no letters or digits")
                forms = set(phrases)
                if inflect and index == first:
                    forms = {(f, *p[1:]) for p in phrases for f in inflections(p[0])}
                elif index == len(elements) - 1 and not inflect:
                    forms |= {(*p[:-1], p[-1] + end) for p in phrases for end in ("s", "es") if p[-1].isalpha()}
                spellings = [s + f for s in spellings for f in sorted(forms)]
            for spelling in spellings:
                table.setdefault(spelling[0], []).append(spelling[1:])
            return ()
        compiled = []
        inflect_next = inflect
        for element in elements:
            if element in _NOT_INFLECTED:
                compiled.append(self._element(element, inflect=False))
                continue
            compiled.append(self._element(element, inflect=inflect_next))
            if element[0] not in "{!^$~." and not element.startswith("({"):
                inflect_next = False
        return tuple(compiled)

    def _element(self, element: str, *, inflect: bool) -> tuple:
        if element in _GAPS:
            return (_K_GAP, _GAPS[element])
        if element == "~":
            return (_K_NEAR,)
        if element == "^":
            return (_K_START,)
        if element == "$":
            return (_K_END,)
        optional = element.endswith("?") and len(element) > 1
        core = element[:-1] if optional else element
        if core.startswith("!"):
            if len(core) == 1:
                raise GrammarError(f"{element!r} names nothing after the !")
            return (_K_NOT, self._element(core[1:], inflect=False))
        alternatives = []
        words: dict[str, list[tuple[str, ...]]] = {}
        for alternative in _alternatives(core):
            if " " in alternative:
                sequence = self._sequence(alternative, inflect=inflect)
                alternatives.append((_K_SEQUENCE, sequence, self._sequence_first(sequence)))
            elif alternative.startswith("{"):
                name = alternative[1:-1] if alternative.endswith("}") else ""
                if not BLOCK_NAME.fullmatch(name):
                    raise GrammarError(f"{alternative!r} is not a building block name like {{violent_act}}")
                alternatives.append((*self._block(name), self._first[name]))
            else:
                phrases = [tuple(p.split()) for p in _phrases(alternative)]
                if not phrases:
                    raise GrammarError(f"{alternative!r} has no letters or digits")
                for phrase in phrases:
                    for form in inflections(phrase[0]) if inflect else (phrase[0],):
                        words.setdefault(form, []).append(phrase[1:])
        if words:
            alternatives.append((_K_WORDS, words, None))
        if not alternatives:
            raise GrammarError(f"{element!r} matches nothing")
        return (_K_ANY_OF, tuple(alternatives), optional)

    def _sequence_first(self, sequence: tuple) -> frozenset[str] | None:
        """The words a match can start with; None when it could be any word."""
        found: set[str] = set()
        for element in sequence:
            kind = element[0]
            if kind in (_K_START, _K_END, _K_NOT):
                continue
            if kind != _K_ANY_OF:
                return None
            for alternative in element[1]:
                words = frozenset(alternative[1]) if alternative[0] == _K_WORDS else alternative[2]
                if words is None:
                    return None
                found |= words
            if not element[2]:
                return frozenset(found)
        return None

    def _required_words(self, sequence: tuple) -> list[frozenset[str]]:
        """For each element a match cannot do without, the words one of which it must start with."""
        required = []
        for index, element in enumerate(sequence):
            if element[0] == _K_ANY_OF and not element[2]:
                first = self._sequence_first(sequence[index : index + 1])
                if first is not None:
                    required.append(first)
        return required

    # Matching.

    def matches(self, tokens: list[str]) -> list[tuple[Rule, int, int]]:
        """Each rule that matches, with the words it covers (start, end)."""
        present = set(tokens)
        possible = {
            rule
            for rule in (*(rule for rule, _ in self.rules), *(rule for rule, _, _ in self.sentence_rules))
            if all(not present.isdisjoint(words) for words in self._required[rule])
        }
        if not possible:
            return []
        run = _Run(self, tokens)
        found = self._sentence_matches(run, possible)
        for start, word in enumerate(tokens):
            if word == "|":
                continue
            for rule, sequence in (*self._by_first.get(word, ()), *self._anywhere):
                if rule in possible:
                    ends = run.sequence(sequence, start)
                    if ends:
                        found.append((rule, start, max(ends)))
        return found

    def _sentence_matches(self, run: _Run, possible: set[Rule]) -> list[tuple[Rule, int, int]]:
        rules = [entry for entry in self.sentence_rules if entry[0] in possible]
        if not rules:
            return []
        tokens = run.tokens
        found = []
        start = 0
        for end in [*(i for i, word in enumerate(tokens) if word == "|"), len(tokens)]:
            if end > start:
                for rule, positive, negative in rules:
                    if all(run.part(part, start, end) for part in positive) and not any(
                        run.part(part, start, end) for part in negative
                    ):
                        found.append((rule, start, end))
            start = end + 1
        return found

    def blocks_present(self, tokens: list[str], names: Iterable[str]) -> set[str]:
        """The blocks among `names` that match somewhere in the words (features for a learned model)."""
        run = _Run(self, tokens)
        return {
            name
            for name in names
            if name in self.blocks and any(run.block(name, start) for start in range(len(tokens)))
        }

    def respell(self, tokens: list[str], sources: list[int]) -> tuple[list[str], list[int]]:
        """Text-speak spelled out with the `spelling` block ("dat" is "that", "sum1" is "someone")."""
        if not self.spellings or self.spellings.keys().isdisjoint(tokens):
            return tokens, sources
        respelled: list[str] = []
        respelled_sources: list[int] = []
        for token, source in zip(tokens, sources, strict=True):
            words = self.spellings.get(token, (token,))
            respelled.extend(words)
            respelled_sources.extend([source] * len(words))
        return respelled, respelled_sources

    def blank_safe_idioms(self, tokens: list[str]) -> list[str]:
        if not self.safe:
            return tokens
        run = _Run(self, tokens)
        blanked = list(tokens)
        for start in range(len(tokens)):
            ends = run.block(SAFE_IDIOM, start)
            if ends:
                blanked[start : max(ends)] = ["_"] * (max(ends) - start)
        return blanked


class _Run:
    """One comment being matched: its words, and which block matched where so far."""

    def __init__(self, grammar: Grammar, tokens: list[str]) -> None:
        self.grammar = grammar
        self.tokens = tokens
        self.memo: dict[tuple[str, int], frozenset[int]] = {}

    def block(self, name: str, start: int) -> frozenset[int]:
        key = (name, start)
        found = self.memo.get(key)
        if found is not None:
            return found
        grammar, tokens = self.grammar, self.tokens
        ends: set[int] = set()
        first = grammar._first[name]
        if start < len(tokens) and (first is None or tokens[start] in first):
            word = tokens[start]
            ends = self._words(grammar._tables[name], start)
            for first, sequence in grammar._sequences[name]:
                if first is None or word in first:
                    ends |= self.sequence(sequence, start)
        self.memo[key] = found = frozenset(ends)
        return found

    def part(self, part: _Part, start: int, end: int) -> bool:
        """Whether a part of a sentence rule matches somewhere in the sentence tokens[start:end]."""
        for position in range(start, end):
            if (part.first is None or self.tokens[position] in part.first) and self.sequence(part.sequence, position):
                return True
        return False

    def _words(self, table: dict, start: int) -> set[int]:
        tokens = self.tokens
        ends = set()
        for rest in table.get(tokens[start], ()):
            end = start + 1 + len(rest)
            if not rest or tuple(tokens[start + 1 : end]) == rest:
                ends.add(end)
        return ends

    def sequence(self, sequence: tuple, start: int) -> set[int]:
        positions = {start}
        for element in sequence:
            following: set[int] = set()
            for position in positions:
                following |= self.element(element, position)
            if not following:
                return following
            positions = following
        return positions

    def element(self, element: tuple, start: int) -> set[int]:
        tokens = self.tokens
        kind = element[0]
        if kind == _K_ANY_OF:
            ends = {start} if element[2] else set()
            if start >= len(tokens) or tokens[start] == "|":
                return ends
            word = tokens[start]
            for alternative in element[1]:
                if alternative[2] is not None and word not in alternative[2]:
                    continue
                if alternative[0] == _K_WORDS:
                    ends |= self._words(alternative[1], start)
                elif alternative[0] == _K_BLOCK:
                    ends |= self.block(alternative[1], start)
                else:
                    ends |= self.sequence(alternative[1], start)
            return ends
        if kind == _K_GAP:
            ends = {start}
            stop = self.grammar.stop
            for position in range(start, min(start + element[1], len(tokens))):
                if tokens[position] == "|" or tokens[position] in stop:
                    break
                ends.add(position + 1)
            return ends
        if kind == _K_NEAR:
            ends = {start}
            counted, sentences = 0, 0
            for position in range(start, len(tokens)):
                if tokens[position] == "|":
                    sentences += 1
                    if sentences > 1:
                        break
                    counted = 0
                    ends.add(position + 1)
                    continue
                counted += 1
                if counted > _NEAR_SENTENCES:
                    break
                ends.add(position + 1)
            return ends
        if kind == _K_START:
            return {start} if start == 0 or tokens[start - 1] == "|" else set()
        if kind == _K_END:
            return {start} if start >= len(tokens) or tokens[start] == "|" else set()
        # _K_NOT: the next words are not these; nothing is consumed.
        return set() if self.element(element[1], start) else {start}


def _elements(text: str) -> list[str]:
    """Split at spaces, keeping a parenthesised group "(found out|know)" whole."""
    elements, depth, current = [], 0, []
    for char in text.strip():
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                raise GrammarError("a ) without its (")
        if char.isspace() and depth == 0:
            if current:
                elements.append("".join(current))
                current = []
            continue
        current.append(char)
    if depth:
        raise GrammarError("a ( without its )")
    if current:
        elements.append("".join(current))
    return elements


def _conjuncts(text: str) -> list[str]:
    """The parts of a sentence rule: "{harm} & {target} & !{report}" is three; "a&b" inside a group is not
    split, nor is a rule without a free-standing "&"."""
    parts, depth, current = [], 0, []
    for char in f" {text} ":
        if char in "({":
            depth += 1
        elif char in ")}":
            depth -= 1
        if char == "&" and depth == 0:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    parts.append("".join(current).strip())
    return parts if len(parts) > 1 else [text]


def _alternatives(element: str) -> list[str]:
    """ "a|b" is ["a", "b"]; "(found out|know)" is ["found out", "know"]; a | inside braces or a
    nested group stays put."""
    if element.startswith("(") and element.endswith(")"):
        element = element[1:-1]
    parts, depth, current = [], 0, []
    for char in element:
        if char in "({":
            depth += 1
        elif char in ")}":
            depth -= 1
        if char == "|" and depth == 0:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    parts.append("".join(current).strip())
    return [part for part in parts if part]


def _is_plain(element: str) -> bool:
    if element[0] in "{!^$~" or element in _GAPS or element.endswith("?"):
        return False
    return all(alternative[:1] != "{" and "{" not in alternative and "(" not in alternative
               for alternative in _alternatives(element))  # fmt: skip


def _phrases(element: str) -> list[str]:
    """A literal element's alternatives, each normalised as the stream is ("can't" is "can not")."""
    phrases = []
    for alternative in _alternatives(element):
        words = []
        for token in alternative.split():
            if token == POSSESSIVE:  # the words keep it apart: "cop's" is "cop 's"
                words.append(token)
            else:
                words.extend(
                    w for raw in _TOKEN.findall(token) if raw not in _SENTENCE_END for w in normalise_word(raw)
                )
        if words:
            phrases.append(" ".join(words))
    return phrases


def references(text: str) -> set[str]:
    return set(_REFERENCE.findall(text))
