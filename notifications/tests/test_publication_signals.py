"""Cases and community posts announce their publications with signals; notifications turns each
into a notification inside the publisher's own transaction, so the two commit or fail together."""

import pytest
from django.db import transaction
from django.urls import reverse

from cases.models import CaseUpdate
from cases.services import mark_case_solved, post_case_update, publish_case
from cases.tests.factories import CaseFactory
from community.models import Post
from community.services import save_post
from notifications.models import Notification

from .factories import AlertFactory

pytestmark = pytest.mark.django_db


def test_a_publication_rolled_back_leaves_no_notification(analyst):
    case = CaseFactory(is_published=False, published_at=None)
    with pytest.raises(RuntimeError), transaction.atomic():
        publish_case(case, actor=analyst)
        assert Notification.objects.filter(case=case, kind=Notification.Kind.NEW_CASE).exists()
        raise RuntimeError("the publishing transaction fails after the notification was written")
    assert not Notification.objects.exists()


def test_each_case_event_makes_its_own_notification(analyst, officer):
    case = CaseFactory(is_published=False, published_at=None)
    publish_case(case, actor=analyst)
    post_case_update(case, actor=officer, body="We have spoken to two witnesses.")
    mark_case_solved(case, actor=officer, note="An arrest was made.")
    kinds = list(Notification.objects.filter(case=case).order_by("pk").values_list("kind", flat=True))
    assert kinds == [Notification.Kind.NEW_CASE, Notification.Kind.CASE_UPDATE, Notification.Kind.CASE_SOLVED]
    assert Notification.objects.get(kind=Notification.Kind.CASE_SOLVED).body == "An arrest was made."
    assert CaseUpdate.objects.filter(case=case).count() == 2


def test_a_post_published_in_a_failed_transaction_notifies_nobody(analyst):
    alert = AlertFactory()
    alert.is_published = True
    with pytest.raises(RuntimeError), transaction.atomic():
        save_post(alert, actor=analyst)
        raise RuntimeError
    assert not Notification.objects.exists()


def test_an_alert_published_in_admin_notifies_its_subscribers_urgently(
    client, analyst, django_capture_on_commit_callbacks
):
    client.force_login(analyst)
    data = {
        "kind": "alert", "title": "Gas leak on Main Street", "slug": "gas-leak-main-street",
        "body": "Stay away from the 400 block.", "severity": "urgent", "image_alt": "",
        "expires_at_0": "", "expires_at_1": "", "published_at_0": "", "published_at_1": "", "is_published": "on",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:community_post_add"), data)
    assert response.status_code == 302
    assert Notification.objects.get(post=Post.objects.get()).urgent
