"""The live lexicon: `ModerationTerm` rows compiled once per process and per version.

A version number in the shared cache is bumped whenever a term changes; each process checks it at
most every few seconds, so a moderator's edit reaches every web process without a deploy while the
classifier stays a few regular expressions per comment.
"""

import logging
import threading
import time

from django.core.cache import cache

from tipportal.caching import warn_cache_unavailable

from .classifier import Lexicon, Term, compile_lexicon

logger = logging.getLogger(__name__)

VERSION_KEY = "moderation:lexicon:version"
CHECK_EVERY_SECONDS = 5.0

_lock = threading.Lock()
_state: dict = {"lexicon": None, "version": None, "checked": 0.0}


def _shared_version() -> int:
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, 1, timeout=None)
            version = cache.get(VERSION_KEY, 1)
        return version
    except Exception:  # cache unreachable: keep what this process has
        return _state["version"] or 0


def load_terms() -> list[Term]:
    from .models import ModerationTerm

    rows = ModerationTerm.objects.filter(is_active=True).values_list("text", "category", "match", "block")
    return [Term(*row) for row in rows]


def current_lexicon() -> Lexicon:
    now = time.monotonic()
    lexicon = _state["lexicon"]
    if lexicon is not None and now - _state["checked"] < CHECK_EVERY_SECONDS:
        return lexicon
    version = _shared_version()
    with _lock:
        if _state["lexicon"] is None or version != _state["version"]:
            _state["lexicon"] = compile_lexicon(load_terms())
            _state["version"] = version
        _state["checked"] = now
        return _state["lexicon"]


def lexicon_changed() -> None:
    """Call after any term change (on commit): every process recompiles on its next check."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, 2, timeout=None)
    except Exception as error:  # the local copy below is still dropped; other processes catch up later
        warn_cache_unavailable(logger, "could not bump the moderation lexicon version", error)
    with _lock:
        _state["lexicon"] = None
