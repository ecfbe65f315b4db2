"""Staff sessions: their limits, and the second factor they must pass before any staff page.

Both come after AuthenticationMiddleware, django-otp's OTPMiddleware (which gives
`request.user.is_verified()`) and MessageMiddleware.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import sessions
from .staff import is_staff_account

# Pages that answer only with the second-factor page until the session has passed it: the whole
# admin and the officers' desk with its threat reports (by URL namespace), the moderation queue, the officers' case
# actions and the outcomes page (by URL name). Besides these, an unverified staff session can
# send no form at all (POST, PUT, ...) except to sign in, sign out, pass the second factor and
# switch the page's language (which then leaves the account as it is: see accounts.views.set_language).
GUARDED_NAMESPACES = frozenset({"admin", "desk", "threats"})
GUARDED_VIEWS = frozenset(
    {
        "moderation:queue", "moderation:bulk", "moderation:claim", "moderation:decide",
        "moderation:escalate", "moderation:premoderation",
        "cases:solve", "cases:reopen", "cases:post-update",
        "stats:outcomes",
        "accounts:account",
    }
)  # fmt: skip
OPEN_VIEWS = frozenset({"login", "logout", "accounts:second-factor", "accounts:second-factor-setup", "set_language"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class StaffSessionMiddleware:
    """Ends sessions signed out elsewhere and staff sessions past their limits; staff pages are
    never stored by the browser (a shared desk computer) or any cache on the way."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        staff = False
        if request.user.is_authenticated:
            reason = sessions.ended(request)
            if reason is not None:
                logout(request)
                _tell_why(request, reason)
            else:
                staff = is_staff_account(request.user)
        response = self.get_response(request)
        if staff:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


def _tell_why(request: HttpRequest, reason: str) -> None:
    if reason == sessions.IDLE:
        minutes = settings.STAFF_SESSION_IDLE_MINUTES
        text = ngettext(
            "You were signed out after %(minutes)d minute without activity.",
            "You were signed out after %(minutes)d minutes without activity.",
            minutes,
        ) % {"minutes": minutes}
    elif reason == sessions.TOO_LONG:
        hours = settings.STAFF_SESSION_MAX_HOURS
        text = ngettext(
            "You were signed out: a staff session lasts at most %(hours)d hour.",
            "You were signed out: a staff session lasts at most %(hours)d hours.",
            hours,
        ) % {"hours": hours}
    else:
        text = _("You were signed out because all your sessions were ended.")
    messages.info(request, text)


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        match = request.resolver_match
        guarded = (
            bool(set(match.namespaces[:1]) & GUARDED_NAMESPACES)
            or match.view_name in GUARDED_VIEWS
            or (request.method not in SAFE_METHODS and match.view_name not in OPEN_VIEWS)
        )
        user = request.user
        if not guarded or not user.is_authenticated or user.is_verified() or not is_staff_account(user):
            return None
        url = reverse("accounts:second-factor")
        if request.method in SAFE_METHODS:
            url += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(url)
