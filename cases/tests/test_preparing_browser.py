"""In a real browser: a case page opened before its still's renditions exist shows a placeholder
that says so, and puts the picture in place by itself once the worker has made it."""

import pytest
from django.core.files.base import ContentFile
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from cases.models import Still
from cases.tasks import make_still_renditions

from .factories import CaseFactory, StillFactory
from .images import jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_placeholder_gives_way_to_the_picture_without_a_reload(browser, live_server, settings):
    settings.RENDITION_WIDTHS = (400, 800)
    case = CaseFactory()
    still = StillFactory(case=case, image=ContentFile(jpeg_bytes(), name="s.jpg"), alt_text="Man at the till")
    browser.get(live_server.url + case.get_absolute_url())
    figure = browser.find_element(By.CSS_SELECTOR, f"[data-tp-media='still-{still.pk}']")
    status = figure.find_element(By.CSS_SELECTOR, "[role=status]")
    assert status.text == "This picture is being prepared. It will appear here in a moment."
    assert figure.find_elements(By.TAG_NAME, "img") == []
    browser.execute_script("window.tpMarker = true")  # gone if the page were reloaded

    make_still_renditions(still.pk)
    assert Still.objects.get(pk=still.pk).renditions_status == Still.Renditions.READY
    image = WebDriverWait(browser, 30).until(
        lambda driver: driver.find_element(By.CSS_SELECTOR, f"[data-tp-media='still-{still.pk}'] img")
    )
    WebDriverWait(browser, 10).until(lambda driver: driver.execute_script("return arguments[0].naturalWidth", image))
    assert image.get_attribute("alt") == "Man at the till"
    assert browser.execute_script("return window.tpMarker") is True
    assert browser.find_elements(By.CSS_SELECTOR, "[data-tp-preparing]") == []
