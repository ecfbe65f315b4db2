"""The embedded default delivers: with tasks run inline (no REDIS_URL, no worker), every subscriber
gets the email, whichever Django email backend is configured. Each test starts from what a person
does (the analyst's admin form, the officer's "mark solved" button, an alert published) and ends
in the backend's outbox, with real commits, as `make run` works."""

import email
import email.policy

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from cases import services as case_services
from cases.models import Case, Still
from cases.tests.factories import CaseFactory
from cases.tests.images import jpeg_bytes, upload
from cases.tests.test_admin import ADD_URL, case_form, with_still
from community import services as community_services
from notifications.models import Delivery, Notification

from .factories import AlertFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db(transaction=True)

BACKENDS = {
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
}


@pytest.fixture(params=sorted(BACKENDS))
def outbox(request, settings, tmp_path, capsys):
    """Configure one email backend; return a function that reads back (and takes out) what it
    delivered since the last call."""
    name = request.param
    settings.EMAIL_BACKEND = BACKENDS[name]
    folder = tmp_path / "mail"
    settings.EMAIL_FILE_PATH = str(folder)

    def delivered() -> list[email.message.EmailMessage]:
        if name == "locmem":
            raw = [message.message().as_bytes() for message in mail.outbox]
            mail.outbox.clear()
        elif name == "console":
            raw = [part.strip().encode() for part in capsys.readouterr().out.split("-" * 79) if part.strip()]
        else:
            raw = []
            for path in sorted(folder.iterdir()) if folder.exists() else []:
                raw += [part.strip().encode() for part in path.read_text().split("-" * 79) if part.strip()]
                path.unlink()
        return [email.message_from_bytes(data, policy=email.policy.default) for data in raw]

    return delivered


def _recipients(messages) -> list[str]:
    return sorted(str(message["To"]) for message in messages)


def _html(message) -> str:
    return message.get_body(("html",)).get_content()


def test_publishing_a_case_with_stills_in_admin_emails_every_subscriber_with_its_picture(client, analyst, outbox):
    subscribers = SubscriptionFactory.create_batch(3, new_cases=True)
    client.force_login(analyst)
    data = with_still(case_form(is_published="on"), 0, upload("shop.jpg", jpeg_bytes((1600, 1200))))
    with_still(data, 1, upload("door.jpg", jpeg_bytes((1200, 900))), alt="Leaving the store")
    response = client.post(ADD_URL, data)
    assert response.status_code == 302

    messages = outbox()
    assert _recipients(messages) == sorted(s.email for s in subscribers)
    case = Case.objects.get()
    lead = Still.objects.filter(case=case).first()
    assert all(message["Subject"] == f"New case in Downtown: {case.title}" for message in messages)
    # The picture is the lead still's rendition, never the uploaded original.
    assert f'src="http://testserver{lead.rendition_url(800)}"' in _html(messages[0])
    assert lead.image.name not in _html(messages[0])
    notification = Notification.objects.get(kind=Notification.Kind.NEW_CASE)
    assert notification.status == Notification.Status.DONE
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_solving_a_case_emails_everyone_who_follows_it(client, analyst, officer, outbox):
    client.force_login(analyst)
    client.post(ADD_URL, with_still(case_form(is_published="on"), 0, upload("shop.jpg", jpeg_bytes())))
    case = Case.objects.get()
    followers = SubscriptionFactory.create_batch(2)
    for follower in followers:
        follower.followed_cases.add(case)
    outbox()  # only what the solve sends from here on

    client.force_login(officer)
    response = client.post(
        reverse("cases:solve", kwargs={"slug": case.slug}), {"note": "His mother knew him.", "confirm": "yes"}
    )
    assert response.status_code == 302

    messages = outbox()
    assert _recipients(messages) == sorted(f.email for f in followers)
    assert all(message["Subject"] == f"Solved: {case.title}" for message in messages)
    assert "His mother knew him." in messages[0].get_body(("plain",)).get_content()
    assert Notification.objects.get(kind=Notification.Kind.CASE_SOLVED).status == Notification.Status.DONE


def test_an_urgent_alert_reaches_every_subscriber(analyst, outbox, settings):
    settings.NOTIFY_CHUNK_SIZE = 2  # several chunks, each over its own connection
    subscribers = SubscriptionFactory.create_batch(5, urgent_alerts=True)
    alert = AlertFactory.build(is_published=True)
    community_services.save_post(alert, actor=analyst)

    messages = outbox()
    assert _recipients(messages) == sorted(s.email for s in subscribers)
    assert all(message["Subject"] == f"Urgent alert: {alert.title}" for message in messages)
    assert all("List-Unsubscribe" in message for message in messages)
    assert Notification.objects.get().status == Notification.Status.DONE
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 5


def test_a_case_whose_picture_cannot_be_made_is_still_announced_without_one(analyst, outbox):
    subscriber = SubscriptionFactory(new_cases=True)
    case = CaseFactory(is_published=False, published_at=None)
    with transaction.atomic():  # as the admin saves a case and its stills: in one transaction
        case_services.publish_case(case, actor=analyst)
        broken = Still(case=case, image=ContentFile(b"not a picture at all", name="broken.jpg"), alt_text="A man")
        case_services.save_still(broken, actor=analyst)

    (message,) = outbox()
    assert message["To"] == subscriber.email
    assert "<img" not in _html(message)
    assert Still.objects.get().renditions_status == Still.Renditions.FAILED
    assert Notification.objects.get().status == Notification.Status.DONE
