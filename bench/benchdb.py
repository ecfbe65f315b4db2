"""Each benchmark works in its own PostgreSQL database, named after DATABASE_URL's with a suffix,
so a benchmark never touches the data of the database it was pointed at; benchmarks that serve the
site run it with production settings (`production_env`)."""

import os
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def production_env(*, port: int, database_url: str, redis_url: str, workdir: Path, prefix: str, **extra: str) -> dict:
    """The environment for gunicorn, workers and manage.py: production settings (DEBUG off, fresh
    keys) on the bench's own database, a cache key prefix of its own, media and static files in
    `workdir`, quiet logs. `extra` adds or overrides variables."""
    from cryptography.fernet import Fernet

    return {
        **os.environ,
        "DEBUG": "off",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "TIP_ENCRYPTION_KEYS": os.environ.get("TIP_ENCRYPTION_KEYS") or Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "off",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": prefix,
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "STATIC_MANIFEST_OPTIONAL": "off",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_LOGLEVEL": "warning",
        "DJANGO_SETTINGS_MODULE": "tipportal.settings",
        **extra,
    }


def csrf_cookie(response) -> str:
    """The CSRF token a urllib3 response sets (the tip form rotates it after every tip)."""
    match = re.search(r"csrftoken=([A-Za-z0-9]+)", response.headers.get("Set-Cookie", ""))
    if not match:
        raise RuntimeError(f"no CSRF cookie (status {response.status})")
    return match.group(1)


def dedicated_database(base_url: str, suffix: str, *, fresh: bool) -> tuple[str, str]:
    """Return (url, name) of "<base name>_<suffix>", created if missing (dropped first if `fresh`)."""
    import psycopg2

    parts = urlsplit(base_url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit("benchmarks need PostgreSQL: set DATABASE_URL=postgres://...")
    name = f"{parts.path.lstrip('/')}_{suffix}"
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        if fresh:
            # The name always ends in the bench's suffix: nothing but a bench's own database is dropped.
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return urlunsplit(parts._replace(path="/" + name)), name


def drop_database(base_url: str, name: str) -> None:
    import psycopg2

    parts = urlsplit(base_url)
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    connection.close()
