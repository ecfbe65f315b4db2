"""The worker's jobs for moderation: thin wrappers around emails.py, queued after commit."""

from accounts.tasks import email_task

from . import emails


@email_task
def notify_author_of_removal(comment_id: int) -> None:
    emails.send_removal_notice(comment_id)


@email_task
def notify_author_of_suspension(suspension_id: int) -> None:
    emails.send_suspension_notice(suspension_id)


@email_task
def notify_officers_of_threat(report_id: int) -> bool:
    return emails.notify_officers_of_threat(report_id)
