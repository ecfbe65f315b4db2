"""axe-core in headless Chromium finds nothing to fix at WCAG 2.1 AA (and no skipped heading
level) on every page a person reads: the public pages, the tip flow, the account pages, and the
desk, moderation and figures pages as staff, and the main pages in Spanish
(docs/accessibility.md). Feeds are XML and posters
are PDF, so neither is checked here. Each test walks its pages in one browser and lists every
violation it met, page by page."""

import pytest
from django.conf import settings
from django.urls import reverse
from selenium.webdriver.common.by import By

from accounts.tests.otp import SecondFactorClient, give_authenticator, sign_in_browser
from cases.tests.factories import StillFactory
from community.tests.factories import PostFactory
from moderation.tests.factories import CommentFactory, HeldCommentFactory
from notifications import tokens
from notifications.tests.factories import SubscriptionFactory
from tipportal.tests.browser import wait_for_text
from tips import services as tip_services
from tips.tests.factories import make_receipt

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plain_http_cookies(settings):
    # The live server speaks plain HTTP; production cookies are HTTPS-only.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


def _check(browser, axe, live_server, paths: list[str]) -> list[str]:
    violations = []
    for path in paths:
        browser.get(live_server.url + path)
        violations += axe()
    return violations


def _press(browser, element) -> None:
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def _password_only_session(browser, live_server, user) -> None:
    """Signed in with the password, the second factor still to come (set up or typed)."""
    client = SecondFactorClient()
    client.force_login(user, second_factor=False)
    browser.get(live_server.url + "/healthz")
    browser.delete_all_cookies()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    browser.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": cookie, "path": "/"})


@pytest.fixture
def case():
    first = StillFactory(alt_text="A man in a grey hooded top at the till", caption="At the till")
    StillFactory(case=first.case, alt_text="The same man leaving by the side door", caption="Leaving")
    CommentFactory(case=first.case)
    return first.case


def test_the_public_pages_have_nothing_for_axe_to_report(browser, axe, live_server, case):
    post = PostFactory()
    subscription = SubscriptionFactory(new_cases=True)
    manage = tokens.make_token(subscription, tokens.MANAGE)
    unconfirmed = SubscriptionFactory(confirmed_at=None)
    paths = [
        "/",
        reverse("cases:list"),
        reverse("cases:list") + "?q=bottle",
        reverse("cases:list") + "?q=nothing+matches+this",
        case.get_absolute_url(),
        reverse("moderation:comments", args=[case.slug]),
        reverse("stats:figures"),
        reverse("community:list"),
        post.get_absolute_url(),
        reverse("notifications:subscribe"),
        reverse("notifications:check-inbox"),
        reverse("notifications:confirm", args=[tokens.make_token(unconfirmed, tokens.CONFIRM)]),
        reverse("notifications:manage", args=[manage]),
        reverse("notifications:unsubscribe", args=[manage]),
        "/no-such-page/",
    ]
    violations = _check(browser, axe, live_server, paths)
    assert not violations, "\n".join(violations)


def test_the_tip_flow_has_nothing_for_axe_to_report(browser, axe, live_server, plain_http_cookies, case, officer):
    still = case.stills.first()
    violations = _check(browser, axe, live_server, [reverse("tips:send"), reverse("tips:send") + f"?still={still.pk}"])
    # A form sent back with its errors.
    _press(browser, browser.find_element(By.CSS_SELECTOR, "main form [type=submit]"))
    wait_for_text(browser, "There is a problem")
    violations += axe()
    # The receipt.
    browser.find_element(By.NAME, "body").send_keys("That is my neighbour, he drives a blue van.")
    _press(browser, browser.find_element(By.CSS_SELECTOR, "main form [type=submit]"))
    wait_for_text(browser, "Your receipt")
    violations += axe()
    # Checking on a tip an officer answered, and the conversation.
    receipt = make_receipt(case=case)
    tip_services.reply_to_tipster(receipt.tip, actor=officer, body="Thank you. Which street?")
    violations += _check(browser, axe, live_server, [reverse("tips:check")])
    browser.find_element(By.NAME, "code").send_keys(receipt.code)
    browser.find_element(By.NAME, "secret").send_keys(receipt.secret)
    _press(browser, browser.find_element(By.CSS_SELECTOR, "main form [type=submit]"))
    wait_for_text(browser, "Thank you. Which street?")
    violations += axe()
    assert not violations, "\n".join(violations)


def test_the_account_pages_have_nothing_for_axe_to_report(
    browser, axe, live_server, plain_http_cookies, citizen, officer, analyst
):
    violations = _check(
        browser,
        axe,
        live_server,
        [
            reverse("login"),
            reverse("accounts:signup"),
            reverse("accounts:resend-verification"),
            reverse("password_reset"),
            reverse("password_reset_done"),
        ],
    )
    # Sign-in refused: the error above the form.
    browser.get(live_server.url + reverse("login"))
    browser.find_element(By.NAME, "username").send_keys("nobody@example.org")
    browser.find_element(By.NAME, "password").send_keys("not the password")
    _press(browser, browser.find_element(By.CSS_SELECTOR, "main form [type=submit]"))
    wait_for_text(browser, "Please enter a correct")
    violations += axe()
    sign_in_browser(browser, live_server, citizen)
    # Their pages, and the page that turns them away from the desk.
    violations += _check(
        browser, axe, live_server, [reverse("accounts:account"), reverse("notifications:mine"), reverse("desk:inbox")]
    )
    # A first sign-in as staff sets up the authenticator app; later ones ask for its code.
    _password_only_session(browser, live_server, officer)
    violations += _check(browser, axe, live_server, [reverse("accounts:second-factor-setup")])
    give_authenticator(analyst)
    _password_only_session(browser, live_server, analyst)
    violations += _check(browser, axe, live_server, [reverse("accounts:second-factor")])
    assert not violations, "\n".join(violations)


def test_the_main_pages_in_spanish_have_nothing_for_axe_to_report(browser, axe, live_server, case):
    browser.get(live_server.url + "/healthz")
    browser.add_cookie({"name": settings.LANGUAGE_COOKIE_NAME, "value": "es", "path": "/"})
    paths = ["/", reverse("cases:list"), case.get_absolute_url(), reverse("tips:send"), reverse("tips:check"),
             reverse("stats:figures"), reverse("notifications:subscribe"), reverse("login"),
             "/no-such-page/"]  # fmt: skip
    violations = _check(browser, axe, live_server, paths)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es"
    assert not violations, "\n".join(violations)


def test_the_staff_pages_have_nothing_for_axe_to_report(
    browser, axe, live_server, plain_http_cookies, case, officer, moderator, analyst
):
    receipt = make_receipt(case=case)
    tip_services.reply_to_tipster(receipt.tip, actor=officer, body="Thank you. Which street?")
    make_receipt(body="A second tip, about nothing in particular.")
    HeldCommentFactory(case=case)
    sign_in_browser(browser, live_server, officer)
    violations = _check(
        browser,
        axe,
        live_server,
        [
            reverse("desk:inbox"),
            reverse("desk:tip", args=[receipt.tip.pk]),
            reverse("stats:outcomes"),
            case.get_absolute_url(),
        ],
    )
    sign_in_browser(browser, live_server, moderator)
    violations += _check(browser, axe, live_server, [reverse("moderation:queue"), case.get_absolute_url()])
    sign_in_browser(browser, live_server, analyst)
    violations += _check(browser, axe, live_server, [reverse("stats:outcomes")])
    assert not violations, "\n".join(violations)
