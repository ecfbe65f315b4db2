"""What every model with a public picture shares: case stills and community post images.

A model using `HasRenditions` declares its own `image` field (required or not) with
`upload_to=upload_original, storage=originals`, and says where its originals go in
`originals_folder`. The worker fills `renditions` with the storage names that
`media.renditions.store_renditions` returns:
{"400": {"jpeg": "<storage name>", "webp": "<storage name>"}, "800": {...}, ...}

The original has no URL (media/storage.py): until the renditions exist, the URLs below are None
and pages show a "being prepared" placeholder instead.
"""

from django.core.files.storage import default_storage
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.utils.translation import gettext_lazy as _

from .storage import StoredFiles


class RenditionStatus(models.TextChoices):
    NONE = "none", _("No image")
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class HasRenditions(models.Model):
    Renditions = RenditionStatus
    originals_folder: str
    image: ImageFieldFile  # each concrete model declares its own ImageField

    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    renditions_status = models.CharField(
        _("renditions"), max_length=10, choices=RenditionStatus.choices, default=RenditionStatus.PENDING,
        editable=False,
    )  # fmt: skip
    renditions = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True

    def rendition_url(self, width: int, fmt: str = "jpeg") -> str | None:
        name = self.renditions.get(str(width), {}).get(fmt)
        if not name:
            return None
        return default_storage.url(name)

    def srcset(self, fmt: str = "jpeg") -> str:
        return ", ".join(
            f"{self.rendition_url(int(width), fmt)} {width}w"
            for width in sorted(self.renditions, key=int)
            if self.renditions[width].get(fmt)
        )

    @property
    def srcset_jpeg(self) -> str:
        return self.srcset("jpeg")

    @property
    def srcset_webp(self) -> str:
        return self.srcset("webp")

    def rendition_name(self, preferred_width: int = 800, fmt: str = "jpeg") -> str | None:
        """The storage name of the rendition nearest `preferred_width`; None before any is made."""
        # Widths at or above the preferred one first (a sharp image), the nearest of them first.
        widths = sorted(
            (int(w) for w in self.renditions), key=lambda w: (w < preferred_width, abs(w - preferred_width))
        )
        for width in widths:
            name = self.renditions[str(width)].get(fmt)
            if name:
                return name
        return None

    def display_url(self, preferred_width: int = 800) -> str | None:
        """The best single URL: a rendition near `preferred_width`; None until the renditions
        are made (never the original), and without an image (a post may have none)."""
        name = self.rendition_name(preferred_width)
        return default_storage.url(name) if name else None

    def largest_url(self) -> str | None:
        if not self.renditions:
            return None
        return self.rendition_url(max(int(w) for w in self.renditions))

    @property
    def media_key(self) -> str:
        """Names this picture on a page ("still-12"), so site.js can swap in its renditions."""
        return f"{self._meta.model_name}-{self.pk}"

    @property
    def is_being_prepared(self) -> bool:
        """An image whose renditions the worker has not made yet: pages show a placeholder."""
        return bool(self.image) and not self.renditions and self.renditions_status == RenditionStatus.PENDING

    def stored_files(self) -> StoredFiles:
        """The original and every rendition, in their storages."""
        derived = tuple(name for formats in self.renditions.values() for name in formats.values())
        return StoredFiles(originals=tuple(filter(None, [self.image.name])), derived=derived)
