"""An officer marks a case solved in headless Chromium: the note, a confirmation page that says
what follows, then the case page without the buttons that ask for tips, for the officer and for
the public."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from accounts.tests.otp import sign_in_browser
from cases.models import Case
from cases.tests.factories import StillFactory
from tips.models import Tip
from tips.tests.factories import make_tip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plain_http_cookies(settings):
    # The live server speaks plain HTTP; production cookies are HTTPS-only.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


def _press(browser, element) -> None:
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def _tip_buttons(browser) -> list:
    return browser.find_elements(By.PARTIAL_LINK_TEXT, "I know who this is") + browser.find_elements(
        By.PARTIAL_LINK_TEXT, "Send a tip about this case"
    )


def test_an_officer_confirms_the_solve_and_the_tip_buttons_go(browser, live_server, plain_http_cookies, officer, snap):
    still = StillFactory()
    case = still.case
    tip = make_tip(case=case)
    Tip.objects.filter(pk=tip.pk).update(status=Tip.Status.IN_REVIEW)

    browser.get(live_server.url + case.get_absolute_url())  # a visitor sees (and caches) the open case
    assert _tip_buttons(browser)

    sign_in_browser(browser, live_server, officer)
    browser.get(live_server.url + case.get_absolute_url())
    browser.find_element(By.ID, "solve-note").send_keys("Arrested on Tuesday after his mother recognised him.")
    snap("solve-1-case-page")
    _press(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Mark solved']"))
    WebDriverWait(browser, 10).until(expected_conditions.title_contains("Mark this case solved?"))
    assert Case.objects.get(pk=case.pk).status == Case.Status.OPEN  # nothing changed yet
    assert "Arrested on Tuesday" in browser.find_element(By.CSS_SELECTOR, "[data-testid=solve-note]").text
    snap("solve-2-confirm")
    _press(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Yes, mark it solved']"))
    WebDriverWait(browser, 10).until(expected_conditions.url_to_be(live_server.url + case.get_absolute_url()))

    assert "Solved" in browser.find_element(By.CSS_SELECTOR, "main .tp-status").text
    assert not _tip_buttons(browser)
    assert Tip.objects.get(pk=tip.pk).status == Tip.Status.CLOSED
    snap("solve-3-solved")

    browser.delete_all_cookies()  # the public again
    browser.get(live_server.url + case.get_absolute_url())
    assert "Solved" in browser.find_element(By.CSS_SELECTOR, "main .tp-status").text
    assert not _tip_buttons(browser)
