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


def wait_for_new_page(browser, element, timeout: float = 10) -> None:
    """Wait until the page that holds `element` has been replaced by the next one.

    Chromium reports a node of the page being left either as stale or as "not belonging to the
    document"; both mean it is gone (Selenium's staleness_of knows only the first)."""

    def gone(_driver) -> bool:
        try:
            element.is_enabled()
        except WebDriverException:
            return True
        return False

    WebDriverWait(browser, timeout).until(gone)
