"""Response rules for tip pages and the tipster's short follow-up session.

Every response under /tips/ (errors included) is never stored and sends no referrer, and every
response under /desk/ is never stored: PrivateResponseMiddleware, not the views, sets these, so a
404, 405 or 500 raised before or outside a view gets them too.

The follow-up session is a signed cookie holding the tip's id and session generation, re-signed on
every request so it lapses after TIP_FOLLOWUP_IDLE_SECONDS idle. Nothing about it is stored on
the server, and ending it bumps the tip's generation so every copy of the cookie stops working.
"""

from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters

from .logfilters import is_tipster_path, normalise_path
from .models import Tip

COOKIE_NAME = "tip_followup"
COOKIE_PATH = "/tips/"
_SALT = "tips.followup"


DESK_PATH_PREFIX = "/desk/"


class PrivateResponseMiddleware:
    """No copy of a tip or desk page kept by the browser or any cache on the way, and no referrer
    sent from a tipster's page. Listed right after SecurityMiddleware, so it sees every response
    the inner layers make (error pages included) and its Referrer-Policy wins over the site's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        path = normalise_path(request.path_info)
        tipster = is_tipster_path(path)
        if tipster or path.startswith(DESK_PATH_PREFIX) or path == DESK_PATH_PREFIX.rstrip("/"):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        if tipster:
            response["Referrer-Policy"] = "no-referrer"
        return response


def private_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A tipster's page: no POST data in error reports (the headers come from
    PrivateResponseMiddleware; CSRF, where due, from tip_csrf_protect)."""
    return sensitive_post_parameters()(view)


class TipCsrfViewMiddleware(CsrfViewMiddleware):
    """CSRF for pages sent with `Referrer-Policy: no-referrer`.

    Under that policy browsers send `Origin: null` and no Referer with the page's own form posts,
    which Django's origin and (HTTPS) referer checks refuse. Such a post is accepted when the
    browser itself vouches that it came from this origin (`Sec-Fetch-Site: same-origin`, a
    header no page can set); the CSRF token is checked as always.
    """

    @staticmethod
    def _same_origin_by_fetch_metadata(request: HttpRequest) -> bool:
        return request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin"

    def _origin_verified(self, request: HttpRequest) -> bool:
        if request.META.get("HTTP_ORIGIN") == "null" and self._same_origin_by_fetch_metadata(request):
            return True
        return super()._origin_verified(request)

    def _check_referer(self, request: HttpRequest) -> None:
        if "HTTP_REFERER" not in request.META and self._same_origin_by_fetch_metadata(request):
            return
        super()._check_referer(request)


_tip_csrf_protect = decorator_from_middleware(TipCsrfViewMiddleware)


def tip_csrf_protect(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Exempt from the site-wide CSRF middleware, and checked by TipCsrfViewMiddleware instead."""
    return csrf_exempt(_tip_csrf_protect(view))


def start_followup(response: HttpResponse, tip: Tip) -> None:
    value = signing.dumps({"t": tip.pk, "g": tip.session_generation}, salt=_SALT)
    response.set_cookie(
        COOKIE_NAME,
        value,
        max_age=settings.TIP_FOLLOWUP_IDLE_SECONDS,
        path=COOKIE_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def end_followup(response: HttpResponse) -> None:
    response.delete_cookie(COOKIE_NAME, path=COOKIE_PATH, samesite="Strict")


def followup_tip(request: HttpRequest) -> Tip | None:
    """The tip this browser's follow-up session opened, or None when it is missing or has lapsed."""
    raw = request.COOKIES.get(COOKIE_NAME)
    if not raw:
        return None
    try:
        data = signing.loads(raw, salt=_SALT, max_age=settings.TIP_FOLLOWUP_IDLE_SECONDS)
    except signing.BadSignature:
        return None
    tip = Tip.objects.filter(pk=data.get("t")).select_related("case").first()
    if tip is None or tip.session_generation != data.get("g"):
        return None
    return tip
