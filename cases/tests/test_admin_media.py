"""Stills and videos changed in the case admin go through the case services: each addition,
replacement and removal is audited by file, and removed or replaced files leave storage."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse

from audit.models import AuditEntry
from cases import services
from cases.models import Still, Video

from .factories import CaseFactory, StillFactory
from .images import jpeg_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.RENDITION_WIDTHS = (400, 800)


def _change_form(case, stills=(), videos=()) -> dict:
    data = {
        "number": case.number, "title": case.title, "slug": case.slug, "summary": case.summary,
        "category": case.category_id, "area": case.area_id, "location_text": "",
        "incident_at_0": case.incident_at.strftime("%Y-%m-%d"), "incident_at_1": case.incident_at.strftime("%H:%M:%S"),
        "reward": "", "comments_open": "on", "is_published": "on",
        "published_at_0": case.published_at.strftime("%Y-%m-%d"),
        "published_at_1": case.published_at.strftime("%H:%M:%S"),
        "updates-TOTAL_FORMS": "0", "updates-INITIAL_FORMS": "0",
    }  # fmt: skip
    for prefix, rows in (("stills", stills), ("videos", videos)):
        data[f"{prefix}-TOTAL_FORMS"] = data[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
        for index, row in enumerate(rows):
            data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def _still_row(still: Still, **changes) -> dict:
    return {"id": still.pk, "case": still.case_id, "alt_text": still.alt_text, "caption": still.caption,
            "position": still.position, **changes}  # fmt: skip


def _video_row(video: Video, **changes) -> dict:
    return {"id": video.pk, "case": video.case_id, "title": video.title, "external_url": video.external_url,
            "description": "", "position": video.position, **changes}  # fmt: skip


@pytest.fixture
def still_with_renditions(analyst, django_capture_on_commit_callbacks):
    still = StillFactory.build(
        case=CaseFactory(), caption="Camera 2", image=ContentFile(jpeg_bytes((1000, 750)), name="camera.jpg")
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.save_still(still, actor=analyst)
    still.refresh_from_db()
    assert still.renditions_status == Still.Renditions.READY
    return still


def test_adding_a_still_is_audited_with_its_file(client, analyst, django_capture_on_commit_callbacks):
    case = CaseFactory()
    client.force_login(analyst)
    data = _change_form(case)
    data.update({"stills-TOTAL_FORMS": "1", "stills-0-image": upload("shop.jpg", jpeg_bytes()),
                 "stills-0-alt_text": "A man at the till", "stills-0-caption": "Till camera",
                 "stills-0-position": "0"})  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:cases_case_change", args=[case.pk]), data)
    assert response.status_code == 302
    still = Still.objects.get()
    entry = AuditEntry.objects.get(action="cases.still.added")
    assert (entry.actor, entry.target_id) == (analyst, str(case.pk))
    assert entry.details == {"still_id": still.pk, "file": still.image.name, "caption": "Till camera"}
    assert still.renditions_status == Still.Renditions.READY


def test_replacing_a_still_remakes_its_renditions_and_deletes_the_old_original(
    client, analyst, still_with_renditions, django_capture_on_commit_callbacks
):
    still = still_with_renditions
    old_original = still.image.name
    client.force_login(analyst)
    row = _still_row(still, image=upload("better.jpg", jpeg_bytes((800, 600))))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:cases_case_change", args=[still.case_id]), _change_form(still.case, [row])
        )
    assert response.status_code == 302
    still.refresh_from_db()
    assert still.image.name != old_original
    assert not default_storage.exists(old_original)
    assert default_storage.exists(still.image.name)
    assert (still.width, still.renditions_status) == (800, Still.Renditions.READY)
    entry = AuditEntry.objects.get(action="cases.still.changed")
    assert entry.details == {"still_id": still.pk, "file": still.image.name, "caption": "Camera 2",
                             "fields": ["image"], "replaced_file": old_original}  # fmt: skip


def test_a_new_caption_is_audited_and_keeps_the_renditions(
    client, analyst, still_with_renditions, django_capture_on_commit_callbacks
):
    still = still_with_renditions
    client.force_login(analyst)
    row = _still_row(still, caption="Camera 2, north door")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:cases_case_change", args=[still.case_id]), _change_form(still.case, [row]))
    refreshed = Still.objects.get(pk=still.pk)
    assert refreshed.renditions == still.renditions
    assert default_storage.exists(still.image.name)
    entry = AuditEntry.objects.get(action="cases.still.changed")
    assert entry.details["fields"] == ["caption"] and entry.details["file"] == still.image.name
    assert "replaced_file" not in entry.details


def test_removing_a_still_deletes_its_original_and_renditions(
    client, analyst, still_with_renditions, django_capture_on_commit_callbacks
):
    still = still_with_renditions
    files = list(still.stored_files())
    assert len(files) == 5 and all(default_storage.exists(name) for name in files)
    client.force_login(analyst)
    row = _still_row(still, DELETE="on")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:cases_case_change", args=[still.case_id]), _change_form(still.case, [row])
        )
    assert response.status_code == 302
    assert not Still.objects.exists()
    assert not any(default_storage.exists(name) for name in files)
    entry = AuditEntry.objects.get(action="cases.still.removed")
    assert (entry.actor, entry.target_id) == (analyst, str(still.case_id))
    assert entry.details == {"still_id": still.pk, "file": files[0], "caption": "Camera 2"}


def test_adding_and_removing_a_video_link_is_audited_with_the_link(client, analyst):
    case = CaseFactory()
    client.force_login(analyst)
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = _change_form(case)
    data.update({"videos-TOTAL_FORMS": "1", "videos-0-title": "ATM camera", "videos-0-description": "",
                 "videos-0-external_url": "https://youtu.be/dQw4w9WgXcQ", "videos-0-position": "0"})  # fmt: skip
    assert client.post(url, data).status_code == 302
    video = Video.objects.get()
    added = AuditEntry.objects.get(action="cases.video.added")
    assert added.details == {"video_id": video.pk, "file": "https://youtu.be/dQw4w9WgXcQ", "title": "ATM camera"}
    assert client.post(url, _change_form(case, videos=[_video_row(video, DELETE="on")])).status_code == 302
    assert not Video.objects.exists()
    removed = AuditEntry.objects.get(action="cases.video.removed")
    assert removed.details == added.details


def test_removing_an_uploaded_video_deletes_its_file_and_poster(analyst, django_capture_on_commit_callbacks):
    video = Video(case=CaseFactory(), title="Door camera")
    video.file.save("door.mp4", ContentFile(b"not decoded here"), save=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_video(video, actor=None, changed_fields=["title"])
    Video.objects.filter(pk=video.pk).update(poster=default_storage.save("videos/posters/x.jpg", ContentFile(b"jpg")))
    video.refresh_from_db()
    files = [video.file.name, video.poster.name]
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_video(video, actor=analyst)
    assert not any(default_storage.exists(name) for name in files)
    assert AuditEntry.objects.get(action="cases.video.removed").details["file"] == files[0]


def test_a_removal_rolled_back_keeps_the_files(analyst, still_with_renditions):
    still = still_with_renditions
    pk, files = still.pk, list(still.stored_files())
    with pytest.raises(RuntimeError), transaction.atomic():
        services.remove_still(still, actor=analyst)
        raise RuntimeError
    assert Still.objects.filter(pk=pk).exists()
    assert all(default_storage.exists(name) for name in files)


def test_deleting_a_case_deletes_its_stills_files(analyst, still_with_renditions, django_capture_on_commit_callbacks):
    files = list(still_with_renditions.stored_files())
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_case(still_with_renditions.case, actor=analyst)
    assert not Still.objects.exists()
    assert not any(default_storage.exists(name) for name in files)
