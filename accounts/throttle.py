"""Fixed-window counters in the shared cache for sign-up, verification emails and sign-in.

Keys hold a keyed, truncated hash of the client address, email or username, never the value
itself, and expire with their window. If the cache is down the counters let everything through:
signing up and in must keep working, and the limits come back with the cache.
"""

import logging

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)


def _key(kind: str, value: str) -> str:
    digest = salted_hmac(f"accounts.throttle.{kind}", value, algorithm="sha256").hexdigest()[:32]
    return f"accounts:throttle:{kind}:{digest}"


def client_key(request: HttpRequest, action: str) -> str:
    return _key(f"{action}:client", request.META.get("REMOTE_ADDR", ""))


def value_key(action: str, value: str) -> str:
    return _key(f"{action}:value", value.strip().lower())


def hit(key: str, limit: int, window: int) -> bool:
    """Count one event; True while there have been at most `limit` in this window."""
    try:
        # The window starts with the first event and is never extended by later ones.
        cache.add(key, 0, timeout=window)
        return cache.incr(key) <= limit
    except ValueError:  # the key expired between add and incr: this is the first of a new window
        cache.set(key, 1, timeout=window)
        return True
    except Exception:
        logger.warning("account throttle unavailable", exc_info=True)
        return True


def count(key: str) -> int:
    """Events so far in this window, without counting one."""
    try:
        return cache.get(key, 0)
    except Exception:
        logger.warning("account throttle unavailable", exc_info=True)
        return 0


def clear(key: str) -> None:
    try:
        cache.delete(key)
    except Exception:
        logger.warning("account throttle unavailable", exc_info=True)
