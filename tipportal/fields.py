"""Model choice fields that refuse ids no database row can have before asking the database.

A huge or non-ASCII "id" from a forged form would otherwise reach the query: PostgreSQL answers
"no such row", but SQLite (the embedded first-run database) raises OverflowError, a 500.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

_MAX_DIGITS = 18  # the largest bigint has 19 digits; no real id comes near it


def _is_plain_id(value: object) -> bool:
    text = str(value)
    return text.isascii() and text.isdigit() and len(text) <= _MAX_DIGITS


class IdChoiceField(forms.ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and self.to_field_name is None and not _is_plain_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    def clean(self, value: Any) -> Any:
        if self.to_field_name is None and isinstance(value, list | tuple):
            for pk in value:
                if not _is_plain_id(pk):
                    raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                          params={"pk": pk})  # fmt: skip
        return super().clean(value)
