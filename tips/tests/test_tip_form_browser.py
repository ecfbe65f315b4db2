"""The general tip form in headless Chromium, as a tipster meets it: lists that start with words,
a case named by its number, a refused file summed up at the top with the focus there, and a
receipt that says what arrived."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select

from cases.tests.factories import AreaFactory, CaseFactory, CategoryFactory
from tipportal.tests.browser import wait_for_text as _wait_for
from tips.models import Tip

from .media import tagged_jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _send(browser) -> None:
    button = browser.find_element(By.CSS_SELECTOR, "main form [type=submit]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", button)
    button.click()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_refused_file_is_summed_up_at_the_top_with_the_focus_there(browser, live_server, tmp_path, width):
    case = CaseFactory(number="2026-004321")
    CategoryFactory()
    AreaFactory(name="Riverside")
    notes = tmp_path / "notes.txt"
    notes.write_text("not a photo")
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(tagged_jpeg())
    browser.set_window_size(width, 900)

    browser.get(live_server.url + "/tips/")
    assert Select(browser.find_element(By.ID, "id_area")).first_selected_option.text == "Choose an area (optional)"
    assert Select(browser.find_element(By.ID, "id_category")).first_selected_option.text == (
        "Choose a kind of crime (optional)"
    )
    browser.find_element(By.ID, "id_body").send_keys("The man in the grey hooded top is Rick; he drives a red van.")
    browser.find_element(By.ID, "id_case_number").send_keys("2026-4321")
    browser.find_element(By.ID, "id_attachments").send_keys(str(notes))
    _send(browser)
    _wait_for(browser, "There is a problem")

    assert browser.title.startswith("Error: ")
    summary = browser.find_element(By.CSS_SELECTOR, "[data-tp-error-summary]")
    assert browser.switch_to.active_element == summary, "the focus is not on the list of problems"
    form = browser.find_element(By.CSS_SELECTOR, "main form")
    assert summary.location["y"] < form.location["y"]
    assert summary.location["y"] < 900, "the problems are not on the first screen"
    link = summary.find_element(By.PARTIAL_LINK_TEXT, "notes.txt")
    link.click()
    field = browser.find_element(By.ID, "id_attachments")
    assert browser.switch_to.active_element == field
    # The same message sits at the field, where the tipster chooses the file again.
    error = browser.find_element(By.CSS_SELECTOR, "#id_attachments ~ .invalid-feedback, .invalid-feedback")
    assert "notes.txt" in error.text
    # What was typed is still there.
    assert browser.find_element(By.ID, "id_case_number").get_attribute("value") == "2026-4321"

    field.send_keys(str(photo))
    _send(browser)
    _wait_for(browser, "Your receipt")
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=files-received]").text.startswith(
        "Received with your tip: 1 photo."
    )
    assert Tip.objects.get().case == case
    # No script error or CSP violation on the way (the refused form's 400 is the one network entry).
    assert [entry for entry in browser.get_log("browser") if entry["source"] != "network"] == []
