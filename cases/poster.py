"""Printable case posters ("Do you know this person?"): one-page PDFs in A4 or US Letter.

WeasyPrint lays out `templates/cases/poster.html` with the print stylesheet `cases/poster.css`;
segno draws the QR code as SVG, so it stays sharp at any printer resolution. The PDF is tagged
(PDF/UA-1), so a screen reader reads the headings, the picture's alt text and the links.

The picture and the QR code go into the HTML as data: URLs, and WeasyPrint may fetch nothing
else (no file:, no http:), so a poster can never embed an original upload, a file on the server
or anything from the network. WeasyPrint (which loads Pango) and segno are imported on first use:
importing WeasyPrint takes most of a second, which no other page or worker should pay.
"""

import base64
import html
import logging
import re
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core import checks
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator

from .models import Case, Still
from .templatetags.case_text import markdown

logger = logging.getLogger(__name__)

# The paper in the URL (/cases/<slug>/poster-<paper>.pdf) and its CSS page size.
PAPER_SIZES = {"letter": "letter", "a4": "A4"}

STYLESHEET = Path(__file__).with_name("poster.css")
# Enough for a few lines of "what happened" under the picture (or in larger type on a case with no
# picture at all); the case page has the rest.
SUMMARY_CHARACTERS = 300
SUMMARY_CHARACTERS_WITHOUT_PICTURE = 800


def tip_form_url(case: Case) -> str:
    """The absolute address of the tip form for `case` (what the QR code opens on an open case)."""
    return f"{settings.SITE_URL}{reverse('tips:send')}?{urlencode({'case': case.slug})}"


def short_url(case: Case) -> str:
    """The short, stable address of `case` (its number), to type from paper."""
    return settings.SITE_URL + reverse("cases:short", kwargs={"number": case.number})


def without_scheme(url: str) -> str:
    """`url` as it reads best on paper: tips.example.gov/c/2026-000123 (browsers add the https://)."""
    return re.sub(r"^https?://", "", url)


def plain_summary(case: Case, length: int) -> str:
    """The summary as plain text (its Markdown rendered, then the tags dropped), cut to `length`."""
    text = html.unescape(strip_tags(markdown(case.summary)))
    text = re.sub(r"\s+", " ", text).strip()
    return Truncator(text).chars(length)


def qr_code_svg(url: str) -> bytes:
    import segno

    # Error correction "Q" (a quarter of the code may be lost) survives a scuffed or faded poster;
    # the quiet zone (four light modules around it) is part of the drawing, as scanners need it.
    qr = segno.make_qr(url, error="q", boost_error=False)
    return qr.svg_inline(omitsize=True, light="#fff", dark="#000").encode()


def poster_image(still: Still | None) -> bytes | None:
    """The largest JPEG rendition of `still`, or None when there is none yet. Never the original:
    renditions are re-encoded without metadata; the upload may carry GPS and camera details."""
    if still is None or still.renditions_status != Still.Renditions.READY:
        return None
    widths = [width for width, formats in still.renditions.items() if formats.get("jpeg")]
    if not widths:
        return None
    name = still.renditions[max(widths, key=int)]["jpeg"]
    try:
        with default_storage.open(name, "rb") as rendition:
            return rendition.read()
    except OSError:
        # A rendition lost from storage: print without the picture rather than not at all.
        logger.warning("poster: rendition %s of still %s could not be read", name, still.pk, exc_info=True)
        return None


def _data_url(content: bytes, content_type: str) -> str:
    return f"data:{content_type};base64,{base64.b64encode(content).decode()}"


def _import_weasyprint() -> ModuleType:
    """WeasyPrint, imported without its side effect: on import it sets Pillow's process-wide
    LOAD_TRUNCATED_IMAGES, after which every web process that had made a poster would accept
    damaged uploads that the upload checks refuse. The flag is put back as it was."""
    from PIL import ImageFile

    load_truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        import weasyprint
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = load_truncated
    return weasyprint


def render_poster(case: Case, still: Still | None, paper: str) -> bytes:
    """The poster for `case` (with `still` as its picture, when ready) on `paper` ("letter" or
    "a4"), in the active language."""
    weasyprint = _import_weasyprint()

    image = poster_image(still)
    target = tip_form_url(case) if case.is_open else settings.SITE_URL + case.get_absolute_url()
    phone = settings.DEPARTMENT_NON_EMERGENCY_PHONE
    markup = render_to_string(
        "cases/poster.html",
        {
            "case": case,
            "still": still,
            "picture": _data_url(image, "image/jpeg") if image is not None else None,
            "qr_code": _data_url(qr_code_svg(target), "image/svg+xml"),
            "qr_target": target,
            "summary": plain_summary(case, SUMMARY_CHARACTERS if still else SUMMARY_CHARACTERS_WITHOUT_PICTURE),
            "short_url": short_url(case),
            "short_url_printed": without_scheme(short_url(case)),
            "department": settings.DEPARTMENT_NAME,
            "phone": phone,
            "phone_link": "tel:" + re.sub(r"[^0-9+]", "", phone) if phone else "",
            "paper": paper,
        },
    )
    # data: URLs only: the picture and the QR code above. Anything else stops the rendering.
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    stylesheets = [
        weasyprint.CSS(filename=str(STYLESHEET), url_fetcher=fetcher),
        weasyprint.CSS(string=f"@page {{ size: {PAPER_SIZES[paper]} portrait; }}", url_fetcher=fetcher),
    ]
    return weasyprint.HTML(string=markup, url_fetcher=fetcher).write_pdf(
        stylesheets=stylesheets, pdf_variant="pdf/ua-1"
    )


@checks.register(checks.Tags.compatibility, deploy=True)
def check_poster_libraries(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """`manage.py check --deploy`: posters need Pango, a system library pip cannot install."""
    try:
        _import_weasyprint()
    except OSError as error:
        return [
            checks.Error(
                f"Case posters cannot be made: WeasyPrint cannot load Pango ({error}).",
                hint="Install the system packages libpango-1.0-0 and libpangoft2-1.0-0 (see docs/poster.md).",
                id="cases.E001",
            )
        ]
    return []
