"""In a real browser: the analyst posts a case with two stills in the admin, publishes it, and the
public page shows it with renditions (made by the task queued when the save committed)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

from accounts.tests.otp import give_authenticator, pass_second_factor
from cases.defaults import ensure_categories
from cases.management.demo_images import camera_still
from cases.models import Area, Case, Category, Still

# No serialized_rollback: after an earlier transactional test's flush, post_migrate has already put
# the groups back, and restoring the serialized copy on top of them broke on their unique names.
# The groups (the cast's sync_groups), categories (ensure_categories below) and the moderation word
# list come back by themselves after each flush, for this test and every one after it.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = (390, 844)


@pytest.fixture
def plain_http_cookies(settings):
    # The live server speaks plain HTTP; production cookies are HTTPS-only.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


def _sign_in(browser, live_server, user) -> None:
    give_authenticator(user)
    browser.get(f"{live_server.url}/admin/login/?next=/admin/")
    browser.find_element(By.ID, "id_username").send_keys(user.username)
    browser.find_element(By.ID, "id_password").send_keys("correct horse battery staple")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    WebDriverWait(browser, 10).until(expected_conditions.url_contains("/accounts/two-factor/"))
    pass_second_factor(browser, user)
    WebDriverWait(browser, 10).until(expected_conditions.url_to_be(f"{live_server.url}/admin/"))


def _fill(browser, field_id: str, text: str) -> None:
    element = browser.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(text)


def _loaded_images(browser) -> list[dict]:
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('.tp-gallery img')).map(function (img) {"
        "  return {src: img.currentSrc, complete: img.complete, width: img.naturalWidth,"
        "          srcset: img.getAttribute('srcset') || ''}; });"
    )


def _images_shown(browser) -> bool:
    return all(image["complete"] and image["width"] > 0 for image in _loaded_images(browser))


def _full_page_screenshot(browser, width: int, path: Path) -> None:
    browser.set_window_size(width, 900)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(width, min(height + 100, 6000))
    # A wider window picks a larger rendition from the srcset: wait until it is shown.
    WebDriverWait(browser, 10).until(_images_shown)
    browser.save_screenshot(str(path))


def test_analyst_posts_a_case_with_two_stills_and_the_public_sees_it(
    browser, live_server, analyst, plain_http_cookies, tmp_path, snap
):
    ensure_categories(Category)  # a flush by an earlier transactional test may have taken them
    area = Area.objects.create(name="Riverside", slug="riverside")
    uploads = []
    for index, label in enumerate(("Entering the store", "At the shelf")):
        path = tmp_path / f"still-{index}.jpg"
        path.write_bytes(camera_still(index, timezone.now() - timedelta(days=1), label, size=(1920, 1080)))
        uploads.append((path, label))

    _sign_in(browser, live_server, analyst)
    browser.get(f"{live_server.url}/admin/cases/case/add/")
    _fill(browser, "id_number", "2026-004321")
    _fill(browser, "id_title", "Bottle of whiskey taken from Riverside liquor store")
    _fill(browser, "id_slug", "2026-004321-bottle-of-whiskey-taken")
    _fill(browser, "id_summary", "A man took a bottle of whiskey and walked out without paying.\n\nDo you know him?")
    Select(browser.find_element(By.ID, "id_category")).select_by_visible_text("Larceny")
    Select(browser.find_element(By.ID, "id_area")).select_by_visible_text(area.name)
    incident = timezone.localtime() - timedelta(days=1)
    _fill(browser, "id_incident_at_0", incident.strftime("%Y-%m-%d"))
    _fill(browser, "id_incident_at_1", "21:40:00")
    for index, (path, label) in enumerate(uploads):
        browser.find_element(By.ID, f"id_stills-{index}-image").send_keys(str(path))
        _fill(browser, f"id_stills-{index}-alt_text", f"Security camera still: a man in a grey hooded top, {label}")
        _fill(browser, f"id_stills-{index}-caption", label)
        _fill(browser, f"id_stills-{index}-position", str(index))
    snap("analyst-case-1-admin-form")
    browser.find_element(By.NAME, "_save").click()
    WebDriverWait(browser, 20).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".messagelist")))
    assert "was added successfully" in browser.find_element(By.CSS_SELECTOR, ".messagelist").text
    snap("analyst-case-2-saved")

    case = Case.objects.get(number="2026-004321")
    assert not case.is_published
    # The renditions were made by the task queued on commit of the admin's save.
    stills = list(case.stills.order_by("position"))
    assert [still.renditions_status for still in stills] == [Still.Renditions.READY] * 2
    assert all(set(still.renditions) == {"400", "800", "1600"} for still in stills)

    # Publish with the admin action.
    browser.get(f"{live_server.url}/admin/cases/case/")
    browser.find_element(By.CSS_SELECTOR, f"input[name=_selected_action][value='{case.pk}']").click()
    Select(browser.find_element(By.NAME, "action")).select_by_value("publish")
    browser.find_element(By.NAME, "index").click()
    WebDriverWait(browser, 10).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".messagelist")))
    assert "1 case published" in browser.find_element(By.CSS_SELECTOR, ".messagelist").text
    snap("analyst-case-3-published")
    case.refresh_from_db()
    assert case.is_public

    # The public page, as a visitor without an account sees it: first on a phone, with nothing
    # cached yet (a browser reuses a larger rendition it already holds).
    browser.delete_all_cookies()
    browser.set_window_size(*PHONE)
    browser.get(live_server.url + case.get_absolute_url())
    assert case.title in browser.find_element(By.TAG_NAME, "h1").text
    sources = browser.find_elements(By.CSS_SELECTOR, ".tp-gallery picture source[type='image/webp']")
    assert len(sources) == 2
    assert all("400w" in source.get_attribute("srcset") for source in sources)
    WebDriverWait(browser, 10).until(_images_shown)
    images = _loaded_images(browser)
    assert len(images) == 2
    assert all(image["width"] > 0 and "/stills/renditions/" in image["src"] for image in images)
    assert all("1600w" in image["srcset"] for image in images)
    assert "/1600." not in images[0]["src"], "a phone should get a small rendition"
    alts = [image.get_attribute("alt") for image in browser.find_elements(By.CSS_SELECTOR, ".tp-gallery img")]
    assert alts[0].startswith("Security camera still")
    overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the page scrolls sideways on a phone"
    browser.save_screenshot(str(tmp_path / "case-phone.png"))
    _full_page_screenshot(browser, PHONE[0], tmp_path / "case-phone-full.png")

    browser.set_window_size(*PHONE)
    browser.get(f"{live_server.url}/cases/")
    card = browser.find_element(By.CSS_SELECTOR, ".tp-case-card")
    assert case.title in card.text
    assert "400w" in card.find_element(By.CSS_SELECTOR, "img").get_attribute("srcset")
    browser.save_screenshot(str(tmp_path / "list-phone.png"))

    browser.get(live_server.url + case.get_absolute_url())
    _full_page_screenshot(browser, 1280, tmp_path / "case-desktop.png")
    snap("analyst-case-4-public-page")
    for name in ("case-desktop.png", "case-phone.png", "case-phone-full.png", "list-phone.png"):
        assert (tmp_path / name).stat().st_size > 10_000
