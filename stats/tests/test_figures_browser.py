"""The figures chart as people see it in headless Chromium, on a phone and on a laptop."""

from datetime import timedelta
from itertools import pairwise

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from cases.models import Case
from cases.tests.factories import CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _boxes(browser, selector: str) -> list[dict]:
    return browser.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(function (e) {"
        "  var b = e.getBoundingClientRect(); return {left: b.left, right: b.right, height: b.height,"
        "  text: e.textContent}; });",
        selector,
    )


@pytest.mark.parametrize(("width", "shown", "hidden"), [(390, "narrow", "wide"), (1280, "wide", "narrow")])
def test_the_chart_is_readable_at_the_window_width(browser, live_server, width, shown, hidden):
    now = timezone.now()
    for months_ago in range(12):
        for number in range(months_ago % 4 + 1):
            solved = number % 2 == 0
            CaseFactory(published_at=now - timedelta(days=30 * months_ago + 1),
                        status=Case.Status.SOLVED if solved else Case.Status.OPEN)  # fmt: skip
    browser.set_window_size(width, 900)
    browser.get(live_server.url + "/figures/")
    assert browser.find_element(By.CSS_SELECTOR, f".tp-chart-{shown}").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, f".tp-chart-{hidden}").is_displayed()
    legend = browser.find_element(By.CSS_SELECTOR, ".tp-legend")
    assert legend.is_displayed() and "Cases published" in legend.text and "Solved" in legend.text

    words = _boxes(browser, f".tp-chart-{shown} text")
    assert words and all(word["height"] >= 11 for word in words), "chart text smaller than 11 px on screen"
    labels = [word for word in words if " 20" in word["text"]]  # "Dec 2025"
    assert len(labels) == 12
    if shown == "wide":  # side by side: no label runs into the next
        assert all(a["right"] <= b["left"] for a, b in pairwise(labels))
    values = [word["text"] for word in words if word["text"].isdigit()]
    assert "4" in values  # the busiest month's count is written on the chart
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0
