"""The case admin in headless Chromium, as an analyst uses it: "Save and continue editing" stays
on the case, a form refused for an error keeps the chosen pictures, and the stills table fits a
1280-pixel window beside the admin's menu."""

from datetime import timedelta

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

from accounts.tests.otp import sign_in_browser
from cases.defaults import ensure_categories
from cases.management.demo_images import camera_still
from cases.models import Area, Case, Category

from .factories import CaseFactory, StillFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plain_http_cookies(settings):
    # The live server speaks plain HTTP; production cookies are HTTPS-only.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


def _press(browser, name: str) -> None:
    button = browser.find_element(By.NAME, name)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", button)
    button.click()


def _fill(browser, field_id: str, text: str) -> None:
    element = browser.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(text)


def test_save_and_continue_editing_stays_on_the_case(browser, live_server, plain_http_cookies, analyst):
    case = CaseFactory(title="Bottle taken")
    sign_in_browser(browser, live_server, analyst)
    change_url = f"{live_server.url}/admin/cases/case/{case.pk}/change/"
    browser.get(change_url)
    _fill(browser, "id_title", "Bottle of whiskey taken")
    _press(browser, "_continue")
    WebDriverWait(browser, 10).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".messagelist")))
    assert browser.current_url == change_url
    assert "You may edit it again below." in browser.find_element(By.CSS_SELECTOR, ".messagelist").text
    assert Case.objects.get(pk=case.pk).title == "Bottle of whiskey taken"


def test_a_form_refused_for_an_error_keeps_the_chosen_stills(
    browser, live_server, plain_http_cookies, analyst, tmp_path
):
    ensure_categories(Category)  # a flush by an earlier transactional test may have taken them
    area = Area.objects.create(name="Riverside", slug="riverside")
    files = []
    for index, label in enumerate(("Entering the store", "At the shelf")):
        path = tmp_path / f"still-{index}.jpg"
        path.write_bytes(camera_still(index, timezone.now() - timedelta(days=1), label, size=(1280, 720)))
        files.append(path)
    sign_in_browser(browser, live_server, analyst)
    browser.get(f"{live_server.url}/admin/cases/case/add/")
    _fill(browser, "id_number", "2026-004321")
    _fill(browser, "id_title", "Bottle of whiskey taken from Riverside liquor store")
    _fill(browser, "id_slug", "2026-004321-bottle")
    _fill(browser, "id_summary", "A man took a bottle of whiskey and walked out without paying.")
    Select(browser.find_element(By.ID, "id_category")).select_by_visible_text("Larceny")
    _fill(browser, "id_incident_at_0", (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%d"))
    _fill(browser, "id_incident_at_1", "21:40:00")
    for index, path in enumerate(files):
        browser.find_element(By.ID, f"id_stills-{index}-image").send_keys(str(path))
        _fill(browser, f"id_stills-{index}-alt_text", f"Security camera still {index}: a man in a grey hooded top")
    _press(browser, "_save")  # the area is missing

    WebDriverWait(browser, 20).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".errornote")))
    kept = browser.find_elements(By.CSS_SELECTOR, "#stills-group [data-testid=kept-upload]")
    assert [note.text for note in kept] == [
        "Kept: still-0.jpg. Choose a file only to replace it.",
        "Kept: still-1.jpg. Choose a file only to replace it.",
    ]
    assert "you need not choose them again" in browser.find_element(By.CSS_SELECTOR, ".messagelist").text

    Select(browser.find_element(By.ID, "id_area")).select_by_visible_text(area.name)
    _press(browser, "_save")
    WebDriverWait(browser, 20).until(expected_conditions.url_to_be(f"{live_server.url}/admin/cases/case/"))
    case = Case.objects.get(number="2026-004321")
    assert case.stills.count() == 2
    assert sorted(still.width for still in case.stills.all()) == [1280, 1280]


@pytest.mark.parametrize("width", [1280, 1366, 1440])
def test_the_stills_table_fits_the_window(browser, live_server, plain_http_cookies, analyst, width):
    case = CaseFactory()
    StillFactory.create_batch(2, case=case, alt_text="A man in a grey hooded top at the shelf, holding a bottle")
    sign_in_browser(browser, live_server, analyst)
    browser.set_window_size(width, 900)
    browser.get(f"{live_server.url}/admin/cases/case/{case.pk}/change/")
    sizes = browser.execute_script(
        "var table = document.querySelector('#stills-group table').getBoundingClientRect();"
        "var content = document.querySelector('#content').getBoundingClientRect();"
        "var root = document.documentElement;"
        "return {table: table.right, content: content.right, overflow: root.scrollWidth - root.clientWidth};"
    )
    assert sizes["overflow"] == 0, f"the admin page scrolls sideways at {width} px"
    assert sizes["table"] <= sizes["content"] + 1
    alt = browser.find_element(By.ID, "id_stills-0-alt_text")
    assert alt.size["width"] >= 150  # the alt text still has room to be read and written
