from smtplib import SMTPException

from celery import shared_task

from . import services

# SMTPException is an OSError; named so the retry reads plainly. Five tries over about half an hour.
EMAIL_RETRIES = {
    "acks_late": True,
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 900,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(**EMAIL_RETRIES)
def send_verification_email(user_id: int) -> None:
    services.send_verification_email(user_id)


@shared_task(**EMAIL_RETRIES)
def send_password_reset_email(user_id: int) -> None:
    services.send_password_reset_email(user_id)
