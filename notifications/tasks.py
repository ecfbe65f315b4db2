"""The worker's jobs for notifications: thin wrappers around fanout.py and subscription_email.py."""

from celery import Task, shared_task

from . import fanout, subscription_email


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
        # Not a failure: the still's renditions are a few seconds away.
        raise self.retry(countdown=5, max_retries=None) from waiting
    except fanout.NotPublicYet as scheduled:
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
