"""What cases and community posts share about being public: published, and from when."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublishableQuerySet(models.QuerySet):
    def published(self) -> "PublishableQuerySet":
        return self.filter(is_published=True, published_at__lte=timezone.now())


class Publishable(models.Model):
    """Public once `is_published` is set and `published_at` has come (it may be in the future)."""

    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(
        _("publish time"), null=True, blank=True, help_text=_("Set automatically when published; may be in future.")
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        return self.is_published and self.published_at is not None and self.published_at <= timezone.now()
