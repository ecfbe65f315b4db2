"""'Email me news of this case' on the case page (cases' templates load it; cases' code never
imports notifications)."""

from django import template
from django.template.context import Context

from cases.models import Case

from .. import services

register = template.Library()


@register.inclusion_tag("notifications/_follow_case.html", takes_context=True)
def follow_case(context: Context, case: Case) -> dict:
    """A visitor gets a link to the public form; an account holder a one-press button, or the
    news that they follow the case already with a button to stop (one query)."""
    user = context["user"]
    account = bool(user.is_authenticated and user.email)
    return {
        "case": case,
        "account": account,
        "following": account and services.follows_case(user, case),
        "csrf_token": context.get("csrf_token"),
        "next": context["request"].get_full_path() if account else "",
    }
