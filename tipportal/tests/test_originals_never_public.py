"""Nothing public before it is clean: an uploaded original (a case still, a post image, a video as
uploaded) is never reachable from a public URL. With the worker stopped, the public pages show a
"being prepared" placeholder; once it has run, they show renditions without metadata. In both
states every file the page links is fetched and searched for the original's metadata."""

import re
from html import unescape

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from cases import services as case_services
from cases.models import Case, Still, Video
from cases.tasks import make_still_renditions, prepare_video
from cases.tests.factories import CaseFactory
from cases.tests.images import jpeg_bytes, upload
from cases.tests.test_admin import ADD_URL, case_form, with_still, with_video
from community import services as community_services
from community.tasks import make_post_renditions
from community.tests.factories import PostFactory
from media.storage import NotPublic, originals
from tips.tests.media import CAMERA_MODEL, GPS_TEXT, VIDEO_TITLE, tagged_video

MAKE = "OriginalCamMake"
ARTIST = "Artist Jane Analyst"
GPS_LATITUDE = (40.0, 44.0, 55.5)


def tagged_still(size: tuple[int, int] = (1200, 900)) -> bytes:
    """A photo whose EXIF names the camera, the photographer and where it was taken."""
    exif = Image.Exif()
    exif[0x010F] = MAKE
    exif[0x013B] = ARTIST
    exif[0x8825] = {1: "N", 2: GPS_LATITUDE, 3: "W", 4: (73.0, 59.0, 11.0)}
    return jpeg_bytes(size, exif=exif)


# What must never be served: the camera, the photographer, the position (EXIF stores GPS as
# rationals: the seconds' 555/10 are there as bytes), and the video's own tags.
NEEDLES = {
    "make": MAKE.encode(),
    "artist": ARTIST.encode(),
    "exif": b"Exif\x00\x00",
    "video title": VIDEO_TITLE.encode(),
    "video location": GPS_TEXT.encode(),
    "video comment": CAMERA_MODEL.encode(),
}
_LINK = re.compile(r'(?:src|href|poster|srcset|data-tp-full|content)="([^"]+)"')


def linked_paths(html: str) -> set[str]:
    """Every path on this site that the page links, loads or offers (srcset lists included)."""
    paths = set()
    for value in _LINK.findall(html):
        for candidate in unescape(value).split(","):
            url = candidate.strip().split(" ")[0]
            url = url.removeprefix("http://testserver")
            if url.startswith("/") and not url.startswith("//"):
                paths.add(url)
    return paths


def fetch_everything(client, page_url: str) -> dict[str, bytes]:
    """The page and every file it links, as an anonymous visitor receives them."""
    page = client.get(page_url)
    assert page.status_code == 200
    bodies = {page_url: page.content}
    for path in linked_paths(page.text):
        response = client.get(path)
        bodies[path] = b"".join(response.streaming_content) if response.streaming else response.content
    return bodies


def assert_nothing_leaks(bodies: dict[str, bytes], original: bytes) -> None:
    for path, body in bodies.items():
        found = [name for name, needle in NEEDLES.items() if needle in body]
        assert found == [], f"{path} holds the original's {found}"
        assert original not in body, f"{path} serves the original"


def media_paths(bodies: dict[str, bytes]) -> set[str]:
    return {path for path in bodies if path.startswith("/media/")}


@pytest.fixture(autouse=True)
def _widths(settings):
    # MEDIA_ROOT stays the suite's: the URL that serves media was set up with it.
    settings.RENDITION_WIDTHS = (400, 800)


@pytest.fixture
def stopped_worker(settings):
    """Tasks go to the real Redis and wait there: no worker consumes them."""
    from tipportal.celery import app

    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield
    with app.connection_for_write() as connection:
        for queue in ("urgent", "default"):
            connection.default_channel.queue_purge(queue)


def assert_original_has_no_url(client, field) -> None:
    """Not through Django's media serving (SERVE_MEDIA), whether asked for where the file really
    is or where media once kept it, and no URL can even be built for it."""
    with pytest.raises(NotPublic):
        field.url  # noqa: B018 - asking is the test
    assert originals().exists(field.name)
    for path in (f"/media/{field.name}", f"/media/originals/{field.name}"):
        assert client.get(path).status_code == 404


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_still_added_while_the_worker_is_stopped_is_never_served_with_its_metadata(client, analyst, stopped_worker):
    original = tagged_still()
    client.force_login(analyst)
    data = with_still(case_form(is_published="on"), 0, upload("IMG_2041 Smith St.jpg", original))
    assert client.post(ADD_URL, data).status_code == 302
    client.logout()
    case = Case.objects.get()
    still = Still.objects.get()
    assert still.renditions_status == Still.Renditions.PENDING  # queued, and no worker to make them
    with originals().open(still.image.name) as stored:
        assert stored.read() == original  # the evidence is kept as it came, privately

    bodies = fetch_everything(client, case.get_absolute_url())
    page = bodies[case.get_absolute_url()].decode()
    assert "This picture is being prepared. It will appear here in a moment." in page
    assert f'data-tp-media="still-{still.pk}" data-tp-preparing' in page
    assert media_paths(bodies) == set()  # nothing under /media/ is linked yet
    assert "Smith St" not in page
    assert_nothing_leaks(bodies, original)
    assert_original_has_no_url(client, still.image)

    make_still_renditions.apply(args=[still.pk])  # the worker is back
    bodies = fetch_everything(client, case.get_absolute_url())
    served = media_paths(bodies)
    assert {
        f"/media/stills/renditions/{still.pk}/{width}.{ext}" for width in (400, 800) for ext in ("jpg", "webp")
    } <= served
    assert all(bodies[path][:2] == b"\xff\xd8" or bodies[path][8:12] == b"WEBP" for path in served)
    assert "being prepared" not in bodies[case.get_absolute_url()].decode()
    assert_nothing_leaks(bodies, original)
    assert_original_has_no_url(client, still.image)


@pytest.mark.django_db
def test_a_video_is_shown_only_as_its_copy_without_metadata(client, analyst, django_capture_on_commit_callbacks):
    original = tagged_video()
    assert NEEDLES["video title"] in original and NEEDLES["video location"] in original
    client.force_login(analyst)
    data = with_video(case_form(is_published="on"), file=upload("door camera.mp4", original, "video/mp4"))
    assert client.post(ADD_URL, data).status_code == 302  # the worker has not run: on_commit held back
    client.logout()
    case, video = Case.objects.get(), Video.objects.get()

    bodies = fetch_everything(client, case.get_absolute_url())
    assert "This video is being prepared. It will appear here in a moment." in bodies[case.get_absolute_url()].decode()
    assert media_paths(bodies) == set()
    assert_nothing_leaks(bodies, original)
    assert_original_has_no_url(client, video.file)

    prepare_video(video.pk)
    video.refresh_from_db()
    assert video.renditions_status == Video.Renditions.READY
    assert video.public_file.name == f"videos/renditions/{video.pk}/video.mp4"
    bodies = fetch_everything(client, case.get_absolute_url())
    assert media_paths(bodies) == {f"/{video.public_file.url.lstrip('/')}", video.poster.url}
    assert bodies[video.public_file.url][4:8] == b"ftyp"
    assert_nothing_leaks(bodies, original)
    assert_original_has_no_url(client, video.file)


@pytest.mark.django_db
def test_a_video_that_cannot_be_copied_stays_off_the_public_page(client, analyst, officer):
    case = CaseFactory()
    video = Video(case=case, title="Door camera")
    video.file.save("door.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42 not a video at all"), save=False)
    case_services.save_video(video, actor=analyst)
    prepare_video(video.pk)
    video.refresh_from_db()
    assert video.renditions_status == Video.Renditions.FAILED
    page = client.get(case.get_absolute_url()).text
    assert "Door camera" not in page and "<video" not in page
    client.force_login(officer)
    assert "this video could not be prepared for the public" in client.get(case.get_absolute_url()).text


@pytest.mark.django_db
def test_a_post_image_is_a_placeholder_until_its_renditions_exist(client, analyst):
    original = tagged_still((900, 600))
    post = PostFactory.build(image=ContentFile(original, name="alert.jpg"), image_alt="The closed road")
    community_services.save_post(post, actor=analyst, image_changed=True)  # on_commit held back: no renditions
    post.refresh_from_db()
    for url in (post.get_absolute_url(), reverse("community:list")):
        bodies = fetch_everything(client, url)
        assert "This picture is being prepared." in bodies[url].decode()
        assert media_paths(bodies) == set()
        assert_nothing_leaks(bodies, original)
    assert_original_has_no_url(client, post.image)

    make_post_renditions(post.pk)
    bodies = fetch_everything(client, post.get_absolute_url())
    assert len(media_paths(bodies)) == 4  # two widths, JPEG and WebP
    assert_nothing_leaks(bodies, original)


SERVED = ["stills/renditions/7/400.jpg", "posts/renditions/3/800.webp", "videos/renditions/4/video.mp4",
          "videos/posters/4.jpg"]  # fmt: skip
# Originals where media kept them before they had their own storage, or anywhere else; tip files.
REFUSED = ["stills/originals/2026/11/old.jpg", "videos/2026/11/upload.mp4", "tips/2026/11/secret.bin",
           "stills/renditions/7/notes.txt", "originals/stills/2026/11/a.jpg"]  # fmt: skip


@pytest.mark.django_db
def test_media_serves_renditions_and_posters_only(client):
    for name in SERVED + REFUSED:
        default_storage.save(name, ContentFile(b"bytes of " + name.encode()))
    for path in SERVED:
        assert client.get(f"/media/{path}").status_code == 200, path
    for path in [*REFUSED, "stills/renditions/7/../../originals/2026/11/old.jpg"]:
        assert client.get(f"/media/{path}").status_code == 404, path
