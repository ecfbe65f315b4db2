from celery import shared_task

from . import kept_uploads


@shared_task(ignore_result=True)
def sweep_kept_uploads() -> int:
    """Delete uploads kept for forms that were never sent again (media/kept_uploads.py)."""
    return kept_uploads.sweep()
