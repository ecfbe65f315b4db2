from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def seed_terms_if_empty(sender, **kwargs) -> None:
    """An empty word list would publish everything: refill it with the defaults.

    Runs after every `migrate` and after a test database flush. It only acts on an empty table,
    so terms moderators deleted or switched off stay that way while any others exist.
    """
    from .lexicon_defaults import seed_default_terms
    from .models import ModerationTerm

    if not ModerationTerm.objects.exists():
        seed_default_terms(ModerationTerm)


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from cases.models import CARD_ANNOTATIONS

        from .models import published_comment_count

        post_migrate.connect(seed_terms_if_empty, sender=self, dispatch_uid="moderation.seed_terms")
        # Case cards show how many comments each case has, counted in the listing's own query.
        CARD_ANNOTATIONS["comment_count"] = published_comment_count
