"""Delivery channels. The fan-out only knows this interface: a channel opens one sender per chunk
(one SMTP connection for email) and the sender delivers one notification to one subscription.

To add SMS or web push: subclass `Channel`, register it in `CHANNELS`, list it in
NOTIFY_CHANNELS. The fan-out, the delivery records and the retries stay as they are.
"""

import smtplib
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse

from . import tokens
from .models import Notification, Subscription


class PermanentFailure(Exception):
    """This recipient cannot be reached this way (a refused address): do not retry it."""


class Sender(ABC):
    @abstractmethod
    def send(self, recipient: Subscription) -> None:
        """Deliver or raise: PermanentFailure for this recipient only, anything else for the chunk."""


class Channel(ABC):
    name: str

    @abstractmethod
    @contextmanager
    def open(self, notification: Notification) -> Iterator[Sender]:
        """A sender for one chunk of recipients of `notification`."""


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def manage_links(subscription: Subscription) -> dict[str, str]:
    token = tokens.make_token(subscription, tokens.MANAGE)
    return {
        "manage_url": absolute_url(reverse("notifications:manage", args=[token])),
        "unsubscribe_url": absolute_url(reverse("notifications:unsubscribe", args=[token])),
    }


class _LinkMaker:
    """manage_links() for many recipients: the URL around the token is worked out once."""

    def __init__(self) -> None:
        self.manage = absolute_url(reverse("notifications:manage", args=["TOKEN"])).split("TOKEN")
        self.unsubscribe = absolute_url(reverse("notifications:unsubscribe", args=["TOKEN"])).split("TOKEN")

    def __call__(self, subscription: Subscription) -> dict[str, str]:
        token = tokens.make_token(subscription, tokens.MANAGE)
        return {
            "manage_url": token.join(self.manage),
            "unsubscribe_url": token.join(self.unsubscribe),
        }


def unsubscribe_headers(unsubscribe_url: str) -> dict[str, str]:
    # RFC 8058: mail clients offer one-click unsubscribe by POSTing to this URL.
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }


# Each recipient's copy differs only in its address and links: a chunk renders the templates
# once with these markers in place of the links and swaps the links in per recipient.
_MANAGE = "__TP_MANAGE_URL__"
_UNSUBSCRIBE = "__TP_UNSUBSCRIBE_URL__"


class EmailSender(Sender):
    """Builds each recipient's message with Django's email classes and hands it to the chunk's
    connection through the public backend API, so every email backend works (SMTP, console,
    file, locmem...) and the SMTP backend sends the whole chunk over one connection."""

    def __init__(self, notification: Notification, connection) -> None:
        self.notification = notification
        self.connection = connection
        context = {
            "notification": notification,
            "DEPARTMENT_NAME": settings.DEPARTMENT_NAME,
            "SITE_URL": settings.SITE_URL,
            "manage_url": _MANAGE,
            "unsubscribe_url": _UNSUBSCRIBE,
        }
        self.text = render_to_string("notifications/email/notification.txt", context)
        self.html = render_to_string("notifications/email/notification.html", context)
        self.links = _LinkMaker()

    def compose(self, to: str, links: dict[str, str]) -> EmailMultiAlternatives:
        """The whole message for one address."""
        message = EmailMultiAlternatives(
            subject=self.notification.subject,
            body=self.text.replace(_MANAGE, links["manage_url"]).replace(_UNSUBSCRIBE, links["unsubscribe_url"]),
            to=[to],
            headers=unsubscribe_headers(links["unsubscribe_url"]),
            connection=self.connection,
        )
        message.attach_alternative(
            self.html.replace(_MANAGE, links["manage_url"]).replace(_UNSUBSCRIBE, links["unsubscribe_url"]),
            "text/html",
        )
        return message

    def send(self, recipient: Subscription) -> None:
        message = self.compose(recipient.email, self.links(recipient))
        try:
            # One message per call, so the fan-out marks each recipient sent as soon as the server
            # accepted it; the backend keeps the chunk's connection open between calls.
            self.connection.send_messages([message])
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _text in error.recipients.values()]
            if codes and all(500 <= code < 600 for code in codes):
                raise PermanentFailure(f"refused: {codes}") from error
            raise


class EmailChannel(Channel):
    name = "email"

    @contextmanager
    def open(self, notification: Notification) -> Iterator[Sender]:
        connection = get_connection(fail_silently=False)
        connection.open()
        try:
            yield EmailSender(notification, connection)
        finally:
            connection.close()


CHANNELS: dict[str, Channel] = {channel.name: channel for channel in [EmailChannel()]}


def enabled_channels() -> list[Channel]:
    return [CHANNELS[name] for name in settings.NOTIFY_CHANNELS]
