from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "media"
    verbose_name = _("Media")

    def ready(self) -> None:
        from django.conf import settings
        from PIL import Image
        from pillow_heif import register_heif_opener

        # Pillow refuses images over twice this size outright and warns above it; our upload
        # checks turn the warning into a refusal too.
        Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS
        register_heif_opener()
