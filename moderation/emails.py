"""The emails moderation sends: to an author whose comment was removed or who was suspended, in
the language of their account; and to officers when a threat report reaches the desk (a link,
never the words: an inbox is not the desk)."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User

from .models import Comment, Suspension, ThreatReport


def _until(suspension: Suspension) -> str:
    return date_format(timezone.localtime(suspension.until), "DATETIME_FORMAT")


def send_removal_notice(comment_id: int) -> None:
    """Tell the author their comment was removed and why (and, if it came with one, their suspension)."""
    comment = Comment.objects.select_related("case", "author").filter(pk=comment_id).first()
    if comment is None or comment.status != Comment.Status.REMOVED or not comment.author.email:
        return
    suspension = Suspension.objects.active().filter(comment=comment).order_by("-until").first()
    with translation.override(comment.author.language):
        context = {
            "user": comment.author,
            "comment": comment,
            "case": comment.case,
            "url": settings.SITE_URL + comment.get_absolute_url(),
            "suspended_until": _until(suspension) if suspension else "",
            "DEPARTMENT_NAME": settings.DEPARTMENT_NAME,
        }
        subject = _("Your comment on case %(number)s was removed") % {"number": comment.case.number}
        body = render_to_string("moderation/email/comment_removed.txt", context)
    send_mail(subject, body, None, [comment.author.email])


def send_suspension_notice(suspension_id: int) -> None:
    """Tell a suspended author until when, and why. Nothing once the suspension is lifted."""
    suspension = Suspension.objects.active().select_related("user").filter(pk=suspension_id).first()
    if suspension is None or not suspension.user.email:
        return
    with translation.override(suspension.user.language):
        context = {
            "user": suspension.user,
            "suspension": suspension,
            "until": _until(suspension),
            "DEPARTMENT_NAME": settings.DEPARTMENT_NAME,
        }
        subject = _("You cannot comment until %(until)s") % {"until": context["until"]}
        body = render_to_string("moderation/email/suspended.txt", context)
    send_mail(subject, body, None, [suspension.user.email])


def threat_report_readers() -> list[User]:
    """The active accounts that may read threat reports (the Officers group, and any one granted it)."""
    readers = User.objects.with_perm("moderation.view_threatreport", include_superusers=False)
    return list(readers.filter(is_active=True).exclude(email="").order_by("pk"))


def notify_officers_of_threat(report_id: int) -> bool:
    """Email each officer a link to the report, once: the report is marked before sending, and
    unmarked if the send fails so the retry sends it."""
    now = timezone.now()
    if ThreatReport.objects.filter(pk=report_id, notified_at=None).update(notified_at=now) != 1:
        return False
    try:
        report = ThreatReport.objects.select_related("case").get(pk=report_id)
        context = {"report": report, "url": settings.SITE_URL + report.get_absolute_url()}
        messages = []
        for reader in threat_report_readers():
            with translation.override(reader.language):
                subject = _("Threat report on case %(number)s") % {"number": report.case.number}
                body = render_to_string("moderation/email/threat_report.txt", context)
            messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [reader.email]))
        if messages:
            with get_connection() as connection:
                connection.send_messages(messages)
    except Exception:
        ThreatReport.objects.filter(pk=report_id, notified_at=now).update(notified_at=None)
        raise
    return True
