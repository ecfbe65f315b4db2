"""In headless Chromium: an officer's first sign-in sets up the authenticator app from the QR
code page (typing the key shown as text, as a person without a camera would), sees the recovery
codes once, and reaches the desk; the pages run no inline script under the strict CSP."""

import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from .otp import code_for_secret

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def plain_http_cookies(settings):
    # The live server speaks plain HTTP; production cookies are HTTPS-only.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


def test_an_officer_sets_up_the_app_on_first_sign_in(browser, live_server, officer, plain_http_cookies, tmp_path):
    browser.get(f"{live_server.url}/accounts/login/?next=/desk/")
    browser.find_element(By.ID, "id_username").send_keys(officer.username)
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(browser, 10).until(expected_conditions.url_contains("/accounts/two-factor/setup/"))

    qr = browser.find_element(By.CSS_SELECTOR, "svg.tp-qr")
    assert qr.size["width"] >= 200 and qr.size["height"] >= 200  # drawn, at a scannable size
    browser.save_screenshot(str(tmp_path / "setup.png"))
    secret = browser.find_element(By.CSS_SELECTOR, "[data-testid=totp-secret]").text
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{4})+", secret)
    assert not browser.get_log("browser")  # no CSP violation or script error on the page

    field = browser.find_element(By.ID, "id_code")
    field.send_keys(code_for_secret(secret))
    field.submit()
    codes = browser.find_elements(By.CSS_SELECTOR, "[data-testid=recovery-codes] code")
    assert len(codes) == 10
    browser.find_element(By.LINK_TEXT, "I have saved them: continue").click()
    WebDriverWait(browser, 10).until(expected_conditions.url_to_be(f"{live_server.url}/desk/"))
    browser.find_element(By.ID, "tp-work-menu").click()
    assert browser.find_element(By.LINK_TEXT, "Tip desk").get_attribute("href") == f"{live_server.url}/desk/"
