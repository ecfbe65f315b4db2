from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Subscriptions and notifications")

    def ready(self) -> None:
        # Connects the receivers of the case and community publication signals.
        from . import receivers  # noqa: F401
