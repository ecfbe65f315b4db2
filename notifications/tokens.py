"""Signed links in emails: confirm a subscription, manage it, unsubscribe. No login needed.

A token names the subscription and its `key`, signed with SECRET_KEY and a per-purpose salt, and
carries its signing time so old links expire. Nothing personal is readable in the link.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

from .models import Subscription

CONFIRM = "confirm"
MANAGE = "manage"


class InvalidLink(Exception):
    def __init__(self, message: str, *, expired: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.expired = expired


def _signer(purpose: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"notifications.{purpose}")


def _max_age(purpose: str) -> timedelta:
    days = settings.NOTIFY_CONFIRM_LINK_DAYS if purpose == CONFIRM else settings.NOTIFY_MANAGE_LINK_DAYS
    return timedelta(days=days)


def make_token(subscription: Subscription, purpose: str) -> str:
    return _signer(purpose).sign(f"{subscription.pk}.{subscription.key}")


def read_token(token: str, purpose: str) -> Subscription:
    """The subscription a token names, or InvalidLink with a message for the visitor."""
    try:
        value = _signer(purpose).unsign(token, max_age=_max_age(purpose))
    except signing.SignatureExpired:
        raise InvalidLink(
            _("This link has expired. Enter your address again and we will send you a fresh one."), expired=True
        ) from None
    except signing.BadSignature:
        raise InvalidLink(_("This link is not valid. Check that you copied all of it from the email.")) from None
    pk, _sep, key = value.partition(".")
    subscription = Subscription.objects.filter(pk=pk, key=key).first() if pk.isdigit() else None
    if subscription is None:
        raise InvalidLink(_("This link is no longer valid. Enter your address again to get a fresh one."))
    return subscription
