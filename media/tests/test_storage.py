"""Originals have a storage of their own, with no URL, and files stored before that are moved
there safely (the data migrations of cases and community use move_to_originals)."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from media.storage import NotPublic, StoredFiles, move_files, move_to_originals, originals


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ORIGINALS_ROOT = ""


def test_originals_live_in_their_own_folder_and_have_no_url(settings):
    name = originals().save("stills/2026/11/a.jpg", ContentFile(b"original bytes"))
    assert Path(originals().path(name)) == settings.MEDIA_ROOT / "originals" / "stills/2026/11/a.jpg"
    with pytest.raises(NotPublic):
        originals().url(name)


def test_originals_root_may_be_anywhere_else(settings, tmp_path):
    settings.ORIGINALS_ROOT = str(tmp_path / "private")
    name = originals().save("posts/2026/11/b.jpg", ContentFile(b"original bytes"))
    assert (tmp_path / "private" / "posts/2026/11/b.jpg").read_bytes() == b"original bytes"
    assert not default_storage.exists(name)


def test_moving_originals_out_of_public_media_keeps_their_names_and_bytes():
    names = [
        default_storage.save(f"stills/originals/2026/11/{n}.jpg", ContentFile(f"photo {n}".encode())) for n in "ab"
    ]
    assert move_to_originals([*names, "stills/originals/2026/11/gone.jpg", ""]) == (2, 1)
    for name in names:
        assert not default_storage.exists(name)
        with originals().open(name) as moved:
            assert moved.read().startswith(b"photo ")
    # Safe to run again: nothing left to move, nothing lost.
    assert move_to_originals(names) == (0, 0)
    assert all(originals().exists(name) for name in names)


def test_a_move_stopped_after_the_copy_finishes_its_work_when_run_again():
    name = default_storage.save("videos/2026/11/clip.mp4", ContentFile(b"video bytes"))
    originals().save(name, ContentFile(b"video bytes"))  # copied, but the run stopped here
    assert move_to_originals([name]) == (0, 0)
    assert not default_storage.exists(name)
    assert originals().exists(name)


def test_a_partial_copy_is_never_taken_for_the_file():
    name = default_storage.save("posts/originals/2026/11/p.jpg", ContentFile(b"the whole picture"))
    originals().save(name, ContentFile(b"the wh"))  # a copy cut short
    move_to_originals([name])
    assert default_storage.exists(name)  # the public copy stays until a complete one exists


def test_moving_back_restores_the_old_layout():
    name = originals().save("stills/2026/11/c.jpg", ContentFile(b"photo c"))
    assert move_files([name], source=originals(), target=default_storage) == (1, 0)
    assert default_storage.exists(name) and not originals().exists(name)


def test_deleting_stored_files_removes_each_from_its_own_storage():
    original = originals().save("stills/2026/11/d.jpg", ContentFile(b"photo d"))
    rendition = default_storage.save("stills/renditions/4/400.jpg", ContentFile(b"small d"))
    (StoredFiles(originals=(original,)) + StoredFiles(derived=(rendition, "stills/renditions/4/gone.jpg"))).delete()
    assert not originals().exists(original)
    assert not default_storage.exists(rendition)
