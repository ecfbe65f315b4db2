"""Whole-page caching for anonymous visitors, so a case that goes viral costs one cache read.

Every change to public content bumps a generation number, and a cached page is served only if it
was made in the current generation, so an edit, a new still rendition or a solved case shows at
once; the timeout only bounds how late a case scheduled for a future publish time appears.

Two layers (bench/pages.py measures them against a view returning bytes from memory):
- the shared cache (Redis): the generation and the page are read together in one round trip;
- this process's memory: the most visited pages, trusted for PUBLIC_PAGE_LOCAL_SECONDS (one by
  default) before the generation is checked again, so a case that goes viral costs no cache read
  at all. Another web process may therefore show a changed page up to that long after the change;
  this process sees it at once. 0 turns the layer off.

A page names the query parameters it understands; the view sees only those and the cache key
holds only those (sorted), so `?utm_source=...` or a random query string reuses the page instead
of storing a new copy in Redis for each.
"""

import contextlib
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-pages:generation"

Page = tuple[int, bytes, str]  # (generation it was made in, content, content type)


class _LocalPages:
    """A small LRU of pages in this process, with the generation last read from the cache."""

    def __init__(self, size: int = 200) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._pages: OrderedDict[str, Page] = OrderedDict()
        self._generation: int | None = None
        self._checked_at = float("-inf")

    def generation(self, max_age: float) -> int | None:
        """The generation last read, if read less than `max_age` seconds ago."""
        if time.monotonic() - self._checked_at < max_age:
            return self._generation
        return None

    def remember_generation(self, generation: int) -> None:
        self._generation, self._checked_at = generation, time.monotonic()

    def get(self, key: str, generation: int) -> Page | None:
        with self._lock:
            page = self._pages.get(key)
            if page is None or page[0] != generation:
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key: str, page: Page) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self._size:
                self._pages.popitem(last=False)

    def forget(self) -> None:
        with self._lock:
            self._pages.clear()
            self._generation, self._checked_at = None, float("-inf")


_local_pages = _LocalPages()


def _first_generation() -> int:
    # Clock-based, so a cache that lost its data (Redis restarted) never restarts at a number
    # that pages still held in some process's memory were stamped with.
    return time.time_ns() // 1_000_000


def _generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _first_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation if generation is not None else _first_generation()


def warn_cache_unavailable(log: logging.Logger, what: str, error: Exception) -> None:
    """Log that the shared cache failed, in one line and not a traceback: while Redis is down,
    every page view and every change can land here, and the error's name says enough."""
    log.warning("%s: %s: %s", what, type(error).__name__, error)


def invalidate_public_pages() -> None:
    """Drop every cached public page (called by the services that change public content)."""
    _local_pages.forget()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or the cache lost it)
        cache.add(GENERATION_KEY, _first_generation(), timeout=None)
    except Exception as error:  # Redis unreachable: cached pages expire on their own timeout
        warn_cache_unavailable(logger, "could not invalidate the page cache", error)


def invalidate_public_pages_on_commit() -> None:
    """Drop cached public pages once the current transaction commits (services call this)."""
    transaction.on_commit(invalidate_public_pages)


def _is_cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        # A pending flash message must be shown to this visitor only.
        and "messages" not in request.COOKIES
        # Without a session cookie nobody is signed in: no need to load the session and user.
        and (settings.SESSION_COOKIE_NAME not in request.COOKIES or not request.user.is_authenticated)
    )


def _cached_response(page: Page) -> HttpResponse:
    _generation_made, content, content_type = page
    return HttpResponse(content, content_type=content_type)


View = Callable[..., HttpResponse]


def _understood(query: QueryDict, parameters: tuple[str, ...]) -> QueryDict:
    return QueryDict(urlencode([(name, value) for name in sorted(parameters) for value in query.getlist(name)]))


def cache_public_page(*parameters: str) -> Callable[[View], View]:
    """Cache the page for anonymous visitors; `parameters` are the query parameters it reads."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            # Immutable like the one it replaces (the stubs name that type privately).
            request.GET = _understood(request.GET, parameters)  # type: ignore[assignment]
            if not _is_cacheable_request(request):
                return view(request, *args, **kwargs)
            response = _serve(request, view, args, kwargs)
            if response.status_code == 200 and not response.cookies:
                patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_CACHE_SECONDS)
            # Signed-in visitors see officer controls: a browser must not reuse the anonymous copy.
            patch_vary_headers(response, ["Cookie"])
            return response

        return wrapper

    return decorator


def _serve(request: HttpRequest, view: View, args: tuple[Any, ...], kwargs: dict[str, Any]) -> HttpResponse:
    digest = hashlib.sha256(f"{request.path}?{request.GET.urlencode()}".encode()).hexdigest()
    key = f"public-page:{get_language()}:{digest}"
    local_seconds = settings.PUBLIC_PAGE_LOCAL_SECONDS
    generation = _local_pages.generation(local_seconds) if local_seconds else None
    if generation is not None:
        page = _local_pages.get(key, generation)
        if page is not None:
            return _cached_response(page)
    try:
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = _generation()
    except Exception as error:  # Redis unreachable: serve uncached rather than fail
        warn_cache_unavailable(logger, "page cache unavailable", error)
        return view(request, *args, **kwargs)
    if local_seconds:
        _local_pages.remember_generation(generation)
    page = found.get(key)
    if page is not None and page[0] == generation:
        if local_seconds:
            _local_pages.put(key, page)
        return _cached_response(page)
    response = view(request, *args, **kwargs)
    if response.status_code != 200 or response.cookies or response.streaming:
        return response
    if hasattr(response, "render"):
        response.render()
    # Stamped with the generation read *before* rendering: if content changed meanwhile, the
    # stamp is already stale and the next visitor renders afresh.
    page = (generation, response.content, response["Content-Type"])
    with contextlib.suppress(Exception):
        cache.set(key, page, settings.PUBLIC_PAGE_CACHE_SECONDS)
    if local_seconds:
        _local_pages.put(key, page)
    return response
