"""Display names that cannot pass for the department.

A display name is shown beside a comment. It may not claim an office ("Officer Olsen", "Sgt.
Pepper", "City Police Dept") in any disguise: letters from other scripts that look Latin
(a Cyrillic capital O), digits and symbols for letters (`0ff1cer`), spacing and punctuation
(`O f f i c e r`, `P.O.L.I.C.E`), run-together words (`OfficerOlsen`), doubled letters and
`rn` for `m`. It may not mix alphabets inside a word (a reader cannot tell a Latin "a" from a
Cyrillic one), nor hold invisible or direction-changing characters (`U+202E` shows text backwards).

Official replies are marked by the site itself with a badge outside the name (see the comment
template), so no name needs these words.
"""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tipportal.folding import LEET, LEET_CHARS, fold

# Titles matched inside any run of letters, once spacing and punctuation are gone.
LONG_TITLES = (
    "officer", "police", "sergeant", "detective", "deputy", "department", "moderator", "lieutenant",
    "sheriff", "official", "administrator",
)  # fmt: skip
# Short titles, matched as whole words only ("Mischief" and "Staffan" are names).
SHORT_TITLES = ("sgt", "chief", "admin", "admins", "staff", "staffer", "dept", "mod", "mods", "cop", "cops", "pd")

# \w includes digits and "_"; letters joined by these are read as one word, the rest split words.
_JOINERS = re.compile(r"[.\-_'*·•]+")
_SPLIT = re.compile(r"[^a-z]+")
_DOUBLES = re.compile(r"([a-z])\1+")
_ALT_LEET = str.maketrans({"1": "l", "|": "l", "!": "l"})


class DisplayNameError(ValidationError):
    pass


def _squeeze(text: str) -> str:
    return _DOUBLES.sub(r"\1", text)


def _split_camel_case(text: str) -> str:
    out = []
    for index, char in enumerate(text):
        if index and char.isupper() and text[index - 1].islower():
            out.append(" ")
        out.append(char)
    return "".join(out)


def _readings(name: str) -> list[list[str]]:
    """The words a reader may see in `name`, read a few ways (each a list of words)."""
    chunks = fold(_split_camel_case(name)).split()
    readings = []
    for leet in (LEET, _ALT_LEET):
        words: list[str] = []
        for chunk in chunks:
            if not LEET_CHARS.isdisjoint(chunk) and re.search(r"[a-z]", chunk):
                chunk = chunk.translate(leet).translate(LEET)
            for part in _JOINERS.split(chunk):
                words.extend(w for w in _SPLIT.split(part) if w)
        readings.append(_join_single_letters(words))
    readings += [[w.replace("rn", "m") for w in words] for words in readings]
    return readings


def _join_single_letters(words: list[str]) -> list[str]:
    joined: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1:
            run.append(word)
            continue
        if len(run) >= 3:  # "O f f i c e r", "S.G.T"; but "P. D. James" keeps its initials
            joined.append("".join(run))
        else:
            joined.extend(run)
        run = []
        if word:
            joined.append(word)
    return joined


def _reserved_names() -> list[str]:
    names = [settings.DEPARTMENT_NAME, *settings.DISPLAY_NAME_RESERVED]
    return [_squeeze(_SPLIT.sub("", fold(name))) for name in names if _SPLIT.sub("", fold(name))]


def claims_office(name: str) -> bool:
    """True when `name`, however disguised, reads as a police title or the department's name."""
    reserved = _reserved_names()
    long_titles = [_squeeze(t) for t in LONG_TITLES]
    short_titles = {_squeeze(t) for t in SHORT_TITLES}
    short_reserved = {r for r in reserved if len(r) <= 4}
    long_reserved = [r for r in reserved if len(r) > 4]
    for words in _readings(name):
        squeezed = [_squeeze(w) for w in words]
        run = "".join(squeezed)
        if any(title in run for title in (*long_titles, *long_reserved)):
            return True
        if any(word in short_titles or word in short_reserved for word in squeezed):
            return True
        # A short title run into the name ("SgtPepper" written in one case, "AdminBob").
        if any(word.startswith(title) and len(title) >= 3 for word in squeezed for title in ("sgt", "admin")):
            return True
    return False


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def mixes_scripts(name: str) -> bool:
    """True when one word holds letters of two alphabets (Latin with Cyrillic or Greek look-alikes)."""
    for word in unicodedata.normalize("NFKC", name).split():
        scripts = {script for script in map(_script, word) if script}
        if len(scripts) > 1:
            return True
    return False


def has_hidden_characters(name: str) -> bool:
    """Control, format (zero-width, direction overrides), private-use or unassigned characters."""
    return any(unicodedata.category(char) in {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"} for char in name)


def validate_display_name(name: str) -> None:
    if has_hidden_characters(name):
        raise DisplayNameError(
            _("Your display name holds invisible or control characters. Type it with ordinary letters."),
            code="hidden_characters",
        )
    if claims_office(name):
        raise DisplayNameError(
            _(
                "Choose a display name that is not a police title or the department's name. Officers' "
                "replies carry the department's own mark, so no display name needs one."
            ),
            code="claims_office",
        )
    if mixes_scripts(name):
        raise DisplayNameError(
            _("Use letters from one alphabet in each word of your display name."), code="mixed_scripts"
        )
