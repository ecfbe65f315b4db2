"""Tip attachments in media storage: encrypted, under random names, below a prefix that no public
URL serves."""

import logging
from collections.abc import Iterable, Sequence

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from . import crypto
from .models import Attachment, Message, Tip
from .sanitise import CleanFile

logger = logging.getLogger(__name__)

STORAGE_PREFIX = "tips/"


def store_files(tip: Tip, message: Message | None, files: Sequence[CleanFile], stored: list[str]) -> None:
    """Encrypt and store each file; `stored` collects the names so a failed caller can remove them."""
    for clean in files:
        name = default_storage.save(
            f"{STORAGE_PREFIX}{timezone.now():%Y/%m}/{crypto.new_file_id()}.bin",
            ContentFile(crypto.encrypt_bytes(clean.data)),
        )
        stored.append(name)
        Attachment.objects.create(
            tip=tip, message=message, kind=clean.kind, content_type=clean.content_type,
            size=len(clean.data), storage_name=name,
        )  # fmt: skip


def delete_files(names: Iterable[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("could not remove an encrypted tip file", exc_info=True)
