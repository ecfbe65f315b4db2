from celery import shared_task

from . import services


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def make_post_renditions(post_id: int) -> None:
    services.make_post_renditions(post_id)


@shared_task
def requeue_stale_renditions() -> None:
    services.requeue_stale_renditions()
