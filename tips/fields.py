"""A text column encrypted at rest with the tip keys (see crypto.py)."""

from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

from . import crypto


class EncryptedTextField(models.TextField):
    """Python reads and writes plain text; the column holds a Fernet token under the newest key.

    Empty text is stored as it is (nothing to hide). The token differs on every save, so the
    column cannot be searched or compared in a query: read the row and look at the text.
    """

    def from_db_value(self, value: str | None, expression: Any, connection: BaseDatabaseWrapper) -> str | None:
        return crypto.decrypt_text(value) if value else value

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        return crypto.encrypt_text(value) if value else value
