"""Helpers for the headless-Chromium tests (the `browser` fixture is in conftest.py)."""

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait


def wait_for_text(browser, text: str, selector: str = "body", timeout: float = 15) -> None:
    """A press starts a navigation: wait for the page that follows rather than read the old one.

    While Chromium swaps one document for the next, reading an element can fail in several ways
    (a stale element, no such element, "Node with given id does not belong to the document");
    each of them only means "not yet", so every WebDriver error is a reason to look again.
    """
    wait = WebDriverWait(browser, timeout, ignored_exceptions=(WebDriverException,))
    wait.until(lambda driver: text in driver.find_element(By.CSS_SELECTOR, selector).text)


def wait_for_language(browser, language: str, timeout: float = 15) -> None:
    """Wait for the page that follows a language choice: its <html lang> names that language."""
    wait = WebDriverWait(browser, timeout, ignored_exceptions=(WebDriverException,))
    wait.until(lambda driver: driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == language)
