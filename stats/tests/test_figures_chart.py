"""The figures chart: a legend, each bar's value, month labels people read ("Dec 2025"), and a
chart drawn for a phone's width as well as a laptop's."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.tests.factories import CaseFactory
from stats.figures import Row, bar_chart, public_figures, row_chart

pytestmark = pytest.mark.django_db


def test_months_read_as_words_in_the_table_and_short_under_the_chart():
    figures = public_figures(today=date(2026, 1, 15))
    assert [row.label for row in figures.months[-2:]] == ["December 2025", "January 2026"]
    assert [row.short_label for row in figures.months[-2:]] == ["Dec 2025", "Jan 2026"]
    assert [label.text for label in bar_chart(figures.months).labels][-2:] == ["Dec 2025", "Jan 2026"]


def test_the_page_has_a_legend_values_and_both_charts(client):
    CaseFactory(status=Case.Status.SOLVED, solved_at=timezone.now())
    CaseFactory()
    page = client.get(reverse("stats:figures")).text
    legend = page[page.index('<ul class="tp-legend">') : page.index("</ul>", page.index("tp-legend"))]
    assert "Cases published" in legend and "Solved" in legend
    assert page.count('class="tp-chart tp-chart-wide"') == 1
    assert page.count('class="tp-chart tp-chart-narrow"') == 1
    assert '<text class="tp-chart-value" x="' in page
    this_month = timezone.localdate().strftime("%b %Y")
    assert f">{this_month}</text>" in page
    assert "style=" not in page  # the strict CSP allows no inline style


def test_each_bar_carries_its_value_where_it_can_be_read():
    rows = [Row("January 2026", 12, 5, "Jan 2026"), Row("February 2026", 0, 0, "Feb 2026")]
    standing = bar_chart(rows)
    assert [bar.value for bar in standing.bars] == [12, 5, 0, 0]
    tallest = standing.bars[0]
    assert tallest.value_y < tallest.y  # above its bar
    assert tallest.value_y > 0  # and inside the drawing
    lying = row_chart(rows)
    first = lying.bars[0]
    assert first.value_x > first.x + first.width  # after its bar
    assert first.value_x + 3 * 8 <= lying.width  # with room for three digits
    assert lying.height == 2 * 36 + 4


def test_the_outcomes_page_has_the_same_legend_and_charts(client, officer):
    client.force_login(officer)
    page = client.get(reverse("stats:outcomes")).text
    assert "Cases solved" in page and "Solved cases with tips" in page
    assert 'class="tp-chart tp-chart-narrow"' in page
