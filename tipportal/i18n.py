"""The site's languages, for the models and services that remember or use one (emails are
written in their reader's language). See docs/translation.md."""

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.utils import translation

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

T = TypeVar("T")


def language_choices() -> "Sequence[tuple[str, StrOrPromise]]":
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
