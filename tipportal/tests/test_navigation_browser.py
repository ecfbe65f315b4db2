"""The top menu in headless Chromium: for every role it fits the window at laptop widths, with
"Sign out" a click (or a few keys) away in the account menu; below 1200 px it folds behind the
menu button. And each role's main pages never scroll sideways, from a phone (390 px) to a wide
laptop (1440 px), in English and in Spanish."""

import pytest
from django.conf import settings
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from accounts.tests.otp import sign_in_browser
from tipportal.tests.browser import wait_for_new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP_WIDTHS = (1200, 1280, 1366, 1440)
ROLES = ("citizen", "officer", "analyst", "moderator")


@pytest.fixture
def plain_http_cookies(settings):
    # The live server speaks plain HTTP; production cookies are HTTPS-only.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


def _overflow(browser) -> int:
    return browser.execute_script("var root = document.documentElement; return root.scrollWidth - root.clientWidth;")


def _sign_out_button(browser):
    return browser.find_element(By.CSS_SELECTOR, ".tp-navbar form[action='/accounts/logout/'] button")


def _within_window(browser, element) -> bool:
    return browser.execute_script(
        "var box = arguments[0].getBoundingClientRect();"
        "return box.width > 0 && box.left >= 0 && box.right <= document.documentElement.clientWidth;",
        element,
    )


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("role", ROLES)
def test_the_menu_fits_and_sign_out_is_in_reach_at_laptop_widths(
    browser, live_server, plain_http_cookies, request, role, language
):
    user = request.getfixturevalue(role)
    user.display_name = "Alexandra Montgomery-Fitzgerald"  # a long name, as people have
    user.save(update_fields=["display_name"])
    sign_in_browser(browser, live_server, user)
    browser.add_cookie({"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "path": "/"})
    for width in LAPTOP_WIDTHS:
        browser.set_window_size(width, 900)
        browser.get(live_server.url + "/")
        assert _overflow(browser) == 0, f"{role} at {width} px: the page scrolls sideways"
        navbar = browser.find_element(By.CSS_SELECTOR, ".tp-navbar")
        assert navbar.size["height"] < 80, f"{role} at {width} px: the menu wraps onto a second line"
        assert not browser.find_element(By.CSS_SELECTOR, ".navbar-toggler").is_displayed()

        browser.find_element(By.ID, "tp-user-menu").click()
        sign_out = _sign_out_button(browser)
        WebDriverWait(browser, 5).until(expected_conditions.visibility_of(sign_out))
        assert _within_window(browser, sign_out), f"{role} at {width} px: Sign out is off the screen"
        assert _overflow(browser) == 0, f"{role} at {width} px: the open menu makes the page scroll sideways"
        browser.find_element(By.ID, "tp-user-menu").click()  # closed again

    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == language
    assert _sign_out_button(browser).get_attribute("textContent") == {"en": "Sign out", "es": "Salir"}[language]
    browser.find_element(By.ID, "tp-user-menu").click()
    sign_out = _sign_out_button(browser)
    sign_out.click()
    wait_for_new_page(browser, sign_out)
    assert not browser.find_elements(By.ID, "tp-user-menu")  # signed out


@pytest.mark.parametrize("role", ("officer", "moderator", "analyst"))
def test_staff_find_their_pages_in_the_work_menu(browser, live_server, plain_http_cookies, request, role):
    user = request.getfixturevalue(role)
    sign_in_browser(browser, live_server, user)
    browser.set_window_size(1280, 900)
    browser.get(live_server.url + "/")
    browser.find_element(By.ID, "tp-work-menu").click()
    menu = browser.find_element(By.CSS_SELECTOR, "[aria-labelledby=tp-work-menu]")
    WebDriverWait(browser, 5).until(expected_conditions.visibility_of(menu))
    items = [link.text for link in menu.find_elements(By.CSS_SELECTOR, "a.dropdown-item")]
    expected = {
        "officer": ["Tip desk", "Threat reports", "Outcomes per week", "Admin"],
        "moderator": ["Moderation queue", "Admin"],
        "analyst": ["Outcomes per week", "Admin"],
    }[role]
    assert items == expected
    assert _overflow(browser) == 0


def test_a_citizen_has_no_work_menu(browser, live_server, plain_http_cookies, citizen):
    sign_in_browser(browser, live_server, citizen)
    browser.get(live_server.url + "/")
    assert not browser.find_elements(By.ID, "tp-work-menu")
    assert browser.find_element(By.CSS_SELECTOR, "#tp-user-menu .tp-user-name").text == "Carol"


def test_sign_out_is_reachable_with_the_keyboard_alone(browser, live_server, plain_http_cookies, officer):
    sign_in_browser(browser, live_server, officer)
    browser.set_window_size(1280, 900)
    browser.get(live_server.url + "/")
    # Tab through the page from the top until the account menu has the focus.
    for _ in range(30):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        if browser.switch_to.active_element.get_attribute("id") == "tp-user-menu":
            break
    else:
        pytest.fail("the account menu cannot be reached with the Tab key")
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    for _ in range(5):
        browser.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
        if browser.switch_to.active_element.text == "Sign out":
            break
    else:
        pytest.fail("Sign out cannot be reached with the arrow keys")
    # The focus is visible where it is.
    outline = browser.execute_script("return getComputedStyle(document.activeElement).outlineStyle")
    background = browser.execute_script("return getComputedStyle(document.activeElement).backgroundColor")
    assert outline != "none" or background not in ("rgba(0, 0, 0, 0)", "transparent")
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(expected_conditions.presence_of_element_located((By.LINK_TEXT, "Sign in")))


@pytest.mark.parametrize("width", (390, 1024, 1199))
def test_below_1200_px_the_menu_folds_behind_the_menu_button(browser, live_server, plain_http_cookies, officer, width):
    sign_in_browser(browser, live_server, officer)
    browser.set_window_size(width, 900)
    browser.get(live_server.url + "/")
    toggler = browser.find_element(By.CSS_SELECTOR, ".navbar-toggler")
    assert toggler.is_displayed()
    assert not browser.find_element(By.ID, "tp-nav").is_displayed()
    toggler.click()
    WebDriverWait(browser, 5).until(expected_conditions.visibility_of(browser.find_element(By.ID, "tp-user-menu")))
    browser.find_element(By.ID, "tp-user-menu").click()
    sign_out = _sign_out_button(browser)
    WebDriverWait(browser, 5).until(expected_conditions.visibility_of(sign_out))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", sign_out)
    assert _within_window(browser, sign_out)
    assert _overflow(browser) == 0


# Each role's main pages: none of them scrolls sideways, from a phone to a wide laptop.
LAYOUT_WIDTHS = (390, 768, 1280, 1440)
MAIN_PAGES = {
    "anonymous": ["/", "/cases/", "{case}", "/tips/", "/tips/check/", "/figures/", "/alerts/subscribe/",
                  "/accounts/login/", "/accounts/signup/"],
    "citizen": ["/", "{case}", "/accounts/", "/alerts/mine/"],
    "officer": ["/desk/", "{tip}", "/desk/threats/", "{threat}", "/figures/outcomes/", "{case}"],
    "analyst": ["/figures/outcomes/", "/admin/", "/admin/cases/case/", "/admin/cases/case/add/", "{case}"],
    "moderator": ["/moderation/", "{case}"],
}  # fmt: skip


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("role", MAIN_PAGES)
def test_no_main_page_scrolls_sideways_at_any_width(browser, live_server, plain_http_cookies, request, role, language):
    from cases.tests.factories import StillFactory
    from moderation.services import escalate_comment
    from moderation.tests.factories import CommentFactory, HeldCommentFactory
    from tips.tests.factories import make_tip

    still = StillFactory(alt_text="A man in a grey hooded top at the till")
    StillFactory(case=still.case)
    CommentFactory(case=still.case)
    held = HeldCommentFactory(case=still.case)
    threat = escalate_comment(held, actor=request.getfixturevalue("moderator"), note="Names the tipster's street.")
    tip = make_tip(case=still.case)
    pages = [
        page.format(case=still.case.get_absolute_url(), tip=f"/desk/tips/{tip.pk}/", threat=threat.get_absolute_url())
        for page in MAIN_PAGES[role]
    ]
    if role == "anonymous":
        browser.get(live_server.url + "/healthz")
    else:
        sign_in_browser(browser, live_server, request.getfixturevalue(role))
    browser.add_cookie({"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "path": "/"})
    wide = []
    for width in LAYOUT_WIDTHS:
        browser.set_window_size(width, 900)
        for page in pages:
            browser.get(live_server.url + page)
            assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == language
            measured = browser.execute_script(
                "return [document.documentElement.scrollWidth, window.innerWidth, document.documentElement.clientWidth]"
            )
            if measured[0] > measured[2]:
                wide.append(f"{page} at {width} px: {measured[0]} px wide in a {measured[2]} px window")
            # A table of figures may scroll inside its own box (WCAG's reflow allows it for data
            # tables); a list laid out as a table, like the desk's tips, stacks on a phone instead.
            scrolled = browser.execute_script(
                "return Array.from(document.querySelectorAll('.tp-stack-table')).filter(function (table) {"
                "  var box = table.parentNode; return box.scrollWidth > box.clientWidth; }).length"
            )
            if scrolled:
                wide.append(f"{page} at {width} px: the list scrolls sideways in its box")
    assert not wide, "\n".join(wide)
