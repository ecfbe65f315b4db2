from django.http import HttpRequest, HttpResponse
from django.template import loader


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A plain-language page for an expired or missing form token (never a technical reason)."""
    return HttpResponse(loader.render_to_string("403_csrf.html", request=request), status=403)
