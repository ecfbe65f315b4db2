"""The still rendition service: every width in both formats, stored in place, failures marked."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from cases.models import Still
from cases.tasks import make_still_renditions, requeue_stale_renditions
from media.renditions import UnreadableImage, store_renditions

from .factories import StillFactory
from .images import jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.RENDITION_WIDTHS = (400, 800, 1600)


def test_a_still_gets_each_width_up_to_its_own_in_jpeg_and_webp_under_its_own_folder():
    still = StillFactory(image=ContentFile(jpeg_bytes((1000, 500)), name="s.jpg"))
    make_still_renditions(still.pk)
    still.refresh_from_db()
    assert still.renditions_status == Still.Renditions.READY
    assert (still.width, still.height) == (1000, 500)
    assert still.renditions == {
        str(width): {
            "jpeg": f"stills/renditions/{still.pk}/{width}.jpg",
            "webp": f"stills/renditions/{still.pk}/{width}.webp",
        }
        for width in (400, 800, 1000)
    }
    assert all(default_storage.exists(name) for formats in still.renditions.values() for name in formats.values())


def test_making_them_again_replaces_the_files_under_the_same_names():
    still = StillFactory(image=ContentFile(jpeg_bytes((500, 400)), name="s.jpg"))
    make_still_renditions(still.pk)
    first = Still.objects.get(pk=still.pk).renditions
    make_still_renditions(still.pk)
    assert Still.objects.get(pk=still.pk).renditions == first


def test_an_image_that_cannot_be_read_marks_the_still_failed():
    still = StillFactory(image=ContentFile(b"not an image at all", name="s.jpg"))
    make_still_renditions(still.pk)
    still.refresh_from_db()
    assert still.renditions_status == Still.Renditions.FAILED
    assert still.renditions == {}


def test_the_sweep_requeues_stills_pending_since_their_creation_a_while_ago():
    stale = StillFactory()
    fresh = StillFactory()
    Still.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(minutes=11))
    assert requeue_stale_renditions(older_than_minutes=10) == 1
    assert Still.objects.get(pk=stale.pk).renditions_status == Still.Renditions.READY
    assert Still.objects.get(pk=fresh.pk).renditions_status == Still.Renditions.PENDING
    assert requeue_stale_renditions(older_than_minutes=10) == 0


def test_store_renditions_stores_any_image_under_the_prefix_it_is_given():
    still = StillFactory(image=ContentFile(jpeg_bytes((700, 300)), name="s.jpg"))
    size, renditions = store_renditions(still.image, "elsewhere/7")
    assert size == (700, 300)
    assert renditions == {
        "400": {"jpeg": "elsewhere/7/400.jpg", "webp": "elsewhere/7/400.webp"},
        "700": {"jpeg": "elsewhere/7/700.jpg", "webp": "elsewhere/7/700.webp"},
    }
    assert default_storage.exists("elsewhere/7/700.webp")


def test_store_renditions_refuses_an_unreadable_image_and_stores_nothing():
    still = StillFactory(image=ContentFile(b"GIF89a broken", name="s.jpg"))
    with pytest.raises(UnreadableImage):
        store_renditions(still.image, "elsewhere/8")
    assert not default_storage.exists("elsewhere/8")
