from django import forms
from django.utils.translation import gettext_lazy as _

from media.uploads import StillImageField

from .models import Post


class PostForm(forms.ModelForm):
    image = StillImageField(label=_("image"), required=False, help_text=_("JPEG, PNG or WebP."))

    class Meta:
        model = Post
        fields = ["kind", "title", "slug", "body", "severity", "areas", "expires_at", "image", "image_alt",
                  "is_published", "published_at"]  # fmt: skip

    def clean(self) -> dict:
        data = super().clean()
        is_alert = data.get("kind") == Post.Kind.ALERT
        if not is_alert and data.get("severity") not in (None, Post.Severity.INFO):
            self.add_error("severity", _("Only emergency alerts have a severity."))
        if not is_alert and data.get("expires_at"):
            self.add_error("expires_at", _("Only emergency alerts expire."))
        if data.get("image") and not data.get("image_alt", "").strip():
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        return data
