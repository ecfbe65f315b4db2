"""Each benchmark works in its own PostgreSQL database, named after DATABASE_URL's with a suffix,
so a benchmark never touches the data of the database it was pointed at."""

from urllib.parse import urlsplit, urlunsplit


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
