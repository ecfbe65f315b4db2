import os
import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.models import Area, Case, Category, Still
from tipportal.fields import IdChoiceField

from .models import Tip
from .sanitise import ACCEPT, CleanFile, sanitise

# As people copy a number: any dashes or spaces between the year and the serial, leading zeros or not.
_CASE_NUMBER = re.compile(r"(?P<year>[0-9]{4}) *[-\u2010\u2013\u2014]? *(?P<serial>[0-9]{1,6})")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": ACCEPT, "multiple": True})

    def clean(self, data, initial=None):
        files = [item for item in (data or []) if item]
        if len(files) > settings.TIP_MAX_FILES:
            raise ValidationError(
                _("Send up to %(limit)s files at a time.") % {"limit": settings.TIP_MAX_FILES}, code="too_many_files"
            )
        return files


class AttachmentsMixin:
    """Sanitises every attachment in the caller's working directory (always removed by the view)."""

    def __init__(self, *args, workdir: str | os.PathLike, **kwargs):
        self.workdir = workdir
        super().__init__(*args, **kwargs)

    def clean_attachments(self) -> list[CleanFile]:
        cleaned: list[CleanFile] = []
        errors: list[ValidationError] = []
        for upload in self.cleaned_data.get("attachments") or []:
            try:
                cleaned.append(sanitise(upload, self.workdir))
            except ValidationError as error:
                errors.extend(
                    ValidationError("%(name)s: %(message)s", params={"name": upload.name, "message": message})
                    for message in error.messages
                )
        if errors:
            raise ValidationError(errors)
        return cleaned


_BODY_ERRORS = {
    "required": _("Tell us what you know: this box cannot be empty."),
    "max_length": _("Please keep it under %(limit_value)s characters (you wrote %(show_value)s)."),
}


class TipForm(AttachmentsMixin, forms.Form):
    body = forms.CharField(
        label=_("What you know"),
        max_length=settings.TIP_MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Who, what, where. Anything you are not sure of, say so."),
        error_messages=_BODY_ERRORS,
    )
    when_where = forms.CharField(
        label=_("When and where (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    case = IdChoiceField(
        queryset=Case.objects.none(),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This case is not on the site, so a tip cannot be sent about it.")},
    )
    still = IdChoiceField(
        queryset=Still.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This picture is not on the site, so a tip cannot be sent about it.")},
    )
    case_number = forms.CharField(
        label=_("Case number (optional)"),
        max_length=20,
        required=False,
        help_text=_("If your tip is about a case on this site: the number under its title, like 2026-001234."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "inputmode": "numeric"}),
    )
    category = IdChoiceField(
        label=_("What kind of crime (optional)"), queryset=Category.objects.all(), required=False,
        empty_label=_("Choose a kind of crime (optional)"),
    )  # fmt: skip
    area = IdChoiceField(
        label=_("Area (optional)"), queryset=Area.objects.all(), required=False,
        empty_label=_("Choose an area (optional)"),
    )  # fmt: skip
    attachments = AttachmentsField(
        label=_("Photos or videos (optional)"),
        help_text=_("Up to 5 files: JPEG, PNG, WebP or HEIC photos; MP4, MOV or WebM videos."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Evaluated per form: "published" depends on the time now.
        published = Case.objects.published()
        self.fields["case"].queryset = published
        self.fields["still"].queryset = Still.objects.filter(case__in=published).select_related("case")

    def clean_case_number(self) -> Case | None:
        """The published case a typed number names; "2026-1234" is read as 2026-001234."""
        typed = self.cleaned_data["case_number"].strip()
        if not typed:
            return None
        match = _CASE_NUMBER.fullmatch(typed)
        if match is None:
            raise ValidationError(
                _("Case numbers look like 2026-001234: the year, a dash and six digits."), code="bad_case_number"
            )
        number = f"{match['year']}-{int(match['serial']):06d}"
        case = self.fields["case"].queryset.filter(number=number).first()
        if case is None:
            raise ValidationError(
                _("There is no case %(number)s on this site. Check the number, or leave this box empty."),
                code="unknown_case_number",
                params={"number": number},
            )
        return case

    def clean(self):
        data = super().clean()
        case, still, numbered = data.get("case"), data.get("still"), data.get("case_number")
        if numbered is not None and case is not None and case.pk != numbered.pk:
            raise ValidationError(_("This form is about another case: leave the case number empty."),
                                  code="case_mismatch")  # fmt: skip
        case = case or numbered
        if still is not None and case is not None and still.case_id != case.pk:
            raise ValidationError(_("This picture belongs to another case."), code="still_mismatch")
        return data

    def subject_case(self) -> Case | None:
        """The case the tip is about: the one the form was opened from, or the one whose number was typed."""
        return self.cleaned_data["case"] or self.cleaned_data["case_number"]


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=_("Tip code"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})
    )
    secret = forms.CharField(
        label=_("Secret words"),
        help_text=_(
            "The secret words are English words, whatever language you read this site in: "
            "type them as your receipt shows them."
        ),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}),
    )


class TipsterReplyForm(AttachmentsMixin, forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=settings.TIP_MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=_BODY_ERRORS,
    )
    attachments = AttachmentsField(label=_("Photos or videos (optional)"))


# --- The desk ---------------------------------------------------------------------------------


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Any")), *Tip.Status.choices], required=False)
    case = forms.CharField(label=_("Case number"), max_length=11, required=False)
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [
            ("", _("Anyone")), ("me", _("Me")), ("none", _("Nobody")),
            *((str(officer.pk), str(officer)) for officer in officers),
        ]  # fmt: skip


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Tip.Status.choices)


class AssignForm(forms.Form):
    assignee = IdChoiceField(label=_("Assign to"), queryset=None, required=False, empty_label=_("Nobody (unassign)"))

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = officers


class TextForm(forms.Form):
    body = forms.CharField(
        label=_("Text"), max_length=settings.TIP_MAX_TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, label: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if label:
            self.fields["body"].label = label


class LinkCaseForm(forms.Form):
    case = IdChoiceField(
        label=_("Case number"),
        queryset=Case.objects.all(),
        to_field_name="number",
        widget=forms.TextInput(attrs={"placeholder": "2026-001234"}),
        error_messages={"invalid_choice": _("No case has this number.")},
    )


class RewardForm(forms.Form):
    eligible = forms.BooleanField(label=_("Reward eligible"), required=False)
