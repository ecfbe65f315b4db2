from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from tipportal.i18n import default_language, language_choices

ANALYSTS = "Analysts"
OFFICERS = "Officers"
MODERATORS = "Moderators"


class User(AbstractUser):
    display_name = models.CharField(
        _("display name"), max_length=60, blank=True, help_text=_("Shown with your comments.")
    )
    language = models.CharField(
        _("language"), max_length=10, choices=language_choices, default=default_language,
        help_text=_("The language of the emails we send. Set at sign-up and by the language switcher."),
    )  # fmt: skip

    def __str__(self) -> str:
        return self.display_name or self.get_username()
