from smtplib import SMTPException

from celery import shared_task

from . import emails

# SMTPException is an OSError; named so the retry reads plainly. A brief hiccup is retried within
# seconds; an outage is retried eight times over about twenty minutes.
email_task = shared_task(
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)


@email_task
def send_verification_email(user_id: int) -> None:
    emails.send_verification_email(user_id)


@email_task
def send_password_reset_email(user_id: int) -> None:
    emails.send_password_reset_email(user_id)


@email_task
def send_signup_attempt_email(user_id: int) -> None:
    emails.send_signup_attempt_email(user_id)
