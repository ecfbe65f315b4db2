from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tipportal.i18n import is_supported

from . import services, throttle
from .forms import EmailAuthenticationForm, SignUpForm
from .tokens import verification_token

User = get_user_model()


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    if request.method == "POST" and not throttle.hit(
        throttle.client_key(request, "signup"), settings.SIGNUP_RATE_PER_HOUR, 3600
    ):
        message = _("Too many sign-ups from your connection. Please try again in an hour.")
        return render(request, "accounts/signup.html", {"form": SignUpForm(), "refused": message}, status=429)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.unverified_account is not None:
            # The same page whether or not a link was sent this time (see request_verification_email).
            services.request_verification_email(form.unverified_account)
            return render(request, "accounts/signup_done.html", {"email": form.unverified_account.email})
        user = services.sign_up(form, language=request.LANGUAGE_CODE)
        return render(request, "accounts/signup_done.html", {"email": user.email})
    return render(request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200)


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
    then back to the page it was pressed on), also kept on the account for its emails."""
    language = request.POST.get("language")
    if not is_supported(language):
        raise BadRequest("unknown language")
    response = i18n.set_language(request)
    if request.user.is_authenticated:
        services.set_language(request.user, language)
    return response
