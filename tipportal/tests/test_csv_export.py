from decimal import Decimal

import pytest

from tipportal.csv_export import csv_response, safe_cell


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "\0x"])
def test_text_that_could_start_a_formula_gets_a_leading_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Hilltop", "", "2026-01", "a=b", " =1", "'quoted", None, True])
def test_other_text_and_values_are_unchanged(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("number", [-3, -0.5, Decimal("-12.50"), 0, 42])
def test_negative_numbers_stay_numbers(number):
    assert safe_cell(number) == number
    assert type(safe_cell(number)) is type(number)


def test_the_response_quotes_text_and_doubles_quotes_but_leaves_numbers_bare():
    response = csv_response([["name", "change"], ['Say "hi"', -3], ["-3", Decimal("-1.5")]], "x.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response.content.decode().splitlines() == ['"name","change"', '"Say ""hi""",-3', '"\'-3",-1.5']
