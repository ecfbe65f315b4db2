from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import MAX_COMMENT_LENGTH, CommentReport, ModerationTerm, ThreatReport


def first_error(form: forms.Form) -> str:
    """The first problem, in field order, to show on a refusal page."""
    return next(iter(form.errors.values()))[0]


class CommentForm(forms.Form):
    # Not required and no max_length here: clean_body gives the friendlier messages (it counts a
    # line break as one character, as the textarea does). The field still refuses NUL characters.
    body = forms.CharField(
        label=_("Your comment"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_COMMENT_LENGTH}),
        help_text=_("Be civil. Comments that swear, threaten anyone or share someone's details wait for a moderator."),
    )
    official = forms.BooleanField(required=False)

    def clean_body(self) -> str:
        return services.clean_body(self.cleaned_data["body"])


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with it?"),
        choices=CommentReport.Reason.choices,
        error_messages={
            "required": _("Choose a reason for your report."),
            "invalid_choice": _("Choose a reason for your report."),
        },
    )
    note = forms.CharField(label=_("Details (optional)"), max_length=300, required=False)


class DecisionForm(forms.Form):
    ACTIONS = (("publish", _("Publish")), ("remove", _("Remove")))

    action = forms.ChoiceField(
        choices=ACTIONS,
        error_messages={"required": _("Choose publish or remove."), "invalid_choice": _("Choose publish or remove.")},
    )
    reason = forms.CharField(
        max_length=300, required=False, error_messages={"max_length": _("Keep the reason under 300 characters.")}
    )
    suspend_days = forms.IntegerField(
        min_value=0,
        max_value=365,
        required=False,
        error_messages={
            "invalid": _("Suspend for between 0 and 365 days."),
            "min_value": _("Suspend for between 0 and 365 days."),
            "max_value": _("Suspend for between 0 and 365 days."),
        },
    )


class CommentIdsField(forms.Field):
    """The comments ticked in the queue: a list of ids, each a plain positive number."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Select at least one comment."),
        "invalid": _("The selection is not valid. Reload the queue and try again."),
    }

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        if not isinstance(value, list | tuple) or not all(
            isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) < 19 for raw in value
        ):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return sorted({int(raw) for raw in value})


class BulkDecisionForm(forms.Form):
    ids = CommentIdsField()
    action = forms.ChoiceField(
        choices=DecisionForm.ACTIONS,
        error_messages={"required": _("Choose publish or remove."), "invalid_choice": _("Choose publish or remove.")},
    )
    reason = forms.CharField(max_length=300, required=False)

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("action") == "remove" and "reason" in cleaned and not cleaned["reason"]:
            self.add_error("reason", _("Give the reason the authors will see."))
        return cleaned


class EscalateForm(forms.Form):
    # The limits and the messages are the service's (escalate_comment), so they are said once.
    note = forms.CharField(
        label=_("Note for the officers: why this worries you"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": services.MAX_NOTE_LENGTH}),
    )


class ThreatStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ThreatReport.Status.choices,
        error_messages={"required": _("Choose a status."), "invalid_choice": _("Choose a status.")},
    )
    outcome = forms.ChoiceField(
        label=_("Outcome (when closing)"),
        choices=[("", _("Choose the outcome")), *ThreatReport.Outcome.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose the outcome before closing the report.")},
    )
    note = forms.CharField(
        label=_("Officer's note (only staff see it)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": services.MAX_NOTE_LENGTH}),
    )


class PremoderationForm(forms.Form):
    on = forms.TypedChoiceField(
        choices=(("1", _("On")), ("0", _("Off"))),
        coerce=lambda value: value == "1",
        error_messages={"required": _("Choose on or off."), "invalid_choice": _("Choose on or off.")},
    )


class ModerationTermForm(forms.ModelForm):
    class Meta:
        model = ModerationTerm
        fields = ("text", "category", "match", "block", "is_active", "note")
