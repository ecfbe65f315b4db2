"""The comment section under a case, for the case page (cases' templates load it; cases' code
never imports moderation)."""

from django import template
from django.conf import settings
from django.template.context import Context
from django.utils import timezone
from django.utils.formats import date_format

from cases.models import Case

from .. import services
from ..forms import CommentForm, ReportForm
from ..models import Comment

register = template.Library()


@register.inclusion_tag("moderation/_comments.html", takes_context=True)
def comment_section(context: Context, case: Case) -> dict:
    """The first page of comments under `case` and the form to add one (two queries; a third for
    a signed-in reader, whose suspension, if any, replaces the form with a plain message)."""
    user = context["user"]
    per_page = settings.COMMENTS_PER_PAGE
    comments = list(Comment.objects.visible_to(user).filter(case=case).select_related("author")[: per_page + 1])
    suspension = services.active_suspension(user) if user.is_authenticated and case.takes_comments else None
    can_comment = bool(user.is_authenticated and case.takes_comments and suspension is None)
    return {
        "case": case,
        "user": user,
        "DEPARTMENT_NAME": context.get("DEPARTMENT_NAME"),
        "comment_count": Comment.objects.published().filter(case=case).count(),
        "comments": comments[:per_page],
        "more_comments": len(comments) > per_page,
        "comment_form": CommentForm() if can_comment else None,
        "can_post_official": can_comment and user.has_perm("moderation.post_official_comment"),
        "report_form": ReportForm() if user.is_authenticated else None,
        "comments_closed": not case.takes_comments,
        "suspension": suspension,
        "suspended_until": date_format(timezone.localtime(suspension.until), "DATETIME_FORMAT") if suspension else "",
        "premoderated": case.takes_comments and (case.comments_premoderated or services.site_premoderation()),
    }
