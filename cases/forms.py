from django import forms
from django.utils.translation import gettext_lazy as _

from media.kept_uploads import KeepsUploadsForm
from media.uploads import StillImageField, VideoFileField

from .models import Area, Case, Category, Still, Video


class CaseFilterForm(forms.Form):
    """The case list's filters. Unknown values are dropped, never an error page."""

    q = forms.CharField(
        label=_("Search"), required=False, max_length=200,
        widget=forms.SearchInput(attrs={"placeholder": _("Case number, street, words…")}),
    )  # fmt: skip
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), to_field_name="slug", required=False,
        empty_label=_("All categories"),
    )  # fmt: skip
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.all(), to_field_name="slug", required=False, empty_label=_("All areas"),
    )  # fmt: skip
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Case.Status.choices],
    )  # fmt: skip

    def filters(self) -> dict:
        """The valid filters only: a bad value for one field does not discard the others."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class CaseNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Public note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the case page's timeline."),
    )

    def __init__(self, *args, label: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if label:
            self.fields["note"].label = label


class StillForm(KeepsUploadsForm):
    image = StillImageField(label=_("image"), help_text=_("JPEG, PNG or WebP."))
    kept_upload_fields = ("image",)

    class Meta:
        model = Still
        fields = ["image", "alt_text", "caption", "position"]
        # Alt text runs to a sentence or two: a box that wraps, in the stills table's narrow column.
        widgets = {"alt_text": forms.Textarea(attrs={"rows": 3})}


class VideoForm(KeepsUploadsForm):
    file = VideoFileField(label=_("video file"), required=False, help_text=_("MP4 or WebM."))
    external_url = forms.URLField(label=_("YouTube or Vimeo link"), required=False, assume_scheme="https")
    kept_upload_fields = ("file",)

    class Meta:
        model = Video
        fields = ["title", "file", "external_url", "description", "position"]
