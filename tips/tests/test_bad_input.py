"""Every bad input named in the issue: a clear 4xx message, nothing saved, no file left anywhere."""

import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases.tests.factories import CaseFactory, StillFactory
from tips.models import Attachment, Message, Tip

from .conftest import files_under
from .factories import TIP_TEXT, make_receipt
from .media import bomb_png, corrupt_video, tagged_jpeg

pytestmark = pytest.mark.django_db

URL = reverse("tips:send")


def _work_dirs() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("tip-*"))


@pytest.fixture
def nothing_kept(media_root):
    """After the test: no tip, no message, no attachment, no file in media, no working directory."""
    before = _work_dirs()
    yield
    assert Tip.objects.count() == 0
    assert Message.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert files_under(media_root / "tips") == []
    assert _work_dirs() <= before


def _post(client, data, files=None):
    return client.post(URL, {**data, **({"attachments": files} if files else {})})


def _photo(name="photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tagged_jpeg(), content_type="image/jpeg")


@pytest.mark.usefixtures("nothing_kept")
class TestTheTipForm:
    def test_an_empty_tip_is_refused(self, client):
        response = _post(client, {"body": "   "})
        assert response.status_code == 400
        assert "Tell us what you know: this box cannot be empty." in response.text

    def test_oversized_text_is_refused(self, client):
        response = _post(client, {"body": "x" * 10_001})
        assert response.status_code == 400
        assert "Please keep it under 10000 characters (you wrote 10001)." in response.text

    def test_too_many_files_are_refused(self, client):
        response = _post(client, {"body": TIP_TEXT}, [_photo(f"p{i}.jpg") for i in range(6)])
        assert response.status_code == 400
        assert "Send up to 5 files at a time." in response.text

    def test_a_file_over_the_limit_is_refused(self, client, settings):
        settings.TIP_MAX_IMAGE_MB = 1
        big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"\x00" * (1024 * 1024 + 10), content_type="image/jpeg")
        response = _post(client, {"body": TIP_TEXT}, [big])
        assert response.status_code == 400
        assert "big.jpg: This file is 1.0\xa0MB; the limit is 1.0\xa0MB." in response.text

    def test_a_file_of_another_type_renamed_jpg_is_refused(self, client):
        fake = SimpleUploadedFile("holiday.jpg", b"%PDF-1.7 not a picture at all" * 20, content_type="image/jpeg")
        response = _post(client, {"body": TIP_TEXT}, [fake])
        assert response.status_code == 400
        assert "holiday.jpg: This file is not an image we can read." in response.text

    def test_an_unaccepted_extension_is_refused(self, client):
        response = _post(client, {"body": TIP_TEXT}, [SimpleUploadedFile("notes.docx", b"PK\x03\x04")])
        assert response.status_code == 400
        assert "This file type is not accepted." in response.text

    def test_a_decompression_bomb_is_refused(self, client):
        bomb = SimpleUploadedFile("bomb.png", bomb_png(), content_type="image/png")
        response = _post(client, {"body": TIP_TEXT}, [bomb])
        assert response.status_code == 400
        assert "bomb.png: This image has too many pixels; the limit is 50 megapixels." in response.text

    def test_a_corrupt_video_is_refused(self, client):
        video = SimpleUploadedFile("clip.mp4", corrupt_video(), content_type="video/mp4")
        response = _post(client, {"body": TIP_TEXT}, [video])
        assert response.status_code == 400
        assert "clip.mp4: This file is not a video we can play." in response.text

    def test_one_bad_file_among_good_ones_saves_nothing(self, client):
        fake = SimpleUploadedFile("fake.png", b"not a png", content_type="image/png")
        response = _post(client, {"body": TIP_TEXT}, [_photo(), fake])
        assert response.status_code == 400
        assert "fake.png:" in response.text

    def test_a_forged_case_is_refused(self, client):
        response = _post(client, {"body": TIP_TEXT, "case": "2026-999999-made-up"})
        assert response.status_code == 400
        assert "This case is not on the site, so a tip cannot be sent about it." in response.text

    def test_an_unpublished_case_is_refused(self, client):
        case = CaseFactory(is_published=False, published_at=None)
        response = _post(client, {"body": TIP_TEXT, "case": case.slug})
        assert response.status_code == 400
        assert "This case is not on the site" in response.text

    def test_a_still_of_another_case_is_refused(self, client):
        still = StillFactory()
        other = CaseFactory()
        response = _post(client, {"body": TIP_TEXT, "case": other.slug, "still": still.pk})
        assert response.status_code == 400
        assert "This picture belongs to another case." in response.text

    def test_a_missing_csrf_token_is_refused(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post(URL, {"body": TIP_TEXT, "attachments": [_photo()]})
        assert response.status_code == 403
        assert "This form has expired" in response.text

    def test_a_csrf_token_from_another_visitor_is_refused(self):
        other = Client(enforce_csrf_checks=True)
        other.get(URL)
        token = other.cookies["csrftoken"].value
        client = Client(enforce_csrf_checks=True)
        client.get(URL)
        response = client.post(URL, {"body": TIP_TEXT, "csrfmiddlewaretoken": token})
        assert response.status_code == 403


def test_a_replayed_form_post_is_refused_and_not_saved_twice(media_root):
    client = Client(enforce_csrf_checks=True)
    client.get(URL)
    token = client.cookies["csrftoken"].value
    assert client.post(URL, {"body": TIP_TEXT, "csrfmiddlewaretoken": token}).status_code == 200
    replay = client.post(URL, {"body": TIP_TEXT, "csrfmiddlewaretoken": token})
    assert replay.status_code == 403
    assert Tip.objects.count() == 1


def test_a_wrong_receipt_is_refused_and_opens_nothing(client):
    receipt = make_receipt()
    response = client.post(reverse("tips:check"), {"code": receipt.code, "secret": "wrong words entirely"})
    assert response.status_code == 400
    assert "This tip code and secret do not match." in response.text
    assert "tip_followup" not in response.cookies


def test_a_bad_reply_saves_no_message_and_no_file(client, media_root):
    receipt = make_receipt()
    client.post(reverse("tips:check"), {"code": receipt.code, "secret": receipt.secret})
    fake = SimpleUploadedFile("x.jpg", b"GIF89a nope", content_type="image/jpeg")
    response = client.post(reverse("tips:reply"), {"body": "More detail", "attachments": [fake]})
    assert response.status_code == 400
    assert "x.jpg: This file is not an image we can read." in response.text
    assert Message.objects.count() == 0
    assert files_under(media_root) == []


def test_a_large_upload_is_not_written_past_the_limit_and_is_refused(client, settings, media_root):
    settings.TIP_MAX_IMAGE_MB = settings.TIP_MAX_VIDEO_MB = 1
    before = _work_dirs()
    video = SimpleUploadedFile("long.mp4", b"\x00" * (3 * 1024 * 1024), content_type="video/mp4")
    response = client.post(URL, {"body": TIP_TEXT, "attachments": [video]})
    assert _work_dirs() <= before
    assert response.status_code == 400
    assert "long.mp4: This file is 3.0\xa0MB; the limit is 1.0\xa0MB." in response.text
    assert Tip.objects.count() == 0
    assert files_under(media_root) == []
