"""A case form that comes back with errors keeps the pictures and videos chosen for it, since a
browser cannot fill a file box again: the analyst fixes the error and saves, without choosing
the files again (media/kept_uploads.py)."""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from audit.models import AuditEntry
from cases.models import Case, Still
from media import kept_uploads
from media.storage import originals

from .images import jpeg_bytes, mp4_bytes, upload
from .test_admin import ADD_URL, case_form, with_still, with_video

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="(stills-\d+-image_kept)" value="([^"]+)"')


def _pending() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / kept_uploads.FOLDER
    return sorted(path for path in root.rglob("*") if path.is_file())


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


def _refused_with_two_stills(analyst_client):
    data = with_still(case_form(area=""), 0, upload("entering.jpg", jpeg_bytes((800, 600))))
    with_still(data, 1, upload("at the shelf.jpg", jpeg_bytes((640, 480))), alt="At the shelf")
    response = analyst_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "This field is required." in response.context["errors"][0]
    return data, response


def test_a_refused_form_keeps_the_stills_that_passed_their_checks(analyst_client):
    _data, response = _refused_with_two_stills(analyst_client)
    page = response.text
    assert "Kept: <strong>entering.jpg</strong>. Choose a file only to replace it." in page
    assert "Kept: <strong>at the shelf.jpg</strong>." in page
    assert "The files you chose are kept (entering.jpg, at the shelf.jpg): you need not choose them again." in page
    assert dict(TOKEN.findall(page)).keys() == {"stills-0-image_kept", "stills-1-image_kept"}
    assert len(_pending()) == 2
    assert Case.objects.count() == 0 and Still.objects.count() == 0


def test_sent_again_with_the_error_fixed_the_kept_stills_are_saved_and_the_copies_go(
    analyst_client, django_capture_on_commit_callbacks
):
    data, response = _refused_with_two_stills(analyst_client)
    tokens = dict(TOKEN.findall(response.text))
    fixed = {key: value for key, value in data.items() if not key.endswith("-image")}
    fixed.update(tokens, area=case_form()["area"])
    with django_capture_on_commit_callbacks(execute=True):
        response = analyst_client.post(ADD_URL, fixed)
    assert response.status_code == 302
    stills = list(Case.objects.get().stills.order_by("position"))
    assert [still.alt_text for still in stills] == ["Man at the shelf", "At the shelf"]
    # Saved as originals: in their own storage, which has no URL, and not left in public media.
    assert all(originals().exists(still.image.name) for still in stills)
    assert not any(default_storage.exists(still.image.name) for still in stills)
    assert [still.width for still in stills] == [800, 640]  # renditions made from the kept files
    assert [still.renditions_status for still in stills] == [Still.Renditions.READY] * 2
    assert _pending() == []
    assert AuditEntry.objects.filter(action="cases.still.added").count() == 2


def test_a_new_file_chosen_beside_a_kept_one_replaces_it(analyst_client, django_capture_on_commit_callbacks):
    data, response = _refused_with_two_stills(analyst_client)
    fixed = {key: value for key, value in data.items() if not key.endswith("-image")}
    fixed.update(dict(TOKEN.findall(response.text)), area=case_form()["area"])
    fixed["stills-0-image"] = upload("better.jpg", jpeg_bytes((1000, 500)))
    with django_capture_on_commit_callbacks(execute=True):
        assert analyst_client.post(ADD_URL, fixed).status_code == 302
    widths = sorted(still.width for still in Still.objects.all())
    assert widths == [640, 1000]


def test_a_refused_picture_is_not_kept_and_its_error_stays_at_its_row(analyst_client):
    data = with_still(case_form(), 0, upload("good.jpg", jpeg_bytes()))
    with_still(data, 1, upload("notes.jpg", b"not a picture at all", "image/jpeg"))
    response = analyst_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "Kept: <strong>good.jpg</strong>" in response.text
    assert "notes.jpg</strong>" not in response.text
    assert len(_pending()) == 1


@pytest.mark.parametrize("token", ["forged", "WyJwZW5kaW5nL3guanBnIiwieC5qcGciXQ:1t:abc", ""])
def test_a_forged_or_empty_note_keeps_nothing_and_the_picture_is_asked_for(analyst_client, token):
    data = case_form()
    data.update({"stills-0-image_kept": token, "stills-0-alt_text": "Man", "stills-0-caption": "",
                 "stills-0-position": "0", "stills-TOTAL_FORMS": "1"})  # fmt: skip
    response = analyst_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert Case.objects.count() == 0


def test_a_note_naming_a_file_outside_the_kept_folder_is_refused(analyst_client):
    original = default_storage.save("stills/originals/secret.jpg", ContentFile(jpeg_bytes()))
    forged = kept_uploads.KeptUpload(original, "x.jpg").token  # well signed, wrong place
    assert kept_uploads.read(forged) is None


def test_an_expired_note_is_refused(monkeypatch):
    kept = kept_uploads.keep(upload("a.jpg", jpeg_bytes()))
    token = kept.token
    later = timezone.now() + kept_uploads.MAX_AGE + timedelta(minutes=1)
    monkeypatch.setattr("django.core.signing.time.time", lambda: later.timestamp())
    assert kept_uploads.read(token) is None


def test_the_sweep_deletes_copies_of_forms_never_sent_again_and_only_those():
    old = kept_uploads.keep(upload("old.jpg", jpeg_bytes()))
    new = kept_uploads.keep(upload("new.jpg", jpeg_bytes()))
    now = timezone.now()
    assert kept_uploads.sweep(now=now) == 0
    later = now + kept_uploads.MAX_AGE + timedelta(minutes=1)
    recent = (later - timedelta(hours=1)).timestamp()
    os.utime(Path(settings.MEDIA_ROOT) / new.name, (recent, recent))
    assert kept_uploads.sweep(now=later) == 1
    assert not default_storage.exists(old.name) and default_storage.exists(new.name)


def test_kept_copies_are_not_served_to_the_public(client):
    kept = kept_uploads.keep(upload("a.jpg", jpeg_bytes()))
    assert client.get(f"{settings.MEDIA_URL}{kept.name}").status_code == 404


def test_a_video_file_is_kept_the_same_way(analyst_client, django_capture_on_commit_callbacks):
    data = with_video(case_form(area=""), file=upload("atm.mp4", mp4_bytes(), "video/mp4"))
    response = analyst_client.post(ADD_URL, data)
    assert "Kept: <strong>atm.mp4</strong>" in response.text
    token = re.search(r'name="videos-0-file_kept" value="([^"]+)"', response.text).group(1)
    fixed = {key: value for key, value in data.items() if key != "videos-0-file"}
    fixed.update({"videos-0-file_kept": token, "area": case_form()["area"]})
    with django_capture_on_commit_callbacks(execute=True):
        assert analyst_client.post(ADD_URL, fixed).status_code == 302
    video = Case.objects.get().videos.get()
    assert video.file.name.startswith("videos/") and video.file.name.endswith(".mp4")
    assert _pending() == []
