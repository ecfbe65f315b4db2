"""The one rule for who may open a page, used by the access helper at the top of every view.

- Not signed in, on a page that needs an account: sent to sign in (`@login_required`).
- Signed in without the right: 403. It is checked before anything is looked up, so a 403 says
  nothing about whether the case, tip or comment asked for exists.
- With the right, but no such object (or one the public may not see yet): 404.
- A public page of something unpublished: 404 for everyone.
- A refusal from a service (a closed tip, a second report): the status of its code
  (`tipportal.errors.status_for`).
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def require_permission(request: HttpRequest, *permissions: str) -> None:
    """403 unless the signed-in user holds at least one of `permissions`."""
    if not any(request.user.has_perm(permission) for permission in permissions):
        raise PermissionDenied
