"""The one rate limiter: fixed-window counters, in PostgreSQL or in the shared cache (Redis).

A counter's key is `ratelimit:<scope>:<digest>`: the digest is an HMAC keyed from SECRET_KEY of
what is counted (a client address, a username, an email address, a user id), never the value
itself, so neither a dump of Redis nor one of the database names anybody. A window starts with
its first event and is never extended by later ones; the counter expires with it.

Where a counter lives, and why no limit fails open:
- The limits that guard a secret (a password, a second-factor code, a tip's receipt; the scopes
  in SECRET_GUARDS) always count in the database. The sign-in and the tip check need the database
  anyway, so this adds no way for them to fail, and a Redis outage (or a Redis flushed or
  restarted) can never reset or lift them: the sixth wrong password is refused whatever Redis does.
- Every other limit (sign-up, emails, comments, subscriptions, sending a tip) guards against load
  and counts in the cache, one round trip to Redis. While the cache is unreachable it counts in
  the database instead, so these limits hold during an outage too; they start afresh when Redis
  is back, which lets at most one more window's worth through.

The tip line asks for less: `bits=LOSSY_BITS` keeps 16 bits of the digest, 65,536 buckets. A full
digest would let whoever holds SECRET_KEY and a copy of the counters hash all 2^32 IPv4 addresses
and name a tipster's address for as long as the counter lives; with 16 bits each bucket stands
for ~65,000 IPv4 addresses (and countless IPv6 ones), so the counter narrows nothing down. The
price: unrelated clients that share a bucket share its count, which bites only when thousands of
clients use the tip line in the same hour, and then costs a few of them part of their allowance.
"""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .addresses import client_address
from .caching import warn_cache_unavailable
from .models import RateCounter

logger = logging.getLogger(__name__)

FULL_BITS = 128
LOSSY_BITS = 16

# Counted in the database whether or not Redis answers (see above).
SECRET_GUARDS = frozenset({"login.username", "login.client", "second-factor.user", "tip.check"})


def key(scope: str, value: str, *, bits: int = FULL_BITS) -> str:
    """The counter for `value` (an address, a username...) under `scope` (such as `login.client`)."""
    digest = salted_hmac(f"tipportal.ratelimit.{scope}", value, algorithm="sha256").hexdigest()
    return f"ratelimit:{scope}:{digest[: bits // 4]}"


def client_key(request: HttpRequest, scope: str, *, bits: int = FULL_BITS) -> str:
    """The counter for the client that sent `request` (see `tipportal.addresses`)."""
    return key(scope, client_address(request), bits=bits)


def hit(counter: str, limit: int, window: int) -> bool:
    """Count one event; True while there have been at most `limit` in this `window` (seconds)."""
    if _guards_a_secret(counter):
        return _database_hit(counter, window) <= limit
    try:
        cache.add(counter, 0, timeout=window)
        return cache.incr(counter) <= limit
    except ValueError:  # the key expired between add and incr: the first event of a new window
        cache.set(counter, 1, timeout=window)
        return True
    except Exception as error:  # redis-py raises its own connection and timeout errors
        warn_cache_unavailable(logger, "rate limit cache unavailable; counting in the database", error)
        return _database_hit(counter, window) <= limit


def count(counter: str) -> int:
    """Events so far in this window, without counting one."""
    if _guards_a_secret(counter):
        return _database_count(counter)
    try:
        return int(cache.get(counter, 0))
    except Exception as error:
        warn_cache_unavailable(logger, "rate limit cache unavailable; reading the database", error)
        return _database_count(counter)


def clear(counter: str) -> None:
    """Forget the counter (a successful sign-in forgets that account's typos)."""
    if _guards_a_secret(counter):
        RateCounter.objects.filter(counter=counter).delete()
        return
    try:
        cache.delete(counter)
    except Exception as error:
        warn_cache_unavailable(logger, "rate limit cache unavailable; clearing in the database", error)
        RateCounter.objects.filter(counter=counter).delete()


def _guards_a_secret(counter: str) -> bool:
    return counter.split(":", 2)[1] in SECRET_GUARDS


def _database_hit(counter: str, window: int) -> int:
    """Count one event in the database; the number of events in the window, this one included.

    One statement, so concurrent requests never lose a count: the row is inserted, or
    incremented, or (its window over) started again at 1."""
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (counter, events, expires_at) VALUES (%s, 1, %s) "  # noqa: S608
            "ON CONFLICT (counter) DO UPDATE SET "
            f"events = CASE WHEN {table}.expires_at > %s THEN {table}.events + 1 ELSE 1 END, "
            f"expires_at = CASE WHEN {table}.expires_at > %s THEN {table}.expires_at ELSE excluded.expires_at END "
            "RETURNING events",
            [counter, adapt(now + timedelta(seconds=window)), adapt(now), adapt(now)],
        )
        (events,) = cursor.fetchone()
    if events == 1:
        # A window starts: the moment to drop the counters whose windows have ended, so the
        # table holds only live ones (a few rows per client or account in the last window).
        RateCounter.objects.filter(expires_at__lte=now).delete()
    return int(events)


def _database_count(counter: str) -> int:
    events = (
        RateCounter.objects.filter(counter=counter, expires_at__gt=timezone.now())
        .values_list("events", flat=True)
        .first()
    )
    return events or 0
