"""Start-up refuses bad configuration with a message that names the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def start_with(code: str = "", **overrides: str) -> subprocess.CompletedProcess:
    """Start Django in a fresh process with production-like variables plus `overrides`."""
    env = {key: value for key, value in os.environ.items() if key not in overrides and key != "SECURE_SSL_REDIRECT"}
    env.update({"DEBUG": "off", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org"})
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
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
