"""Auto-moderation: publish a comment, or hold it for a moderator with the reasons why.

Pure Python, no network, a few regular expressions per comment. The word lists and patterns are
`ModerationTerm` rows that moderators edit in admin; `compile_lexicon` turns them into a `Lexicon`,
and `classify` keeps the compiled one in memory until a term changes (a version number in the
cache, bumped on every save), so an edit takes effect on every web process without a deploy.

How disguised words are caught: the text is split into chunks at whitespace; each chunk is folded
(lower case, accents and look-alike letters, digits and symbols used as letters: `sh1t`, `$hit`,
`b!tch`), separators inside a chunk are dropped (`f.u.c.k`, `f-u-c-k`), runs of single letters are
joined (`f u c k`), masked letters are matched against the list (`f*ck`, `f**k`), and stretched
words are squeezed (`fuuuck`). Matching is by whole word unless a term says otherwise, so
"Scunthorpe", "Cockburn Street" and "Middlesex County" stay clean; allowed terms shield phrases.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from tipportal.folding import LEET as _LEET
from tipportal.folding import LEET_CHARS as _LEET_CHARS
from tipportal.folding import fold as _fold

from .grammar import Entry, Grammar, Rule, tokens_of

PROFANITY = "profanity"
THREAT = "threat"
PERSONAL_DATA = "personal_data"
SPAM = "spam"
REASONS = (PROFANITY, THREAT, PERSONAL_DATA, SPAM)
ALLOW = "allow"
BLOCK = "block"  # a word or phrase of a building block of the threat model (see `grammar`)

EXACT = "exact"  # the whole word, or its plural
WORD = "word"  # the whole word with common endings (-s, -ed, -ing, -er, -y, ...)
PART = "part"  # anywhere inside a word
PATTERN = "pattern"  # a regular expression over the folded text
RULE = "rule"  # building blocks, words and gaps over the normalised word stream (see `grammar`)

PUBLISH = "publish"
HOLD = "hold"

_ENDINGS = ("", "s", "es", "ed", "d", "ing", "in", "er", "ers", "y", "ies", "ier", "iest", "ty", "head", "heads")

_MASK_CHARS = frozenset("*#%")
_CHUNK = re.compile(r"\S+")
_LEAD_CHARS = "\"'([{<¿¡"
_TRAIL_CHARS = ".,!?;:\"')]}>…"
_LETTERS = re.compile(r"[a-z]")
_SPLIT_INSIDE = re.compile(r"[/\\,;:&=()\[\]{}<>\"?]+")
_NOT_WORD = re.compile(r"[^a-z*#%]")
_RUN3 = re.compile(r"([a-z])\1{2,}")
_RUN2 = re.compile(r"([a-z])\1+")


@dataclass(frozen=True)
class Term:
    text: str
    category: str
    match: str
    block: str = ""  # for BLOCK rows: the building block's name


@dataclass(frozen=True)
class Verdict:
    action: str
    reasons: tuple[str, ...]
    # (start, end, reason) character spans in the original text, for highlighting.
    spans: tuple[tuple[int, int, str], ...] = field(default=())

    @property
    def held(self) -> bool:
        return self.action == HOLD

    def as_dict(self) -> dict:
        return {"action": self.action, "reasons": list(self.reasons)}


@dataclass
class _Chunk:
    start: int  # span in the original text
    end: int
    lead: str
    core: str  # folded, leet read as letters
    trail: str
    word: str  # letters only (and masks), for word-list matching


def fold(text: str) -> str:
    """Lower case, accents and look-alike letters from other scripts taken off."""
    return _fold(text)


def _chunks(raw: str) -> list[_Chunk]:
    chunks = []
    for found in _CHUNK.finditer(raw):
        text = _fold(found.group())
        rest = text.lstrip(_LEAD_CHARS)
        lead_text = text[: len(text) - len(rest)]
        core = rest.rstrip(_TRAIL_CHARS)
        trail_text = rest[len(core) :]
        if core.startswith("*") and core.endswith("*") and len(core) > 2:  # *emphasis*
            core = core.strip("*")
        if not _LEET_CHARS.isdisjoint(core) and _LETTERS.search(core):
            core = core.translate(_LEET)
        # The span without surrounding punctuation, for highlighting (folding rarely changes lengths).
        start, end = found.start() + len(lead_text), found.end() - len(trail_text)
        if end <= start:
            start, end = found.start(), found.end()
        word = core if core.isalpha() and core.isascii() else _NOT_WORD.sub("", core)
        chunks.append(_Chunk(start, end, lead_text, core, trail_text, word))
    return _join_spelled_out(chunks)


def _join_spelled_out(chunks: list[_Chunk]) -> list[_Chunk]:
    """Join runs of three or more single letters ("f u c k", "s. h. i. t") into one chunk."""
    joined: list[_Chunk] = []
    index = 0
    while index < len(chunks):
        end = index
        while end < len(chunks) and len(chunks[end].word) == 1 and chunks[end].word.isalpha():
            end += 1
        if end - index >= 3:
            run = chunks[index:end]
            word = "".join(c.word for c in run)
            joined.append(_Chunk(run[0].start, run[-1].end, run[0].lead, word, run[-1].trail, word))
            index = end
        else:
            joined.append(chunks[index])
            index += 1
    return joined


def _squeeze(word: str) -> str:
    return _RUN2.sub(r"\1", word)


def _word_regex(terms: Iterable[Term]) -> re.Pattern | None:
    """One regex over the space-joined words for whole-word terms (and multi-word phrases)."""
    alternatives = []
    for term in terms:
        words = [_NOT_WORD.sub("", w) for w in _fold(term.text).split()]
        words = [w for w in words if w]
        if not words:
            continue
        body = " ".join(re.escape(w) for w in words)
        if term.match == EXACT:
            alternatives.append(body + "(?:s|es)?")
        elif term.match == WORD:
            last = words[-1][-1]
            alternatives.append(body + f"(?:{re.escape(last)}(?:y|ed|ing|er|ers)|" + "|".join(_ENDINGS[1:]) + ")?")
        elif term.match == PART:
            alternatives.append(r"[a-z]*" + body + r"[a-z]*")
    if not alternatives:
        return None
    alternatives.sort(key=len, reverse=True)
    return re.compile(r"(?<![a-z*#%])(?:" + "|".join(alternatives) + r")(?![a-z*#%])")


def _variants(term: Term) -> set[str]:
    word = _NOT_WORD.sub("", _fold(term.text))
    if not word or " " in term.text.strip():
        return set()
    forms = {word, word + "s", word + "es"}
    if term.match in (WORD, PART):
        forms |= {word + ending for ending in _ENDINGS} | {word + word[-1] + e for e in ("y", "ed", "ing", "er")}
    return forms


class Lexicon:
    """The compiled word lists and patterns. Build with `compile_lexicon`; thread-safe to share."""

    def __init__(self, terms: Iterable[Term]) -> None:
        terms = list(terms)
        self.size = len(terms)
        by_category: dict[str, list[Term]] = {}
        for term in terms:
            by_category.setdefault(term.category, []).append(term)
        self.allow = _word_regex(
            Term(t.text, ALLOW, WORD if t.match != EXACT else EXACT) for t in by_category.get(ALLOW, ())
        )
        self.allowed_values = {_contact_key(t.text) for t in by_category.get(ALLOW, ())}
        self.word_rules: list[tuple[str, re.Pattern]] = []
        self.patterns: list[tuple[str, re.Pattern]] = []
        for category in REASONS:
            listed = by_category.get(category, [])
            regex = _word_regex(t for t in listed if t.match in (EXACT, WORD, PART))
            if regex is not None:
                self.word_rules.append((category, regex))
            valid = []
            for term in listed:
                if term.match == PATTERN:
                    try:
                        re.compile(term.text)
                    except re.error:
                        continue  # the admin form refuses bad patterns; never let one stop moderation
                    valid.append(f"(?:{term.text})")
            if valid:
                # One pass over the text per category, not one per pattern.
                self.patterns.append((category, re.compile("|".join(valid))))
        # The threat model: building blocks and the rules composed from them.
        blocks: dict[str, list[Entry]] = {}
        for term in by_category.get(BLOCK, ()):
            blocks.setdefault(term.block, []).append(Entry(_fold(term.text), inflect=term.match == WORD))
        self.grammar = Grammar(
            blocks, (Rule(_fold(t.text), t.category) for t in terms if t.match == RULE and t.category in REASONS)
        )
        # Every spelling of a listed profanity, for unmasking "f*ck" and unstretching "fuuuck".
        self.known: set[str] = set()
        for term in by_category.get(PROFANITY, ()):
            self.known |= _variants(term)
        self.parts = [_NOT_WORD.sub("", _fold(t.text)) for t in by_category.get(PROFANITY, ()) if t.match == PART]
        self.squeezed = {}
        for known in sorted(self.known, key=len):
            self.squeezed.setdefault(_squeeze(known), known)
        self.i_typed_as_l = {
            known[:index] + "l" + known[index + 1 :]: known
            for known in self.known
            for index, char in enumerate(known)
            if char == "i"
        }
        self.by_initial: dict[str, list[str]] = {}
        for known in self.known:
            self.by_initial.setdefault(known[0], []).append(known)

    def _resolve(self, word: str) -> str:
        """The listed word a disguised one stands for, or the word itself."""
        if not word:
            return word
        if word in self.known:
            return word
        if not _MASK_CHARS.isdisjoint(word):
            letters = sum(c.isalpha() for c in word)
            if letters and len(word) >= 3:
                shape = re.compile(re.sub(r"[*#%]+", lambda m: f"[a-z]{{1,{len(m.group()) + 1}}}", word))
                candidates = self.by_initial.get(word[0], ()) if word[0].isalpha() else self.known
                matches = sorted(c for c in candidates if shape.fullmatch(c))
                if matches:
                    return min(matches, key=lambda c: (abs(len(c) - len(word)), c))
                # A masked listed word inside a longer one: "sh*tshow", "motherf***er".
                for part in self.parts:
                    for start in range(len(word) - len(part) + 1):
                        window = word[start : start + len(part)]
                        if all(w == p or w in _MASK_CHARS for w, p in zip(window, part, strict=True)):
                            return word[:start] + part + word[start + len(part) :]
            return word
        if _RUN2.search(word):
            squeezed = _squeeze(word)
            if _RUN3.search(word) and squeezed in self.squeezed:
                return self.squeezed[squeezed]
            if any(part in squeezed for part in self.parts):
                return squeezed  # "fuuck": only for words never innocent, so "Twatt" stays a place
        # A capital I typed as a lower-case l: "BULLSHlT".
        return self.i_typed_as_l.get(word, word)

    def classify(self, raw: str) -> Verdict:
        chunks = _chunks(raw)
        spans: list[tuple[int, int, str]] = []

        # Words: profanity and any whole-word terms of the other classes.
        words, offsets = [], []
        position = 0
        for index, chunk in enumerate(chunks):
            pieces = (
                [_NOT_WORD.sub("", p) for p in _SPLIT_INSIDE.split(chunk.core)]
                if _SPLIT_INSIDE.search(chunk.core)
                else (chunk.word,)
            )
            for piece in pieces:
                piece = self._resolve(piece)
                if piece:
                    words.append(piece)
                    offsets.append((position, index))
                    position += len(piece) + 1
        word_text = " ".join(words)
        shielded = [m.span() for m in self.allow.finditer(word_text)] if self.allow else []

        def to_raw(start: int, end: int) -> tuple[int, int]:
            first = next(i for (pos, i) in reversed(offsets) if pos <= start)
            last = next(i for (pos, i) in reversed(offsets) if pos < end)
            return chunks[first].start, chunks[last].end

        for category, regex in self.word_rules:
            for found in regex.finditer(word_text):
                if any(a <= found.start() and found.end() <= b for a, b in shielded):
                    continue
                spans.append((*to_raw(*found.span()), category))

        # Patterns run over the folded sentence, punctuation kept.
        sentence, starts = [], []
        position = 0
        for chunk in chunks:
            piece = f"{chunk.lead}{chunk.core}{chunk.trail}"
            sentence.append(piece)
            starts.append(position)
            position += len(piece) + 1
        folded = " ".join(sentence)

        def sentence_to_raw(start: int, end: int) -> tuple[int, int]:
            first = max(i for i, pos in enumerate(starts) if pos <= start)
            last = max(i for i, pos in enumerate(starts) if pos < max(end, start + 1))
            return chunks[first].start, chunks[last].end

        for category, regex in self.patterns:
            for found in regex.finditer(folded):
                spans.append((*sentence_to_raw(*found.span()), category))

        spans.extend(span for span, _ in self._rule_spans(chunks, sentence))
        spans.extend(self._contact_details(raw))
        spans.extend(_spam_signals(raw))
        reasons = tuple(r for r in REASONS if any(span[2] == r for span in spans))
        return Verdict(HOLD if reasons else PUBLISH, reasons, tuple(sorted(set(spans))))

    def _words(self, chunks: list[_Chunk], pieces: list[str]) -> tuple[list[str], list[int]]:
        tokens, sources = tokens_of(zip(pieces, range(len(pieces)), strict=True))
        tokens, sources = self.grammar.respell(tokens, sources)
        return self.grammar.blank_safe_idioms(tokens), sources

    def _rule_spans(self, chunks: list[_Chunk], pieces: list[str]) -> list[tuple[tuple[int, int, str], Rule]]:
        """The threat model's rules over the comment's words, harmless idioms blanked first."""
        if not self.grammar.rules:
            return []
        tokens, sources = self._words(chunks, pieces)
        return [
            ((chunks[sources[start]].start, chunks[sources[end - 1]].end, rule.category), rule)
            for rule, start, end in self.grammar.matches(tokens)
        ]

    def explain(self, raw: str) -> list[tuple[str, str, str]]:
        """(reason, rule, matched words) for each rule that matches: for moderators trying a change."""
        chunks = _chunks(raw)
        pieces = [f"{c.lead}{c.core}{c.trail}" for c in chunks]
        return [(rule.category, rule.text, raw[span[0] : span[1]]) for span, rule in self._rule_spans(chunks, pieces)]

    def _contact_details(self, raw: str) -> list[tuple[int, int, str]]:
        found = []
        # Cheap gates first: most comments hold no digit, no "@" and no "lives on".
        regexes = [_EMAIL] if "@" in raw else []
        if _DIGIT.search(raw):
            regexes += [_PHONE, _ADDRESS]
        if _DIGIT.search(raw) or _DWELLS.search(raw):
            regexes.append(_LIVES_ON)
        for regex in regexes:
            for match in regex.finditer(raw):
                if _contact_key(match.group()) not in self.allowed_values:
                    found.append((match.start(), match.end(), PERSONAL_DATA))
        return found


def _contact_key(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return digits[-10:] if len(digits) >= 7 else value.strip().lower()


_SUFFIX = (
    r"(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|court|ct|boulevard|blvd|way|place|pl|terrace|ter|circle"
    r"|cir|parkway|pkwy|highway|hwy|run|row|trail|trl|crescent|close|square|sq)\b\.?"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w$])(?:\+?1[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}(?![\d])")
# A house number and a street named in capitals ("214 Birch Lane", "402 N Main Street").
_ADDRESS = re.compile(
    r"\b\d{1,5}[A-Za-z]?\s+(?:[NSEW]\.?\s+|North\s+|South\s+|East\s+|West\s+)?(?:[A-Z][A-Za-z'-]*\s+){1,3}(?i:"
    + _SUFFIX
    + r")"
)
# Where someone else lives, even without a number: "he lives on Carver Street".
_LIVES_ON = re.compile(
    r"\b(?i:lives|living|stays|staying|sleeps|crashes|crashing|lives at)\s+(?i:at|on|in|over on|down on|off)\s+"
    r"(?:the\s+)?(?:[A-Z][A-Za-z'-]*\s+){1,3}(?i:" + _SUFFIX + r")"
    r"|\b(?i:lives?|stays?|address is|house is)\s+(?i:at\s+)?\d{1,5}\s+\w+"
)
_TLDS = "com|net|org|io|co|biz|info|shop|xyz|ru|me|ly|site|online|store|app|us|uk|tk|top|club|live|link|click"
# Cheap test for "could there be a link at all" before the full pattern runs.
_LINK_HINT = re.compile(r"(?i)://|www\.|\.(?:" + _TLDS + r")\b| dot (?:com|net|org|io|co|biz)\b")
_DIGIT = re.compile(r"\d")
_TOKEN = re.compile(r"\w+")
_DWELLS = re.compile(r"(?i)\b(?:lives|living|stays|staying|sleeps|crash)")
_LINK = re.compile(
    r"https?://\S+|\bwww\.\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:" + _TLDS + r")\b(?:/\S*)?"
    r"|\b\w+ dot (?:com|net|org|io|co|biz)\b",
    re.IGNORECASE,
)
_REPEATED_CHAR = re.compile(r"(\S)\1{14,}")


def _spam_signals(raw: str) -> list[tuple[int, int, str]]:
    found = []
    for match in _LINK.finditer(raw) if _LINK_HINT.search(raw) else ():
        if match.start() > 0 and raw[match.start() - 1] == "@":
            continue  # the domain of an email address: that is contact data, not a link
        if "@" in match.group():
            continue
        found.append((match.start(), match.end(), SPAM))
    for match in _REPEATED_CHAR.finditer(raw):
        found.append((match.start(), match.end(), SPAM))
    tokens = _TOKEN.findall(raw.lower())
    if len(tokens) >= 8:
        (_, count), *_ = Counter(tokens).most_common(1)
        if count >= 6 and count / len(tokens) >= 0.6:
            found.append((0, len(raw), SPAM))
    return found


def compile_lexicon(terms: Iterable[Term]) -> Lexicon:
    return Lexicon(terms)
