from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from django.conf import settings
        from PIL import Image
        from pillow_heif import register_heif_opener

        # Pillow refuses images over twice this size outright and warns above it; our upload
        # checks turn the warning into a refusal too.
        Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS
        register_heif_opener()
