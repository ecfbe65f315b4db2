"""The printable poster: a one-page PDF (A4 or US Letter) read back as a person and a phone would
read it: its text, its page size, its picture, and the QR code decoded from the printed page."""

import io
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdfium2
import pytest
import zxingcpp
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cases import services
from cases.models import Case, Still
from cases.tasks import make_still_renditions
from media.uploads import inspect_image

from .factories import CaseFactory, StillFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

# PDF page sizes in points (1/72 inch).
LETTER = (612.0, 792.0)
A4 = (595.28, 841.89)
CAMERA_MARKER = b"CAMERA-SERIAL-0042-GPS-40.7128N"


@pytest.fixture(autouse=True)
def _poster_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "https://tips.example.gov"
    settings.DEPARTMENT_NAME = "Springfield Police Department"
    settings.DEPARTMENT_NON_EMERGENCY_PHONE = "(555) 010-0199"


@dataclass
class PrintedPoster:
    pages: int
    size: tuple[float, float]
    text: str  # whitespace collapsed, as a reader would take it in
    qr_codes: list[str]
    image_sizes: list[tuple[int, int]]  # pixel size of each picture embedded in the page
    raw: bytes

    def line_top(self, words: str) -> float:
        """How far down the page (in points) the first line containing `words` starts."""
        document = pypdfium2.PdfDocument(self.raw)
        try:
            page = document[0]
            textpage = page.get_textpage()
            found = textpage.search(words).get_next()
            assert found, f"{words!r} is not on the poster"
            _left, _bottom, _right, top = textpage.get_charbox(found[0])
            return page.get_height() - top
        finally:
            document.close()


def read_poster(response) -> PrintedPoster:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    document = pypdfium2.PdfDocument(raw)
    try:
        page = document[0]
        width, height = page.get_size()
        text = " ".join(page.get_textpage().get_text_range().split())
        # As a phone camera sees the printed sheet: rendered at 150 dpi.
        picture = page.render(scale=150 / 72).to_pil()
        codes = [result.text for result in zxingcpp.read_barcodes(picture)]
        images = [obj.get_px_size() for obj in page.get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE])]
        return PrintedPoster(len(document), (round(width, 2), round(height, 2)), text, codes, images, raw)
    finally:
        document.close()


def photo_with_camera_details(size=(2000, 1500)) -> bytes:
    """A detailed photo (so its bytes are its own) carrying camera details in its EXIF."""
    image = Image.effect_mandelbrot(size, (-2.2, -1.2, 1.0, 1.2), 60).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = CAMERA_MARKER.decode()  # Make
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def still_with_renditions(case: Case, **fields) -> Still:
    still = StillFactory(
        case=case, image=ContentFile(photo_with_camera_details(), name="IMG_2041.jpg"), position=0, **fields
    )
    make_still_renditions(still.pk)
    still.refresh_from_db()
    assert still.renditions_status == Still.Renditions.READY
    return still


def poster_url(case: Case, paper: str = "letter") -> str:
    return reverse("cases:poster", kwargs={"slug": case.slug, "paper": paper})


def test_a_letter_poster_shows_the_case_and_its_qr_code_opens_the_tip_form(client):
    case = CaseFactory(
        number="2026-000123", title="Whiskey taken from the corner shop", reward=1000,
        summary="A man took a **bottle of whiskey** from the shelf and walked out without paying.",
    )  # fmt: skip
    still_with_renditions(case)
    poster = read_poster(client.get(poster_url(case)))
    assert poster.pages == 1
    assert poster.size == LETTER
    assert "Do you know this person?" in poster.text
    assert "Whiskey taken from the corner shop" in poster.text
    assert "Case 2026-000123" in poster.text
    assert "A man took a bottle of whiskey from the shelf and walked out without paying." in poster.text
    assert "Reward: up to $1,000" in poster.text
    assert poster.qr_codes == [f"https://tips.example.gov/tips/?case={case.slug}"]
    assert "tips.example.gov/c/2026-000123" in poster.text
    assert "Springfield Police Department" in poster.text
    assert "(555) 010-0199" in poster.text
    assert "SOLVED" not in poster.text


def test_an_a4_poster_is_a4_with_the_same_qr_code(client):
    case = CaseFactory()
    still_with_renditions(case)
    poster = read_poster(client.get(poster_url(case, "a4")))
    assert poster.pages == 1
    assert poster.size == A4
    assert poster.qr_codes == [f"https://tips.example.gov/tips/?case={case.slug}"]


def test_the_qr_code_is_built_from_site_url(client, settings):
    settings.SITE_URL = "https://crimestoppers.springfield.example"
    case = CaseFactory()
    poster = read_poster(client.get(poster_url(case)))
    assert poster.qr_codes == [f"https://crimestoppers.springfield.example/tips/?case={case.slug}"]
    assert f"crimestoppers.springfield.example/c/{case.number}" in poster.text


def test_it_prints_the_largest_rendition_never_the_original_upload(client):
    case = CaseFactory()
    still = still_with_renditions(case)
    with still.image.open("rb") as original:
        original_bytes = original.read()
    with default_storage.open(still.renditions["1600"]["jpeg"], "rb") as rendition:
        rendition_bytes = rendition.read()
    poster = read_poster(client.get(poster_url(case)))
    assert poster.image_sizes == [(1600, 1200)]  # the original is 2000 x 1500
    assert rendition_bytes in poster.raw  # the rendition's JPEG, embedded as it is
    assert original_bytes[len(original_bytes) // 2 :][:4096] not in poster.raw
    assert CAMERA_MARKER not in poster.raw


def test_before_the_picture_is_ready_it_prints_without_it_and_says_where_to_see_it(client):
    case = CaseFactory(number="2026-000777")
    StillFactory(case=case, image=ContentFile(photo_with_camera_details(), name="IMG_2041.jpg"))
    poster = read_poster(client.get(poster_url(case)))
    assert poster.image_sizes == []
    assert CAMERA_MARKER not in poster.raw
    assert "Do you know this person?" in poster.text
    assert "See the picture of this person online at: tips.example.gov/c/2026-000777" in poster.text
    assert poster.qr_codes == [f"https://tips.example.gov/tips/?case={case.slug}"]


def test_a_case_without_stills_asks_for_help_without_a_picture(client):
    case = CaseFactory(title="Break-in at the community garden shed")
    poster = read_poster(client.get(poster_url(case)))
    assert poster.image_sizes == []
    assert "Can you help us?" in poster.text
    assert "Do you know this person?" not in poster.text
    assert "Break-in at the community garden shed" in poster.text


def test_a_solved_case_prints_solved_thank_you_and_its_qr_code_opens_the_case(client, officer):
    case = CaseFactory(reward=500)
    still_with_renditions(case)
    services.mark_case_solved(case, actor=officer, note="Arrested thanks to your tips.")
    poster = read_poster(client.get(poster_url(case)))
    assert poster.pages == 1
    assert "SOLVED — thank you" in poster.text
    assert "This case is solved." in poster.text
    assert "Reward" not in poster.text
    assert "send a tip" not in poster.text
    assert poster.qr_codes == [f"https://tips.example.gov{case.get_absolute_url()}"]


def test_a_closed_case_says_so_without_the_solved_banner(client, officer):
    case = CaseFactory(status=Case.Status.CLOSED, reward=500)
    poster = read_poster(client.get(poster_url(case)))
    assert "This case is closed." in poster.text
    assert "SOLVED" not in poster.text
    assert "Reward" not in poster.text
    assert poster.qr_codes == [f"https://tips.example.gov{case.get_absolute_url()}"]


@pytest.mark.parametrize("with_picture", [True, False], ids=["picture", "no-picture"])
def test_the_longest_title_and_a_long_summary_still_fit_one_page_above_the_footer(client, with_picture):
    title = ("Wallet and phone taken from a parked delivery van outside the laundromat on Jefferson Avenue " * 2)[:160]
    summary = "He wore a grey hooded top and white trainers. " * 40
    location = ("Outside the laundromat, 1200 block of Jefferson Avenue, near the bus stop " * 2)[:200]
    case = CaseFactory(title=title, summary=summary, reward=25000, location_text=location)
    if with_picture:
        still_with_renditions(case)
    for paper, size in (("letter", LETTER), ("a4", A4)):
        poster = read_poster(client.get(poster_url(case, paper)))
        assert (poster.pages, poster.size) == (1, size)
        assert poster.text.count("He wore a grey hooded top") < 40  # shortened, with the rest online
        assert poster.line_top("Rewards are paid") < poster.line_top("Know who this is")
        assert poster.qr_codes == [f"https://tips.example.gov/tips/?case={case.slug}"]


@pytest.mark.parametrize("with_picture", [True, False], ids=["picture", "no-picture"])
def test_a_spanish_poster_is_in_spanish_and_its_longest_case_fits_one_page(client, with_picture):
    title = ("Wallet and phone taken from a parked delivery van outside the laundromat on Jefferson Avenue " * 2)[:160]
    location = ("Outside the laundromat, 1200 block of Jefferson Avenue, near the bus stop " * 2)[:200]
    incident_at = datetime(2026, 3, 6, 15, 15, tzinfo=ZoneInfo("America/New_York"))
    case = CaseFactory(
        number="2026-000123", title=title, summary="He wore a grey hooded top and white trainers. " * 40,
        reward=25000, location_text=location, incident_at=incident_at,
    )  # fmt: skip
    if with_picture:
        still_with_renditions(case)
    client.cookies["django_language"] = "es"
    for paper, size in (("letter", LETTER), ("a4", A4)):
        poster = read_poster(client.get(poster_url(case, paper)))
        assert (poster.pages, poster.size) == (1, size)
        assert ("¿Conoce a esta persona?" if with_picture else "¿Puede ayudarnos?") in poster.text
        assert "Caso 2026-000123" in poster.text
        assert "viernes, 6 de marzo de 2026, 3:15 p.m." in poster.text
        assert "Recompensa: hasta $25,000" in poster.text
        assert "Escanee el código para enviar una pista." in poster.text
        assert poster.line_top("Las recompensas") < poster.line_top("¿Sabe quién es")
        assert poster.qr_codes == [f"https://tips.example.gov/tips/?case={case.slug}"]


def test_the_summary_prints_as_plain_text_without_markup(client):
    case = CaseFactory(summary="He wore a **red** cap & [ran](https://example.org) off.\n\n<script>alert(1)</script>")
    poster = read_poster(client.get(poster_url(case)))
    assert "He wore a red cap & ran off." in poster.text
    assert "**" not in poster.text
    assert "script" not in poster.text
    assert "&amp;" not in poster.text


def test_without_a_non_emergency_number_the_phone_line_is_left_off(client, settings):
    settings.DEPARTMENT_NON_EMERGENCY_PHONE = ""
    poster = read_poster(client.get(poster_url(CaseFactory())))
    assert "non-emergency" not in poster.text
    assert "Springfield Police Department" in poster.text


def test_it_opens_in_the_browser_with_a_file_name_for_saving(client):
    case = CaseFactory(slug="2026-000123-whiskey")
    response = client.get(poster_url(case, "a4"))
    assert response["Content-Disposition"] == 'inline; filename="poster-2026-000123-whiskey-a4.pdf"'


def test_it_costs_two_queries_then_none_once_cached(client, django_assert_num_queries):
    case = CaseFactory()
    still_with_renditions(case)
    with django_assert_num_queries(2):
        first = client.get(poster_url(case))
    with django_assert_num_queries(0):
        second = client.get(poster_url(case))
    assert second.content == first.content
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert "public" in second["Cache-Control"]


def test_a_change_to_the_case_reprints_the_cached_poster(client, officer, django_capture_on_commit_callbacks):
    case = CaseFactory()
    assert "SOLVED" not in read_poster(client.get(poster_url(case))).text
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_case_solved(case, actor=officer, note="Solved, thank you.")
    assert "SOLVED — thank you" in read_poster(client.get(poster_url(case))).text


def test_a_picture_that_becomes_ready_reprints_the_cached_poster(client):
    case = CaseFactory()
    still = StillFactory(case=case, image=ContentFile(photo_with_camera_details(), name="IMG_2041.jpg"))
    assert read_poster(client.get(poster_url(case))).image_sizes == []
    make_still_renditions(still.pk)
    assert read_poster(client.get(poster_url(case))).image_sizes == [(1600, 1200)]


@pytest.mark.parametrize(
    "unpublished",
    [
        {"is_published": False, "published_at": None},
        {"is_published": True, "published_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "scheduled"],
)
def test_an_unpublished_case_has_no_poster_even_for_staff(client, analyst, unpublished):
    case = CaseFactory(**unpublished)
    assert client.get(poster_url(case)).status_code == 404
    client.force_login(analyst)
    assert client.get(poster_url(case)).status_code == 404


def test_unknown_cases_and_papers_are_404(client):
    case = CaseFactory()
    assert client.get(reverse("cases:poster", kwargs={"slug": "no-such-case", "paper": "a4"})).status_code == 404
    assert client.get(f"/cases/{case.slug}/poster-a3.pdf").status_code == 404
    assert client.get(f"/cases/{case.slug}/poster-.pdf").status_code == 404


def test_it_refuses_other_methods(client, officer):
    case = CaseFactory()
    assert client.post(poster_url(case)).status_code == 405
    client.force_login(officer)
    assert client.post(poster_url(case)).status_code == 405
    assert client.delete(poster_url(case)).status_code == 405


def test_signed_in_staff_get_a_fresh_poster(client, officer):
    case = CaseFactory(title="Bicycle taken from the library rack")
    client.force_login(officer)
    poster = read_poster(client.get(poster_url(case)))
    assert "Bicycle taken from the library rack" in poster.text


def test_the_case_page_links_both_posters(client):
    case = CaseFactory()
    html = client.get(case.get_absolute_url()).text
    assert f'href="/cases/{case.slug}/poster-letter.pdf"' in html
    assert f'href="/cases/{case.slug}/poster-a4.pdf"' in html
    assert "Poster, US Letter (PDF)" in html


def test_the_case_admin_links_both_posters_of_a_published_case(client, analyst):
    case = CaseFactory()
    client.force_login(analyst)
    html = client.get(reverse("admin:cases_case_change", args=[case.pk])).text
    assert f'href="/cases/{case.slug}/poster-letter.pdf"' in html
    assert f'href="/cases/{case.slug}/poster-a4.pdf"' in html


def test_the_case_admin_explains_why_there_is_no_poster_or_no_picture_yet(client, analyst):
    draft = CaseFactory(is_published=False, published_at=None)
    pending = CaseFactory()
    StillFactory(case=pending)
    client.force_login(analyst)
    html = client.get(reverse("admin:cases_case_change", args=[draft.pk])).text
    assert "poster-letter.pdf" not in html
    assert "can be printed once the case is published" in html
    html = client.get(reverse("admin:cases_case_change", args=[pending.pk])).text
    assert "poster-letter.pdf" in html
    assert "The poster prints without a picture until the first still is ready" in html


def test_making_a_poster_leaves_damaged_uploads_refused(client):
    # WeasyPrint switches on Pillow's process-wide "load truncated images" when imported.
    read_poster(client.get(poster_url(CaseFactory())))
    cut = ContentFile(photo_with_camera_details()[:3000], name="cut.jpg")
    with pytest.raises(ValidationError) as refused:
        inspect_image(cut)
    assert refused.value.code == "corrupt"


def test_the_deployment_check_names_the_system_library_posters_need(tmp_path):
    # A stand-in for WeasyPrint on a server without Pango, which fails to import just so.
    (tmp_path / "weasyprint").mkdir()
    (tmp_path / "weasyprint" / "__init__.py").write_text(
        "raise OSError(\"cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file\")\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "DEBUG": "on"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--tag", "compatibility"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert "cases.E001" in result.stderr
    assert "libpango-1.0-0" in result.stderr
