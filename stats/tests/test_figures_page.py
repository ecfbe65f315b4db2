import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.tests.factories import AreaFactory, CaseFactory, CategoryFactory
from stats.figures import public_figures

pytestmark = pytest.mark.django_db

URL = reverse("stats:figures")


@pytest.fixture
def cases():
    riverside, hilltop = AreaFactory(name="Riverside", slug="riverside"), AreaFactory(name="Hilltop", slug="hilltop")
    larceny = CategoryFactory()
    CaseFactory(area=riverside, status=Case.Status.SOLVED)
    CaseFactory(area=riverside)
    CaseFactory(area=hilltop, status=Case.Status.SOLVED)
    CaseFactory(area=hilltop, published_at=timezone.now() - timedelta(days=400))  # outside the window
    CaseFactory(area=hilltop, is_published=False, published_at=None)
    return riverside, hilltop, larceny


def test_figures_count_published_cases_of_the_last_twelve_months(cases):
    figures = public_figures()
    assert figures.total.cases == 3
    assert figures.total.solved == 2
    assert figures.total.share_solved == 67
    assert len(figures.months) == 12
    assert {row.label: (row.cases, row.solved) for row in figures.areas} == {"Riverside": (2, 1), "Hilltop": (1, 1)}


def test_the_page_shows_tables_and_an_svg_chart(client, cases, django_assert_num_queries):
    with django_assert_num_queries(6):
        response = client.get(URL)
    assert response.status_code == 200
    assert "<svg" in response.text and "<rect" in response.text
    assert "Riverside" in response.text and "67%" in response.text
    assert "style=" not in response.text


def test_the_page_filters_by_area(client, cases):
    response = client.get(URL, {"area": "riverside"})
    assert "Hilltop</th>" not in response.text
    assert "Riverside</th>" in response.text


def test_an_unknown_filter_value_is_ignored(client, cases):
    response = client.get(URL, {"area": "atlantis", "category": "<script>"})
    assert response.status_code == 200
    assert "Hilltop</th>" in response.text


def test_the_csv_has_a_row_per_month_area_and_category(client, cases):
    response = client.get(reverse("stats:figures-csv"), {"area": "hilltop"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["month", "area", "category", "cases", "solved"]
    assert rows[1][1:] == ["Hilltop", "Larceny", "1", "1"]
    assert len(rows) == 2


def test_the_pages_refuse_other_methods(client):
    assert client.post(URL).status_code == 405
    assert client.post(reverse("stats:figures-csv")).status_code == 405


@pytest.mark.parametrize("junk", ["\x00", "hilltop\x00", "<script>", "9" * 30, "x" * 500])
@pytest.mark.parametrize("name", ["stats:figures", "stats:figures-csv"])
def test_junk_in_the_filters_is_ignored(client, cases, name, junk):
    response = client.get(reverse(name), {"area": junk, "category": junk})
    assert response.status_code == 200
    assert "Hilltop" in response.content.decode()
