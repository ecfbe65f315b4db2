"""Folding text to the Latin letters a reader sees in it.

Shared by the comment classifier (moderation) and the display-name rules (accounts), so a
disguise caught in one place is caught in the other: lower case, letters from other scripts that
look like Latin ones read as those (a Cyrillic or Greek o, a small capital O), accents,
full-width and mathematical letters reduced to plain ones, invisible format characters dropped.
Digits and symbols used as letters (`sh1t`, `$hit`, `0fficer`) are read with `LEET`.
"""

import unicodedata

# Look-alikes of Latin letters, as they are after lower-casing (so capitals are covered too),
# and typographic apostrophes and dashes. Written as escapes so they stay visible.
LOOK_ALIKES = str.maketrans(
    {
        # Cyrillic
        "\u0430": "a", "\u0432": "b", "\u0435": "e", "\u043a": "k", "\u043c": "m", "\u043d": "h",
        "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0442": "t", "\u0443": "y", "\u0445": "x",
        "\u0455": "s", "\u0456": "i", "\u0458": "j", "\u04bb": "h", "\u04cf": "l", "\u0501": "d",
        "\u051b": "q", "\u051d": "w",
        # Greek
        "\u03b1": "a", "\u03b2": "b", "\u03b5": "e", "\u03b6": "z", "\u03b7": "n", "\u03b9": "i",
        "\u03ba": "k", "\u03bc": "m", "\u03bd": "v", "\u03bf": "o", "\u03c1": "p", "\u03c4": "t",
        "\u03c5": "u", "\u03c7": "x",
        # Armenian
        "\u0585": "o", "\u057d": "u", "\u0570": "h", "\u0575": "j",
        # Latin small capitals and IPA letters
        "\u1d00": "a", "\u0299": "b", "\u1d04": "c", "\u1d05": "d", "\u1d07": "e", "\ua730": "f",
        "\u0262": "g", "\u029c": "h", "\u026a": "i", "\u1d0a": "j", "\u1d0b": "k", "\u029f": "l",
        "\u1d0d": "m", "\u0274": "n", "\u1d0f": "o", "\u1d18": "p", "\u0280": "r", "\ua731": "s",
        "\u1d1b": "t", "\u1d1c": "u", "\u1d20": "v", "\u1d21": "w", "\u028f": "y", "\u1d22": "z",
        "\u0251": "a", "\u0261": "g", "\u0131": "i", "\u0237": "j",
        # Punctuation
        "\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'", "\u2013": "-", "\u2014": "-",
    }
)  # fmt: skip
LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
                      "@": "a", "$": "s", "!": "i", "|": "i", "+": "t", "€": "e", "£": "l"})  # fmt: skip
LEET_CHARS = frozenset("01345789@$!|+€£")


def fold(text: str) -> str:
    """`text` in lower case with look-alike letters read as Latin, accents and format characters dropped."""
    if text.isascii():  # the common case, and much cheaper than normalising
        return text.translate(LOOK_ALIKES).lower()
    text = unicodedata.normalize("NFKD", text).lower()
    kept = "".join(c for c in text if not unicodedata.combining(c) and unicodedata.category(c) != "Cf")
    return kept.translate(LOOK_ALIKES)
