"""Publications below notifications, turned into notifications. Each receiver runs inside the
transaction that publishes, so the notification row commits with the publication or not at all,
and its fan-out is queued only after that commit."""

from django.dispatch import receiver

from cases.models import Case, CaseUpdate
from cases.signals import case_published, case_solved, case_updated
from community.models import Post
from community.signals import post_published

from . import services


@receiver(case_published, sender=Case, dispatch_uid="notifications.case_published")
def notify_case_published(sender: type[Case], *, case: Case, **kwargs: object) -> None:
    services.notify_case_published(case)


@receiver(case_solved, sender=Case, dispatch_uid="notifications.case_solved")
def notify_case_solved(sender: type[Case], *, case: Case, note: str, **kwargs: object) -> None:
    services.notify_case_solved(case, note)


@receiver(case_updated, sender=CaseUpdate, dispatch_uid="notifications.case_updated")
def notify_case_update(sender: type[CaseUpdate], *, update: CaseUpdate, **kwargs: object) -> None:
    services.notify_case_update(update)


@receiver(post_published, sender=Post, dispatch_uid="notifications.post_published")
def notify_post_published(sender: type[Post], *, post: Post, **kwargs: object) -> None:
    services.notify_post_published(post)
