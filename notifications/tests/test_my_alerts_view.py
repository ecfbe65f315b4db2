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


def test_an_account_holder_subscribes_without_a_confirmation_email(client, citizen, django_capture_on_commit_callbacks):
    client.force_login(citizen)
    assert client.get(URL).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"community_posts": "on"})
    assert response.status_code == 302
    subscription = Subscription.objects.get(user=citizen)
    assert subscription.email == citizen.email
    assert subscription.community_posts and subscription.is_confirmed  # the account's address is proven
    assert mail.outbox == []


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


def test_my_alerts_lists_followed_cases_each_with_a_button_to_stop(client, citizen):
    followed = [CaseFactory(title="Bottle taken"), CaseFactory(title="Bike taken", status="solved")]
    subscription = SubscriptionFactory(email=citizen.email, user=citizen)
    subscription.followed_cases.set(followed)
    client.force_login(citizen)
    page = client.get(URL).text
    listed = page[page.index('data-testid="followed-cases"') : page.index("</ul>", page.index("followed-cases"))]
    for case in followed:
        assert f'href="{case.get_absolute_url()}"' in listed
        assert f'action="{reverse("notifications:unfollow", args=[case.slug])}"' in listed
    assert "Solved" in listed
    assert 'name="followed_cases"' not in page  # one button per case, not a checkbox in the form


def test_saving_my_alerts_keeps_the_followed_cases(client, citizen):
    case = CaseFactory()
    subscription = SubscriptionFactory(email=citizen.email, user=citizen, urgent_alerts=True)
    subscription.followed_cases.add(case)
    client.force_login(citizen)
    client.post(URL, {"new_cases": "on"})
    subscription.refresh_from_db()
    assert list(subscription.followed_cases.all()) == [case]
    assert subscription.new_cases and not subscription.urgent_alerts


def test_choices_typed_for_my_address_by_someone_else_are_not_shown_as_mine(client, citizen):
    stranger_choice = CaseFactory(title="Picked by a stranger")
    unconfirmed = SubscriptionFactory(email=citizen.email, confirmed_at=None, community_posts=True)
    unconfirmed.followed_cases.add(stranger_choice)
    client.force_login(citizen)
    response = client.get(URL)
    assert "We send you nothing yet." in response.text
    assert "Picked by a stranger" not in response.text
    assert response.context["form"].initial["community_posts"] is False
    client.post(URL, {"new_cases": "on"})
    unconfirmed.refresh_from_db()
    assert unconfirmed.is_confirmed and unconfirmed.user == citizen
    assert unconfirmed.new_cases and not unconfirmed.community_posts
    assert list(unconfirmed.followed_cases.all()) == []


def test_after_unsubscribing_my_alerts_says_so_and_shows_no_old_choices(client, citizen):
    from notifications import services

    subscription = SubscriptionFactory(email=citizen.email, user=citizen, community_posts=True)
    services.unsubscribe(subscription)
    client.force_login(citizen)
    response = client.get(URL)
    assert "You unsubscribed on" in response.text
    assert response.context["form"].initial["community_posts"] is False


def test_my_alerts_costs_a_fixed_number_of_queries(client, citizen, django_assert_num_queries):
    subscription = SubscriptionFactory(email=citizen.email, user=citizen)
    client.force_login(citizen)
    subscription.followed_cases.set([CaseFactory()])
    client.get(URL)  # the first page of a session also writes the session
    with django_assert_num_queries(11) as one:
        client.get(URL)
    subscription.followed_cases.set(CaseFactory.create_batch(5))
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(URL)
