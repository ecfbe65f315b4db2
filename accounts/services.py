"""Sign-up and email verification: accounts exist only to comment; tips never need one."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from audit.services import record
from tipportal.queueing import enqueue_on_commit

from . import throttle
from .tasks import send_password_reset_email, send_verification_email

User = get_user_model()


def request_verification_email(user) -> bool:
    """Queue the link once the account is committed, at most SIGNUP_EMAILS_PER_ADDRESS a day.

    Past the limit nothing is sent and the caller answers as usual, so a stranger retyping an
    address can neither flood its owner nor learn whether an account exists.
    """
    if not throttle.hit(throttle.value_key("verify", user.email), settings.SIGNUP_EMAILS_PER_ADDRESS, 86400):
        return False
    enqueue_on_commit(send_verification_email, user.pk)
    return True


def sign_up(form) -> "User":
    """Create the (inactive) account and queue the verification link once it is committed."""
    with transaction.atomic():
        user = form.save()
        request_verification_email(user)
    return user


def request_password_reset_email(user) -> bool:
    """Queue a reset link, at most SIGNUP_EMAILS_PER_ADDRESS a day per address (same reasons)."""
    if not throttle.hit(throttle.value_key("reset", user.email), settings.SIGNUP_EMAILS_PER_ADDRESS, 86400):
        return False
    enqueue_on_commit(send_password_reset_email, user.pk)
    return True


def verify_email(user) -> bool:
    """Activate the account; False when it was active already (a link used twice)."""
    with transaction.atomic():
        changed = User.objects.filter(pk=user.pk, is_active=False).update(is_active=True)
        if changed:
            record("accounts.user.verified", actor=user, target=user)
    user.refresh_from_db()
    return bool(changed)
