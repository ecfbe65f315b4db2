"""Delivery channels. The fan-out only knows this interface: a channel opens one sender per chunk
(one SMTP connection for email) and the sender delivers one notification to one subscription.

To add SMS or web push: subclass `Channel`, register it in `CHANNELS`, list it in
NOTIFY_CHANNELS. The fan-out, the delivery records and the retries stay as they are.
"""

import email.message
import smtplib
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import salted_hmac

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


# Each recipient's copy differs only in its address, links and Message-ID: a chunk renders the
# templates once with these markers in their place.
_MANAGE = "__TP_MANAGE_URL__"
_UNSUBSCRIBE = "__TP_UNSUBSCRIBE_URL__"
_TO = "tp-recipient@placeholder.invalid"
_MESSAGE_ID = "<__TP_MESSAGE_ID__>"


class _SerialisedMessage(email.message.Message):
    """A standard-library Message whose bytes are already made: every Django email backend reads
    a message through this API (`as_bytes`, `as_string`, `get_charset`, its headers)."""

    def __init__(self, data: bytes, headers: dict[str, str]) -> None:
        super().__init__()
        for name, value in headers.items():
            self[name] = value
        self.data = data

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n", **kwargs: Any) -> bytes:  # type: ignore[override]
        return self.data if linesep == "\r\n" else self.data.replace(b"\r\n", linesep.encode())

    def as_string(self, unixfrom: bool = False, linesep: str = "\n", **kwargs: Any) -> str:  # type: ignore[override]
        return self.as_bytes(linesep=linesep).decode("ascii")


class _PreparedEmail(EmailMultiAlternatives):
    """One recipient's copy of a chunk's message, serialised by swapping the recipient's address,
    links and Message-ID into the bytes Django made for the chunk (see EmailSender)."""

    prepared: _SerialisedMessage

    def message(self, *args: Any, **kwargs: Any) -> Any:
        return self.prepared


class _Version:
    """A notification's email in one language: its texts, rendered once with markers, and the
    message serialised once with them (None where it cannot be patched exactly, see EmailSender)."""

    def __init__(self, sender: "EmailSender", language: str) -> None:
        texts = sender.notification.texts(language)
        context = {
            "notification": sender.notification,
            "headline": texts["headline"],
            "subject": texts["subject"],
            "DEPARTMENT_NAME": settings.DEPARTMENT_NAME,
            "SITE_URL": settings.SITE_URL,
            "manage_url": _MANAGE,
            "unsubscribe_url": _UNSUBSCRIBE,
        }
        with translation.override(language):
            self.text = render_to_string("notifications/email/notification.txt", context)
            self.html = render_to_string("notifications/email/notification.html", context)
        self.subject = texts["subject"]
        self.template = self._template(sender)

    def _template(self, sender: "EmailSender") -> bytes | None:
        message = sender.compose(self, _TO, {"manage_url": _MANAGE, "unsubscribe_url": _UNSUBSCRIBE})
        message.extra_headers["Message-ID"] = _MESSAGE_ID
        data = message.message().as_bytes(linesep="\r\n")
        if b"Content-Transfer-Encoding: quoted-printable" in data or b"Content-Transfer-Encoding: base64" in data:
            return None
        # Each marker exactly where expected: links in both parts (and the unsubscribe header).
        intact = data.count(_MANAGE.encode()) == 2 and data.count(_UNSUBSCRIBE.encode()) == 3
        return data if intact and data.count(_TO.encode()) == 1 and data.count(_MESSAGE_ID.encode()) == 1 else None


class EmailSender(Sender):
    """Builds each recipient's message with Django's email classes and hands it to the chunk's
    connection through the public backend API (`send_messages`), so every email backend works
    (SMTP, console, file, locmem...) and the SMTP backend sends the chunk over one connection.

    Building and serialising a MIME message costs about twice what sending it to a local mail
    server does (bench/fanout.py; most of it is the email package folding and encoding headers),
    so the chunk's message is serialised once, by Django, with markers in place of the address,
    links and Message-ID, and each copy is those bytes with the markers replaced. Where that
    cannot be done exactly (a part Django encoded as quoted-printable or base64, so a marker may be
    split; an address that is not plain ASCII) the message is built in full instead."""

    def __init__(self, notification: Notification, connection: Any) -> None:
        self.notification = notification
        self.connection = connection
        # Each recipient reads the email in their own language (Subscription.language): a chunk
        # makes one version per language it needs.
        self._versions: dict[str, _Version] = {}
        self.links = _LinkMaker()

    def version(self, language: str) -> _Version:
        if language not in self._versions:
            self._versions[language] = _Version(self, language)
        return self._versions[language]

    def compose(
        self,
        version: _Version,
        to: str,
        links: dict[str, str],
        cls: type[EmailMultiAlternatives] = EmailMultiAlternatives,
        message_id: str = "",
    ) -> EmailMultiAlternatives:
        """The whole message for one address."""
        headers = unsubscribe_headers(links["unsubscribe_url"])
        if message_id:
            headers["Message-ID"] = message_id
        message = cls(
            subject=version.subject,
            body=version.text.replace(_MANAGE, links["manage_url"]).replace(_UNSUBSCRIBE, links["unsubscribe_url"]),
            to=[to],
            headers=headers,
            connection=self.connection,
        )
        message.attach_alternative(
            version.html.replace(_MANAGE, links["manage_url"]).replace(_UNSUBSCRIBE, links["unsubscribe_url"]),
            "text/html",
        )
        return message

    def message_id(self, recipient: Subscription) -> str:
        """The same for every attempt at this notification to this address. A worker killed after
        the server accepted a message but before its row was marked sent leaves that one row to be
        sent again (at most one per killed process); mail providers that keep one message per
        Message-ID (Gmail among them) then show it once. Keyed, so it reveals no ids."""
        digest = salted_hmac("notifications.message-id", f"{self.notification.pk}:{recipient.pk}").hexdigest()
        return f"<{digest[:32]}@{DNS_NAME}>"

    def build(self, recipient: Subscription) -> EmailMultiAlternatives:
        version = self.version(recipient.language)
        links = self.links(recipient)
        message_id = self.message_id(recipient)
        if version.template is None or not recipient.email.isascii():
            return self.compose(version, recipient.email, links, message_id=message_id)
        message = self.compose(version, recipient.email, links, cls=_PreparedEmail)
        data = (
            version.template.replace(_TO.encode(), recipient.email.encode(), 1)
            .replace(_MESSAGE_ID.encode(), message_id.encode(), 1)
            .replace(_MANAGE.encode(), links["manage_url"].encode())
            .replace(_UNSUBSCRIBE.encode(), links["unsubscribe_url"].encode())
        )
        headers = {"Subject": version.subject, "To": recipient.email, "Message-ID": message_id}
        cast(_PreparedEmail, message).prepared = _SerialisedMessage(data, headers)
        return message

    def send(self, recipient: Subscription) -> None:
        message = self.build(recipient)
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
