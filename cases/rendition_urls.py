"""Links to an image's renditions, shared by case stills and community post images.

A model using `RenditionsMixin` has an `image` file field and a `renditions` JSON map of storage
names, as `cases.services.store_renditions` returns it:
{"400": {"jpeg": "<storage name>", "webp": "<storage name>"}, "800": {...}, ...}
"""

from django.core.files.storage import default_storage


class RenditionsMixin:
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

    def display_url(self, preferred_width: int = 800) -> str | None:
        """The best single URL: a rendition near `preferred_width` once made, else the original;
        None without an image (a post may have none)."""
        if not self.image:
            return None
        # Widths at or above the preferred one first (a sharp image), the nearest of them first.
        widths = sorted(
            (int(w) for w in self.renditions), key=lambda w: (w < preferred_width, abs(w - preferred_width))
        )
        for width in widths:
            url = self.rendition_url(width)
            if url:
                return url
        return self.image.url

    def largest_url(self) -> str | None:
        if not self.image:
            return None
        if self.renditions:
            return self.rendition_url(max(int(w) for w in self.renditions)) or self.image.url
        return self.image.url
