"""Confirm, manage and unsubscribe: the signed links in emails."""

import time
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.tests.factories import CaseFactory
from notifications import tokens
from notifications.models import Delivery, Subscription

from .factories import SubscriptionFactory

pytestmark = pytest.mark.django_db


def _url(name: str, subscription: Subscription, purpose: str) -> str:
    return reverse(f"notifications:{name}", args=[tokens.make_token(subscription, purpose)])


def _expired_token(subscription, purpose, monkeypatch, days: int) -> str:
    long_ago = time.time() - days * 86400 - 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: long_ago)
    token = tokens.make_token(subscription, purpose)
    monkeypatch.undo()
    return token


def test_opening_the_confirmation_link_does_not_confirm_yet(client):
    subscription = SubscriptionFactory(confirmed_at=None)
    response = client.get(_url("confirm", subscription, tokens.CONFIRM))
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_pressing_the_button_confirms(client):
    subscription = SubscriptionFactory(confirmed_at=None)
    response = client.post(_url("confirm", subscription, tokens.CONFIRM))
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.is_confirmed


def test_a_forged_confirmation_link_is_refused_and_confirms_nothing(client):
    subscription = SubscriptionFactory(confirmed_at=None)
    token = tokens.make_token(subscription, tokens.CONFIRM)
    for forged in (token[:-2] + "xx", f"{subscription.pk + 1}.{subscription.key}:abc:def", "nonsense"):
        response = client.post(reverse("notifications:confirm", args=[forged]))
        assert response.status_code == 400
        assert "not valid" in response.text
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_a_manage_link_cannot_confirm(client):
    subscription = SubscriptionFactory(confirmed_at=None)
    response = client.post(_url("confirm", subscription, tokens.MANAGE))
    assert response.status_code == 400
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_an_expired_confirmation_link_says_so(client, monkeypatch, settings):
    subscription = SubscriptionFactory(confirmed_at=None)
    token = _expired_token(subscription, tokens.CONFIRM, monkeypatch, settings.NOTIFY_CONFIRM_LINK_DAYS)
    response = client.post(reverse("notifications:confirm", args=[token]))
    assert response.status_code == 400
    assert "expired" in response.text
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_one_click_unsubscribe_works_without_a_csrf_token():
    subscription = SubscriptionFactory()
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(_url("unsubscribe", subscription, tokens.MANAGE), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


def test_unsubscribing_cancels_pending_deliveries(client):
    from .test_fanout_services import make_notification

    subscription = SubscriptionFactory()
    delivery = Delivery.objects.create(notification=make_notification(), recipient=subscription)
    client.post(_url("unsubscribe", subscription, tokens.MANAGE))
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED


def test_opening_the_unsubscribe_link_only_asks(client):
    subscription = SubscriptionFactory()
    assert client.get(_url("unsubscribe", subscription, tokens.MANAGE)).status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is None


def test_a_forged_or_expired_unsubscribe_link_is_refused(client, monkeypatch, settings):
    subscription = SubscriptionFactory()
    expired = _expired_token(subscription, tokens.MANAGE, monkeypatch, settings.NOTIFY_MANAGE_LINK_DAYS)
    assert client.post(reverse("notifications:unsubscribe", args=[expired])).status_code == 400
    assert client.post(reverse("notifications:unsubscribe", args=["1.abc:def:ghi"])).status_code == 400
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is None


def test_the_manage_link_changes_preferences(client):
    subscription = SubscriptionFactory(urgent_alerts=True, community_posts=False)
    url = _url("manage", subscription, tokens.MANAGE)
    assert client.get(url).status_code == 200
    response = client.post(url, {"community_posts": "on"})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.community_posts and not subscription.urgent_alerts


def test_a_forged_manage_link_changes_nothing(client):
    subscription = SubscriptionFactory(urgent_alerts=True)
    token = tokens.make_token(subscription, tokens.MANAGE)
    response = client.post(reverse("notifications:manage", args=[token + "x"]), {"community_posts": "on"})
    assert response.status_code == 400
    subscription.refresh_from_db()
    assert subscription.urgent_alerts and not subscription.community_posts


def test_link_views_refuse_other_methods(client):
    subscription = SubscriptionFactory(confirmed_at=timezone.now())
    for name, purpose in (("confirm", tokens.CONFIRM), ("manage", tokens.MANAGE), ("unsubscribe", tokens.MANAGE)):
        assert client.put(_url(name, subscription, purpose)).status_code == 405


@pytest.mark.parametrize("junk", ["\x00", "case\x00", "<script>", "x" * 500])
def test_junk_in_the_follow_parameter_of_the_manage_link_is_ignored(client, junk):
    case = CaseFactory()
    subscription = SubscriptionFactory(urgent_alerts=False)
    url = _url("manage", subscription, tokens.MANAGE)
    page = client.get(url, {"follow": junk})
    assert page.status_code == 200
    assert f'name="followed_cases" value="{case.pk}"' not in page.text
    response = client.post(f"{url}?follow={quote(junk)}", {"urgent_alerts": "on", "followed_cases": [case.pk]})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.urgent_alerts
    assert list(subscription.followed_cases.all()) == []
