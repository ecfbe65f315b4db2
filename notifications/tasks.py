"""The worker's jobs for notifications: thin wrappers around fanout.py and subscription_email.py."""

import logging

from celery import Task, shared_task

from . import fanout, subscription_email

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=300, max_retries=5)
def send_subscription_email(subscription_id: int, purpose: str, follow_case_id: int | None = None) -> None:
    subscription_email.send_subscription_email(subscription_id, purpose, follow_case_id)


@shared_task(
    bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=300, max_retries=5
)
def start_fanout(self: Task, notification_id: int) -> None:
    try:
        fanout.start_fanout(notification_id, send_chunk)
    except fanout.ImageNotReady as waiting:
        if self.request.is_eager:
            # Tasks run inline (no REDIS_URL), so a retry would come back at once, not in 5 s. The
            # still's renditions run right after this, and their signal starts the fan-out again
            # (receivers.py). A worker retries as well, in case that signal's task is lost.
            return
        # Not a failure: the still's renditions are a few seconds away.
        raise self.retry(countdown=5, max_retries=None) from waiting
    except fanout.NotPublicYet as scheduled:
        if self.request.is_eager:
            # No worker, no clock: the publication is announced when a worker's sweep runs.
            logger.info("notification %s waits for its scheduled publication", notification_id)
            return
        # Scheduled for later: come back then (the beat sweep also looks every minute).
        raise self.retry(countdown=min(max(scheduled.seconds, 1), 3600), max_retries=None) from scheduled


@shared_task(
    acks_late=True,
    autoretry_for=(fanout.DeliveryInterrupted, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def send_chunk(notification_id: int, channel: str, delivery_ids: list[int]) -> None:
    fanout.send_chunk(notification_id, channel, delivery_ids)


@shared_task
def requeue_stalled_fanouts(stall_seconds: int | None = None) -> int:
    return fanout.requeue_stalled_fanouts(start_fanout, send_chunk, stall_seconds)


@shared_task
def requeue_stalled_urgent_fanouts(stall_seconds: int | None = None) -> int:
    return fanout.requeue_stalled_fanouts(start_fanout, send_chunk, stall_seconds, urgent_only=True)
