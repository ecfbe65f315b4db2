"""The email that tells officers a tip arrived, sent once however often its job runs."""

from collections.abc import Mapping
from datetime import datetime, timedelta

from celery import Task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tipportal.queueing import send_task_now

from .models import Tip, officers

# How long a worker's claim on a tip's notification holds. Longer than a send takes (a few times
# EMAIL_TIMEOUT), so a live worker is not raced; a dead one's claim lapses and the sweep (every
# 20 s) sends the email within the 5 minutes promised for everything but urgent alerts.
NOTIFY_LEASE_SECONDS = 120

# More tips than this waiting at once (a broker outage during a busy hour, or a flood of junk)
# reach the officers as one email listing the cases, not one email each: a thousand emails would
# bury the desk's inbox and take minutes to send.
DIGEST_AFTER = 10


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
        recipients = _recipients()
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
            _send(recipients, emails)
    except Exception:
        Tip.objects.filter(pk=tip_id, notifying_at=now).update(notifying_at=None)
        raise
    Tip.objects.filter(pk=tip_id, notified_at=None).update(notified_at=timezone.now(), notifying_at=None)
    return True


def _recipients() -> list[tuple[str, str]]:
    """(language, address) of every officer: each reads the email in their account's language."""
    return sorted({(user.language, user.email) for user in officers() if user.email})


def _send(recipients: list[tuple[str, str]], emails: Mapping[str, tuple[str, str]]) -> None:
    messages = [
        EmailMessage(*emails[language], settings.DEFAULT_FROM_EMAIL, [address]) for language, address in recipients
    ]
    with get_connection() as connection:
        connection.send_messages(messages)


def notify_officers_of_waiting_tips(now: datetime, cutoff: datetime) -> int:
    """One email to each officer for every tip still waiting for its own: how many, on which
    cases, and a link to the desk (never a tip's content). The same claim as a single tip's
    email, taken on all of them at once, keeps a concurrent task or sweep from sending again."""
    claimed = Tip.objects.filter(_unclaimed(now), notified_at=None, created_at__lt=cutoff)
    count = claimed.update(notifying_at=now)
    if not count:
        return 0
    mine = Tip.objects.filter(notifying_at=now, notified_at=None)
    try:
        # Counted by the database: after a long outage there may be thousands.
        per_case = dict(mine.order_by().values_list("case__number").annotate(n=Count("pk")))
        recipients = _recipients()
        if recipients:
            emails = {}
            for language in {language for language, _address in recipients}:
                with translation.override(language):
                    subject = ngettext(
                        "%(count)d new tip while email was delayed",
                        "%(count)d new tips while email was delayed",
                        count,
                    ) % {"count": count}
                    context = {
                        "count": count,
                        "cases": sorted((number, n) for number, n in per_case.items() if number),
                        "general": per_case.get(None, 0),
                        "url": settings.SITE_URL + reverse("desk:inbox") + "?status=new",
                    }
                    emails[language] = (subject, render_to_string("tips/email/new_tips_digest.txt", context))
            _send(recipients, emails)
    except Exception:
        mine.update(notifying_at=None)
        raise
    mine.update(notified_at=timezone.now(), notifying_at=None)
    return count


def notify_unnotified_tips(task: Task, older_than_seconds: int = 20) -> int:
    """Queue `task` (the notification) for tips saved while the broker or the workers were down,
    and for tips whose claiming worker died before sending (its lease lapsed). A tip whose task
    is merely slow is queued twice at worst, and its claim keeps the second from sending. More
    than DIGEST_AFTER of them are announced together, in one email, here and now."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=older_than_seconds)
    ids = list(
        Tip.objects.filter(_unclaimed(now), notified_at=None, created_at__lt=cutoff).values_list("pk", flat=True)[
            : DIGEST_AFTER + 1
        ]
    )
    if len(ids) > DIGEST_AFTER:
        return notify_officers_of_waiting_tips(now, cutoff)
    for tip_id in ids:
        send_task_now(task, tip_id)
    return len(ids)
