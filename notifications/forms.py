from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Area, Case, Category
from tipportal.fields import IdMultipleChoiceField

from .services import Preferences


class CaseToFollowForm(forms.Form):
    """The case a "follow this case" link names by its slug (`?case=` or `?follow=`).

    Checked as a slug before any query: junk such as a NUL byte, which PostgreSQL refuses, means
    no case, the same as an unknown or unpublished one.
    """

    case = forms.SlugField(required=False, max_length=Case._meta.get_field("slug").max_length)

    def published_case(self) -> Case | None:
        if not self.is_valid() or not self.cleaned_data["case"]:
            return None
        return Case.objects.published().filter(slug=self.cleaned_data["case"]).first()


class PreferencesForm(forms.Form):
    urgent_alerts = forms.BooleanField(label=_("Urgent alerts, anywhere in the city"), required=False)
    area_alerts = forms.BooleanField(label=_("All alerts for my areas"), required=False)
    new_cases = forms.BooleanField(label=_("New cases in my areas and categories"), required=False)
    community_posts = forms.BooleanField(label=_("Safety tips and department news"), required=False)
    areas = IdMultipleChoiceField(
        label=_("My areas"), queryset=Area.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen means the whole city."),
    )  # fmt: skip
    categories = IdMultipleChoiceField(
        label=_("Categories of new cases"), queryset=Category.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("None chosen means every category."),
    )  # fmt: skip
    followed_cases = IdMultipleChoiceField(
        label=_("Cases I follow (updates and 'solved')"), queryset=Case.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, followed=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        followed = list(followed or [])
        if followed:
            self.fields["followed_cases"].queryset = Case.objects.published().filter(pk__in=[c.pk for c in followed])
        else:
            del self.fields["followed_cases"]

    def preferences(self) -> Preferences:
        data = self.cleaned_data
        return Preferences(
            urgent_alerts=data["urgent_alerts"],
            area_alerts=data["area_alerts"],
            new_cases=data["new_cases"],
            community_posts=data["community_posts"],
            area_ids=[area.pk for area in data["areas"]],
            category_ids=[category.pk for category in data["categories"]],
            case_ids=[case.pk for case in data.get("followed_cases", [])],
        )


class SubscribeForm(PreferencesForm):
    email = forms.CharField(
        label=_("Your email address"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )  # fmt: skip
    field_order = ["email"]

    def preferences(self) -> Preferences:
        prefs = super().preferences()
        prefs.case_ids = [case.pk for case in self.cleaned_data.get("followed_cases", [])]
        return prefs
