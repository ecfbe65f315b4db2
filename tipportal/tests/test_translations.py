"""Spanish stays complete: every string the code marks has a Spanish translation that is neither
empty nor fuzzy, the catalog holds nothing the code no longer says, and the committed .mo files
are compiled from the committed .po files (docs/translation.md)."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
DOMAINS = ("django", "djangojs")
# What a copy of the project for `makemessages` leaves out: the trees `make messages` ignores
# (the virtualenv, npm's packages, collected static files, uploaded media, screenshots) and caches.
TOP_LEVEL_SKIPPED = {".venv", ".git", "node_modules", "staticfiles", "uploads", "screenshots", "db.sqlite3"}
CACHES = {"__pycache__", ".pytest_cache", ".ruff_cache", ".import_linter_cache"}


def _not_source(directory: str, names: list[str]) -> set[str]:
    skipped = {name for name in names if name in CACHES or name.endswith(".pyc")}
    if Path(directory) == ROOT:
        skipped |= TOP_LEVEL_SKIPPED & set(names)
    return skipped


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def _catalog(path: Path) -> polib.POFile:
    return polib.pofile(str(path))


def _key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt} | {entry.msgid}" if entry.msgctxt else entry.msgid


def _untranslated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return not entry.msgstr_plural or not all(entry.msgstr_plural.values())
    return not entry.msgstr


def _translations(entries) -> dict[str, object]:
    return {
        _key(entry): (tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr)
        for entry in entries
        if entry.msgid
    }


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    """A copy of the project whose catalogs `makemessages` has just brought up to date with the
    code, with the options `make messages` uses; the working tree is left as it is."""
    copy = tmp_path_factory.mktemp("source") / "project"
    shutil.copytree(ROOT, copy, ignore=_not_source)
    for domain in DOMAINS:
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "--all", "--domain", domain, "--add-location", "file",
             "--no-obsolete", "--verbosity", "0"],
            cwd=copy, check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    return copy


@pytest.mark.gettext
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_string_in_the_code_has_a_translation(regenerated, domain):
    for language in _languages():
        catalog = _catalog(regenerated / "locale" / language / "LC_MESSAGES" / f"{domain}.po")
        missing = [_key(entry) for entry in catalog if _untranslated(entry)]
        fuzzy = [_key(entry) for entry in catalog.fuzzy_entries()]
        assert not missing, f"no {language} translation ({domain}): run `make messages` and translate: {missing}"
        assert not fuzzy, f"fuzzy {language} translations ({domain}): check them and drop the flag: {fuzzy}"


@pytest.mark.gettext
@pytest.mark.parametrize("domain", DOMAINS)
def test_the_catalog_holds_nothing_the_code_no_longer_says(regenerated, domain):
    for language in _languages():
        path = Path("locale") / language / "LC_MESSAGES" / f"{domain}.po"
        in_code = {_key(entry) for entry in _catalog(regenerated / path)}
        stale = [_key(entry) for entry in _catalog(ROOT / path) if _key(entry) not in in_code]
        assert not stale, f"strings no longer in the code ({domain}): run `make messages`: {stale}"


@pytest.mark.gettext
@pytest.mark.parametrize("domain", DOMAINS)
def test_the_translations_keep_every_placeholder(domain):
    for language in _languages():
        path = ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
        check = subprocess.run(["msgfmt", "--check-format", "--output-file", "/dev/null", str(path)],
                               capture_output=True, text=True, timeout=60)  # fmt: skip
        assert check.returncode == 0, check.stderr


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_committed_catalog_is_complete_and_compiled(domain):
    """Without gettext: the .po has no empty or fuzzy entry, and the .mo the site reads says the same."""
    for language in _languages():
        folder = ROOT / "locale" / language / "LC_MESSAGES"
        catalog = _catalog(folder / f"{domain}.po")
        assert catalog.metadata.get("Language") == language
        assert not [_key(entry) for entry in catalog if _untranslated(entry) or entry.fuzzy]
        compiled = polib.mofile(str(folder / f"{domain}.mo"))
        assert _translations(compiled) == _translations(catalog.translated_entries()), (
            f"{folder / domain}.mo is not compiled from the .po: run `make messages`"
        )
