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
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.message import make_msgid, sanitize_address
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

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


# A chunk renders its templates and serialises its MIME message once, with placeholders, and
# makes each recipient's copy by replacing them with the recipient's address, links and
# Message-ID: building a MIME message per recipient costs more than sending it.
_MANAGE = "__TP_MANAGE_URL__"
_UNSUBSCRIBE = "__TP_UNSUBSCRIBE_URL__"
_TO = "tp-recipient@placeholder.invalid"
_MESSAGE_ID = "<__TP_MESSAGE_ID__>"


class _PreparedMessage:
    """Stands in for the MIME message Django's mail backends serialise: the bytes are made."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self.data if linesep == "\r\n" else self.data.replace(b"\r\n", linesep.encode())


class PreparedEmail(EmailMessage):
    def __init__(self, data: bytes, **kwargs) -> None:
        super().__init__(**kwargs)
        self.data = data

    def message(self, *, policy=None) -> _PreparedMessage:
        return _PreparedMessage(self.data)


class _Version:
    """A notification's email in one language: its texts, rendered once with placeholders."""

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
        # Long lines (or non-ASCII text) make Django encode a part (quoted-printable, base64),
        # where a link cannot simply be put in: then each message is built in full instead.
        if b"Content-Transfer-Encoding: quoted-printable" in data or b"Content-Transfer-Encoding: base64" in data:
            return None
        intact = data.count(_MANAGE.encode()) == 2 and data.count(_UNSUBSCRIBE.encode()) == 3
        return data if intact and data.count(_TO.encode()) == 1 else None


class EmailSender(Sender):
    def __init__(self, notification: Notification, connection) -> None:
        self.notification = notification
        self.connection = connection
        # Each recipient reads the email in their own language; a version is made once per
        # language the chunk needs.
        self._versions: dict[str, _Version] = {}
        self.links = _LinkMaker()
        self.from_address = sanitize_address(settings.DEFAULT_FROM_EMAIL, settings.DEFAULT_CHARSET)

    def version(self, language: str) -> _Version:
        if language not in self._versions:
            self._versions[language] = _Version(self, language)
        return self._versions[language]

    def compose(self, version: _Version, to: str, links: dict[str, str]) -> EmailMultiAlternatives:
        """The whole message for one address, built by Django's email classes (no shortcut)."""
        message = EmailMultiAlternatives(
            subject=version.subject,
            body=version.text.replace(_MANAGE, links["manage_url"]).replace(_UNSUBSCRIBE, links["unsubscribe_url"]),
            to=[to],
            headers=unsubscribe_headers(links["unsubscribe_url"]),
            connection=self.connection,
        )
        message.attach_alternative(
            version.html.replace(_MANAGE, links["manage_url"]).replace(_UNSUBSCRIBE, links["unsubscribe_url"]),
            "text/html",
        )
        return message

    def build(self, recipient: Subscription) -> EmailMessage:
        version = self.version(recipient.language)
        links = self.links(recipient)
        if version.template is None or not recipient.email.isascii():
            return self.compose(version, recipient.email, links)
        data = (
            version.template.replace(_TO.encode(), recipient.email.encode(), 1)
            .replace(_MESSAGE_ID.encode(), make_msgid(domain=DNS_NAME).encode(), 1)
            .replace(_MANAGE.encode(), links["manage_url"].encode())
            .replace(_UNSUBSCRIBE.encode(), links["unsubscribe_url"].encode())
        )
        text = version.text.replace(_MANAGE, links["manage_url"]).replace(_UNSUBSCRIBE, links["unsubscribe_url"])
        return PreparedEmail(
            data,
            subject=version.subject,
            body=text,
            to=[recipient.email],
            headers=unsubscribe_headers(links["unsubscribe_url"]),
            connection=self.connection,
        )

    def send(self, recipient: Subscription) -> None:
        message = self.build(recipient)
        smtp = getattr(self.connection, "connection", None)
        try:
            if isinstance(message, PreparedEmail) and isinstance(smtp, smtplib.SMTP):
                # Straight onto the chunk's open connection: the address is plain ASCII and was
                # validated when subscribed, so Django's per-message address parsing is skipped.
                smtp.sendmail(self.from_address, [recipient.email], message.data)
            else:
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
