from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

ANALYSTS = "Analysts"
OFFICERS = "Officers"
MODERATORS = "Moderators"


class User(AbstractUser):
    display_name = models.CharField(
        _("display name"), max_length=60, blank=True, help_text=_("Shown with your comments.")
    )

    def __str__(self) -> str:
        return self.display_name or self.get_username()
