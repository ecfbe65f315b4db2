from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TipsConfig(AppConfig):
    name = "tips"
    verbose_name = _("Tips")

    def ready(self) -> None:
        # Connects the receiver that closes a solved case's tips.
        from . import receivers  # noqa: F401
