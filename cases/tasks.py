"""The worker's jobs for cases: thin wrappers around media's, for stills and videos."""

from celery import shared_task

from media import renditions, video

from .models import Still, Video


@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def make_still_renditions(still_id: int) -> None:
    renditions.make_renditions(Still, still_id, Still.renditions_folder)


@shared_task(
    acks_late=True,
    autoretry_for=(OSError, ValueError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def make_video_poster(video_id: int) -> None:
    video.make_poster(Video, video_id, Video.posters_folder)


@shared_task
def requeue_stale_renditions(older_than_minutes: int = 10) -> int:
    """Queue renditions for stills still pending after a while (the broker was down)."""
    # A still has no "last changed" time; a replaced image's still may be requeued early, harmlessly.
    return renditions.requeue_stale_renditions(
        Still, make_still_renditions, since="created_at", older_than_minutes=older_than_minutes
    )
