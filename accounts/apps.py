from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")
    default = True

    def ready(self) -> None:
        from . import receivers
        from .groups import sync_groups_after_migrate

        # Once, after all apps' migrations (and after a test flush): every app's permissions exist.
        post_migrate.connect(sync_groups_after_migrate, sender=self, dispatch_uid="accounts.sync_groups")
        receivers.connect()


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on a site that refuses a session whose second factor is not verified."""

    default = False
    default_site = "accounts.admin_site.StaffAdminSite"
