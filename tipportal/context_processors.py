from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {"DEPARTMENT_NAME": settings.DEPARTMENT_NAME, "SITE_URL": settings.SITE_URL}
