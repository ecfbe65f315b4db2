"""Sign-up and email verification: accounts exist only to comment; tips never need one."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from audit.services import record
from tipportal.queueing import enqueue_on_commit

from . import throttle
from .tokens import verification_token

User = get_user_model()


def verification_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return settings.SITE_URL + reverse("accounts:verify", args=[uid, verification_token.make_token(user)])


def send_verification_email(user_id: int) -> None:
    """Email the link (from a task). Nothing to send once the account is verified or gone."""
    user = User.objects.filter(pk=user_id, is_active=False).first()
    if user is None:
        return
    context = {"user": user, "link": verification_link(user), "DEPARTMENT_NAME": settings.DEPARTMENT_NAME}
    with translation.override(user.language):
        subject = render_to_string("accounts/email/verify_subject.txt", context).strip()
        body = render_to_string("accounts/email/verify.txt", context)
    send_mail(subject, body, None, [user.email])


def request_verification_email(user) -> bool:
    """Queue the link once the account is committed, at most SIGNUP_EMAILS_PER_ADDRESS a day.

    Past the limit nothing is sent and the caller answers as usual, so a stranger retyping an
    address can neither flood its owner nor learn whether an account exists.
    """
    from .tasks import send_verification_email as task

    if not throttle.hit(throttle.value_key("verify", user.email), settings.SIGNUP_EMAILS_PER_ADDRESS, 86400):
        return False
    enqueue_on_commit(task, user.pk)
    return True


def sign_up(form, *, language: str) -> "User":
    """Create the (inactive) account, in the language it signed up in, and queue the
    verification link once it is committed."""
    with transaction.atomic():
        form.instance.language = language
        user = form.save()
        request_verification_email(user)
    return user


def request_password_reset_email(user) -> bool:
    """Queue a reset link, at most SIGNUP_EMAILS_PER_ADDRESS a day per address (same reasons)."""
    from .tasks import send_password_reset_email as task

    if not throttle.hit(throttle.value_key("reset", user.email), settings.SIGNUP_EMAILS_PER_ADDRESS, 86400):
        return False
    enqueue_on_commit(task, user.pk)
    return True


def send_password_reset_email(user_id: int) -> None:
    """Email a reset link (from a task), made here so no token passes through the broker."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password() or not user.email:
        return
    site = urlsplit(settings.SITE_URL)
    context = {
        "email": user.email,
        "domain": site.netloc,
        "site_name": settings.DEPARTMENT_NAME,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": site.scheme,
    }
    with translation.override(user.language):
        subject = "".join(render_to_string("registration/password_reset_subject.txt", context).splitlines())
        body = render_to_string("registration/password_reset_email.html", context)
    send_mail(subject, body, None, [user.email])


def set_language(user, language: str) -> None:
    """The language of this person's emails from now on (chosen with the switcher while signed in)."""
    if user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language


def verify_email(user) -> bool:
    """Activate the account; False when it was active already (a link used twice)."""
    with transaction.atomic():
        changed = User.objects.filter(pk=user.pk, is_active=False).update(is_active=True)
        if changed:
            record("accounts.user.verified", actor=user, target=user)
    user.refresh_from_db()
    return bool(changed)
