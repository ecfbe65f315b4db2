"""The Django admin, for staff who have passed their second factor.

A session signed in with a password only is not let in (django-otp's OTPAdminSite); in practice
accounts.middleware.SecondFactorMiddleware sends such a session to the second-factor page first.
The sign-in form asks for the password only, counts failures like the site's and answers 429
when locked out; the second factor follows on its own page, as on the site.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import HttpRequest, HttpResponse
from django_otp.admin import OTPAdminSite

from .forms import LoginThrottleMixin


class ThrottledAdminAuthenticationForm(LoginThrottleMixin, AdminAuthenticationForm):
    pass


class StaffAdminSite(OTPAdminSite):
    login_form = ThrottledAdminAuthenticationForm
    login_template = None  # Django's own sign-in page: the code is asked for on the next page

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        response = super().login(request, extra_context)
        form = getattr(response, "context_data", {}).get("form")
        if getattr(form, "locked_out", False):
            response.status_code = 429
        return response
