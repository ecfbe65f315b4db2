"""Response rules for tip pages and the tipster's short follow-up session.

The follow-up session is a signed cookie holding the tip's id and session generation, re-signed on
every request so it lapses after TIP_FOLLOWUP_IDLE_SECONDS idle. Nothing about it is stored on
the server, and ending it bumps the tip's generation so every copy of the cookie stops working.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.debug import sensitive_post_parameters

from .models import Tip

COOKIE_NAME = "tip_followup"
COOKIE_PATH = "/tips/"
_SALT = "tips.followup"


def private_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """No caching anywhere, no referrer to other sites, and no POST data in error reports."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, no_store=True, private=True)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return sensitive_post_parameters()(wrapper)


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
