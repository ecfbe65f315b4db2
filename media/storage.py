"""Where uploaded originals and the files made from them live in media storage.

Originals are stored under random names; the public sees only renditions and poster frames,
which the worker writes to fixed names so that making them again replaces them.
"""

import os
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone


def stored_name(folder: str, filename: str) -> str:
    """A random name: an analyst's file name ("IMG_2041 Smith St.jpg") never becomes public."""
    extension = os.path.splitext(filename)[1].lower()[:8]
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


def upload_original(instance: Any, filename: str) -> str:
    """`upload_to` of every uploaded original: a random name in the model's `originals_folder`."""
    return stored_name(instance.originals_folder, filename)


def replace_file(name: str, content: bytes) -> str:
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(content))


def delete_files(names: Iterable[str]) -> None:
    """Remove stored files (an original with its renditions or poster); a missing one is no error."""
    for name in names:
        if name:
            default_storage.delete(name)
