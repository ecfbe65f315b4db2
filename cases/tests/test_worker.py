"""A real Celery worker process, consuming from the real Redis, makes renditions and posters."""

import time

import pytest
from django.core.files.base import ContentFile

from cases import services
from cases.models import Still, Video

from .factories import CaseFactory
from .images import jpeg_bytes, mp4_bytes

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_the_worker_makes_renditions_of_a_new_still(celery_worker):
    case = CaseFactory()
    still = Still(case=case, alt_text="Man at the till", position=0)
    still.image.save("till.jpg", ContentFile(jpeg_bytes((3000, 2000))), save=False)
    services.save_still(still, actor=None)  # outside a transaction: queued at once

    assert wait_for(lambda: Still.objects.get(pk=still.pk).renditions_status == Still.Renditions.READY)
    still.refresh_from_db()
    assert sorted(still.renditions, key=int) == ["400", "800", "1600"]
    assert all(set(formats) == {"jpeg", "webp"} for formats in still.renditions.values())
    with still.image.storage.open(still.renditions["800"]["webp"]) as handle:
        assert handle.read(12)[8:12] == b"WEBP"


def test_the_worker_makes_a_poster_frame_for_an_uploaded_video(celery_worker):
    case = CaseFactory()
    video = Video(case=case, title="ATM camera")
    video.file.save("atm.mp4", ContentFile(mp4_bytes()), save=False)
    services.save_video(video, actor=None)

    assert wait_for(lambda: bool(Video.objects.get(pk=video.pk).poster))
