"""Sign-up and email verification: accounts exist only to comment; tips never need one."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from audit.services import record

from .tokens import verification_token

User = get_user_model()


def verification_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return settings.SITE_URL + reverse("accounts:verify", args=[uid, verification_token.make_token(user)])


def send_verification_email(user) -> None:
    context = {"user": user, "link": verification_link(user), "DEPARTMENT_NAME": settings.DEPARTMENT_NAME}
    send_mail(
        render_to_string("accounts/email/verify_subject.txt", context).strip(),
        render_to_string("accounts/email/verify.txt", context),
        None,
        [user.email],
    )


def sign_up(form) -> "User":
    """Create the (inactive) account and email the verification link once it is committed."""
    with transaction.atomic():
        user = form.save()
        transaction.on_commit(lambda: send_verification_email(user))
    return user


def verify_email(user) -> bool:
    """Activate the account; False when it was active already (a link used twice)."""
    with transaction.atomic():
        changed = User.objects.filter(pk=user.pk, is_active=False).update(is_active=True)
        if changed:
            record("accounts.user.verified", actor=user, target=user)
    user.refresh_from_db()
    return bool(changed)
