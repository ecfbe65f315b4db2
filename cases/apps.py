from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from . import poster  # noqa: F401 - registers the deployment check for the poster's libraries

        # An installation with no categories at all (new, or a flushed test database) gets the
        # defaults; one that has any keeps the analyst's list as it is.
        post_migrate.connect(_categories_if_empty, sender=self, dispatch_uid="cases.default_categories")


def _categories_if_empty(sender, **kwargs) -> None:
    from .defaults import ensure_categories
    from .models import Category

    if not Category.objects.exists():
        ensure_categories(Category)
