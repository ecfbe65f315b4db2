from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.services import active_alerts, expire_alert, save_post

from .factories import ActiveAlertFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["home", "cases:list", "community:list", "stats:figures"])
def test_an_active_alert_shows_on_every_page(client, page):
    alert = ActiveAlertFactory(title="Gas leak on Main Street")
    response = client.get(reverse(page))
    assert "Gas leak on Main Street" in response.text
    assert alert.get_absolute_url() in response.text
    assert "tp-alert-urgent" in response.text


def test_an_expired_alert_and_a_safety_tip_show_no_banner(client):
    ActiveAlertFactory(title="Old flood warning", expires_at=timezone.now() - timedelta(minutes=1))
    PostFactory(title="Lock your car")
    assert "tp-alert-" not in client.get(reverse("home")).text


def test_the_banner_is_read_from_the_cache(django_assert_num_queries):
    ActiveAlertFactory()
    active_alerts()
    with django_assert_num_queries(0):
        assert len(active_alerts()) == 1


def test_ending_an_alert_removes_the_banner_at_once(client, analyst, django_capture_on_commit_callbacks):
    alert = ActiveAlertFactory(title="Road closed")
    assert "Road closed" in client.get(reverse("home")).text
    with django_capture_on_commit_callbacks(execute=True):
        expire_alert(alert, actor=analyst)
    assert "Road closed" not in client.get(reverse("home")).text


def test_a_new_alert_shows_at_once(client, analyst, django_capture_on_commit_callbacks):
    assert "tp-alert-" not in client.get(reverse("home")).text
    with django_capture_on_commit_callbacks(execute=True):
        save_post(ActiveAlertFactory.build(title="Boil water notice"), actor=analyst)
    assert "Boil water notice" in client.get(reverse("home")).text


def test_the_banner_cache_ends_when_a_scheduled_alert_goes_live():
    import time

    ActiveAlertFactory(published_at=timezone.now() + timedelta(seconds=1))
    assert active_alerts() == []
    time.sleep(2.1)
    assert len(active_alerts()) == 1
