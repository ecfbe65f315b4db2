"""What a visitor sees of the public case pages in headless Chromium: the way to send a tip on a
phone's home page, a designed panel where a case has no picture, and a gallery without holes."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from .factories import CaseFactory, StillFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = (390, 844)
BLACK = "rgb(33, 37, 41)"  # the letterbox colour behind stills


def _box(browser, element) -> dict:
    return browser.execute_script("return arguments[0].getBoundingClientRect().toJSON();", element)


def test_on_a_phone_the_home_page_shows_send_a_tip_without_opening_the_menu(browser, live_server):
    CaseFactory()
    browser.set_window_size(*PHONE)
    browser.get(live_server.url + "/")
    assert not browser.find_element(By.ID, "tp-nav").is_displayed()  # the menu is folded
    button = browser.find_element(By.CSS_SELECTOR, "main a[href='/tips/']")
    assert button.is_displayed()
    assert button.text == "Send a tip"
    assert _box(browser, button)["bottom"] <= PHONE[1], "the button is below the first screen"
    button.click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Send a tip"


@pytest.mark.parametrize("path", ["/", "/cases/"])
def test_a_case_without_pictures_shows_a_designed_panel_not_a_black_box(browser, live_server, path):
    CaseFactory(title="Wallet taken on the number 12 bus")
    browser.set_window_size(1280, 900)
    browser.get(live_server.url + path)
    card = browser.find_element(By.CSS_SELECTOR, ".tp-case-card")
    panel = card.find_element(By.CSS_SELECTOR, ".tp-no-image")
    assert panel.is_displayed()
    assert panel.text == "No picture for this case"
    assert panel.value_of_css_property("background-color") != BLACK
    assert panel.find_element(By.CSS_SELECTOR, "svg").size["width"] == 48
    assert panel.size["height"] > 100  # the same 16:9 frame a picture would have
    assert panel.get_attribute("aria-hidden") == "true"  # the card's words say it all for screen readers


def _figure_widths(browser) -> list[float]:
    loaded = "return Array.from(document.querySelectorAll('.tp-gallery img')).every(i => i.complete && i.naturalWidth);"
    WebDriverWait(browser, 10).until(lambda _: browser.execute_script(loaded))
    figures = browser.find_elements(By.CSS_SELECTOR, ".tp-gallery .tp-still")
    return [_box(browser, figure)["width"] for figure in figures]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_second_still_takes_the_full_width_instead_of_sitting_beside_empty_space(browser, live_server, width):
    case = CaseFactory()
    StillFactory.create_batch(2, case=case)
    browser.set_window_size(width, 900)
    browser.get(live_server.url + case.get_absolute_url())
    lead, second = _figure_widths(browser)
    assert second == pytest.approx(lead, abs=1)


def test_stills_after_the_lead_go_two_by_two_and_a_last_one_alone_takes_the_row(browser, live_server):
    case = CaseFactory()
    StillFactory.create_batch(4, case=case)
    browser.set_window_size(1280, 900)
    browser.get(live_server.url + case.get_absolute_url())
    lead, second, third, fourth = _figure_widths(browser)
    assert second == pytest.approx(third, abs=1)
    assert second < lead / 2
    assert fourth == pytest.approx(lead, abs=1)
