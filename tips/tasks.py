"""The worker's jobs for tips: thin wrappers around officer_email.py and retention.py."""

from celery import shared_task

from . import officer_email, retention


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def notify_officers_of_tip(tip_id: int) -> bool:
    return officer_email.notify_officers_of_tip(tip_id)


@shared_task
def notify_unnotified_tips() -> int:
    return officer_email.notify_unnotified_tips(notify_officers_of_tip)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def purge_expired_tips() -> int:
    return retention.purge_expired_tips()
