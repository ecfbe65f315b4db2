"""Sign-up and sign-in as a person meets them in headless Chromium: a weak password is flagged
under the password box, and signing in before verifying says so, with a button for a new link."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from selenium.webdriver.common.by import By

from tipportal.tests.browser import wait_for_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase"


def _submit(browser) -> None:
    button = browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", button)
    button.click()


def _wait_for(browser, text: str) -> None:
    wait_for_text(browser, text, selector="main")


def _below(browser, error) -> str:
    """Which input the error sits just under: the nearest input above it on the page."""
    return browser.execute_script(
        "var error = arguments[0].getBoundingClientRect(); var best = null;"
        "document.querySelectorAll('main input:not([type=hidden])').forEach(function (input) {"
        "  var box = input.getBoundingClientRect();"
        "  if (box.bottom <= error.top + 1 && (!best || box.bottom > best.box.bottom)) {"
        "    best = {id: input.id, box: box};"
        "  }"
        "}); return best && best.id;",
        error,
    )


def test_a_weak_password_is_flagged_under_the_password_box(browser, live_server):
    browser.get(live_server.url + "/accounts/signup/")
    browser.find_element(By.ID, "id_email").send_keys("erin@example.org")
    browser.find_element(By.ID, "id_display_name").send_keys("Erin")
    browser.find_element(By.ID, "id_password1").send_keys("12345678")
    browser.find_element(By.ID, "id_password2").send_keys("12345678")
    _submit(browser)
    _wait_for(browser, "This password is entirely numeric.")
    error = browser.find_element(By.XPATH, "//*[contains(text(), 'This password is entirely numeric.')]")
    assert _below(browser, error) == "id_password1"


def test_signing_in_before_verifying_says_so_and_sends_a_new_link(browser, live_server):
    get_user_model().objects.create_user(username="dana@example.org", email="dana@example.org", password=PASSWORD,
                                         display_name="Dana", is_active=False)  # fmt: skip
    browser.get(live_server.url + "/accounts/login/")
    browser.find_element(By.ID, "id_username").send_keys("dana@example.org")
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    _submit(browser)
    _wait_for(browser, "Your email address is not verified yet.")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Your email address is not verified yet." in main
    assert "Please enter a correct" not in main
    button = browser.find_element(By.XPATH, "//button[normalize-space()='Email me a new link']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", button)
    button.click()
    _wait_for(browser, "a new link is on its way")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Check your email"
    assert mail.outbox[-1].to == ["dana@example.org"]
