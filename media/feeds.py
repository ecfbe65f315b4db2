"""Pictures in RSS and Atom feeds: an enclosure of a rendition, never of an original (an original
may carry what the renditions strip, and is not meant to be public)."""

import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.feedgenerator import Enclosure

from .models import HasRenditions

logger = logging.getLogger(__name__)

# Feed readers show a picture at card size; the 800-pixel JPEG is what every reader can show.
FEED_WIDTH = 800


def rendition_enclosures(obj: HasRenditions | None) -> list[Enclosure]:
    """The enclosure for `obj`'s picture, once its renditions are made; none before, or without
    a picture. Its length is the file's size, read from storage (feeds are cached pages)."""
    name = obj.rendition_name(FEED_WIDTH) if obj is not None and obj.image else None
    if name is None:
        return []
    try:
        length = default_storage.size(name)
    except Exception:  # any storage's "not there": a feed must not fail over one picture
        logger.warning("feed picture %s is missing from storage", name, exc_info=True)
        return []
    url = default_storage.url(name)
    if not url.startswith(("http://", "https://")):
        url = settings.SITE_URL + url
    return [Enclosure(url, str(length), "image/jpeg")]
