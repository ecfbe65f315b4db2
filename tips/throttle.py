"""Per-client rate limits for the tip line, kept in the cache (Redis) under a keyed hash of the
client's address that expires with its window; the address itself is never stored or logged."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 3600


def _client_key(request: HttpRequest, action: str) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    digest = salted_hmac("tips.throttle", address, algorithm="sha256").hexdigest()[:32]
    return f"tips:throttle:{action}:{digest}"


def allow(request: HttpRequest, action: str, limit: int) -> bool:
    """Count one `action` for this client; False once it has done more than `limit` this window."""
    key = _client_key(request, action)
    try:
        cache.add(key, 0, timeout=WINDOW_SECONDS)
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    except Exception:  # Redis unreachable: a tip must still get through (the lockout still holds)
        logger.warning("tip throttle unavailable", exc_info=True)
        return True
    return count <= limit


def allow_submission(request: HttpRequest) -> bool:
    return allow(request, "submit", settings.TIP_SUBMISSIONS_PER_HOUR)


def allow_check(request: HttpRequest) -> bool:
    return allow(request, "check", settings.TIP_CHECKS_PER_HOUR)
