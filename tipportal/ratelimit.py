"""The one rate limiter: fixed-window counters in the shared cache (Redis when REDIS_URL is set).

A counter's key is `ratelimit:<scope>:<digest>`: the digest is an HMAC keyed from SECRET_KEY of
what is counted (a client address, a username, an email address, a user id), never the value
itself, so a dump of Redis names nobody. A window starts with its first event, is never
extended by later ones, and the key expires with it.

The tip line asks for less: `bits=LOSSY_BITS` keeps 16 bits of the digest, 65,536 buckets. A full
digest would let whoever holds SECRET_KEY and a Redis dump hash all 2^32 IPv4 addresses and name
a tipster's address for as long as the key lives; with 16 bits each bucket stands for ~65,000
IPv4 addresses (and countless IPv6 ones), so the key narrows nothing down. The price: unrelated
clients that share a bucket share its count, which bites only when thousands of clients use the
tip line in the same hour, and then costs a few of them part of their hourly allowance.

If the cache is unreachable every limit lets requests through (logged): signing in, commenting
and sending a tip keep working, and the limits come back with the cache.
"""

import logging

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from .addresses import client_address

logger = logging.getLogger(__name__)

FULL_BITS = 128
LOSSY_BITS = 16


def key(scope: str, value: str, *, bits: int = FULL_BITS) -> str:
    """The counter for `value` (an address, a username...) under `scope` (such as `login.client`)."""
    digest = salted_hmac(f"tipportal.ratelimit.{scope}", value, algorithm="sha256").hexdigest()
    return f"ratelimit:{scope}:{digest[: bits // 4]}"


def client_key(request: HttpRequest, scope: str, *, bits: int = FULL_BITS) -> str:
    """The counter for the client that sent `request` (see `tipportal.addresses`)."""
    return key(scope, client_address(request), bits=bits)


def hit(counter: str, limit: int, window: int) -> bool:
    """Count one event; True while there have been at most `limit` in this `window` (seconds)."""
    try:
        cache.add(counter, 0, timeout=window)
        return cache.incr(counter) <= limit
    except ValueError:  # the key expired between add and incr: the first event of a new window
        cache.set(counter, 1, timeout=window)
        return True
    except Exception:  # redis-py raises its own connection and timeout errors
        logger.warning("rate limit unavailable", exc_info=True)
        return True


def count(counter: str) -> int:
    """Events so far in this window, without counting one."""
    try:
        return int(cache.get(counter, 0))
    except Exception:
        logger.warning("rate limit unavailable", exc_info=True)
        return 0


def clear(counter: str) -> None:
    """Forget the counter (a successful sign-in forgets that account's typos)."""
    try:
        cache.delete(counter)
    except Exception:
        logger.warning("rate limit unavailable", exc_info=True)
