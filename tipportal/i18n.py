"""The site's languages, for the models and services that remember or use one (emails are
written in their reader's language). See docs/translation.md."""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.utils import translation

T = TypeVar("T")


def language_choices() -> list[tuple[str, str]]:
    """LANGUAGES, as a callable so migrations do not change when a language is added."""
    return settings.LANGUAGES


def default_language() -> str:
    return settings.LANGUAGE_CODE


def is_supported(code: str | None) -> bool:
    return code in dict(settings.LANGUAGES)


def in_each_language(make: Callable[[], T]) -> dict[str, T]:
    """`make()` run once in each of the site's languages: {"en": ..., "es": ...}."""
    made = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            made[code] = make()
    return made
