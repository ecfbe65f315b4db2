"""The threat reports' line in the officers' desk inbox (tips' templates load it; tips' code never
imports moderation)."""

from django import template
from django.db.models import Count
from django.template.context import Context

from ..models import ThreatReport

register = template.Library()


@register.inclusion_tag("moderation/threats/_desk_summary.html", takes_context=True)
def threat_report_summary(context: Context) -> dict:
    """How many threat reports are new and in review, for those who may read them (one query)."""
    user = context["user"]
    if not user.has_perm("moderation.view_threatreport"):
        return {"show": False}
    counts = dict(ThreatReport.objects.open().values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {
        "show": True,
        "new": counts.get(ThreatReport.Status.NEW, 0),
        "in_review": counts.get(ThreatReport.Status.IN_REVIEW, 0),
    }
