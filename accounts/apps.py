from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from .groups import sync_groups_after_migrate

        # Once, after all apps' migrations (and after a test flush): every app's permissions exist.
        post_migrate.connect(sync_groups_after_migrate, sender=self, dispatch_uid="accounts.sync_groups")
