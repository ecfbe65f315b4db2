from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Area, Category


class FiguresFilterForm(forms.Form):
    """Unknown values are dropped, never an error page (like the case list's filters)."""

    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.all(), to_field_name="slug", required=False,
        empty_label=_("All areas"),
    )  # fmt: skip
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), to_field_name="slug", required=False,
        empty_label=_("All categories"),
    )  # fmt: skip

    def filters(self) -> dict:
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
