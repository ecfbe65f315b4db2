"""The one error type services raise, and the one table that turns its code into an HTTP status.

A service that refuses a request raises `ServiceError(message, code=...)`: the message is shown to
the person as is (plain language, translated), the code says why in a word. Views never choose a
status themselves: they answer `status_for(error)`, so the same refusal gets the same status
wherever it happens. It is a ValidationError, so a form can carry it (`form.add_error(None, error)`).
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template import loader


class ServiceError(ValidationError):
    """A request the rules or the current state do not allow. Always raised with a `code`."""

    code: str

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message, code=code)


# Every code whose status is not 400. A code not listed (a missing or malformed value) is a 400.
STATUS_BY_CODE: dict[str, int] = {
    # 403: the request is understood, and this person may not do it.
    "comments_closed": 403,
    "not_verified": 403,
    "suspended": 403,
    "not_official": 403,
    "own_comment": 403,
    "staff_author": 403,
    "not_superuser": 403,
    "own": 403,
    # 404: the thing is not there, or not for the public yet.
    "not_found": 404,
    # 409: someone else got there first, or it was already done.
    "in_review": 409,
    "already_reported": 409,
    "already_decided": 409,
    "claimed": 409,
    "already_solved": 409,
    "already_open": 409,
    "already_linked": 409,
    "already_escalated": 409,
    "unchanged": 409,
    # 429: too many, too fast.
    "rate_limited": 429,
    "locked": 429,
}


def status_for(error: ServiceError) -> int:
    return STATUS_BY_CODE.get(error.code, 400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A plain-language page for an expired or missing form token (never a technical reason)."""
    return HttpResponse(loader.render_to_string("403_csrf.html", request=request), status=403)
