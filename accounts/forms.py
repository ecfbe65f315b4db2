from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

User = get_user_model()


class SignUpForm(UserCreationForm):
    """Email, a display name for comments, and a password. The email is the sign-in name."""

    email = forms.EmailField(label=_("Email"), max_length=150, help_text=_("We send a link to check it is yours."))
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        help_text=_("Shown with your comments. Not your full name, if you prefer."),
    )

    unverified_account = None

    class Meta:
        model = User
        fields = ("email", "display_name")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        existing = User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).first()
        if existing is not None:
            if existing.is_active or existing.last_login is not None:
                raise forms.ValidationError(
                    _("An account with this email already exists. Sign in or reset your password.")
                )
            # Never verified (the email was lost): signing up again sends a new link to the same account.
            # Nothing else changes, so a stranger who types this address cannot set its password.
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

    def save(self, commit: bool = True):
        user = super().save(commit=False)
        user.username = self.cleaned_data["email"]
        user.email = self.cleaned_data["email"]
        user.is_active = False  # until the emailed link is followed
        if commit:
            user.save()
        return user


class EmailAuthenticationForm(AuthenticationForm):
    # Citizens sign in with their email; staff accounts made in admin may have a plain username.
    username = forms.CharField(
        label=_("Email"),
        help_text=_("Staff: your username."),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()
