"""A tipster without a mouse, in headless Chromium: from the home page, with only Tab, Enter and
typing, sends a tip, keeps the receipt, and checks on the tip with it. Every control the focus
lands on on the way shows where the focus is (an outline or a focus ring)."""

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tipportal.tests.browser import wait_for_text
from tips.models import Tip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What a sighted keyboard user looks for: an outline, or Bootstrap's focus ring (a box shadow).
FOCUS_SHOWN = """
var element = document.activeElement;
if (!element || element === document.body) { return null; }
var style = getComputedStyle(element);
var outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
var ring = style.boxShadow && style.boxShadow !== 'none';
return {shown: outline || ring, tag: element.tagName, id: element.id, name: element.getAttribute('name'),
        type: element.getAttribute('type'), text: element.innerText.trim(), classes: element.className};
"""


def _key(browser, *keys: str) -> None:
    ActionChains(browser).send_keys(*keys).perform()


def _tab_to(browser, matches, limit: int = 60) -> None:
    """Press Tab until the focused element matches, checking on every stop that it shows the focus."""
    for _ in range(limit):
        _key(browser, Keys.TAB)
        focus = browser.execute_script(FOCUS_SHOWN)
        if focus is None:
            continue
        assert focus["shown"], f"{browser.current_url}: no visible focus on {focus}"
        if matches(focus):
            return
    pytest.fail(f"{browser.current_url}: Tab never reached the control")


def _text(text: str):
    return lambda focus: focus["text"] == text


def _named(name: str):
    return lambda focus: focus["name"] == name


def _submit_button(focus: dict) -> bool:
    return focus["type"] == "submit"


def test_a_tip_is_sent_and_checked_on_with_the_keyboard_alone(browser, live_server):
    browser.get(live_server.url + "/")

    # Home: the first thing the Tab key offers is the skip link; then on to "Send a tip".
    _tab_to(browser, lambda focus: "tp-skip" in focus["classes"], limit=1)
    _tab_to(browser, _text("Send a tip"))
    _key(browser, Keys.ENTER)
    WebDriverWait(browser, 10).until(expected_conditions.url_contains("/tips/"))

    # The form: type the tip, then send it.
    _tab_to(browser, _named("body"))
    _key(browser, "The man in the grey hoodie is Darren Quill, from Birch Lane.")
    _tab_to(browser, _submit_button)
    _key(browser, Keys.ENTER)
    wait_for_text(browser, "Your receipt")
    assert Tip.objects.count() == 1

    # The receipt: read it (as a person copies it down), then follow "Check on my tip".
    code = browser.find_element(By.CSS_SELECTOR, "[data-testid=tip-code]").text
    secret = browser.find_element(By.CSS_SELECTOR, "[data-testid=tip-secret]").text
    _tab_to(browser, _text("Download receipt"))
    _tab_to(browser, _text("Check on my tip"))
    _key(browser, Keys.ENTER)
    WebDriverWait(browser, 10).until(expected_conditions.url_contains("/tips/check/"))

    # Check: the code, the secret words, Enter.
    _tab_to(browser, _named("code"))
    _key(browser, code)
    _tab_to(browser, _named("secret"))
    _key(browser, secret, Keys.ENTER)
    wait_for_text(browser, "The man in the grey hoodie is Darren Quill")

    # And a message to the officers, still without a mouse.
    _tab_to(browser, _named("body"))
    _key(browser, "He drives a blue van.")
    _tab_to(browser, _submit_button)
    _key(browser, Keys.ENTER)
    wait_for_text(browser, "He drives a blue van.")
