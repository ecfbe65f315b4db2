from urllib.parse import quote

import pytest
from django.core import mail
from django.urls import reverse

from cases.tests.factories import AreaFactory, CaseFactory
from notifications.models import Subscription

from .factories import SubscriptionFactory

pytestmark = pytest.mark.django_db

URL = reverse("notifications:subscribe")
NEUTRAL = reverse("notifications:check-inbox")


def _post(client, capture, **data):
    payload = {"email": "resident@example.net", "urgent_alerts": "on", **data}
    with capture(execute=True):
        return client.post(URL, payload)


def test_the_form_shows_every_choice_with_labels(client):
    AreaFactory(name="Riverside")
    response = client.get(URL)
    assert response.status_code == 200
    assert "Riverside" in response.text
    assert 'for="id_email"' in response.text


def test_a_new_address_gets_a_confirmation_link_and_nothing_else(client, django_capture_on_commit_callbacks):
    response = _post(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response.url == NEUTRAL
    subscription = Subscription.objects.get(email="resident@example.net")
    assert not subscription.is_confirmed
    assert subscription.urgent_alerts
    assert len(mail.outbox) == 1
    assert "/alerts/confirm/" in mail.outbox[0].body
    assert mail.outbox[0].alternatives


def test_subscribing_a_known_address_again_answers_the_same_and_changes_nothing(
    client, django_capture_on_commit_callbacks
):
    area = AreaFactory()
    known = SubscriptionFactory(email="resident@example.net", urgent_alerts=False, community_posts=True)
    response = _post(client, django_capture_on_commit_callbacks, areas=[area.pk], area_alerts="on")
    assert response.status_code == 302
    assert response.url == NEUTRAL
    assert Subscription.objects.filter(email__iexact="resident@example.net").count() == 1
    known.refresh_from_db()
    assert known.community_posts and not known.urgent_alerts and not known.area_alerts
    # The owner hears that someone tried, with a link to manage; no confirmation link.
    assert "/alerts/manage/" in mail.outbox[0].body
    assert "/alerts/confirm/" not in mail.outbox[0].body


def test_subscribing_twice_before_confirming_keeps_one_subscription(client, django_capture_on_commit_callbacks):
    _post(client, django_capture_on_commit_callbacks)
    _post(client, django_capture_on_commit_callbacks, email="Resident@EXAMPLE.net")
    assert Subscription.objects.count() == 1
    assert len(mail.outbox) == 2


def test_an_invalid_address_is_refused_with_a_message_and_nothing_saved(client, django_capture_on_commit_callbacks):
    for bad in ("not-an-address", "someone@", "a@b@c.example", "<script>@example.net"):
        response = _post(client, django_capture_on_commit_callbacks, email=bad)
        assert response.status_code == 400
        assert "Enter a valid email address" in response.text
    response = _post(client, django_capture_on_commit_callbacks, email="x" * 250 + "@example.net")
    assert response.status_code == 400
    assert "at most 254 characters" in response.text
    assert not Subscription.objects.exists()
    assert mail.outbox == []


def test_choosing_nothing_is_refused_with_a_message(client, django_capture_on_commit_callbacks):
    response = _post(client, django_capture_on_commit_callbacks, urgent_alerts="")
    assert response.status_code == 400
    assert "Choose at least one thing" in response.text
    assert not Subscription.objects.exists()


def test_a_flood_from_one_client_is_refused_with_429(client, settings, django_capture_on_commit_callbacks):
    settings.SUBSCRIBE_RATE_PER_HOUR = 3
    for n in range(3):
        assert _post(client, django_capture_on_commit_callbacks, email=f"r{n}@example.net").status_code == 302
    response = _post(client, django_capture_on_commit_callbacks, email="r9@example.net")
    assert response.status_code == 429
    assert "Too many requests" in response.text
    assert not Subscription.objects.filter(email="r9@example.net").exists()


def test_a_flood_at_one_address_sends_no_more_emails(client, settings, django_capture_on_commit_callbacks):
    settings.SUBSCRIBE_EMAILS_PER_ADDRESS = 2
    for _ in range(2):
        _post(client, django_capture_on_commit_callbacks)
    response = _post(client, django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert len(mail.outbox) == 2


def test_following_a_case_starts_from_the_case(client, django_capture_on_commit_callbacks):
    case = CaseFactory()
    response = client.get(URL, {"case": case.slug})
    assert case.number in response.text
    _post(client, django_capture_on_commit_callbacks, case=case.slug, urgent_alerts="", followed_cases=[case.pk])
    assert list(Subscription.objects.get().followed_cases.all()) == [case]


def test_it_refuses_other_methods(client):
    assert client.put(URL).status_code == 405


def test_the_case_page_offers_to_follow_the_case(client):
    case = CaseFactory()
    response = client.get(case.get_absolute_url())
    assert f"{URL}?case={case.slug}" in response.text


def test_a_subscriber_following_another_case_gets_it_offered_on_the_manage_page(
    client, django_capture_on_commit_callbacks
):
    import re

    case = CaseFactory()
    known = SubscriptionFactory(email="resident@example.net")
    _post(client, django_capture_on_commit_callbacks, case=case.slug, followed_cases=[case.pk])
    assert list(known.followed_cases.all()) == []
    link = re.search(r"http://testserver(/alerts/manage/\S+)", mail.outbox[0].body).group(1)
    assert f"follow={case.slug}" in link
    page = client.get(link)
    assert f'value="{case.pk}"' in page.text and f'action="{link}"' in page.text.replace("&amp;", "&")
    client.post(link, {"urgent_alerts": "on", "followed_cases": [case.pk]})
    assert list(known.followed_cases.all()) == [case]


def test_a_flood_of_junk_counts_too(client, settings, django_capture_on_commit_callbacks):
    settings.SUBSCRIBE_RATE_PER_HOUR = 2
    for _ in range(2):
        assert _post(client, django_capture_on_commit_callbacks, email="junk").status_code == 400
    response = _post(client, django_capture_on_commit_callbacks, email="real@example.net")
    assert response.status_code == 429
    assert not Subscription.objects.exists()
    assert mail.outbox == []


JUNK = ["\x00", "case\x00", "<script>", "../admin", "x" * 500, "١٢"]


@pytest.mark.parametrize("junk", JUNK)
def test_junk_in_the_case_parameter_shows_the_plain_form(client, junk):
    CaseFactory()
    response = client.get(URL, {"case": junk})
    assert response.status_code == 200
    assert 'name="case"' not in response.text
    assert 'name="followed_cases"' not in response.text


@pytest.mark.parametrize("junk", JUNK)
def test_junk_in_the_case_parameter_of_a_post_subscribes_to_what_was_ticked_only(
    client, django_capture_on_commit_callbacks, junk
):
    case = CaseFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{URL}?case={quote(junk)}",
            {"email": "resident@example.net", "urgent_alerts": "on", "case": junk, "followed_cases": [case.pk]},
        )
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.urgent_alerts
    assert list(subscription.followed_cases.all()) == []


@pytest.mark.parametrize(
    "junk",
    [{"email": "resident\x00@example.net"}, {"areas": ["\x00"]}, {"categories": ["1\x00"]}, {"areas": ["9" * 30]}],
)
def test_junk_in_the_form_is_a_clear_400_and_saves_nothing(client, django_capture_on_commit_callbacks, junk):
    AreaFactory()  # the choice lists' errors show beside their choices
    response = _post(client, django_capture_on_commit_callbacks, **junk)
    assert response.status_code == 400
    assert 'class="invalid-feedback"' in response.text
    assert not Subscription.objects.exists()
    assert mail.outbox == []
