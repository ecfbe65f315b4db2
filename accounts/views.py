import io
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlencode, urlsafe_base64_decode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tipportal import ratelimit
from tipportal.errors import ServiceError, status_for
from tipportal.i18n import is_supported

from . import services
from .forms import (
    DisplayNameForm,
    EmailAuthenticationForm,
    EnrolForm,
    ReplaceAuthenticatorForm,
    ResendVerificationForm,
    SecondFactorForm,
    SignUpForm,
)
from .staff import is_staff_account
from .tokens import verification_token

User = get_user_model()


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    if request.method == "POST" and not ratelimit.hit(
        ratelimit.client_key(request, "signup.client"), settings.SIGNUP_RATE_PER_HOUR, 3600
    ):
        message = _("Too many sign-ups from your connection. Please try again in an hour.")
        return render(request, "accounts/signup.html", {"form": SignUpForm(), "refused": message}, status=429)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The same page whether the address is new, has an account or was never verified.
        services.sign_up(form, language=request.LANGUAGE_CODE)
        return render(request, "accounts/signup_done.html", {"email": form.cleaned_data["email"]})
    return render(request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def resend_verification(request: HttpRequest) -> HttpResponse:
    """Ask for a new verification link. The same answer for every address (see the service)."""
    if request.user.is_authenticated:
        return redirect("home")
    form = ResendVerificationForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit(ratelimit.client_key(request, "resend.client"), settings.SIGNUP_RATE_PER_HOUR, 3600):
            message = _("Too many requests from your connection. Please try again in an hour.")
            context = {"form": ResendVerificationForm(), "refused": message}
            return render(request, "accounts/resend_verification.html", context, status=429)
        if form.is_valid():
            services.resend_verification_email(form.cleaned_data["email"])
            return render(request, "accounts/resend_verification_done.html", {"email": form.cleaned_data["email"]})
    status = 400 if form.errors else 200
    return render(request, "accounts/resend_verification.html", {"form": form}, status=status)


@require_GET
def verify(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not verification_token.check_token(user, token):
        return render(request, "accounts/verify_failed.html", status=400)
    services.verify_email(user)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Your email address is verified and you are signed in. You can comment now."))
    return redirect("home")


class LoginView(auth_views.LoginView):
    """Django's sign-in with the email label and the failure limits; locked out is a 429."""

    authentication_form = EmailAuthenticationForm
    http_method_names = ["get", "post"]

    def form_invalid(self, form: EmailAuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.locked_out:
            response.status_code = 429
        return response


# No CSRF token: the switcher sits on every page, and a token would make each anonymous page
# different per visitor, so none could be cached. A forged post can only switch a visitor's
# language, which the same switcher switches back.
@csrf_exempt
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher: Django's set_language (the choice in the django_language cookie,
    then back to the page it was pressed on), also kept on the account for its emails.

    It works on the second-factor pages too, but a staff session that has not passed its second
    factor changes only the cookie: such a session changes nothing on the account."""
    language = request.POST.get("language")
    if not is_supported(language):
        raise BadRequest("unknown language")
    response = i18n.set_language(request)
    user = request.user
    if user.is_authenticated and (user.is_verified() or not is_staff_account(user)):
        services.set_language(user, language)
    return response


# --- The second factor ---------------------------------------------------------------------


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return reverse(url_name) + "?" + urlencode({"next": next_url})


def _qr_svg(data: str) -> str:
    """The QR code as SVG markup for the page itself: no script, no request to anyone."""
    out = io.BytesIO()
    segno.make(data, error="m").save(
        out, kind="svg", xmldecl=False, svgns=True, omitsize=True, border=4, light="#fff", svgclass="tp-qr",
        title=_("QR code to scan with your authenticator app"),
    )  # fmt: skip
    return out.getvalue().decode()


@never_cache
@sensitive_post_parameters("code")
@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """The verification page: every staff page leads here until the session has passed it."""
    user, next_url = request.user, _next_url(request)
    if not is_staff_account(user) or user.is_verified():
        return redirect(next_url)
    if services.authenticator(user) is None:
        return redirect(_with_next("accounts:second-factor-setup", next_url))
    form = SecondFactorForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                device = services.verify_second_factor(request, form.cleaned_data["code"])
            except ServiceError as error:
                status = status_for(error)
                form.add_error(None if status == 429 else "code", error)
            else:
                if device.name == services.RECOVERY_DEVICE_NAME:
                    left = services.recovery_codes_left(user)
                    messages.warning(
                        request,
                        ngettext(
                            "You used a recovery code; %(left)d is left. On your account page you can make "
                            "new ones and set up a new authenticator app.",
                            "You used a recovery code; %(left)d are left. On your account page you can make "
                            "new ones and set up a new authenticator app.",
                            left,
                        )
                        % {"left": left},
                    )
                return redirect(next_url)
    return render(request, "accounts/second_factor.html", {"form": form, "next": next_url}, status=status)


@never_cache
@sensitive_post_parameters("code")
@login_required
@require_http_methods(["GET", "POST"])
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrolment on first sign-in: scan the QR code (or type the secret), confirm with a code,
    then see the recovery codes once."""
    user, next_url = request.user, _next_url(request)
    if not is_staff_account(user):
        return redirect(next_url)
    if services.authenticator(user) is not None:
        return redirect(_with_next("accounts:second-factor", next_url))
    device = services.start_enrolment(user)
    form = EnrolForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                codes = services.confirm_enrolment(request, form.cleaned_data["code"])
            except ServiceError as error:
                status = status_for(error)
                form.add_error(None if status == 429 else "code", error)
            else:
                return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url})
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 - SVG made by segno from our own data
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "issuer": settings.OTP_TOTP_ISSUER,
    }
    return render(request, "accounts/second_factor_setup.html", context, status=status)


# --- The account page ----------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    return _account_page(request, DisplayNameForm(instance=request.user))


def _account_page(
    request: HttpRequest,
    name_form: DisplayNameForm,
    replace_form: ReplaceAuthenticatorForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    staff = is_staff_account(user)
    context = {
        "name_form": name_form,
        "replace_form": replace_form or ReplaceAuthenticatorForm(),
        "staff": staff,
        "authenticator": services.authenticator(user) if staff else None,
        "recovery_codes_left": services.recovery_codes_left(user) if staff else 0,
    }
    return render(request, "accounts/account.html", context, status=status)


@never_cache
@login_required
@require_POST
def change_display_name(request: HttpRequest) -> HttpResponse:
    form = DisplayNameForm(request.POST, instance=User.objects.get(pk=request.user.pk))
    if not form.is_valid():
        return _account_page(request, form, status=400)
    services.change_display_name(request.user, form.cleaned_data["display_name"])
    messages.success(request, _("Your display name is changed."))
    return redirect("accounts:account")


@never_cache
@login_required
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    services.sign_out_everywhere(request)
    messages.success(request, _("You are signed out on every browser and device, this one too."))
    return redirect("login")


@never_cache
@login_required
@require_POST
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    if not is_staff_account(request.user) or services.authenticator(request.user) is None:
        return redirect("accounts:account")
    codes = services.replace_recovery_codes(request)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts:account")})


@never_cache
@sensitive_post_parameters("recovery_code")
@login_required
@require_POST
def replace_authenticator(request: HttpRequest) -> HttpResponse:
    """A staff member with a new phone removes the old app with a recovery code, then sets up the new one."""
    form = ReplaceAuthenticatorForm(request.POST)
    if not is_staff_account(request.user):
        return redirect("accounts:account")
    if form.is_valid():
        try:
            services.replace_own_authenticator(request, form.cleaned_data["recovery_code"])
        except ServiceError as error:
            if status_for(error) == 429:
                form.add_error(None, error)
                return _account_page(request, DisplayNameForm(instance=request.user), form, status=429)
            form.add_error("recovery_code", error)
        else:
            return redirect(_with_next("accounts:second-factor-setup", reverse("accounts:account")))
    return _account_page(request, DisplayNameForm(instance=request.user), form, status=400)
