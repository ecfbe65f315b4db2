import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_it_reports_database_and_redis(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] is True
    assert body["redis"] is (True if settings.REDIS_URL else None)
    assert "no-cache" in response["Cache-Control"]


def test_it_is_503_when_the_database_is_unreachable(client, monkeypatch):
    def refuse(*args, **kwargs):
        from django.db import OperationalError

        raise OperationalError("connection refused")

    # The connection object is real; only its ability to hand out a cursor is taken away.
    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] is False


def test_it_refuses_post(client):
    assert client.post("/healthz").status_code == 405
