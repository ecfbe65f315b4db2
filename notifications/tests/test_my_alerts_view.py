from urllib.parse import quote

import pytest
from django.core import mail
from django.urls import reverse

from cases.tests.factories import CaseFactory
from notifications.models import Subscription

from .factories import SubscriptionFactory

pytestmark = pytest.mark.django_db

URL = reverse("notifications:mine")


def test_it_requires_an_account(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response.url


def test_an_account_holder_subscribes_through_the_same_confirmation(
    client, citizen, django_capture_on_commit_callbacks
):
    client.force_login(citizen)
    assert client.get(URL).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"community_posts": "on"})
    assert response.status_code == 302
    subscription = Subscription.objects.get(user=citizen)
    assert subscription.email == citizen.email
    assert subscription.community_posts and not subscription.is_confirmed
    assert "/alerts/confirm/" in mail.outbox[0].body


def test_an_account_holder_sees_and_changes_an_existing_subscription(client, citizen):
    SubscriptionFactory(email=citizen.email, urgent_alerts=True)
    client.force_login(citizen)
    response = client.get(URL)
    assert 'name="urgent_alerts" checked' in response.text or "checked" in response.text
    client.post(URL, {"new_cases": "on"})
    subscription = Subscription.objects.get(email=citizen.email)
    assert subscription.new_cases and not subscription.urgent_alerts
    assert subscription.user == citizen


def test_it_refuses_other_methods(client, citizen):
    client.force_login(citizen)
    assert client.put(URL).status_code == 405


@pytest.mark.parametrize("junk", ["\x00", "case\x00", "<script>", "x" * 500])
def test_junk_in_the_follow_parameter_is_ignored(client, citizen, junk):
    case = CaseFactory()
    client.force_login(citizen)
    page = client.get(URL, {"follow": junk})
    assert page.status_code == 200
    assert f'name="followed_cases" value="{case.pk}"' not in page.text
    response = client.post(f"{URL}?follow={quote(junk)}", {"new_cases": "on", "followed_cases": [case.pk]})
    assert response.status_code == 302
    subscription = Subscription.objects.get(user=citizen)
    assert subscription.new_cases
    assert list(subscription.followed_cases.all()) == []


def test_following_a_case_from_the_account_page_offers_it_ticked(client, citizen):
    case = CaseFactory()
    client.force_login(citizen)
    page = client.get(URL, {"follow": case.slug})
    assert f'name="followed_cases" value="{case.pk}"' in page.text
    client.post(f"{URL}?follow={case.slug}", {"new_cases": "on", "followed_cases": [case.pk]})
    assert list(Subscription.objects.get(user=citizen).followed_cases.all()) == [case]
