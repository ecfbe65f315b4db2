from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tipportal import ratelimit

from . import services
from .forms import EmailAuthenticationForm, SignUpForm
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
        if form.unverified_account is not None:
            # The same page whether or not a link was sent this time (see request_verification_email).
            services.request_verification_email(form.unverified_account)
            return render(request, "accounts/signup_done.html", {"email": form.unverified_account.email})
        user = services.sign_up(form)
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
