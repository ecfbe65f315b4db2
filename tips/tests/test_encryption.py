import getpass
import io
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import connection

from audit.models import AuditEntry
from tips import crypto, services
from tips.models import Attachment, Message, Note, Tip

from .conftest import files_under
from .factories import TIP_TEXT, clean_photo, make_tip

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _stored(model, *columns: str) -> tuple:
    """A row as the database holds it, read past the model's fields."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {model._meta.db_table}")  # noqa: S608
        return cursor.fetchone()


def test_tip_text_messages_and_notes_are_stored_as_ciphertext(officer):
    tip = make_tip(when_where="Behind the bakery")
    services.reply_to_tipster(tip, body="Which bakery?", actor=officer)
    services.add_note(tip, body="Bakery on Elm", actor=officer)
    row = _stored(Tip, "body_encrypted", "when_where_encrypted")
    assert row[0].startswith("gAAAAA")
    assert TIP_TEXT not in str(row) and "bakery" not in str(row)
    assert "Which bakery" not in _stored(Message, "body_encrypted")[0]
    assert "Elm" not in _stored(Note, "body_encrypted")[0]
    assert (tip.body, tip.when_where) == (TIP_TEXT, "Behind the bakery")


def test_rows_encrypted_before_the_field_existed_still_read(officer):
    tip = make_tip()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Tip._meta.db_table} SET body_encrypted = %s, when_where_encrypted = %s",  # noqa: S608
            [crypto.encrypt_text("Written by the old code"), ""],
        )
    assert (Tip.objects.get(pk=tip.pk).body, Tip.objects.get(pk=tip.pk).when_where) == ("Written by the old code", "")


def test_rotation_reencrypts_everything_under_the_newest_key(settings, media_root, officer):
    old_key = settings.TIP_ENCRYPTION_KEYS[0]
    tip = make_tip(files=[clean_photo()])
    services.reply_to_tipster(tip, body="A question", actor=officer)
    services.add_note(tip, body="A note", actor=officer)
    new_key = Fernet.generate_key().decode()
    settings.TIP_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("reencrypt_tips", stdout=io.StringIO())
    settings.TIP_ENCRYPTION_KEYS = [new_key]
    tip = Tip.objects.get()
    assert tip.body == TIP_TEXT
    assert Message.objects.get().body == "A question"
    assert Note.objects.get().body == "A note"
    attachment = Attachment.objects.get()
    assert crypto.decrypt_bytes((media_root / attachment.storage_name).read_bytes()).startswith(b"\xff\xd8")
    assert len(files_under(media_root)) == 1
    settings.TIP_ENCRYPTION_KEYS = [old_key]
    with pytest.raises(InvalidToken):
        Tip.objects.get().body  # noqa: B018


def _settings_with(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "tipportal.settings", "SECRET_KEY": "x" * 50, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_site_refuses_to_start_in_production_without_encryption_keys():
    result = _settings_with({"DEBUG": "off", "TIP_ENCRYPTION_KEYS": ""})
    assert result.returncode != 0
    assert "TIP_ENCRYPTION_KEYS must be set when DEBUG is off" in result.stderr


def test_a_malformed_key_is_refused_naming_the_variable():
    result = _settings_with({"DEBUG": "off", "TIP_ENCRYPTION_KEYS": "not-a-key"})
    assert result.returncode != 0
    assert "TIP_ENCRYPTION_KEYS holds a value that is not a Fernet key" in result.stderr


def test_development_derives_a_key_so_make_run_works():
    result = _settings_with({"DEBUG": "on", "TIP_ENCRYPTION_KEYS": ""})
    assert result.returncode == 0, result.stderr


def test_rotation_is_audited_with_the_counts(settings, media_root, officer):
    old_key = settings.TIP_ENCRYPTION_KEYS[0]
    tip = make_tip(files=[clean_photo()])
    services.reply_to_tipster(tip, body="A question", actor=officer)
    settings.TIP_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old_key]
    call_command("reencrypt_tips", stdout=io.StringIO())
    entry = AuditEntry.objects.get(action="tips.keys.reencrypted")
    assert entry.actor is None
    assert entry.details == {
        "tips": 1, "messages": 1, "notes": 0, "files": 1, "keys": 2, "run_by": getpass.getuser(),
    }  # fmt: skip
