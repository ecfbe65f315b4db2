"""The whole comment journey in headless Chromium: sign up, verify, comment, moderate, see why."""

import re
import time

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from selenium.common.exceptions import ElementClickInterceptedException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from accounts.tests.otp import give_authenticator, pass_second_factor
from cases.tests.factories import CaseFactory
from tipportal.tests.browser import wait_for_text

PASSWORD = "a long enough passphrase"


def _click(browser, element) -> None:
    # The page may have jumped to a comment anchor; bring the control into view like a reader would.
    # A page opened at #comment-N may still be scrolling there (smooth scrolling): retry briefly.
    for _ in range(50):
        browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
        try:
            element.click()
            break
        except ElementClickInterceptedException:
            time.sleep(0.1)
    else:
        element.click()
    WebDriverWait(browser, 10).until(lambda _: _gone(element))  # the form posted and a new page loaded


def _gone(element) -> bool:
    try:
        element.is_enabled()
    except WebDriverException:  # stale, or Chromium's "node does not belong to the document"
        return True
    return False


def _sign_in(browser, live_server, email: str, password: str) -> None:
    browser.get(live_server.url + "/accounts/login/")
    browser.find_element(By.ID, "id_username").send_keys(email)
    browser.find_element(By.ID, "id_password").send_keys(password)
    _click(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert len(browser.find_elements(By.ID, "tp-user-menu")) == 1  # the account menu, with "Sign out"


def _sign_out(browser) -> None:
    # The account menu's own clicks are tested in tipportal/tests/test_navigation_browser.py; here,
    # right after a screenshot has resized the window, the menu could open out of view under load,
    # so the journey sends the menu's sign-out form itself.
    form = browser.find_element(By.CSS_SELECTOR, ".tp-navbar form[action='/accounts/logout/']")
    browser.execute_script("arguments[0].requestSubmit()", form)
    wait_for_text(browser, "Sign in", selector=".tp-navbar")
    assert not browser.find_elements(By.ID, "tp-user-menu")


def _comment(browser, text: str) -> None:
    browser.find_element(By.ID, "id_body").send_keys(text)
    _click(browser, browser.find_element(By.CSS_SELECTOR, ".tp-comment-form button[type=submit]"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_citizen_comments_and_a_moderator_reviews(browser, live_server, django_user_model, snap):
    case = CaseFactory(title="Bottle taken from the corner shop")
    moderator = django_user_model.objects.create_user(
        username="mona@example.org", email="mona@example.org", password=PASSWORD, is_staff=True
    )
    moderator.groups.add(Group.objects.get(name="Moderators"))
    give_authenticator(moderator)

    # Sign up and verify by the emailed link.
    browser.get(live_server.url + "/")
    _click(browser, browser.find_element(By.LINK_TEXT, "Create account"))
    browser.find_element(By.ID, "id_email").send_keys("dana@example.org")
    browser.find_element(By.ID, "id_display_name").send_keys("Dana")
    browser.find_element(By.ID, "id_password1").send_keys(PASSWORD)
    browser.find_element(By.ID, "id_password2").send_keys(PASSWORD)
    snap("account-comment-1-sign-up")
    _click(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "Check your email" in browser.find_element(By.TAG_NAME, "h1").text
    snap("account-comment-2-check-your-email")
    link = re.search(r"http://\S+/accounts/verify/\S+/", mail.outbox[-1].body).group()
    browser.get(live_server.url + link[link.index("/accounts/") :])
    assert "verified" in browser.find_element(By.CSS_SELECTOR, ".tp-messages").text
    snap("account-comment-3-verified")

    # Comment: a fair one shows, a profane one and one with an address wait for review.
    browser.get(live_server.url + case.get_absolute_url())
    _comment(browser, "Didn't see them take that bottle, but the shop has cameras.")
    assert "Your comment is posted." in browser.find_element(By.CSS_SELECTOR, ".tp-messages").text
    _comment(browser, "This department is f*cking useless.")
    held = browser.find_elements(By.CSS_SELECTOR, ".tp-comment-held")
    assert len(held) == 1 and "Awaiting review" in held[0].text
    _comment(browser, "The owner at 52 Elm Street told me the camera was off.")
    assert len(browser.find_elements(By.CSS_SELECTOR, ".tp-comment-held")) == 2
    snap("account-comment-4-comments-held")
    _sign_out(browser)

    # The public sees only the published comment.
    browser.get(live_server.url + case.get_absolute_url())
    comments = browser.find_element(By.ID, "comments").text
    assert "that bottle" in comments and "useless" not in comments and "Elm Street" not in comments

    # The moderator publishes one and removes the other, with a reason.
    _sign_in(browser, live_server, "mona@example.org", PASSWORD)
    browser.get(live_server.url + "/moderation/")
    pass_second_factor(browser, moderator)
    items = browser.find_elements(By.CSS_SELECTOR, ".tp-queue-item")
    assert len(items) == 2
    assert browser.find_element(By.CSS_SELECTOR, ".tp-queue-item mark").text == "f*cking"
    snap("moderation-1-queue")
    address_item = next(item for item in items if "Elm Street" in item.text)
    _click(browser, address_item.find_element(By.CSS_SELECTOR, "button[value=publish]"))
    assert len(browser.find_elements(By.CSS_SELECTOR, ".tp-queue-item")) == 1
    item = browser.find_element(By.CSS_SELECTOR, ".tp-queue-item")
    item.find_element(By.CSS_SELECTOR, "input[name=reason]").send_keys("Please keep it free of swearing.")
    _click(browser, item.find_element(By.CSS_SELECTOR, "button[value=remove]"))
    assert "Nothing to review" in browser.find_element(By.TAG_NAME, "main").text
    snap("moderation-2-queue-empty")
    _sign_out(browser)

    # The author sees the published comment, and why the other was removed.
    _sign_in(browser, live_server, "dana@example.org", PASSWORD)
    browser.get(live_server.url + case.get_absolute_url())
    removed = browser.find_element(By.CSS_SELECTOR, ".tp-comment-removed")
    assert "Removed by a moderator" in removed.text
    assert "Please keep it free of swearing." in removed.text
    assert "52 Elm Street" in browser.find_element(By.ID, "comments").text
    assert not browser.find_elements(By.CSS_SELECTOR, ".tp-comment-held")
    snap("account-comment-5-removed-and-why")
