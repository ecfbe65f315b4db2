"""The email that tells officers a tip arrived, sent once however often its job runs."""

from datetime import datetime, timedelta

from celery import Task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tipportal.queueing import send_task_now

from .models import Tip, officers

# How long a worker's claim on a tip's notification holds. Longer than a send takes (a few times
# EMAIL_TIMEOUT), so a live worker is not raced; a dead one's claim lapses and the sweep (every
# 20 s) sends the email within the 5 minutes promised for everything but urgent alerts.
NOTIFY_LEASE_SECONDS = 120


def _unclaimed(now: datetime) -> Q:
    return Q(notifying_at=None) | Q(notifying_at__lt=now - timedelta(seconds=NOTIFY_LEASE_SECONDS))


def notify_officers_of_tip(tip_id: int) -> bool:
    """Email every officer that a tip arrived (its case and a link, never its content).

    Idempotent: the tip is claimed with a lease before sending and marked notified only after the
    send succeeds, so a retried or duplicated task sends nothing twice, a failed send releases the
    claim for the retry, and a worker killed mid-send leaves a claim the sweep takes over once it
    lapses. (A send outlasting the lease could be repeated: an extra email, never a lost one.)
    """
    now = timezone.now()
    if Tip.objects.filter(_unclaimed(now), pk=tip_id, notified_at=None).update(notifying_at=now) != 1:
        return False
    try:
        tip = Tip.objects.select_related("case").get(pk=tip_id)
        # Each officer reads it in the language of their account.
        recipients = sorted({(user.language, user.email) for user in officers() if user.email})
        if recipients:
            context = {"tip": tip, "url": settings.SITE_URL + tip.get_absolute_url()}
            emails = {}
            for language in {language for language, _address in recipients}:
                with translation.override(language):
                    subject = (
                        _("New tip on case %(number)s") % {"number": tip.case.number}
                        if tip.case
                        else _("New general tip")
                    )
                    emails[language] = (subject, render_to_string("tips/email/new_tip.txt", context))
            with get_connection() as connection:
                connection.send_messages(
                    [
                        EmailMessage(*emails[language], settings.DEFAULT_FROM_EMAIL, [address])
                        for language, address in recipients
                    ]
                )
    except Exception:
        Tip.objects.filter(pk=tip_id, notifying_at=now).update(notifying_at=None)
        raise
    Tip.objects.filter(pk=tip_id, notified_at=None).update(notified_at=timezone.now(), notifying_at=None)
    return True


def notify_unnotified_tips(task: Task, older_than_seconds: int = 20) -> int:
    """Queue `task` (the notification) for tips saved while the broker or the workers were down,
    and for tips whose claiming worker died before sending (its lease lapsed). A tip whose task
    is merely slow is queued twice at worst, and its claim keeps the second from sending."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=older_than_seconds)
    ids = list(
        Tip.objects.filter(_unclaimed(now), notified_at=None, created_at__lt=cutoff).values_list("pk", flat=True)[:500]
    )
    for tip_id in ids:
        send_task_now(task, tip_id)
    return len(ids)
