"""Start-up refuses bad configuration with a message that names the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def start_with(code: str = "", *, setup: bool = True, **overrides: str) -> subprocess.CompletedProcess:
    """Start Django in a fresh process with production-like variables plus `overrides` (with
    `setup=False`, read the settings only, without loading the apps)."""
    env = {key: value for key, value in os.environ.items() if key not in overrides and key != "SECURE_SSL_REDIRECT"}
    env.update({"DEBUG": "off", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org"})
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "-c", ("import django; django.setup(); " if setup else "") + code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "tipportal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_starts_with_good_values():
    assert start_with().returncode == 0


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("SECURE_SSL_REDIRECT", "sometimes"),
        ("SECURE_HSTS_SECONDS", "a year"),
        ("MAX_VIDEO_UPLOAD_MB", "-5"),
        ("DATABASE_URL", "not a url"),
        ("REDIS_URL", "http://127.0.0.1:6379/0"),
        ("REDIS_URL", "redis://127.0.0.1:6379/15"),
        ("CACHE_URL", "memcached://127.0.0.1:11211"),
        ("TRUSTED_PROXIES", "10.0.0.0/33"),
        ("TRUSTED_PROXIES", "127.0.0.1, the-proxy"),
        ("SITE_URL", "tips.example.org"),
        ("MEDIA_STORAGE", "floppy"),
        ("DEPARTMENT_NON_EMERGENCY_PHONE", "call the front desk"),
        ("NOTIFY_STALL_SECONDS", "30"),
        ("NOTIFY_URGENT_STALL_SECONDS", "5"),
        ("NOTIFY_URGENT_STALL_SECONDS", "600"),
    ],
)
def test_a_malformed_value_stops_start_up_naming_the_variable(variable, value):
    result = start_with(**{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.strip().splitlines()[-1]


def test_secret_key_is_required_when_debug_is_off():
    result = start_with(SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_on_runs_without_a_secret_key():
    assert start_with(DEBUG="on", SECRET_KEY="").returncode == 0


def test_https_settings_are_on_by_default_and_switchable():
    show = "from django.conf import settings as s; "
    show += "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    assert start_with(show).stdout.split() == ["True", "True", "31536000"]
    assert start_with(show, SECURE_SSL_REDIRECT="off").stdout.split() == ["False", "True", "31536000"]


@pytest.mark.parametrize("where", ["{media}", "{media}/..", "/"])
def test_originals_may_not_share_or_contain_public_media(tmp_path, where):
    media = tmp_path / "media"
    result = start_with(MEDIA_ROOT=str(media), ORIGINALS_ROOT=where.format(media=media))
    assert result.returncode != 0
    assert "ORIGINALS_ROOT" in result.stderr.strip().splitlines()[-1]


def test_on_s3_originals_are_stored_private_apart_from_public_media():
    # The settings only: the S3 backend itself needs boto3, which only S3 deployments install.
    show = "from django.conf import settings as s; o = s.STORAGES['originals']; p = o['OPTIONS']; "
    show += "print(o['BACKEND'], p['bucket_name'], p['location'] or '-', p['default_acl'])"
    one_bucket = start_with(show, setup=False, MEDIA_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="media")
    assert one_bucket.stdout.split() == ["media.s3.OriginalsS3Storage", "media", "originals", "private"]
    two = start_with(
        show, setup=False, MEDIA_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="media", AWS_ORIGINALS_BUCKET_NAME="evidence"
    )
    assert two.stdout.split() == ["media.s3.OriginalsS3Storage", "evidence", "-", "private"]
