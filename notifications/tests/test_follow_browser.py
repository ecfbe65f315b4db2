"""Following a case in headless Chromium, as a signed-in resident does it: one press on the case
page, then the case in "My alerts" with a button to stop."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from accounts.tests.otp import sign_in_browser
from cases.tests.factories import CaseFactory
from tipportal.tests.browser import wait_for_new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plain_http_cookies(settings):
    # The live server speaks plain HTTP; production cookies are HTTPS-only.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


def _press(browser, element) -> None:
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_resident_follows_a_case_in_one_press_and_finds_it_in_my_alerts(
    browser, live_server, plain_http_cookies, citizen, width, snap
):
    case = CaseFactory(title="Bottle taken from the corner shop")
    browser.set_window_size(width, 900)
    sign_in_browser(browser, live_server, citizen)
    browser.get(live_server.url + case.get_absolute_url())
    if width == 1280:  # the screenshots are at both widths: take them once
        snap("follow-case-1-case-page")
    _press(
        browser,
        browser.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'Email me news of this case')]"),
    )
    WebDriverWait(browser, 10).until(
        expected_conditions.text_to_be_present_in_element((By.ID, "follow"), "You follow this case")
    )
    assert not browser.find_elements(By.CSS_SELECTOR, "input[type=email]")  # no address asked for
    assert f"We will email {citizen.email}" in browser.find_element(By.CSS_SELECTOR, ".tp-messages").text

    if width < 1200:
        _press(browser, browser.find_element(By.CSS_SELECTOR, ".navbar-toggler"))
        WebDriverWait(browser, 5).until(expected_conditions.visibility_of_element_located((By.ID, "tp-user-menu")))
    _press(browser, browser.find_element(By.ID, "tp-user-menu"))
    _press(browser, browser.find_element(By.LINK_TEXT, "My alerts"))
    followed = browser.find_element(By.CSS_SELECTOR, "[data-testid=followed-cases]")
    assert case.title in followed.text
    if width == 1280:
        snap("follow-case-2-my-alerts")
    assert (
        browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        == 0
    )
    _press(browser, followed.find_element(By.TAG_NAME, "button"))
    wait_for_new_page(browser, followed)
    assert browser.current_url == f"{live_server.url}/alerts/mine/"
    assert f"You no longer follow case {case.number}." in browser.find_element(By.CSS_SELECTOR, ".tp-messages").text
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-testid=followed-cases]")
