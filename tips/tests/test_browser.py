"""End to end in headless Chromium: a tipster sends a tip with a photo and keeps the receipt; an
officer reads it and replies; the tipster comes back with the receipt and reads the reply."""

import pytest
from selenium.webdriver.common.by import By

from accounts.tests.otp import give_authenticator, pass_second_factor
from cases.tests.factories import StillFactory
from tipportal.tests.browser import wait_for_text as _wait_for

from .media import tagged_jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def _click(browser, element) -> None:
    # Bootstrap scrolls smoothly; jump instead, so the element is where the click lands.
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def _submit(browser, form_selector: str) -> None:
    _click(browser, browser.find_element(By.CSS_SELECTOR, f"{form_selector} [type=submit]"))


def test_a_tipster_and_an_officer_talk_through_the_tip_line(browser, live_server, officer, tmp_path, snap):
    still = StillFactory(alt_text="Man in a red cap at the till")
    case = still.case
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(tagged_jpeg())

    # The tipster recognises the man and sends a tip with a photo.
    browser.get(live_server.url + case.get_absolute_url())
    _click(browser, browser.find_element(By.LINK_TEXT, "I know who this is"))
    _wait_for(browser, "Man in a red cap at the till")
    snap("citizen-tip-1-form")
    browser.find_element(By.NAME, "body").send_keys("That is my brother-in-law, Rick Salas.")
    browser.find_element(By.NAME, "attachments").send_keys(str(photo))
    _submit(browser, "main form")
    _wait_for(browser, "Your tip has been received and saved")
    code = browser.find_element(By.CSS_SELECTOR, "[data-testid=tip-code]").text
    secret = browser.find_element(By.CSS_SELECTOR, "[data-testid=tip-secret]").text
    assert len(secret.split()) == 7
    snap("citizen-tip-2-receipt")
    assert browser.find_element(By.LINK_TEXT, "Download receipt").get_attribute("download") == "tip-receipt.txt"
    browser.delete_all_cookies()

    # The officer signs in (password, then the code from the app), reads the tip with its photo,
    # and asks a question.
    give_authenticator(officer)
    browser.get(live_server.url + "/admin/login/?next=/desk/")
    browser.find_element(By.NAME, "username").send_keys(officer.username)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    _click(browser, browser.find_element(By.CSS_SELECTOR, "[type=submit]"))
    pass_second_factor(browser, officer)
    _wait_for(browser, code)
    snap("officer-desk-1-inbox")
    _click(browser, browser.find_element(By.LINK_TEXT, code))
    _wait_for(browser, "That is my brother-in-law, Rick Salas.")
    image = browser.find_element(By.CSS_SELECTOR, "img.tp-tip-photo")
    assert browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image) == 640
    snap("officer-desk-2-tip")
    browser.find_element(By.NAME, "reply-body").send_keys("Thank you. Where does he live?")
    _submit(browser, "form[action$='/reply/']")
    _wait_for(browser, "Sent. The tipster sees it")
    snap("officer-desk-3-replied")
    browser.delete_all_cookies()

    # The tipster comes back with the receipt and reads the question.
    browser.get(live_server.url + "/tips/check/")
    snap("citizen-tip-3-check")
    browser.find_element(By.NAME, "code").send_keys(code)
    browser.find_element(By.NAME, "secret").send_keys(secret)
    _submit(browser, "main form")
    _wait_for(browser, "Thank you. Where does he live?")
    _wait_for(browser, "Being reviewed by an officer.")
    browser.find_element(By.NAME, "body").send_keys("On Pine Street, the blue house.")
    _submit(browser, "form[action$='/reply/']")
    _wait_for(browser, "On Pine Street, the blue house.")
    snap("citizen-tip-4-conversation")
