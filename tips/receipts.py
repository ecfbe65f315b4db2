"""Tip codes and receipt secrets.

The code names a tip (it is not secret: a reward is claimed with it). The secret is seven words
drawn with `secrets` from a list of 2,048, so 77 bits of randomness. Only an HMAC-SHA256 of it is
stored, keyed from SECRET_KEY: with 2^77 possibilities an offline search is out of reach even at
billions of guesses a second, so a deliberately slow hash (PBKDF2, Argon2) would add nothing but
CPU cost on every check; and without SECRET_KEY, which is not in the database, a dump does not
even allow offline guessing. Online guessing is held back by the per-client limit on the check
page; a tip code is never locked, since anyone who holds the code could then lock the tipster out.
"""

import hmac
import re
import secrets
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.crypto import salted_hmac

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: easy to read aloud and to type from a note.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 12
SECRET_WORDS = 7
_SALT = "tips.receipt-secret"


@cache
def wordlist() -> tuple[str, ...]:
    words = (Path(__file__).parent / "data" / "wordlist.txt").read_text().split()
    return tuple(words)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_code(raw: str) -> str:
    return re.sub(r"[\s-]+", "", raw or "").upper()


def new_secret() -> str:
    words = wordlist()
    return " ".join(secrets.choice(words) for _ in range(SECRET_WORDS))


def normalise_secret(raw: str) -> str:
    return " ".join(re.findall(r"[a-z]+", (raw or "").lower()))


def hash_secret(secret: str, *, key: str | None = None) -> str:
    return salted_hmac(_SALT, normalise_secret(secret), secret=key, algorithm="sha256").hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    # SECRET_KEY_FALLBACKS keep old receipts working across a SECRET_KEY rotation.
    for key in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        if hmac.compare_digest(hash_secret(secret, key=key), stored_hash):
            return True
    return False
