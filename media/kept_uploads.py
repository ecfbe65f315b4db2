"""Uploads kept across a form that comes back with errors.

A browser cannot fill a file box again, so when the case admin's form comes back with an error
(an alt text missing, a date mistyped), every picture chosen for it would have to be found and
chosen again. Instead, each file that passed its checks is kept under `pending/`, a folder no
public URL serves, and the form shown again carries a signed note of it beside the file box
("Kept: IMG_2041.jpg"). Sent again without a new file there, the form takes the kept file as if
it had just been uploaded. Once saved, the kept copy is deleted; copies from forms never sent
again are swept after a day (`sweep`, run by the beat).
"""

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property, partial
from typing import Any

from django import forms
from django.core import signing
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from .storage import stored_name
from .uploads import OriginalFileInput

logger = logging.getLogger(__name__)

FOLDER = "pending"
MAX_AGE = timedelta(days=1)
SUFFIX = "_kept"  # the hidden field beside a file box: "<prefix>-image_kept"
_SALT = "media.kept-upload"


@dataclass(frozen=True)
class KeptUpload:
    name: str  # where the copy is stored, under FOLDER
    filename: str  # the name the file had on the analyst's computer, shown back to them only

    @property
    def token(self) -> str:
        return signing.dumps([self.name, self.filename], salt=_SALT, compress=False)


def keep(upload: UploadedFile) -> KeptUpload:
    upload.seek(0)
    filename = os.path.basename(upload.name or "")[:200]
    return KeptUpload(default_storage.save(stored_name(FOLDER, filename), upload), filename)


def read(token: str) -> KeptUpload | None:
    """The kept upload a form's note names: None when forged, older than MAX_AGE or swept."""
    try:
        name, filename = signing.loads(token, salt=_SALT, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not (isinstance(name, str) and isinstance(filename, str) and name.startswith(f"{FOLDER}/")):
        return None
    return KeptUpload(name, filename) if default_storage.exists(name) else None


def _walk(folder: str) -> Iterator[str]:
    directories, files = default_storage.listdir(folder)
    for directory in directories:
        yield from _walk(f"{folder}/{directory}")
    for file in files:
        yield f"{folder}/{file}"


def sweep(now: datetime | None = None) -> int:
    """Delete kept copies older than MAX_AGE (their form was never sent again). Returns how many."""
    cutoff = (now or timezone.now()) - MAX_AGE
    if not default_storage.exists(FOLDER):
        return 0
    swept = 0
    for name in _walk(FOLDER):
        if default_storage.get_modified_time(name) < cutoff:
            default_storage.delete(name)
            swept += 1
    return swept


class KeptFileInput(OriginalFileInput):
    """A file box that says which file is kept for it, and carries the signed note of it; like
    every original's file box, it names the stored file but links nothing."""

    template_name = "media/kept_file_input.html"
    kept: KeptUpload | None = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["kept"] = self.kept
        context["widget"]["kept_name"] = name + SUFFIX
        return context


class KeepsUploadsForm(forms.ModelForm):
    """A model form whose file fields (`kept_upload_fields`) survive a refused submission: call
    `keep_uploads()` on the forms of a page about to be shown again with errors."""

    kept_upload_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kept: dict[str, KeptUpload] = {}
        for field_name in self.kept_upload_fields:
            widget = KeptFileInput(attrs=self.fields[field_name].widget.attrs)
            self.fields[field_name].widget = widget
            if self.is_bound:
                kept = read(self.data.get(self.add_prefix(field_name) + SUFFIX, ""))
                if kept is not None:
                    self._use(field_name, kept)

    def _use(self, field_name: str, kept: KeptUpload) -> None:
        self.kept[field_name] = kept
        self.fields[field_name].required = False  # the kept file stands in for a new one
        self.fields[field_name].widget.kept = kept

    def _new_upload(self, field_name: str) -> UploadedFile | None:
        return self.files.get(self.add_prefix(field_name)) if self.is_bound else None

    def keep_uploads(self) -> list[KeptUpload]:
        """Keep each new file that passed its checks; returns those kept now."""
        kept_now = []
        for field_name in self.kept_upload_fields:
            upload = self._new_upload(field_name)
            if upload is not None and field_name not in self.errors:
                kept = keep(upload)
                self._use(field_name, kept)
                kept_now.append(kept)
        return kept_now

    @cached_property
    def _kept_in_use(self) -> dict[str, KeptUpload]:
        """The kept files this submission uses: no new file was chosen in their box."""
        return {name: kept for name, kept in self.kept.items() if self._new_upload(name) is None}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        for field_name, kept in self._kept_in_use.items():
            cleaned[field_name] = File(default_storage.open(kept.name, "rb"), name=kept.filename)
        return cleaned

    @property
    def changed_data(self) -> list[str]:
        changed = super().changed_data
        return changed + [name for name in self._kept_in_use if name not in changed]

    def save(self, commit: bool = True) -> Any:
        instance = super().save(commit)
        # The copy goes once the saved file is committed; if the save rolls back, the sweep takes it.
        for field_name, kept in self._kept_in_use.items():
            transaction.on_commit(partial(_discard, self.cleaned_data[field_name], kept))
        return instance


def _discard(opened: File, kept: KeptUpload) -> None:
    opened.close()
    default_storage.delete(kept.name)
