"""The analyst's admin: creating cases with stills and videos, and refusing bad uploads plainly."""

import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image

from audit.models import AuditEntry
from cases.models import Case, CaseUpdate, Still, Video

from .factories import AreaFactory, CaseFactory, CategoryFactory
from .images import jpeg_bytes, mp4_bytes, mpo_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:cases_case_add")


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(path) for path in root.rglob("*") if path.is_file()}


def case_form(**overrides) -> dict:
    area = AreaFactory(name="Downtown", slug="downtown")
    data = {
        "number": "2026-004321",
        "title": "Whiskey taken from liquor store",
        "slug": "2026-004321-whiskey",
        "summary": "A man took a bottle and walked out.",
        "category": CategoryFactory().pk,
        "area": area.pk,
        "location_text": "Main Street",
        "incident_at_0": "2026-11-20",
        "incident_at_1": "14:30:00",
        "reward": "",
        "comments_open": "on",
        "published_at_0": "",
        "published_at_1": "",
    }
    for prefix in ("stills", "videos", "updates"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})  # fmt: skip
    data.update(overrides)
    return data


def with_still(data: dict, index: int, file, alt: str = "Man at the shelf") -> dict:
    data[f"stills-{index}-image"] = file
    data[f"stills-{index}-alt_text"] = alt
    data[f"stills-{index}-caption"] = ""
    data[f"stills-{index}-position"] = str(index)
    data["stills-TOTAL_FORMS"] = str(index + 1)
    return data


def with_video(data: dict, file=None, link: str = "") -> dict:
    data.update({"videos-0-title": "ATM camera", "videos-0-external_url": link, "videos-0-description": "",
                 "videos-0-position": "0", "videos-TOTAL_FORMS": "1"})  # fmt: skip
    if file is not None:
        data["videos-0-file"] = file
    return data


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


def test_an_analyst_creates_a_published_case_with_two_stills(analyst_client, analyst):
    data = case_form(is_published="on")
    with_still(data, 0, upload("a.jpg", jpeg_bytes()))
    with_still(data, 1, upload("b.png", png_bytes(), "image/png"), alt="Leaving the store")
    response = analyst_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    case = Case.objects.get(number="2026-004321")
    assert case.is_published and case.published_at is not None
    assert case.created_by == analyst
    assert [still.alt_text for still in case.stills.all()] == ["Man at the shelf", "Leaving the store"]
    actions = set(AuditEntry.objects.filter(actor=analyst).values_list("action", flat=True))
    assert {"cases.case.created", "cases.case.published"} <= actions


def test_renditions_are_made_once_the_case_is_saved(analyst_client, django_capture_on_commit_callbacks):
    data = with_still(case_form(), 0, upload("a.jpg", jpeg_bytes((2000, 1500))))
    with django_capture_on_commit_callbacks(execute=True):
        analyst_client.post(ADD_URL, data)
    still = Still.objects.get()
    assert still.renditions_status == Still.Renditions.READY
    assert sorted(still.renditions, key=int) == ["400", "800", "1600"]
    assert (still.width, still.height) == (2000, 1500)


def test_a_phone_photo_saved_as_mpo_is_accepted_as_a_jpeg_still(analyst_client, django_capture_on_commit_callbacks):
    content = mpo_bytes((2000, 1500))
    assert Image.open(io.BytesIO(content)).format == "MPO"
    data = with_still(case_form(), 0, upload("IMG_1234.jpg", content))
    with django_capture_on_commit_callbacks(execute=True):
        response = analyst_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    still = Still.objects.get()
    assert (still.width, still.height) == (2000, 1500)
    assert still.renditions_status == Still.Renditions.READY


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.jpg", b"%PDF-1.7 this is not an image at all", "not an image we can read"),
        ("cut.jpg", jpeg_bytes((1200, 900))[:3000], "damaged or incomplete"),
        ("animation.gif", b"GIF89a" + bytes(64), "not an image we can read"),
    ],
)
def test_a_bad_still_is_refused_with_a_clear_message_and_nothing_saved(analyst_client, name, content, message):
    before = media_files()
    data = with_still(case_form(), 0, upload(name, content))
    response = analyst_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert message in response.text
    assert not Case.objects.exists()
    assert not Still.objects.exists()
    assert media_files() == before


def test_a_decompression_bomb_is_refused(analyst_client):
    # A 30000 x 30000 PNG compresses to about 1 MB but would need 2.7 GB to decode.
    buffer = io.BytesIO()
    Image.new("1", (30000, 30000)).save(buffer, "PNG")
    before = media_files()
    response = analyst_client.post(ADD_URL, with_still(case_form(), 0, upload("bomb.png", buffer.getvalue())))
    assert response.status_code == 200
    assert "megapixels" in response.text
    assert not Still.objects.exists()
    assert media_files() == before


def test_an_image_over_the_size_limit_is_refused(analyst_client, settings):
    settings.MAX_IMAGE_UPLOAD_MB = 1
    big = os.urandom(1024 * 1024 + 1)
    response = analyst_client.post(ADD_URL, with_still(case_form(), 0, upload("big.jpg", big)))
    assert "the limit is 1.0" in response.text
    assert not Case.objects.exists()


def test_alt_text_is_required(analyst_client):
    response = analyst_client.post(ADD_URL, with_still(case_form(), 0, upload("a.jpg", jpeg_bytes()), alt=""))
    assert response.status_code == 200
    assert not Still.objects.exists()


def test_a_video_link_must_be_youtube_or_vimeo(analyst_client):
    response = analyst_client.post(ADD_URL, with_video(case_form(), link="https://example.com/video/1"))
    assert "not a YouTube or Vimeo video link" in response.text
    assert not Video.objects.exists()


def test_a_youtube_link_is_accepted(analyst_client):
    analyst_client.post(ADD_URL, with_video(case_form(), link="https://youtu.be/dQw4w9WgXcQ"))
    assert Video.objects.get().embed["src"].startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")


def test_a_file_that_is_not_a_video_is_refused(analyst_client):
    before = media_files()
    fake = upload("clip.mp4", b"\x00\x00\x00\x18ftypmp42" + os.urandom(4096), "video/mp4")
    response = analyst_client.post(ADD_URL, with_video(case_form(), file=fake))
    assert "not a video we can play" in response.text
    assert not Case.objects.exists()
    assert media_files() == before


def test_a_video_of_the_wrong_type_is_refused(analyst_client):
    response = analyst_client.post(ADD_URL, with_video(case_form(), file=upload("clip.avi", b"RIFF....AVI ")))
    assert "MP4 or WebM" in response.text
    assert not Video.objects.exists()


def test_a_video_over_the_size_limit_is_refused(analyst_client, settings):
    settings.MAX_VIDEO_UPLOAD_MB = 1
    response = analyst_client.post(ADD_URL, with_video(case_form(), file=upload("big.mp4", os.urandom(1024 * 1025))))
    assert "the limit is 1.0" in response.text
    assert not Video.objects.exists()


def test_an_uploaded_video_gets_a_public_copy_and_a_poster_frame(analyst_client, django_capture_on_commit_callbacks):
    data = with_video(case_form(), file=upload("clip.mp4", mp4_bytes(), "video/mp4"))
    with django_capture_on_commit_callbacks(execute=True):
        response = analyst_client.post(ADD_URL, data)
    assert response.status_code == 302
    video = Video.objects.get()
    assert video.renditions_status == Video.Renditions.READY
    assert video.poster.name == f"videos/posters/{video.pk}.jpg"
    with video.poster.open("rb") as poster:
        assert Image.open(poster).format == "JPEG"
    with video.public_file.open("rb") as public:
        assert public.read(12)[4:8] == b"ftyp"


def test_the_admin_names_an_original_but_never_links_it(analyst_client, django_capture_on_commit_callbacks):
    data = with_still(case_form(), 0, upload("shop.jpg", jpeg_bytes()))
    with django_capture_on_commit_callbacks(execute=True):
        analyst_client.post(ADD_URL, data)
    still = Still.objects.get()
    page = analyst_client.get(reverse("admin:cases_case_change", args=[still.case_id])).text
    assert still.image.name in page
    assert f'href="/media/{still.image.name}"' not in page
    assert "kept private: the public sees the copy made without its metadata" in page
    assert f'src="{still.rendition_url(400)}"' in page  # the preview is a rendition


def test_editing_a_case_is_audited_with_the_changed_fields(analyst_client, analyst):
    case = CaseFactory()
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = case_form(number=case.number, slug=case.slug, title="New title", area=case.area.pk, is_published="on",
                     published_at_0=case.published_at.strftime("%Y-%m-%d"),
                     published_at_1=case.published_at.strftime("%H:%M:%S"))  # fmt: skip
    response = analyst_client.post(url, data)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="cases.case.changed")
    assert entry.actor == analyst
    assert "title" in entry.details["fields"]


def test_publish_and_unpublish_actions_are_audited(analyst_client, analyst):
    case = CaseFactory(is_published=False, published_at=None)
    changelist = reverse("admin:cases_case_changelist")
    analyst_client.post(changelist, {"action": "publish", "_selected_action": [case.pk]})
    case.refresh_from_db()
    assert case.is_published
    analyst_client.post(changelist, {"action": "unpublish", "_selected_action": [case.pk]})
    case.refresh_from_db()
    assert not case.is_published
    actions = list(AuditEntry.objects.filter(actor=analyst).values_list("action", flat=True))
    assert sorted(actions) == ["cases.case.published", "cases.case.unpublished"]


def test_the_mark_solved_action_asks_for_a_note_then_solves(client, officer):
    case = CaseFactory()
    client.force_login(officer)
    changelist = reverse("admin:cases_case_changelist")
    asked = client.post(changelist, {"action": "mark_solved", "_selected_action": [case.pk]})
    assert asked.status_code == 200
    assert "Public note" in asked.text
    client.post(changelist, {"action": "mark_solved", "_selected_action": [case.pk], "apply": "1",
                             "note": "Solved thanks to a tip."})  # fmt: skip
    case.refresh_from_db()
    assert case.status == Case.Status.SOLVED
    assert CaseUpdate.objects.get(case=case).body == "Solved thanks to a tip."


def test_analysts_cannot_mark_cases_solved(analyst_client):
    response = analyst_client.get(reverse("admin:cases_case_changelist"))
    assert "mark_solved" not in response.text


def test_officers_cannot_create_cases(client, officer):
    client.force_login(officer)
    assert client.get(ADD_URL).status_code == 403


def test_outsiders_see_no_cases_in_admin(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("admin:cases_case_changelist")).status_code == 403


def test_the_audit_log_is_read_only(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    AuditEntry.objects.create(action="cases.case.created", target_repr="x")
    entry = AuditEntry.objects.get()
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.count() == 1


def test_a_superuser_deleting_a_case_is_audited(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    case = CaseFactory(number="2026-000777", title="Bike taken")
    client.force_login(admin)
    response = client.post(reverse("admin:cases_case_delete", args=[case.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Case.objects.exists()
    entry = AuditEntry.objects.get(action="cases.case.deleted")
    assert entry.actor == admin
    assert entry.details == {"number": "2026-000777", "title": "Bike taken"}
    assert "2026-000777" in entry.target_repr


def test_analysts_cannot_delete_cases(analyst_client):
    case = CaseFactory()
    response = analyst_client.post(reverse("admin:cases_case_delete", args=[case.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Case.objects.filter(pk=case.pk).exists()


def test_uploaded_files_are_stored_under_random_names(analyst_client):
    data = with_still(case_form(), 0, upload("IMG_2041 Smith St.jpg", jpeg_bytes()))
    analyst_client.post(ADD_URL, data)
    name = Still.objects.get().image.name
    assert "Smith" not in name
    assert "IMG_2041" not in name
    assert name.endswith(".jpg")
