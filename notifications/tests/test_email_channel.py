"""The email a subscriber receives, built the fast way (one serialised template per chunk)."""

import email
import email.policy

import pytest

from notifications.channels import EmailSender, manage_links

from .factories import SubscriptionFactory
from .test_fanout_services import make_notification

pytestmark = pytest.mark.django_db


def _parsed(message) -> email.message.EmailMessage:
    return email.message_from_bytes(message.message().as_bytes(linesep="\r\n"), policy=email.policy.default)


def test_each_copy_carries_its_own_address_links_and_message_id():
    first, second = SubscriptionFactory.create_batch(2)
    sender = EmailSender(make_notification(body="Lock your car.\n\nEvery time."), connection=None)
    assert sender.version("en").template is not None
    one, two = _parsed(sender.build(first)), _parsed(sender.build(second))
    assert one["To"] == first.email and two["To"] == second.email
    assert one["Message-ID"] != two["Message-ID"]
    links = manage_links(first)
    assert one["List-Unsubscribe"].strip() == f"<{links['unsubscribe_url']}>"
    text, html = (part.get_content() for part in one.walk() if part.get_content_maintype() == "text")
    assert links["unsubscribe_url"] in text and links["manage_url"] in text
    assert links["unsubscribe_url"] in html
    assert "__TP_" not in one.as_string()


def test_a_body_with_very_long_lines_is_built_in_full_for_each_recipient():
    subscriber = SubscriptionFactory()
    sender = EmailSender(make_notification(body="word " * 400), connection=None)
    assert sender.version("en").template is None
    parsed = _parsed(sender.build(subscriber))
    assert parsed["To"] == subscriber.email
    assert manage_links(subscriber)["unsubscribe_url"] in parsed.get_body(("plain",)).get_content()


def test_the_email_names_the_department_and_has_no_tracking(settings):
    settings.DEPARTMENT_NAME = "Springfield Police Department"
    sender = EmailSender(make_notification(image_url="https://testserver/media/stills/1/800.jpg"), connection=None)
    html = _parsed(sender.build(SubscriptionFactory())).get_body(("html",)).get_content()
    assert "Springfield Police Department" in html
    # The only image is the case rendition, the same URL for everyone: nothing identifies a reader.
    assert html.count("<img") == 1 and 'src="https://testserver/media/stills/1/800.jpg"' in html
