from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.filter
def highlight(comment) -> SafeString:
    """The comment, escaped, with what the classifier matched wrapped in <mark>."""
    text = comment.body
    spans = sorted((int(start), int(end), reason) for start, end, reason in comment.spans or [])
    merged: list[list] = []
    for start, end, reason in spans:
        if end <= start or start >= len(text):
            continue
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            if reason not in merged[-1][2]:
                merged[-1][2].append(reason)
        else:
            merged.append([start, min(end, len(text)), [reason]])
    parts, position = [], 0
    for start, end, reasons in merged:
        parts.append(escape(text[position:start]))
        labels = ", ".join(str(reason_label(reason)) for reason in reasons)
        parts.append(format_html('<mark class="tp-mark" title="{}">{}</mark>', labels, text[start:end]))
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - every part escaped above


REASON_LABELS = {
    "profanity": _("Profanity"),
    "threat": _("Threat"),
    "personal_data": _("Personal data"),
    "spam": _("Spam"),
    "reported": _("Reported by readers"),
    "premoderation": _("Every comment reviewed first"),
}


@register.filter
def reason_label(reason: str) -> str:
    return REASON_LABELS.get(reason, reason)
