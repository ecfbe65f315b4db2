"""What every model with a public picture shares: case stills and community post images.

A model using `HasRenditions` declares its own `image` field (required or not) with
`upload_to=upload_original`, and says where its originals go in `originals_folder`. The worker
fills `renditions` with the storage names that `media.renditions.store_renditions` returns:
{"400": {"jpeg": "<storage name>", "webp": "<storage name>"}, "800": {...}, ...}
"""

from collections.abc import Iterator

from django.core.files.storage import default_storage
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.utils.translation import gettext_lazy as _


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
        """The best single URL: a rendition near `preferred_width` once made, else the original;
        None without an image (a post may have none)."""
        if not self.image:
            return None
        name = self.rendition_name(preferred_width)
        return default_storage.url(name) if name else self.image.url

    def largest_url(self) -> str | None:
        if not self.image:
            return None
        if self.renditions:
            return self.rendition_url(max(int(w) for w in self.renditions)) or self.image.url
        return self.image.url

    def stored_files(self) -> Iterator[str]:
        """The storage names of the original and of every rendition."""
        if self.image and self.image.name:
            yield self.image.name
        for formats in self.renditions.values():
            yield from formats.values()
