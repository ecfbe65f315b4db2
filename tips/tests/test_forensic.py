"""The anonymity promise, checked the way an adversary with a database dump, a copy of the media
folder, the logs and the Redis contents would check it."""

import logging

import pytest
import redis
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django_redis import get_redis_connection

from cases.tests.factories import CaseFactory
from tips import crypto
from tips.models import Attachment, Tip

from .conftest import files_under
from .media import (
    CAMERA_MAKE,
    CAMERA_MODEL,
    GPS_TEXT,
    ICC_DESCRIPTION,
    PNG_SECRET,
    VIDEO_TITLE,
    XMP_MARKER,
    tagged_jpeg,
    tagged_png,
    tagged_video,
)

ADDRESS = "203.0.113.199"
FORWARDED = "198.51.100.231"
AGENT = "Mozilla/5.0 (TipsterPhone-7Q3; Forensic) Chrome/999.0"
REFERRER_HOST = "referrer-7q3.example"
TIP_TEXT = "FORENSIC tip plaintext: the driver was Marlon Vance of 9 Quarry Row"
WHEN_WHERE = "FORENSIC when-where plaintext: Saturday 3am by the quarry"
REPLY_TEXT = "FORENSIC reply plaintext: he drives a green van"

REQUEST_META = {
    "REMOTE_ADDR": ADDRESS,
    "HTTP_USER_AGENT": AGENT,
    "HTTP_REFERER": f"https://{REFERRER_HOST}/post/123",
    "HTTP_X_FORWARDED_FOR": FORWARDED,
    "HTTP_ACCEPT_LANGUAGE": "tlh-KX",
}


def _needles(secret: str) -> dict[str, str]:
    return {
        "client address": ADDRESS,
        "forwarded address": FORWARDED,
        "user agent": AGENT,
        "user agent fragment": "TipsterPhone-7Q3",
        "referrer": REFERRER_HOST,
        "accept-language": "tlh-KX",
        "camera make": CAMERA_MAKE,
        "camera model": CAMERA_MODEL,
        "GPS (video)": GPS_TEXT,
        "PNG text": PNG_SECRET,
        "video title": VIDEO_TITLE,
        "XMP": XMP_MARKER,
        "tip text": "Marlon Vance",
        "when and where": "by the quarry",
        "reply text": "green van",
        "receipt secret": secret,
    }


def _binary_needles(secret: str) -> dict[str, bytes]:
    needles = {name: value.encode() for name, value in _needles(secret).items()}
    needles["ICC description"] = ICC_DESCRIPTION.encode("utf-16-be")
    # EXIF stores GPS as rationals: 38.51 seconds is written as 3851/100.
    needles["GPS seconds (EXIF rational)"] = (3851).to_bytes(4, "big") + (100).to_bytes(4, "big")
    return needles


def _text_columns() -> list[tuple[str, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type IN "
            "('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'inet', 'cidr')"
        )
        return cursor.fetchall()


def _database_hits(needles: dict[str, str]) -> list[str]:
    hits = []
    columns = _text_columns()
    assert len(columns) > 40  # every app's tables, not just ours
    with connection.cursor() as cursor:
        for table, column, data_type in columns:
            expression = f"encode(\"{column}\", 'escape')" if data_type == "bytea" else f'"{column}"::text'
            for name, needle in needles.items():
                cursor.execute(f'SELECT count(*) FROM "{table}" WHERE strpos({expression}, %s) > 0', [needle])  # noqa: S608
                if cursor.fetchone()[0]:
                    hits.append(f"{name} in {table}.{column}")
    return hits


def _redis_hits(needles: dict[str, bytes]) -> list[str]:
    """Every key and string value in the broker's database and the cache's."""
    hits = []
    stores = [redis.Redis.from_url(settings.REDIS_URL), get_redis_connection("default")]
    keys = [(client, key) for client in stores for key in client.scan_iter("*")]
    assert keys  # the rate-limit counters at least are there
    for client, key in keys:
        dumped = key + (client.dump(key) or b"")
        value_type = client.type(key)
        if value_type == b"string":
            dumped += client.get(key) or b""
        for name, needle in needles.items():
            if needle in dumped:
                hits.append(f"{name} in redis key {key!r}")
    return hits


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db
def test_nothing_identifying_and_no_plaintext_survives_anywhere(
    client, officer, media_root, caplog, capfd, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    case = CaseFactory(reward=1000)
    files = [
        SimpleUploadedFile("IMG_20260101_GPS.jpg", tagged_jpeg(orientation=6), content_type="image/jpeg"),
        SimpleUploadedFile("Screenshot_Marlon.png", tagged_png(), content_type="image/png"),
        SimpleUploadedFile("VID_quarry.mp4", tagged_video(), content_type="video/mp4"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("tips:send"),
            {"body": TIP_TEXT, "when_where": WHEN_WHERE, "case": case.slug, "attachments": files},
            **REQUEST_META,
        )
    assert response.status_code == 200, response.text
    secret = response.text.split('data-testid="tip-secret">')[1].split("<")[0]
    tip = Tip.objects.get()
    assert Attachment.objects.count() == 3

    # The tipster comes back and replies; an officer reads everything.
    response = client.post(reverse("tips:check"), {"code": tip.code, "secret": secret}, **REQUEST_META)
    assert response.status_code == 302
    assert client.post(reverse("tips:reply"), {"body": REPLY_TEXT}, **REQUEST_META).status_code == 302
    client.force_login(officer)
    page = client.get(reverse("desk:tip", args=[tip.pk]))
    assert "Marlon Vance" in page.text and "green van" in page.text
    decrypted = [client.get(a.get_absolute_url()).content for a in Attachment.objects.all()]
    client.logout()

    needles = _needles(secret)
    binary = _binary_needles(secret)

    # The search itself works: it finds what is meant to be there.
    assert _database_hits({"control": case.title}) == ["control in cases_case.title"]
    assert _database_hits(needles) == []

    stored = files_under(media_root)
    assert len(stored) == 3
    for path in stored:
        raw = path.read_bytes()
        assert [name for name, needle in binary.items() if needle in raw] == [], path
        clear = crypto.decrypt_bytes(raw)
        assert [name for name, needle in binary.items() if needle in clear] == [], path
    for content in decrypted:
        assert [name for name, needle in binary.items() if needle in content] == []

    logged = caplog.text + "".join(capfd.readouterr())
    assert [name for name, needle in needles.items() if needle in logged] == []

    assert _redis_hits({"control": b"ratelimit:tip.submit"}) != []
    assert _redis_hits(binary) == []

    assert len(mail.outbox) == 1
    email = mail.outbox[0].subject + mail.outbox[0].body
    assert [name for name, needle in needles.items() if needle in email] == []
