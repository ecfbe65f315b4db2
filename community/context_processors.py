from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .services import active_alerts as _active_alerts


def active_alerts(request: HttpRequest) -> dict:
    # Lazy: a page that does not render the banner (admin, feeds) costs no cache read.
    return {"active_alerts": SimpleLazyObject(_active_alerts)}
