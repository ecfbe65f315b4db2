"""The email a subscriber receives, built with Django's email classes and sent through whichever
email backend is configured (the fan-out uses only the backends' public API)."""

import email
import email.policy
import re

import pytest
from django.core import mail
from django.urls import reverse

from notifications import fanout, tasks, tokens
from notifications.channels import EmailSender, absolute_url
from notifications.models import Delivery, Notification

from .factories import SubscriptionFactory
from .test_fanout_services import make_notification

pytestmark = pytest.mark.django_db


def _parsed(message) -> email.message.EmailMessage:
    return email.message_from_bytes(message.message().as_bytes(linesep="\r\n"), policy=email.policy.default)


def _links_in(parsed: email.message.EmailMessage) -> dict[str, str]:
    """The signed links a message carries. Tokens hold the second they were signed, so a test reads
    them back from the message rather than making them again."""
    unsubscribe_url = parsed["List-Unsubscribe"].strip().removeprefix("<").removesuffix(">")
    token = unsubscribe_url.rstrip("/").rsplit("/", 1)[-1]
    assert unsubscribe_url == absolute_url(reverse("notifications:unsubscribe", args=[token]))
    return {
        "token": token,
        "unsubscribe_url": unsubscribe_url,
        "manage_url": absolute_url(reverse("notifications:manage", args=[token])),
    }


def test_each_copy_carries_its_own_address_links_and_message_id():
    first, second = SubscriptionFactory.create_batch(2)
    sender = EmailSender(make_notification(body="Lock your car.\n\nEvery time."), connection=mail.get_connection())
    sender.send(first)
    sender.send(second)
    one, two = (_parsed(message) for message in mail.outbox)
    assert one["To"] == first.email and two["To"] == second.email
    assert one["Message-ID"] != two["Message-ID"]
    links = _links_in(one)
    assert tokens.read_token(links["token"], tokens.MANAGE) == first
    assert one["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = (part.get_content() for part in one.walk() if part.get_content_maintype() == "text")
    assert links["unsubscribe_url"] in text and links["manage_url"] in text
    assert links["unsubscribe_url"] in html
    assert "__TP_" not in one.as_string()


def test_a_copy_sent_again_carries_the_same_message_id_so_mailboxes_can_drop_it():
    subscriber, other = SubscriptionFactory.create_batch(2)
    notification = make_notification()
    for _attempt in range(2):
        # A second chunk, as after a worker died between the server's acceptance and the mark.
        EmailSender(notification, connection=mail.get_connection()).send(subscriber)
    EmailSender(notification, connection=mail.get_connection()).send(other)
    first, again, another = (_parsed(message)["Message-ID"] for message in mail.outbox)
    assert first == again != another
    assert re.fullmatch(r"<[0-9a-f]{32}@[^>]+>", first)  # a keyed digest, no ids


def _headers_and_parts(message) -> tuple[dict[str, str], list[str]]:
    parsed = _parsed(message)
    names = ("From", "To", "Subject", "List-Unsubscribe", "List-Unsubscribe-Post")
    headers = {name: parsed[name].strip() for name in names}  # a long header may be folded or not
    return headers, [part.get_content() for part in parsed.walk() if part.get_content_maintype() == "text"]


def test_a_copy_made_from_the_chunks_serialised_message_equals_one_built_in_full():
    subscriber = SubscriptionFactory()
    sender = EmailSender(make_notification(body="Lock your car.\n\nEvery time."), connection=None)
    assert sender.version("en").template is not None  # the fast way applies to this message
    built = sender.build(subscriber)
    links = _links_in(_parsed(built))
    del links["token"]
    full = sender.compose(sender.version("en"), subscriber.email, links)
    assert _headers_and_parts(built) == _headers_and_parts(full)


def test_an_address_that_is_not_plain_ascii_gets_a_message_built_in_full():
    subscriber = SubscriptionFactory(email="zoë@example.net")
    sender = EmailSender(make_notification(), connection=None)
    assert _parsed(sender.build(subscriber))["To"] == "zoë@example.net"


def test_a_body_with_very_long_lines_and_accents_keeps_each_recipients_links():
    subscriber = SubscriptionFactory()
    sender = EmailSender(make_notification(body="café " * 400), connection=None)
    assert sender.version("en").template is None  # an encoded part: each message is built in full
    parsed = _parsed(sender.build(subscriber))
    assert parsed["To"] == subscriber.email
    plain = parsed.get_body(("plain",)).get_content()
    links = _links_in(parsed)
    assert tokens.read_token(links["token"], tokens.MANAGE) == subscriber
    assert links["unsubscribe_url"] in plain and "café café" in plain


def test_the_email_names_the_department_and_has_no_tracking(settings):
    settings.DEPARTMENT_NAME = "Springfield Police Department"
    subscriber = SubscriptionFactory()
    sender = EmailSender(make_notification(image_url="https://testserver/media/stills/1/800.jpg"), connection=None)
    full = sender.compose(sender.version("en"), subscriber.email, sender.links(subscriber))
    html = _parsed(full).get_body(("html",)).get_content()
    assert "Springfield Police Department" in html
    # The only image is the case rendition, the same URL for everyone: nothing identifies a reader.
    assert html.count("<img") == 1 and 'src="https://testserver/media/stills/1/800.jpg"' in html


def _post_to_subscribers(count: int) -> tuple[Notification, list[str]]:
    subscribers = SubscriptionFactory.create_batch(count, community_posts=True)
    return make_notification(kind=Notification.Kind.POST), sorted(s.email for s in subscribers)


def _all_sent(notification: Notification) -> bool:
    deliveries = Delivery.objects.filter(notification=notification)
    return deliveries.exists() and not deliveries.exclude(status=Delivery.Status.SENT).exists()


def test_a_fanout_through_the_locmem_backend_reaches_everyone_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.NOTIFY_CHUNK_SIZE = 2
    notification, addresses = _post_to_subscribers(5)
    fanout.start_fanout(notification.pk, tasks.send_chunk)
    assert sorted(address for message in mail.outbox for address in message.to) == addresses
    assert _all_sent(notification)


def test_a_fanout_through_the_console_backend_prints_every_email(settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.NOTIFY_CHUNK_SIZE = 2
    notification, addresses = _post_to_subscribers(3)
    fanout.start_fanout(notification.pk, tasks.send_chunk)
    printed = capsys.readouterr().out
    assert sorted(line.removeprefix("To: ") for line in printed.splitlines() if line.startswith("To: ")) == addresses
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in printed
    assert _all_sent(notification)


def test_a_fanout_through_the_file_backend_writes_every_email(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    notification, addresses = _post_to_subscribers(3)
    fanout.start_fanout(notification.pk, tasks.send_chunk)
    written = "".join(path.read_text() for path in tmp_path.iterdir())
    assert sorted(line.removeprefix("To: ") for line in written.splitlines() if line.startswith("To: ")) == addresses
    assert _all_sent(notification)
