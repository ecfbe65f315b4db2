"""Whole-page caching for anonymous visitors, so a case that goes viral costs one cache read.

Pages are keyed by a generation number that every change to public content bumps, so an edit,
a new still rendition or a solved case shows at once; the timeout only bounds how late a case
scheduled for a future publish time appears.
"""

import contextlib
import hashlib
import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-pages:generation"


def _generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def invalidate_public_pages() -> None:
    """Drop every cached public page (called by the services that change public content)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, 2, timeout=None)
    except Exception:  # Redis unreachable: cached pages expire on their own timeout
        logger.warning("could not invalidate the page cache", exc_info=True)


def _is_cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        # A pending flash message must be shown to this visitor only.
        and "messages" not in request.COOKIES
    )


def cache_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _is_cacheable_request(request):
            return view(request, *args, **kwargs)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        try:
            key = f"public-page:{_generation()}:{get_language()}:{digest}"
            cached = cache.get(key)
        except Exception:  # Redis unreachable: serve uncached rather than fail
            logger.warning("page cache unavailable", exc_info=True)
            return view(request, *args, **kwargs)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.cookies or response.streaming:
                return response
            if hasattr(response, "render"):
                response.render()
            with contextlib.suppress(Exception):
                cache.set(key, (response.content, response["Content-Type"]), settings.PUBLIC_PAGE_CACHE_SECONDS)
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_CACHE_SECONDS)
        # Signed-in visitors see officer controls: a browser must not reuse the anonymous copy.
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
