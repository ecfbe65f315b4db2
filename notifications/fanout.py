"""The fan-out: delivering one notification to every recipient, at most once each.

In three steps, each safe to repeat:
1. A publication (case published or solved, alert or post published) creates one Notification
   (unique per event, `services.py`) in the publisher's transaction and queues `start_fanout`
   on commit.
2. `start_fanout` records one pending Delivery per recipient and channel (unique, inserted with
   ON CONFLICT DO NOTHING) and queues the pending ones in chunks.
3. `send_chunk` claims its pending rows atomically, opens one connection, marks each row sent
   right after the server accepts it, and hands the unsent rest back to `pending` on a failure
   before the task retries. A retried or duplicated chunk finds nothing left to claim.
`requeue_stalled_fanouts` (Celery beat) restarts what a broker or worker outage left behind. While
a chunk is being sent, a heartbeat thread renews its claim, so rows whose claim has lapsed belong
to a dead worker: the sweep hands them back (after NOTIFY_URGENT_STALL_SECONDS for urgent alerts,
swept every 15 s; NOTIFY_STALL_SECONDS for the rest, every minute).

The steps that queue the next ones are given the task to queue (tasks.py passes its own), so this
module never imports the tasks that wrap it.
"""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from celery import Task
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from cases.models import Case, Still
from tipportal.queueing import send_task_now

from .channels import CHANNELS, PermanentFailure, enabled_channels
from .models import Delivery, Notification, Subscription

logger = logging.getLogger(__name__)

URGENT_QUEUE = "urgent"
DEFAULT_QUEUE = "default"


class DeliveryInterrupted(Exception):
    """The chunk stopped part-way (connection lost, server busy); its unsent rows are pending again."""


def queue_for(notification: Notification) -> str:
    return URGENT_QUEUE if notification.urgent else DEFAULT_QUEUE


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


def start_fanout(notification_id: int, send_chunk: Task) -> int:
    """Record a pending delivery per recipient and channel, then queue them in chunks (`send_chunk`).

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
    return queue_pending_chunks(notification, send_chunk)


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


def queue_pending_chunks(notification: Notification, send_chunk: Task) -> int:
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
                send_chunk, notification.pk, channel, ids[start : start + size], queue=queue_for(notification)
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


def claim_renew_seconds() -> float:
    """How often a chunk being sent renews its claim: three times inside the shortest lease."""
    return settings.NOTIFY_URGENT_STALL_SECONDS / 3


@contextmanager
def _claim_heartbeat(delivery_ids: list[int]) -> Iterator[None]:
    """Renew the chunk's claim from a thread of its own while the chunk is being sent.

    The send loop cannot do it: one silent mail server holds a send for up to EMAIL_TIMEOUT, longer
    than an urgent alert's lease, and the sweep would then hand rows this live worker is about to
    send to another one (a second copy). Renewing rows already marked sent or failed changes
    nothing (only `sending` rows are touched). A SIGKILL stops the thread with the worker, and the
    claim then lapses as it should."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(claim_renew_seconds()):
                try:
                    _renew_claim(delivery_ids)
                except Exception:  # the database is briefly away: the next beat tries again
                    logger.warning("could not renew a chunk's claim", exc_info=True)
        finally:
            # The thread's own database connection, opened by its first query.
            connection.close()

    thread = threading.Thread(target=beat, name="claim-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


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
        with _claim_heartbeat([row.pk for row in rows]), channel.open(notification) as sender, _asynchronous_commits():
            for row in rows:
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


def requeue_stalled_fanouts(
    start_fanout: Task, send_chunk: Task, stall_seconds: int | None = None, *, urgent_only: bool = False
) -> int:
    """The beat sweep: restart fan-outs a broker or worker outage stopped. Returns how many.

    `urgent_only` is the frequent sweep: urgent alerts' lapsed claims and stuck fan-outs after
    NOTIFY_URGENT_STALL_SECONDS, and every notification whose fan-out never started (the broker
    was down when it was published), so the backlog of an outage moves within seconds of its end.
    """
    default = settings.NOTIFY_URGENT_STALL_SECONDS if urgent_only else settings.NOTIFY_STALL_SECONDS
    stall = default if stall_seconds is None else stall_seconds
    now = timezone.now()
    cutoff = now - timedelta(seconds=stall)
    # A worker that died mid-chunk left its rows claimed; its heartbeat stopped with it, so after
    # the lease they are pending again.
    stale = Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=cutoff)
    notifications = Notification.objects.all()
    if urgent_only:
        stale = stale.filter(notification__urgent=True)
        notifications = notifications.filter(urgent=True)
    stale.filter(attempts__gte=settings.NOTIFY_MAX_ATTEMPTS).update(status=Delivery.Status.FAILED, error="worker lost")
    lost = set(stale.values_list("notification_id", flat=True))
    stale.update(status=Delivery.Status.PENDING, error="worker lost")
    restarted = 0
    # The dead worker took its tasks with it, the running chunk and the ones it had reserved
    # (unacknowledged, Redis hands them out again only after its visibility timeout, an hour):
    # queue every pending row of those notifications now. A chunk queued twice finds its rows
    # claimed or sent the second time.
    for notification in Notification.objects.filter(pk__in=lost, status=Notification.Status.SENDING):
        restarted += bool(queue_pending_chunks(notification, send_chunk))
    # Never started: the broker was down when the publication committed. start_fanout is safe to
    # queue twice, so a short wait is enough.
    never_started = Notification.objects.filter(
        status=Notification.Status.NEW,
        created_at__lt=now - timedelta(seconds=min(stall, settings.NOTIFY_URGENT_STALL_SECONDS)),
    )
    for notification in never_started.order_by("-urgent", "created_at")[:200]:
        restarted += send_task_now(start_fanout, notification.pk, queue=queue_for(notification))
    pending = Delivery.objects.filter(notification_id=OuterRef("pk"), status=Delivery.Status.PENDING)
    # Stuck: rows wait, and no worker has claimed any of them for a whole lease (their chunks were
    # lost with the broker's memory, or never queued).
    progressing = Delivery.objects.filter(notification_id=OuterRef("pk"), claimed_at__gte=cutoff)
    stuck = notifications.filter(status=Notification.Status.SENDING).filter(
        Q(queued_at__isnull=True) | Q(queued_at__lt=cutoff)
    )
    stuck = stuck.annotate(has_pending=Exists(pending)).exclude(Exists(progressing)).exclude(pk__in=lost)
    for notification in stuck.order_by("-urgent", "created_at")[:200]:
        if notification.has_pending:
            restarted += bool(queue_pending_chunks(notification, send_chunk))
        else:
            complete_if_finished(notification.pk)
    return restarted
