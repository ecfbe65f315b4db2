from celery import shared_task

from . import services


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def notify_officers_of_tip(tip_id: int) -> None:
    services.notify_officers_of_tip(tip_id)


@shared_task
def notify_unnotified_tips() -> None:
    services.notify_unnotified_tips()


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def purge_expired_tips() -> None:
    services.purge_expired_tips()
