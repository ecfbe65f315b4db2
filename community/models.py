from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.models import Area
from media.models import HasRenditions, RenditionStatus
from media.storage import upload_original
from tipportal.publishing import Publishable


class Post(Publishable, HasRenditions):
    """A safety tip, a piece of department news, or an emergency alert."""

    originals_folder = "posts/originals"
    renditions_folder = "posts/renditions"

    class Kind(models.TextChoices):
        TIP = "tip", _("Safety tip")
        NEWS = "news", _("Department news")
        ALERT = "alert", _("Emergency alert")

    class Severity(models.TextChoices):
        INFO = "info", _("Information")
        ADVISORY = "advisory", _("Advisory")
        URGENT = "urgent", _("Urgent")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TIP)
    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=180, unique=True)
    body = models.TextField(
        _("text"), help_text=_("What people should know or do. Plain text; blank lines split paragraphs.")
    )
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.INFO,
        help_text=_("Alerts only. Urgent alerts are emailed ahead of everything else."),
    )  # fmt: skip
    areas = models.ManyToManyField(
        Area, verbose_name=_("affected areas"), blank=True, related_name="posts",
        help_text=_("Leave empty for the whole city."),
    )  # fmt: skip
    expires_at = models.DateTimeField(
        _("expires"), null=True, blank=True, help_text=_("Alerts only: the banner disappears at this time.")
    )
    image = models.ImageField(_("image"), upload_to=upload_original, blank=True)
    image_alt = models.CharField(
        _("image alt text"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    # A post may have no image; a still always has one.
    renditions_status = models.CharField(
        _("renditions"), max_length=10, choices=RenditionStatus.choices, default=RenditionStatus.NONE, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["kind", "is_published", "-published_at"])]
        verbose_name = _("community post")
        verbose_name_plural = _("community posts")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:detail", kwargs={"slug": self.slug})

    @property
    def is_alert(self) -> bool:
        return self.kind == self.Kind.ALERT

    @property
    def is_urgent(self) -> bool:
        return self.is_alert and self.severity == self.Severity.URGENT

    @property
    def alt_text(self) -> str:
        return self.image_alt
