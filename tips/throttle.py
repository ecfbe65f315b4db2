"""Per-client rate limits for the tip line, kept in Redis under a deliberately lossy keyed hash of
the client's address that expires with its window; the address itself is never stored or logged."""

import logging
from functools import cache

import redis
from django.conf import settings
from django.core.cache import cache as django_cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 3600
# The key keeps 16 bits of the HMAC: 65,536 buckets. A full digest would let whoever holds
# SECRET_KEY and a Redis dump hash all 2^32 IPv4 addresses and name a tipster's address for as
# long as the key lives; with 16 bits each bucket stands for ~65,000 IPv4 addresses (and countless
# IPv6 ones), so the key narrows nothing down. The price: unrelated clients that share a bucket
# its count. That only bites when thousands of clients use the tip line in the same hour, and then
# costs a few of them part of their hourly allowance; the per-code lockout is unaffected.
BUCKET_HEX_DIGITS = 4


@cache
def _redis(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


def _client_key(request: HttpRequest, action: str) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    digest = salted_hmac("tips.throttle", address, algorithm="sha256").hexdigest()[:BUCKET_HEX_DIGITS]
    # The cache's prefix, so sites sharing one Redis keep separate counts.
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    return f"{prefix}:tips:throttle:{action}:{digest}"


def _count(key: str) -> int:
    if settings.REDIS_URL:
        # One round trip, and atomic: the window starts with the first attempt and is never extended.
        with _redis(settings.REDIS_URL).pipeline() as pipe:
            count, _ = pipe.incr(key).expire(key, WINDOW_SECONDS, nx=True).execute()
        return count
    # No Redis (the embedded first run): the local-memory cache does.
    django_cache.add(key, 0, timeout=WINDOW_SECONDS)
    return django_cache.incr(key)


def allow(request: HttpRequest, action: str, limit: int) -> bool:
    """Count one `action` for this client; False once it has done more than `limit` this window."""
    try:
        count = _count(_client_key(request, action))
    except Exception:  # Redis unreachable: a tip must still get through (the lockout still holds)
        logger.warning("tip throttle unavailable", exc_info=True)
        return True
    return count <= limit


def allow_submission(request: HttpRequest) -> bool:
    return allow(request, "submit", settings.TIP_SUBMISSIONS_PER_HOUR)


def allow_check(request: HttpRequest) -> bool:
    return allow(request, "check", settings.TIP_CHECKS_PER_HOUR)
