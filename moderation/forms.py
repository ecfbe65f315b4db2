from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_COMMENT_LENGTH, CommentReport, ModerationTerm


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_COMMENT_LENGTH}),
        help_text=_("Be civil. Comments that swear, threaten anyone or share someone's details wait for a moderator."),
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong with it?"), choices=CommentReport.Reason.choices)
    note = forms.CharField(label=_("Details (optional)"), max_length=300, required=False)


class DecisionForm(forms.Form):
    ACTIONS = (("publish", _("Publish")), ("remove", _("Remove")))

    action = forms.ChoiceField(choices=ACTIONS)
    reason = forms.CharField(max_length=300, required=False)
    suspend_days = forms.IntegerField(min_value=0, max_value=365, required=False)


class ModerationTermForm(forms.ModelForm):
    class Meta:
        model = ModerationTerm
        fields = ("text", "category", "match", "is_active", "note")
