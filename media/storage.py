"""Where uploaded originals and the files made from them live.

Two storages, so that nothing public comes before it is clean:
- Originals (a case still, a post image, a video as uploaded) keep whatever the camera wrote:
  GPS position, camera make and serial, the author's name. They live in the `originals` storage,
  apart from public media, and have no URL at all (`url()` raises `NotPublic`): on disk under
  ORIGINALS_ROOT (by default `MEDIA_ROOT/originals/`, which neither the dev server, nor WhiteNoise,
  nor the nginx allow-list serves); on S3 in a private bucket or prefix. Only the worker reads them.
- What the worker makes from them, with every piece of metadata left out (image renditions, the
  remuxed video, poster frames), goes to the default storage, under fixed names per object, so
  that making them again replaces them. These are what the public pages link.

Originals are stored under random names, so an analyst's file name ("IMG_2041 Smith St.jpg") is
never kept either. See docs/privacy-and-delivery.md.
"""

import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, default_storage, storages
from django.utils import timezone
from django.utils.functional import cached_property

# The only paths under MEDIA_URL that answer: renditions and poster frames, which the worker made
# without metadata. The Django URL that serves media (SERVE_MEDIA) and the shipped nginx site
# (deploy/nginx) use this same allow-list; anything else under /media/ is a 404.
PUBLIC_MEDIA = r"(stills|posts|videos)/renditions/[0-9]+/[^/]+\.(jpg|webp|mp4|webm)|videos/posters/[^/]+\.jpg"


class NotPublic(Exception):
    """An original upload has no URL: the public sees only what the worker made from it."""


class NoPublicURL:
    """For a storage of originals: asking for a file's URL is an error, never a link."""

    def url(self, name: str | None) -> str:
        raise NotPublic(f"{name} is an original upload: link its renditions instead")


class OriginalsFileSystemStorage(NoPublicURL, FileSystemStorage):
    """Originals on local disk: ORIGINALS_ROOT, or `originals/` inside MEDIA_ROOT by default."""

    @cached_property
    def base_location(self) -> str:
        return str(settings.ORIGINALS_ROOT or os.path.join(settings.MEDIA_ROOT, "originals"))

    def _clear_cached_properties(self, setting: Any, **kwargs: Any) -> None:
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "ORIGINALS_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


def originals() -> Storage:
    """The storage of original uploads (the `storage` of every uploaded-original field)."""
    return storages["originals"]


def stored_name(folder: str, filename: str) -> str:
    """A random name: an analyst's file name ("IMG_2041 Smith St.jpg") never becomes public."""
    extension = os.path.splitext(filename)[1].lower()[:8]
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


def upload_original(instance: Any, filename: str) -> str:
    """`upload_to` of every uploaded original: a random name in the model's `originals_folder`."""
    return stored_name(instance.originals_folder, filename)


def replace_file(name: str, content: bytes | IO[bytes]) -> str:
    """Store a derived (public) file at `name`, replacing what was there."""
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(content) if isinstance(content, bytes) else File(content))


@dataclass(frozen=True)
class StoredFiles:
    """The stored files of one or more objects: originals, and the public files made from them."""

    originals: tuple[str, ...] = ()
    derived: tuple[str, ...] = ()

    def __add__(self, other: "StoredFiles") -> "StoredFiles":
        return StoredFiles(self.originals + other.originals, self.derived + other.derived)

    def delete(self) -> None:
        """Remove them from their storages; a missing file is no error."""
        _delete(originals(), self.originals)
        _delete(default_storage, self.derived)


def _delete(storage: Storage, names: Iterable[str]) -> None:
    for name in names:
        if name:
            storage.delete(name)


def move_to_originals(names: Iterable[str]) -> tuple[int, int]:
    """Move files stored before originals had a storage of their own from the default storage
    into `originals`, under the same name (so no database row changes). Returns (moved, missing)."""
    return move_files(names, source=default_storage, target=originals())


def move_files(names: Iterable[str], *, source: Storage, target: Storage) -> tuple[int, int]:
    """Move each named file from `source` to `target`, keeping its name. Safe to run again and
    safe to stop: a file is deleted from `source` only once `target` holds all of it, and one
    already moved is skipped. Returns (moved, missing)."""
    moved = missing = 0
    for name in names:
        if not name or _same_file(source, target, name):
            continue
        there = source.exists(name)
        if target.exists(name):
            if there and target.size(name) == source.size(name):
                source.delete(name)  # an earlier run copied it but stopped before this
            continue
        if not there:
            missing += 1
            continue
        with source.open(name, "rb") as handle:
            saved = target.save(name, File(handle))
        if saved != name or target.size(name) != source.size(name):
            target.delete(saved)
            raise OSError(f"could not copy {name} intact from {source} to {target}")
        source.delete(name)
        moved += 1
    return moved, missing


def _same_file(source: Storage, target: Storage, name: str) -> bool:
    """Both storages put `name` at the same path on disk: there is nothing to move (and deleting
    the "source" would delete the only copy)."""
    try:
        return source.path(name) == target.path(name)
    except NotImplementedError:  # object storage: no local paths
        return False
