"""Upgrading moves the originals that public media used to hold into their own storage."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cases.models import Still, Video
from media.storage import originals

BEFORE = [("cases", "0005_case_search_document")]
AFTER = [("cases", "0006_originals_kept_private")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest_schema():
    """Migrating back unapplies every later migration (of cases, and of the apps whose migrations
    depend on them): the tests after this one need the whole schema as it is today."""
    yield
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest_schema")
def test_existing_originals_are_moved_under_their_names_and_videos_wait_for_their_public_copy(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old = _migrate(BEFORE)
    category = old.get_model("cases", "Category").objects.create(name="Upgrade test", slug="upgrade-test")
    area = old.get_model("cases", "Area").objects.create(name="Upgrade area", slug="upgrade-area")
    case = old.get_model("cases", "Case").objects.create(
        number="2025-000001", title="Old case", slug="old-case", summary="Before the upgrade.", category=category,
        area=area, incident_at=timezone.now(),
    )  # fmt: skip
    still_name = default_storage.save("stills/originals/2025/06/old.jpg", ContentFile(b"old still with EXIF"))
    video_name = default_storage.save("videos/2025/06/old.mp4", ContentFile(b"old video with GPS"))
    old.get_model("cases", "Still").objects.create(case=case, image=still_name, alt_text="A man")
    old.get_model("cases", "Video").objects.create(case=case, file=video_name, poster="videos/posters/1.jpg")
    old.get_model("cases", "Video").objects.create(case=case, external_url="https://youtu.be/dQw4w9WgXcQ")

    _migrate(AFTER)

    for name, content in ((still_name, b"old still with EXIF"), (video_name, b"old video with GPS")):
        assert not default_storage.exists(name)
        with originals().open(name) as moved:
            assert moved.read() == content
    assert Still.objects.get().image.name == still_name
    uploaded, linked = Video.objects.order_by("pk")
    assert (uploaded.file.name, uploaded.renditions_status, uploaded.public_file.name) == (video_name, "pending", "")
    assert linked.renditions_status == "none"
