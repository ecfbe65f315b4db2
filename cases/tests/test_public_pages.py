import pytest
from django.urls import reverse

from cases.models import Case

from .factories import CaseFactory, StillFactory

pytestmark = pytest.mark.django_db


def test_home_lists_open_and_solved_cases(client):
    open_case = CaseFactory(title="Bottle taken from corner shop")
    solved_case = CaseFactory(title="Phone snatched", status=Case.Status.SOLVED)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert open_case.title in response.text
    assert solved_case.title in response.text


def test_unpublished_case_is_404_to_the_public(client):
    case = CaseFactory(is_published=False, published_at=None)
    assert client.get(case.get_absolute_url()).status_code == 404


def test_case_scheduled_for_later_is_404_until_then(client):
    from datetime import timedelta

    from django.utils import timezone

    case = CaseFactory(published_at=timezone.now() + timedelta(hours=2))
    assert client.get(case.get_absolute_url()).status_code == 404


def test_case_detail_shows_stills_with_alt_text(client):
    renditions = {"800": {"jpeg": "stills/renditions/1/800.jpg", "webp": "stills/renditions/1/800.webp"}}
    still = StillFactory(alt_text="Man in red cap at the till", renditions=renditions, renditions_status="ready")
    response = client.get(still.case.get_absolute_url())
    assert response.status_code == 200
    assert 'alt="Man in red cap at the till"' in response.text
