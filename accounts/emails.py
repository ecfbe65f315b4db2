"""The emails an account holder gets: the verification link, the password reset link, and word
that someone tried to sign up with their address."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import User as Account
from .tokens import verification_token

User = get_user_model()


def verification_link(user: Account) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return settings.SITE_URL + reverse("accounts:verify", args=[uid, verification_token.make_token(user)])


def send_verification_email(user_id: int) -> None:
    """Email the link (from a task). Nothing to send once the account is verified or gone."""
    user = User.objects.filter(pk=user_id, is_active=False).first()
    if user is None:
        return
    context = {"user": user, "link": verification_link(user), "DEPARTMENT_NAME": settings.DEPARTMENT_NAME}
    # In the account's language, whoever asked and in whatever language (docs/translation.md).
    with translation.override(user.language):
        subject = render_to_string("accounts/email/verify_subject.txt", context).strip()
        body = render_to_string("accounts/email/verify.txt", context)
    send_mail(subject, body, None, [user.email])


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


def send_signup_attempt_email(user_id: int) -> None:
    """Tell the owner of an address that someone tried to sign up with it (from a task). Only the
    department's words: nothing the person signing up typed is in it."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    context = {"DEPARTMENT_NAME": settings.DEPARTMENT_NAME, "reset_link": None}
    if user.has_usable_password():
        token = default_token_generator.make_token(user)
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        context["reset_link"] = settings.SITE_URL + reverse("password_reset_confirm", args=[uid, token])
    with translation.override(user.language):
        subject = render_to_string("accounts/email/signup_attempt_subject.txt", context).strip()
        body = render_to_string("accounts/email/signup_attempt.txt", context)
    send_mail(subject, body, None, [user.email])
