from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from tipportal.i18n import default_language, language_choices

from .names import validate_display_name

ANALYSTS = "Analysts"
OFFICERS = "Officers"
MODERATORS = "Moderators"


class User(AbstractUser):
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        blank=True,
        help_text=_("Shown with your comments."),
        validators=[validate_display_name],
    )
    language = models.CharField(
        _("language"), max_length=10, choices=language_choices, default=default_language,
        help_text=_("The language of the emails we send. Set at sign-up and by the language switcher."),
    )  # fmt: skip
    # Every session records the number current when it signed in; "sign out everywhere" (and a
    # second-factor reset) raises it, which ends them all whatever the session store.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    def __str__(self) -> str:
        return self.display_name or self.get_username()
