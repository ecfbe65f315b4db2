from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case

from .factories import AreaFactory, CaseFactory, CategoryFactory

pytestmark = pytest.mark.django_db

URL = reverse("cases:list")


def test_it_lists_published_cases_only(client):
    shown = CaseFactory(title="Bottle taken from corner shop")
    hidden = CaseFactory(title="Draft about a burglary", is_published=False, published_at=None)
    response = client.get(URL)
    assert shown.title in response.text
    assert hidden.title not in response.text


def test_it_filters_by_category_area_and_status(client):
    riverside = AreaFactory(name="Riverside", slug="riverside")
    fraud = CategoryFactory(name="Fraud", slug="fraud")
    match = CaseFactory(title="Skimmer at the Riverside ATM", area=riverside, category=fraud)
    CaseFactory(title="Skimmer elsewhere", category=fraud)
    CaseFactory(title="Riverside solved one", area=riverside, category=fraud, status=Case.Status.SOLVED)
    response = client.get(URL, {"category": "fraud", "area": "riverside", "status": "open"})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [match]


@pytest.mark.parametrize(
    "params",
    [
        {"category": "no-such-category"},
        {"area": "<script>"},
        {"status": "haunted"},
        {"page": "999"},
        {"page": "-1"},
        {"page": "abc"},
        {"q": "x" * 500},
    ],
)
def test_unknown_filter_values_and_pages_are_ignored_not_errors(client, params):
    CaseFactory()
    assert client.get(URL, params).status_code == 200


def test_a_bad_filter_value_keeps_the_good_ones(client):
    wanted = CaseFactory(status=Case.Status.SOLVED)
    CaseFactory()
    response = client.get(URL, {"status": "solved", "category": "nonsense"})
    assert list(response.context["page"].object_list) == [wanted]


def test_out_of_range_page_shows_the_last_page(client, settings):
    settings.CASES_PER_PAGE = 2
    CaseFactory.create_batch(3)
    response = client.get(URL, {"page": "50"})
    assert response.context["page"].number == 2


def test_paging_through_lists_every_case_once_in_order(client, settings):
    settings.CASES_PER_PAGE = 4
    same_time = timezone.now() - timedelta(hours=2)
    cases = CaseFactory.create_batch(6, published_at=same_time) + CaseFactory.create_batch(5)
    CaseFactory(status=Case.Status.SOLVED)  # filtered out
    expected = sorted(cases, key=lambda case: (case.published_at, case.pk), reverse=True)
    seen = []
    for number in (1, 2, 3):
        page = client.get(URL, {"status": "open", "page": number}).context["page"]
        assert page.paginator.count == 11
        seen += list(page.object_list)
    assert seen == expected


def test_pagination_keeps_the_filters_in_its_links(client, settings):
    settings.CASES_PER_PAGE = 1
    CaseFactory.create_batch(2, status=Case.Status.SOLVED)
    response = client.get(URL, {"status": "solved"})
    assert "?status=solved&amp;page=2" in response.text


def test_search_finds_words_in_title_and_summary(client):
    whiskey = CaseFactory(title="Bottle taken", summary="A bottle of whiskey was taken from the shelf.")
    CaseFactory(title="Car window smashed", summary="Seven parked cars were damaged.")
    response = client.get(URL, {"q": "whiskey"})
    assert list(response.context["page"].object_list) == [whiskey]


def test_search_finds_a_case_by_its_number(client):
    case = CaseFactory(number="2026-001234")
    CaseFactory()
    response = client.get(URL, {"q": "2026-001234"})
    assert list(response.context["page"].object_list) == [case]


@pytest.mark.postgres
def test_search_on_postgres_matches_word_forms_and_ranks_titles_first(client):
    in_summary = CaseFactory(title="Corner shop", summary="Someone was stealing bottles from the shelves.")
    in_title = CaseFactory(title="Bottles stolen from a van", summary="Taken overnight.")
    response = client.get(URL, {"q": "bottle"})
    assert list(response.context["page"].object_list) == [in_title, in_summary]


def test_it_refuses_post(client):
    assert client.post(URL).status_code == 405
