"""What the emailed links' pages say: the confirmation page names the alerts it confirms, and a
manage link opened after unsubscribing says the address is unsubscribed."""

import pytest
from django.urls import reverse

from cases.tests.factories import AreaFactory, CaseFactory, CategoryFactory
from notifications import services, tokens

from .factories import SubscriptionFactory

pytestmark = pytest.mark.django_db


def _url(name: str, subscription, purpose: str) -> str:
    return reverse(f"notifications:{name}", args=[tokens.make_token(subscription, purpose)])


def _chosen(page: str) -> str:
    start = page.index('data-testid="chosen-alerts"')
    return page[start : page.index("</ul>", start)]


def test_the_confirmation_page_says_what_these_alerts_are(client, django_assert_num_queries):
    riverside, downtown = AreaFactory(name="Riverside"), AreaFactory(name="Downtown")
    case = CaseFactory(number="2026-000123", title="Bottle taken from the corner shop")
    subscription = SubscriptionFactory(email="pat@example.net", confirmed_at=None, urgent_alerts=True,
                                       new_cases=True, community_posts=True)  # fmt: skip
    subscription.areas.set([riverside, downtown])
    subscription.categories.set([CategoryFactory(name="Larceny")])
    subscription.followed_cases.set([case])
    url = _url("confirm", subscription, tokens.CONFIRM)
    with django_assert_num_queries(5):  # the subscription, its areas, categories and cases, the alert banner
        page = client.get(url).text
    assert "asked for these emails to pat@example.net" in page
    chosen = _chosen(page)
    assert "Urgent alerts, anywhere in the city" in chosen
    assert "New cases in Downtown, Riverside: Larceny" in chosen
    assert "Safety tips and department news" in chosen
    assert "News of case 2026-000123 (Bottle taken from the corner shop), including when it is solved" in chosen
    assert "Yes, send me these alerts" in page


@pytest.mark.parametrize(
    ("fields", "line"),
    [
        ({"area_alerts": True}, "Every alert, anywhere in the city"),
        ({"new_cases": True}, "New cases anywhere in the city, of every kind"),
    ],
)
def test_no_area_chosen_reads_as_the_whole_city(client, fields, line):
    subscription = SubscriptionFactory(confirmed_at=None, urgent_alerts=False, **fields)
    assert line in _chosen(client.get(_url("confirm", subscription, tokens.CONFIRM)).text)


def test_the_confirmed_page_repeats_what_was_confirmed(client):
    subscription = SubscriptionFactory(confirmed_at=None, urgent_alerts=True)
    page = client.post(_url("confirm", subscription, tokens.CONFIRM)).text
    assert "You are subscribed" in page
    assert "Urgent alerts, anywhere in the city" in _chosen(page)


def test_unsubscribing_keeps_none_of_the_old_choices(client):
    subscription = SubscriptionFactory(urgent_alerts=True, new_cases=True)
    subscription.areas.set([AreaFactory()])
    subscription.followed_cases.set([CaseFactory()])
    client.post(_url("unsubscribe", subscription, tokens.MANAGE))
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    assert services.Preferences.of(subscription) == services.Preferences()


def test_an_old_manage_link_after_unsubscribing_says_unsubscribed_not_unconfirmed(client):
    subscription = SubscriptionFactory(email="pat@example.net", urgent_alerts=True, community_posts=True)
    url = _url("manage", subscription, tokens.MANAGE)
    client.post(_url("unsubscribe", subscription, tokens.MANAGE))
    response = client.get(url)
    assert response.status_code == 200
    assert "This address is unsubscribed" in response.text
    assert "pat@example.net unsubscribed from every alert on" in response.text
    assert "Not confirmed yet" not in response.text
    assert "checkbox" not in response.text  # no old choices, ticked or not
    assert f'href="{reverse("notifications:subscribe")}"' in response.text


def test_an_old_manage_link_after_unsubscribing_changes_nothing(client):
    subscription = SubscriptionFactory()
    url = _url("manage", subscription, tokens.MANAGE)
    services.unsubscribe(subscription)
    response = client.post(url, {"urgent_alerts": "on", "community_posts": "on"})
    assert response.status_code == 400
    assert "This address is unsubscribed" in response.text
    subscription.refresh_from_db()
    assert not (subscription.urgent_alerts or subscription.community_posts)
    assert not subscription.is_confirmed


def test_the_unsubscribe_link_opened_again_says_it_is_done(client):
    subscription = SubscriptionFactory()
    url = _url("unsubscribe", subscription, tokens.MANAGE)
    client.post(url)
    page = client.get(url).text
    assert "This address is unsubscribed" in page
    assert "Stop every email from us" not in page
