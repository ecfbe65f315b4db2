import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case

from .factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["cases:feed-new-rss", "cases:feed-new-atom"])
def test_the_new_cases_feed_lists_published_cases(client, name):
    CaseFactory(title="Bottle taken")
    CaseFactory(title="Secret draft", is_published=False, published_at=None)
    body = client.get(reverse(name)).text
    assert "Bottle taken" in body
    assert "Secret draft" not in body


@pytest.mark.parametrize("name", ["cases:feed-solved-rss", "cases:feed-solved-atom"])
def test_the_solved_feed_lists_solved_cases_only(client, name):
    CaseFactory(title="Still open")
    CaseFactory(title="Phone thief caught", status=Case.Status.SOLVED, solved_at=timezone.now())
    body = client.get(reverse(name)).text
    assert "Phone thief caught" in body
    assert "Still open" not in body


def test_feeds_are_well_formed_xml(client):
    import xml.etree.ElementTree as ET

    CaseFactory(title="Fish & chips <shop> break-in")
    ET.fromstring(client.get(reverse("cases:feed-new-atom")).content)  # noqa: S314 - our own output
