"""The worker's jobs for community posts: thin wrappers around media's."""

from celery import shared_task

from media import renditions

from .models import Post


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def make_post_renditions(post_id: int) -> None:
    """Renditions of a post's image, exactly as for case stills."""
    renditions.make_renditions(Post, post_id, Post.renditions_folder)


@shared_task
def requeue_stale_renditions(older_than_minutes: int = 10) -> int:
    """Queue renditions for post images still pending after a while (the broker was down)."""
    # Since the last change, not creation: an old post whose image was just replaced is not stale.
    return renditions.requeue_stale_renditions(
        Post, make_post_renditions, since="updated_at", older_than_minutes=older_than_minutes
    )
