"""What a signed-in session records about itself, and when a staff session is over.

Every session keeps the user's session generation from when it signed in; raising the user's
number ("sign out everywhere", a second-factor reset) ends every one of their sessions, in any
session store, at its next request. A staff session also keeps when it started and when it was
last used, and ends after STAFF_SESSION_IDLE_MINUTES idle or STAFF_SESSION_MAX_HOURS in all; its
cookie lasts until the browser closes.
"""

import time

from django.conf import settings
from django.http import HttpRequest

from .staff import is_staff_account

GENERATION_KEY = "accounts.generation"
STARTED_KEY = "accounts.staff_started"
SEEN_KEY = "accounts.staff_seen"
# Writing "last seen" on every request would save the session every time; a minute is plenty.
SEEN_PRECISION_SECONDS = 60

IDLE = "idle"
TOO_LONG = "too_long"
ENDED_ELSEWHERE = "ended_elsewhere"


def start_session(sender, request: HttpRequest, user, **kwargs) -> None:
    """On every sign-in (a `user_logged_in` receiver)."""
    # From the database: the object signing in may predate a "sign out everywhere".
    request.session[GENERATION_KEY] = type(user).objects.values_list("session_generation", flat=True).get(pk=user.pk)
    if is_staff_account(user):
        start_staff_session(request)


def start_staff_session(request: HttpRequest) -> None:
    now = int(time.time())
    request.session[STARTED_KEY] = now
    request.session[SEEN_KEY] = now
    request.session.set_expiry(0)  # the cookie ends with the browser


def ended(request: HttpRequest) -> str | None:
    """Why this signed-in session is over (IDLE, TOO_LONG, ENDED_ELSEWHERE), or None; a staff
    session that goes on is marked as used now."""
    user, session = request.user, request.session
    if session.get(GENERATION_KEY, 0) != user.session_generation:
        return ENDED_ELSEWHERE
    if not is_staff_account(user):
        return None
    now = int(time.time())
    if STARTED_KEY not in session:
        # Made staff while signed in as a citizen: the staff limits start now.
        start_staff_session(request)
        return None
    if now - session.get(SEEN_KEY, 0) > settings.STAFF_SESSION_IDLE_MINUTES * 60:
        return IDLE
    if now - session[STARTED_KEY] > settings.STAFF_SESSION_MAX_HOURS * 3600:
        return TOO_LONG
    if now - session[SEEN_KEY] >= SEEN_PRECISION_SECONDS:
        session[SEEN_KEY] = now
    return None
