"""In headless Chromium, under the site's strict Content-Security-Policy: the switcher changes the
language of the page the visitor is on, and the scripts speak the page's language."""

import pytest
from selenium.webdriver.common.by import By

from cases.tests.factories import CaseFactory
from tipportal.tests.browser import wait_for_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _press(browser, language: str) -> None:
    button = browser.find_element(By.CSS_SELECTOR, f"form[action='/language/'] button[value='{language}']")
    button.click()
    wait_for_language(browser, language)


def test_a_visitor_switches_to_spanish_and_back_on_the_page_they_are_reading(browser, live_server):
    case = CaseFactory(title="Bottle taken from the corner shop")
    page = live_server.url + case.get_absolute_url()
    browser.get(page)
    assert "Share this case" in browser.find_element(By.TAG_NAME, "body").text

    _press(browser, "es")
    assert browser.current_url == page
    assert "Comparta este caso" in browser.find_element(By.TAG_NAME, "body").text
    assert browser.get_cookie("django_language")["value"] == "es"
    # The catalog loaded as a file (no inline script) and the site's script reads from it.
    assert browser.execute_script("return window.gettext('Link copied')") == "Enlace copiado"

    _press(browser, "en")
    assert browser.current_url == page
    assert "Share this case" in browser.find_element(By.TAG_NAME, "body").text
    assert browser.execute_script("return window.gettext('Link copied')") == "Link copied"


def test_the_tip_form_says_it_is_sending_in_spanish(browser, live_server):
    browser.get(live_server.url + "/tips/")
    _press(browser, "es")
    assert browser.current_url == live_server.url + "/tips/"
    browser.find_element(By.NAME, "body").send_keys("El hombre de la gorra roja es mi vecino.")
    # The submit handler only, without leaving the page: the button says what is happening.
    browser.execute_script(
        "document.querySelector(\"form[enctype='multipart/form-data']\").dispatchEvent(new Event('submit'))"
    )
    button = browser.find_element(By.CSS_SELECTOR, "main form [type=submit]")
    assert button.text == "Enviando…"
    assert not button.is_enabled()
    assert browser.find_element(By.CSS_SELECTOR, ".tp-upload-status").text.startswith("Enviando. Los videos grandes")
