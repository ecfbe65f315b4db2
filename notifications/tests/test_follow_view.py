"""'Email me news of this case': one press for an account holder, no email box, no checkboxes and
no confirmation email; the public form for everyone else."""

import pytest
from django.core import mail
from django.urls import reverse

from cases.tests.factories import CaseFactory
from notifications import services
from notifications.models import Subscription

from .factories import SubscriptionFactory

pytestmark = pytest.mark.django_db


def _follow(case) -> str:
    return reverse("notifications:follow", args=[case.slug])


def _unfollow(case) -> str:
    return reverse("notifications:unfollow", args=[case.slug])


def test_the_case_page_gives_an_account_holder_a_one_press_button(client, citizen):
    case = CaseFactory()
    client.force_login(citizen)
    page = client.get(case.get_absolute_url()).text
    assert f'<form method="post" action="{_follow(case)}">' in page
    assert "Email me news of this case, including when it is solved</button>" in page
    assert f"{reverse('notifications:subscribe')}?case=" not in page


def test_one_press_follows_the_case_with_no_email_sent(client, citizen, django_capture_on_commit_callbacks):
    case = CaseFactory()
    client.force_login(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_follow(case), {"next": case.get_absolute_url() + "#follow"})
    assert response.status_code == 302
    assert response.url == case.get_absolute_url() + "#follow"
    subscription = Subscription.objects.get()
    assert (subscription.user, subscription.email, subscription.is_confirmed) == (citizen, citizen.email, True)
    assert list(subscription.followed_cases.all()) == [case]
    assert not (subscription.urgent_alerts or subscription.new_cases or subscription.community_posts)
    assert mail.outbox == []
    page = client.get(response.url).text
    assert f"You follow case {case.number}. We will email {citizen.email}" in page
    assert "You follow this case: we email you its news" in page
    assert f'action="{_unfollow(case)}"' in page


def test_a_subscriber_who_follows_keeps_the_other_alerts(client, citizen):
    case = CaseFactory()
    subscription = SubscriptionFactory(email=citizen.email, urgent_alerts=True, community_posts=True)
    client.force_login(citizen)
    client.post(_follow(case))
    subscription.refresh_from_db()
    assert subscription.user == citizen
    assert subscription.urgent_alerts and subscription.community_posts
    assert list(subscription.followed_cases.all()) == [case]


def test_choices_nobody_confirmed_for_the_address_are_dropped_when_the_owner_follows(client, citizen):
    case, stranger_choice = CaseFactory(), CaseFactory()
    unconfirmed = SubscriptionFactory(email=citizen.email.upper(), confirmed_at=None, new_cases=True)
    unconfirmed.followed_cases.add(stranger_choice)
    client.force_login(citizen)
    client.post(_follow(case))
    unconfirmed.refresh_from_db()
    assert unconfirmed.is_confirmed
    assert not unconfirmed.new_cases and not unconfirmed.urgent_alerts
    assert list(unconfirmed.followed_cases.all()) == [case]


def test_an_unsubscribed_address_that_follows_again_is_subscribed_to_that_case_only(client, citizen):
    case = CaseFactory()
    subscription = SubscriptionFactory(email=citizen.email, user=citizen)
    services.unsubscribe(subscription)
    client.force_login(citizen)
    client.post(_follow(case))
    subscription.refresh_from_db()
    assert subscription.is_confirmed
    assert list(subscription.followed_cases.all()) == [case]


def test_following_twice_is_harmless(client, citizen):
    case = CaseFactory()
    client.force_login(citizen)
    client.post(_follow(case))
    client.post(_follow(case))
    assert Subscription.objects.get().followed_cases.count() == 1


def test_the_follow_page_asks_once_for_someone_arriving_by_link(client, citizen):
    case = CaseFactory()
    client.force_login(citizen)
    page = client.get(_follow(case))
    assert page.status_code == 200
    assert f"We will email {citizen.email} when this case has news" in page.text
    assert "Follow this case</button>" in page.text
    client.post(_follow(case))
    assert "You follow this case already" in client.get(_follow(case)).text


def test_stop_following_from_the_case_page(client, citizen):
    case = CaseFactory()
    client.force_login(citizen)
    client.post(_follow(case))
    response = client.post(_unfollow(case), {"next": case.get_absolute_url()})
    assert response.status_code == 302
    assert list(Subscription.objects.get().followed_cases.all()) == []
    assert "Email me news of this case, including when it is solved</button>" in client.get(response.url).text


def test_a_visitor_without_an_account_gets_the_public_form_with_a_way_to_sign_in(client):
    case = CaseFactory()
    response = client.get(_follow(case))
    assert response.status_code == 302
    assert response.url == f"{reverse('notifications:subscribe')}?case={case.slug}"
    page = client.get(response.url).text
    assert f'href="{reverse("login")}?next=/alerts/follow/{case.slug}/"' in page
    response = client.post(_follow(case))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert Subscription.objects.count() == 0


def test_an_account_holder_opening_the_public_form_is_sent_to_the_one_press_page(client, citizen):
    case = CaseFactory()
    client.force_login(citizen)
    response = client.get(reverse("notifications:subscribe"), {"case": case.slug})
    assert response.url == _follow(case)
    assert client.get(reverse("notifications:subscribe")).url == reverse("notifications:mine")


def test_an_account_without_an_email_address_is_told_so(client, officer):
    officer.email = ""
    officer.save()
    case = CaseFactory()
    client.force_login(officer)
    response = client.post(_follow(case))
    assert "Your account has no email address" in response.text
    assert Subscription.objects.count() == 0


def test_an_unpublished_or_unknown_case_cannot_be_followed(client, citizen):
    hidden = CaseFactory(is_published=False, published_at=None)
    client.force_login(citizen)
    assert client.post(_follow(hidden)).status_code == 404
    assert client.post(reverse("notifications:follow", args=["no-such-case"])).status_code == 404
    assert client.post(_unfollow(hidden)).status_code == 404
    assert Subscription.objects.count() == 0


def test_the_pages_refuse_other_methods(client, citizen):
    case = CaseFactory()
    client.force_login(citizen)
    assert client.put(_follow(case)).status_code == 405
    assert client.get(_unfollow(case)).status_code == 405


def test_unfollow_needs_an_account(client):
    case = CaseFactory()
    response = client.post(_unfollow(case))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_return_address_off_the_site_is_ignored(client, citizen):
    case = CaseFactory()
    client.force_login(citizen)
    response = client.post(_follow(case), {"next": "https://evil.example/"})
    assert response.url == case.get_absolute_url()


def test_the_case_page_for_an_account_holder_costs_a_fixed_number_of_queries(
    client, citizen, django_assert_num_queries
):
    case = CaseFactory()
    client.force_login(citizen)
    client.get(case.get_absolute_url())  # the first page of a session also writes the session
    # Session, user, its permissions x2, case, stills, videos, updates, comments x2, whether they are
    # suspended from commenting, and whether they follow it.
    with django_assert_num_queries(12):
        client.get(case.get_absolute_url())
