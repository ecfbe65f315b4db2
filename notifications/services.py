"""Subscriptions and the notification fan-out. Every change goes through these functions.

Fan-out, in three steps, each safe to repeat:
1. A publication (case published or solved, alert or post published) creates one Notification
   (unique per event) in the publisher's transaction and queues `start_fanout` on commit.
2. `start_fanout` records one pending Delivery per recipient and channel (unique, inserted with
   ignore_conflicts) and queues the pending ones in chunks.
3. `send_chunk` claims its pending rows atomically, opens one connection, marks each row sent
   right after the server accepts it, and hands the unsent rest back to `pending` on a failure
   before the task retries. A retried or duplicated chunk finds nothing left to claim.
`requeue_stalled_fanouts` (Celery beat) restarts what a broker or worker outage left behind.
"""

import hashlib
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record
from cases.models import Case, CaseUpdate, Still
from tipportal.queueing import enqueue_on_commit, send_task_now

from . import tokens
from .channels import CHANNELS, PermanentFailure, absolute_url, enabled_channels, manage_links, unsubscribe_headers
from .models import Delivery, Notification, Subscription

logger = logging.getLogger(__name__)

# A chunk renews its claim this often, well inside NOTIFY_STALL_SECONDS.
CLAIM_RENEW_SECONDS = 30
URGENT_QUEUE = "urgent"
DEFAULT_QUEUE = "default"


class SubscriptionError(ValidationError):
    """A subscription request we refuse, with a message for the visitor."""


class RateLimited(SubscriptionError):
    pass


class DeliveryInterrupted(Exception):
    """The chunk stopped part-way (connection lost, server busy); its unsent rows are pending again."""


@dataclass
class Preferences:
    urgent_alerts: bool = False
    area_alerts: bool = False
    new_cases: bool = False
    community_posts: bool = False
    area_ids: list[int] = field(default_factory=list)
    category_ids: list[int] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.urgent_alerts or self.area_alerts or self.new_cases or self.community_posts or self.case_ids)

    @classmethod
    def of(cls, subscription: Subscription) -> "Preferences":
        return cls(
            urgent_alerts=subscription.urgent_alerts,
            area_alerts=subscription.area_alerts,
            new_cases=subscription.new_cases,
            community_posts=subscription.community_posts,
            area_ids=sorted(subscription.areas.values_list("pk", flat=True)),
            category_ids=sorted(subscription.categories.values_list("pk", flat=True)),
            case_ids=sorted(subscription.followed_cases.values_list("pk", flat=True)),
        )


# --- Subscriptions --------------------------------------------------------------------------


def normalise_email(raw: str) -> str:
    email = (raw or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise SubscriptionError(_("Enter a valid email address, like name@example.com."), code="invalid") from None
    local, _sep, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def _hit(key: str, limit: int, window: int) -> bool:
    """Count one hit in a fixed window; True while within `limit`. Fails open if the cache is down."""
    try:
        cache.add(key, 0, timeout=window)
        return cache.incr(key) <= limit
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window)
        return True
    except Exception:
        logger.warning("rate-limit cache unavailable", exc_info=True)
        return True


def _digest(value: str) -> str:
    # Rate-limit keys hold a keyed hash, never the address or client itself.
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]


def check_client_rate(client: str) -> None:
    if not _hit(f"subscribe:client:{_digest(client)}", settings.SUBSCRIBE_RATE_PER_HOUR, 3600):
        raise RateLimited(_("Too many requests from your connection. Please try again in an hour."), code="flood")


def _apply_preferences(subscription: Subscription, prefs: Preferences) -> None:
    subscription.urgent_alerts = prefs.urgent_alerts
    subscription.area_alerts = prefs.area_alerts
    subscription.new_cases = prefs.new_cases
    subscription.community_posts = prefs.community_posts
    subscription.save(update_fields=["urgent_alerts", "area_alerts", "new_cases", "community_posts"])
    subscription.areas.set(prefs.area_ids)
    subscription.categories.set(prefs.category_ids)
    subscription.followed_cases.set(prefs.case_ids)


def request_subscription(raw_email: str, prefs: Preferences, *, user=None) -> None:
    """Someone asks to subscribe an address. The outcome is never shown to the asker.

    A new or unconfirmed address gets these preferences and a confirmation link; a confirmed one
    keeps its preferences (the asker may not be the owner) and gets a link to manage them. The
    email is sent by a worker, so the response takes the same time either way.
    """
    email = normalise_email(raw_email)
    if prefs.is_empty():
        raise SubscriptionError(_("Choose at least one thing to hear about."), code="empty")
    # Protect the address's owner from a flood of confirmation emails, whoever asks.
    if not _hit(f"subscribe:address:{_digest(email.lower())}", settings.SUBSCRIBE_EMAILS_PER_ADDRESS, 3600):
        raise RateLimited(
            _("We have already sent several emails to this address. Please check your inbox or try later."),
            code="flood",
        )
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(email__iexact=email).first()
        if subscription is None:
            try:
                with transaction.atomic():
                    subscription = Subscription.objects.create(email=email)
            except IntegrityError:  # two requests for a new address at once: the other one won
                subscription = Subscription.objects.select_for_update().get(email__iexact=email)
        if user is not None and subscription.user_id is None:
            subscription.user = user
            subscription.save(update_fields=["user"])
        if subscription.is_confirmed:
            purpose = tokens.MANAGE
        else:
            if subscription.unsubscribed_at is not None:
                subscription.unsubscribed_at = None
                subscription.confirmed_at = None
                subscription.save(update_fields=["unsubscribed_at", "confirmed_at"])
            _apply_preferences(subscription, prefs)
            purpose = tokens.CONFIRM
        from .tasks import send_subscription_email

        # A subscriber asking to follow one more case gets a manage link with that case ticked.
        follow = prefs.case_ids[0] if purpose == tokens.MANAGE and prefs.case_ids else None
        enqueue_on_commit(send_subscription_email, subscription.pk, purpose, follow)


def confirm_subscription(subscription: Subscription) -> bool:
    """Follow the confirmation link. Returns False if it was already confirmed (a second click)."""
    changed = Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now(), unsubscribed_at=None
    )
    subscription.refresh_from_db()
    return bool(changed)


def update_preferences(subscription: Subscription, prefs: Preferences) -> None:
    with transaction.atomic():
        _apply_preferences(subscription, prefs)


def unsubscribe(subscription: Subscription) -> bool:
    """Stop everything for this address at once; pending deliveries to it are not sent."""
    with transaction.atomic():
        changed = Subscription.objects.filter(pk=subscription.pk, unsubscribed_at__isnull=True).update(
            unsubscribed_at=timezone.now()
        )
        Delivery.objects.filter(recipient=subscription, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.FAILED, error="unsubscribed"
        )
    subscription.refresh_from_db()
    return bool(changed)


def subscription_for_user(user) -> Subscription | None:
    if not user.email:
        return None
    return (
        Subscription.objects.filter(user=user).first()
        or Subscription.objects.filter(email__iexact=user.email, user__isnull=True).first()
    )


def save_user_preferences(user, prefs: Preferences) -> Subscription:
    """'My alerts' for an account holder: the same subscription, confirmed through the same link."""
    subscription = subscription_for_user(user)
    if subscription is None:
        request_subscription(user.email, prefs, user=user)
        return Subscription.objects.get(email__iexact=normalise_email(user.email))
    with transaction.atomic():
        if subscription.user_id is None:
            subscription.user = user
            subscription.save(update_fields=["user"])
        _apply_preferences(subscription, prefs)
        if not subscription.is_confirmed:
            from .tasks import send_subscription_email

            if subscription.unsubscribed_at is not None:
                Subscription.objects.filter(pk=subscription.pk).update(unsubscribed_at=None, confirmed_at=None)
            enqueue_on_commit(send_subscription_email, subscription.pk, tokens.CONFIRM)
    subscription.refresh_from_db()
    return subscription


def send_subscription_email(subscription_id: int, purpose: str, follow_case_id: int | None = None) -> None:
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return
    links = manage_links(subscription)
    case = Case.objects.published().filter(pk=follow_case_id).first() if follow_case_id else None
    if case:
        links["manage_url"] += "?" + urlencode({"follow": case.slug})
    token = tokens.make_token(subscription, purpose)
    context = {
        "DEPARTMENT_NAME": settings.DEPARTMENT_NAME,
        "SITE_URL": settings.SITE_URL,
        "confirm_url": absolute_url(reverse("notifications:confirm", args=[token])),
        "confirm_days": settings.NOTIFY_CONFIRM_LINK_DAYS,
        "case": case,
        **links,
    }
    name = "confirm" if purpose == tokens.CONFIRM else "manage"
    subject = (
        _("Confirm your alerts from the %(department)s")
        if purpose == tokens.CONFIRM
        else _("Your alerts from the %(department)s")
    ) % {"department": settings.DEPARTMENT_NAME}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"notifications/email/{name}.txt", context),
        to=[subscription.email],
        headers=unsubscribe_headers(links["unsubscribe_url"]) if purpose == tokens.MANAGE else {},
    )
    message.attach_alternative(render_to_string(f"notifications/email/{name}.html", context), "text/html")
    message.send()


# --- Creating notifications (called by the case and community services) ---------------------


def _queue_for(notification: Notification) -> str:
    return URGENT_QUEUE if notification.urgent else DEFAULT_QUEUE


def _create_notification(event_key: str, **fields) -> Notification | None:
    """Create the event's notification once and queue its fan-out after commit."""
    from .tasks import start_fanout

    notification, created = Notification.objects.get_or_create(event_key=event_key, defaults=fields)
    if not created:
        return None
    enqueue_on_commit(start_fanout, notification.pk, queue=_queue_for(notification))
    return notification


class ImageNotReady(Exception):
    """The case's lead still has no renditions yet; the fan-out waits a little for them."""


class NotPublicYet(Exception):
    """The case or post is scheduled for later: the fan-out waits until it is public."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


def _subject_status(notification: Notification) -> str:
    """Whether the case or post is "public", "scheduled" (public later) or "withdrawn"."""
    subject = notification.case if notification.case_id else notification.post if notification.post_id else None
    if subject is None or subject.is_public:
        return "public"
    return "scheduled" if subject.is_published else "withdrawn"


def _case_image(case: Case) -> tuple[str, str] | None:
    """The lead still's rendition (never the original upload), "" if none; None while pending."""
    still = Still.objects.filter(case=case).order_by("position", "id").first()
    if still is None or still.renditions_status == Still.Renditions.FAILED:
        return "", ""
    if not still.renditions:
        return None
    url = still.display_url(800)
    return (url if url.startswith(("http://", "https://")) else settings.SITE_URL + url), still.alt_text


def _attach_case_image(notification: Notification) -> None:
    """Emails show the case's lead still. Stills are saved after the case in the same admin
    request and rendered by a worker, so the picture is looked up when the fan-out starts."""
    if notification.case_id is None or notification.image_url:
        return
    image = _case_image(notification.case)
    if image is None:
        if timezone.now() - notification.created_at < timedelta(seconds=settings.NOTIFY_IMAGE_WAIT_SECONDS):
            raise ImageNotReady(notification.pk)
        image = ("", "")
    notification.image_url, notification.image_alt = image
    notification.save(update_fields=["image_url", "image_alt"])


def notify_case_published(case: Case) -> Notification | None:
    return _create_notification(
        f"case-published:{case.pk}",
        kind=Notification.Kind.NEW_CASE,
        case=case,
        subject=_("New case in %(area)s: %(title)s") % {"area": case.area, "title": case.title},
        headline=case.title,
        body=case.summary[:1500],
        url=absolute_url(case.get_absolute_url()),
    )


def notify_case_solved(case: Case, note: str) -> Notification | None:
    # A case can be solved, reopened and solved again: each solve is its own event.
    solved_count = CaseUpdate.objects.filter(case=case, kind=CaseUpdate.Kind.SOLVED).count()
    return _create_notification(
        f"case-solved:{case.pk}:{solved_count}",
        kind=Notification.Kind.CASE_SOLVED,
        case=case,
        subject=_("Solved: %(title)s") % {"title": case.title},
        headline=_("Case %(number)s is solved") % {"number": case.number},
        body=note[:1500],
        url=absolute_url(case.get_absolute_url()),
    )


def notify_case_update(update: CaseUpdate) -> Notification | None:
    case = update.case
    return _create_notification(
        f"case-update:{update.pk}",
        kind=Notification.Kind.CASE_UPDATE,
        case=case,
        subject=_("Update on case %(number)s: %(title)s") % {"number": case.number, "title": case.title},
        headline=case.title,
        body=update.body[:1500],
        url=absolute_url(case.get_absolute_url()),
    )


def notify_post_published(post) -> Notification | None:
    image = post.display_url(800) or ""
    if image and not image.startswith(("http://", "https://")):
        image = settings.SITE_URL + image
    if post.is_alert:
        subject = _("%(severity)s alert: %(title)s") % {"severity": post.get_severity_display(), "title": post.title}
    else:
        subject = f"{post.get_kind_display()}: {post.title}"
    return _create_notification(
        f"post:{post.pk}",
        kind=Notification.Kind.ALERT if post.is_alert else Notification.Kind.POST,
        urgent=post.is_urgent,
        post=post,
        subject=subject,
        headline=post.title,
        body=post.body[:3000],
        url=absolute_url(post.get_absolute_url()),
        image_url=image,
        image_alt=post.image_alt if image else "",
    )


# --- Fan-out ---------------------------------------------------------------------------------


def audience(notification: Notification):
    subscriptions = Subscription.objects
    if notification.kind == Notification.Kind.NEW_CASE and notification.case_id:
        return subscriptions.for_new_case(notification.case)
    if notification.kind in (Notification.Kind.CASE_SOLVED, Notification.Kind.CASE_UPDATE) and notification.case_id:
        return subscriptions.for_case_followers(notification.case)
    if notification.kind == Notification.Kind.ALERT and notification.post_id:
        area_ids = list(notification.post.areas.values_list("pk", flat=True))
        return subscriptions.for_alert(area_ids=area_ids, urgent=notification.urgent)
    if notification.kind == Notification.Kind.POST:
        return subscriptions.for_posts()
    return subscriptions.none()


def start_fanout(notification_id: int) -> int:
    """Record a pending delivery per recipient and channel, then queue them in chunks.

    The audience is fixed the first time (status NEW -> SENDING in the same transaction), so a
    restart never adds people who subscribed after the event. Returns the number of chunks queued.
    """
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status == Notification.Status.DONE:
            return 0
        if notification.status == Notification.Status.NEW:
            status = _subject_status(notification)
            if status == "withdrawn":
                # Unpublished before the fan-out began: tell nobody about it.
                notification.status, notification.completed_at = Notification.Status.DONE, timezone.now()
                notification.save(update_fields=["status", "completed_at"])
                return 0
            if status == "scheduled":
                subject = notification.case or notification.post
                raise NotPublicYet((subject.published_at - timezone.now()).total_seconds())
            _attach_case_image(notification)
            for channel in enabled_channels():
                _record_deliveries(notification, channel.name)
            notification.status = Notification.Status.SENDING
            notification.save(update_fields=["status"])
    return queue_pending_chunks(notification)


def _record_deliveries(notification: Notification, channel: str) -> None:
    """One pending delivery per recipient; rows that exist already (a restart) are left alone."""
    recipients = audience(notification).values("pk")
    if connection.vendor == "postgresql":
        # One INSERT ... SELECT: the database copies the ids without a round trip through Python.
        select, params = recipients.query.sql_with_params()
        table = Delivery._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (notification_id, recipient_id, channel, status, attempts, error) "  # noqa: S608
                f"SELECT %s, audience.recipient_id, %s, %s, 0, '' FROM ({select}) AS audience (recipient_id) "
                "ON CONFLICT (notification_id, recipient_id, channel) DO NOTHING",
                [notification.pk, channel, Delivery.Status.PENDING, *params],
            )
        return
    ids = recipients.values_list("pk", flat=True)
    Delivery.objects.bulk_create(
        [Delivery(notification=notification, recipient_id=pk, channel=channel) for pk in ids.iterator()],
        batch_size=2000,
        ignore_conflicts=True,
    )


def queue_pending_chunks(notification: Notification) -> int:
    from .tasks import send_chunk

    pending = Delivery.objects.filter(notification=notification, status=Delivery.Status.PENDING)
    rows = list(pending.order_by("channel", "pk").values_list("channel", "pk"))
    if not rows:
        complete_if_finished(notification.pk)
        return 0
    size = settings.NOTIFY_CHUNK_SIZE
    queued = 0
    all_queued = True
    for channel in sorted({channel for channel, _pk in rows}):
        ids = [pk for name, pk in rows if name == channel]
        for start in range(0, len(ids), size):
            if send_task_now(
                send_chunk, notification.pk, channel, ids[start : start + size], queue=_queue_for(notification)
            ):
                queued += 1
            else:
                all_queued = False
    if all_queued:
        # A chunk that failed to queue leaves queued_at old, so the next sweep tries again.
        Notification.objects.filter(pk=notification.pk).update(queued_at=timezone.now())
    return queued


def _claim(delivery_ids: list[int]) -> list[Delivery]:
    """Take the still-pending rows of a chunk; rows another task holds or has sent are skipped."""
    with transaction.atomic():
        rows = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(pk__in=delivery_ids, status=Delivery.Status.PENDING)
            .order_by("pk")
        )
        if rows:
            Delivery.objects.filter(pk__in=[row.pk for row in rows]).update(
                status=Delivery.Status.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
            )
    recipients = Subscription.objects.in_bulk([row.recipient_id for row in rows])
    for row in rows:
        row.recipient = recipients[row.recipient_id]
    return rows


def _renew_claim(delivery_ids: list[int]) -> None:
    Delivery.objects.filter(pk__in=delivery_ids, status=Delivery.Status.SENDING).update(claimed_at=timezone.now())


def _release(delivery_ids: list[int], error: str) -> None:
    """Hand unsent claimed rows back for a retry, or give up on rows out of attempts."""
    claimed = Delivery.objects.filter(pk__in=delivery_ids, status=Delivery.Status.SENDING)
    claimed.filter(attempts__gte=settings.NOTIFY_MAX_ATTEMPTS).update(status=Delivery.Status.FAILED, error=error)
    claimed.update(status=Delivery.Status.PENDING, error=error)


def _mark(delivery_id: int, status: str, *, error: str = "") -> None:
    # Plain SQL: this runs once per email, and building the ORM query costs as much as running it.
    sent_at = timezone.now() if status == Delivery.Status.SENT else None
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Delivery._meta.db_table} SET status = %s, sent_at = %s, error = %s WHERE id = %s",  # noqa: S608
            [status, sent_at, error, delivery_id],
        )


@contextmanager
def _asynchronous_commits() -> Iterator[None]:
    """Each 'sent' mark is committed on its own, so a killed worker leaves no sent email unmarked.
    Waiting for the disk flush of each commit would cost more than the email itself; with
    asynchronous commit a commit is still atomic, ordered and seen at once by the other workers,
    and only a crash of the database server itself could lose the last fraction of a second of
    marks (those few emails would then go out twice)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def send_chunk(notification_id: int, channel_name: str, delivery_ids: list[int]) -> int:
    """Send one chunk over one connection. Returns how many were sent; raises DeliveryInterrupted
    (after releasing the unsent rows) when the connection fails, so the task retries."""
    notification = Notification.objects.filter(pk=notification_id).first()
    channel = CHANNELS.get(channel_name)
    if notification is None or channel is None:
        return 0
    rows = _claim(delivery_ids)
    if not rows:
        complete_if_finished(notification_id)
        return 0
    sent = 0
    done: set[int] = set()
    try:
        with channel.open(notification) as sender, _asynchronous_commits():
            renewed = time.monotonic()
            for index, row in enumerate(rows):
                if time.monotonic() - renewed > CLAIM_RENEW_SECONDS:
                    # A slow server must not make the sweep think this worker died.
                    _renew_claim([later.pk for later in rows[index:]])
                    renewed = time.monotonic()
                if not row.recipient.is_confirmed:  # unsubscribed since the fan-out started
                    _mark(row.pk, Delivery.Status.FAILED, error="unsubscribed")
                    done.add(row.pk)
                    continue
                try:
                    sender.send(row.recipient)
                except PermanentFailure as error:
                    _mark(row.pk, Delivery.Status.FAILED, error=str(error)[:300])
                else:
                    # Marked one by one, right after the server accepted it: a crash after this
                    # point cannot cause a second copy.
                    _mark(row.pk, Delivery.Status.SENT)
                    sent += 1
                done.add(row.pk)
    except Exception as error:
        unsent = [row.pk for row in rows if row.pk not in done]
        _release(unsent, f"{type(error).__name__}: {error}"[:300])
        logger.warning("chunk of notification %s interrupted after %s sent", notification_id, sent, exc_info=True)
        raise DeliveryInterrupted(str(error)) from error
    complete_if_finished(notification_id)
    return sent


def complete_if_finished(notification_id: int) -> bool:
    unfinished = Delivery.objects.filter(
        notification_id=OuterRef("pk"), status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]
    )
    return bool(
        Notification.objects.filter(pk=notification_id, status=Notification.Status.SENDING)
        .filter(~Exists(unfinished))
        .update(status=Notification.Status.DONE, completed_at=timezone.now())
    )


def requeue_stalled_fanouts(stall_seconds: int | None = None) -> int:
    """The beat sweep: restart fan-outs a broker or worker outage stopped. Returns how many."""
    from .tasks import start_fanout

    stall = settings.NOTIFY_STALL_SECONDS if stall_seconds is None else stall_seconds
    now = timezone.now()
    cutoff = now - timedelta(seconds=stall)
    # A worker that died mid-chunk left its rows claimed: after the lease they are pending again.
    stale = Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=cutoff)
    stale.filter(attempts__gte=settings.NOTIFY_MAX_ATTEMPTS).update(status=Delivery.Status.FAILED, error="worker lost")
    stale.update(status=Delivery.Status.PENDING, error="worker lost")
    restarted = 0
    # Never started: the broker was down when the publication committed.
    never_started = Notification.objects.filter(
        status=Notification.Status.NEW, created_at__lt=now - timedelta(seconds=min(stall, 60))
    )
    for notification in never_started.order_by("-urgent", "created_at")[:200]:
        restarted += send_task_now(start_fanout, notification.pk, queue=_queue_for(notification))
    pending = Delivery.objects.filter(notification_id=OuterRef("pk"), status=Delivery.Status.PENDING)
    stuck = Notification.objects.filter(status=Notification.Status.SENDING).filter(
        Q(queued_at__isnull=True) | Q(queued_at__lt=cutoff)
    )
    for notification in stuck.annotate(has_pending=Exists(pending)).order_by("-urgent", "created_at")[:200]:
        if notification.has_pending:
            restarted += bool(queue_pending_chunks(notification))
        else:
            complete_if_finished(notification.pk)
    return restarted


def restart_fanout(notification: Notification, *, actor) -> int:
    """Admin: queue the pending deliveries again now (after fixing a mail server, say)."""
    from .tasks import start_fanout

    record("notifications.notification.restarted", actor=actor, target=notification)
    if notification.status == Notification.Status.NEW:
        return int(send_task_now(start_fanout, notification.pk, queue=_queue_for(notification)))
    return queue_pending_chunks(notification)
