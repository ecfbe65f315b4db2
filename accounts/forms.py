import re

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm
from django.contrib.auth.hashers import make_password
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tipportal import ratelimit

from . import services

User = get_user_model()


class SignUpForm(UserCreationForm):
    """Email, a display name for comments, and a password. The email is the sign-in name."""

    email = forms.EmailField(label=_("Email"), max_length=150, help_text=_("We send a link to check it is yours."))
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        help_text=_("Shown with your comments. Not your full name, if you prefer."),
    )

    # Set by clean_email; sign-up answers the same for these (see services.sign_up).
    existing_account = None
    unverified_account = None

    class Meta:
        model = User
        fields = ("email", "display_name")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        existing = User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).first()
        if existing is not None:
            if existing.is_active or existing.last_login is not None:
                self.existing_account = existing
            else:
                self.unverified_account = existing
        return email

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Choose a display name."))
        return name

    def _post_clean(self) -> None:
        # UserAttributeSimilarityValidator compares the password with the username: set it first.
        self.instance.username = self.cleaned_data.get("email", "")
        super()._post_clean()

    def validate_password_for_user(self, user, **kwargs) -> None:
        # A weak password is a problem with the password, not with its confirmation: say so there.
        super().validate_password_for_user(user, password_field_name="password1")  # noqa: S106 - a field name

    def save(self, commit: bool = True):
        user = super().save(commit=False)
        user.username = self.cleaned_data["email"]
        user.email = self.cleaned_data["email"]
        user.is_active = False  # until the emailed link is followed
        if commit:
            user.save()
        return user


class LoginThrottleMixin:
    """Failed sign-ins are counted per client and per username; past either limit, sign-in is
    refused for LOGIN_LOCKOUT_MINUTES without trying the password, so guessing stalls."""

    locked_out = False

    def _failure_keys(self) -> list[tuple[str, int]]:
        username = self.cleaned_data["username"].strip().lower()
        keys = [(ratelimit.key("login.username", username), settings.LOGIN_FAILURES_PER_USERNAME)]
        if self.request is not None:
            keys.append((ratelimit.client_key(self.request, "login.client"), settings.LOGIN_FAILURES_PER_CLIENT))
        return keys

    def clean(self) -> dict:
        if not self.cleaned_data.get("username") or not self.cleaned_data.get("password"):
            return super().clean()
        keys = self._failure_keys()
        if any(ratelimit.count(key) >= limit for key, limit in keys):
            self.locked_out = True
            minutes = settings.LOGIN_LOCKOUT_MINUTES
            raise forms.ValidationError(
                ngettext(
                    "Too many failed sign-in attempts. Please wait %(minutes)d minute and try again, "
                    "or reset your password.",
                    "Too many failed sign-in attempts. Please wait %(minutes)d minutes and try again, "
                    "or reset your password.",
                    minutes,
                )
                % {"minutes": minutes},
                code="locked_out",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login":
                for key, limit in keys:
                    ratelimit.hit(key, limit, settings.LOGIN_LOCKOUT_MINUTES * 60)
            raise
        # The owner got in: their own earlier typos no longer count against the account.
        ratelimit.clear(keys[0][0])
        return cleaned


class EmailAuthenticationForm(LoginThrottleMixin, AuthenticationForm):
    # Citizens sign in with their email; staff accounts made in admin may have a plain username.
    username = forms.CharField(
        label=_("Email"),
        help_text=_("Staff: your username."),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    # Set when the password is right for an account whose email address is not verified yet.
    unverified_account = None

    def clean_username(self) -> str:
        # Citizens' usernames are their lowercased email, but staff accounts made in admin keep their
        # case ("OfficerJones"): find the account whatever case was typed, and only then sign in.
        typed = self.cleaned_data["username"].strip()
        matches = list(User.objects.filter(username__iexact=typed).values_list("username", flat=True)[:2])
        if len(matches) == 1:
            return matches[0]
        return typed.lower() if "@" in typed else typed

    def get_invalid_login_error(self) -> forms.ValidationError:
        """Only someone who knows the password learns that the account waits for verification:
        for anyone else the answer stays "not a correct email and password"."""
        password = self.cleaned_data.get("password") or ""
        account = User.objects.filter(
            username=self.cleaned_data.get("username"), is_active=False, last_login=None
        ).first()
        if account is None:
            # The same work as checking a password, so the answer takes as long either way.
            make_password(password)
        elif account.check_password(password):
            self.unverified_account = account
            return forms.ValidationError(
                _(
                    "Your email address is not verified yet. Follow the link in the email we sent when you "
                    "signed up, or ask for a new link below."
                ),
                code="not_verified",
            )
        return super().get_invalid_login_error()


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=150, widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the email goes out from a task: a slow or broken mail server
    cannot fail the request, and one address gets a bounded number of links a day."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None) -> None:  # fmt: skip
        services.request_password_reset_email(context["user"])


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false", "autocapitalize": "off"}
        ),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("The six-digit code your app shows now"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_code(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Type the six digits your app shows, without letters."))
        return code


class ReplaceAuthenticatorForm(forms.Form):
    recovery_code = forms.CharField(
        label=_("One of your recovery codes"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "off"}),
    )


class DisplayNameForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("display_name",)

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Choose a display name."))
        return name


class ResetSecondFactorForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (for the audit log)"),
        max_length=500,
        help_text=_("For example: phone lost on 3 May, identity checked in person by Sgt. Diaz."),
    )
