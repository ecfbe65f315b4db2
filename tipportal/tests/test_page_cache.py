"""Anonymous visitors get cached pages; signed-in users and changes never see stale ones."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services
from cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_a_second_anonymous_visit_costs_no_database_query(client):
    case = CaseFactory()
    first = client.get(case.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        second = client.get(case.get_absolute_url())
    assert len(queries) == 0
    assert second.content == first.content
    assert "public" in second["Cache-Control"]
    assert "Cookie" in second["Vary"]


def test_signed_in_users_are_never_served_the_cached_copy(client, officer):
    case = CaseFactory()
    client.get(case.get_absolute_url())
    client.force_login(officer)
    assert "Mark solved" in client.get(case.get_absolute_url()).text


def test_a_change_shows_at_once(client, analyst, django_capture_on_commit_callbacks):
    case = CaseFactory(title="Old title")
    assert "Old title" in client.get(case.get_absolute_url()).text
    case.title = "New title"
    with django_capture_on_commit_callbacks(execute=True):
        services.save_case(case, actor=analyst, changed_fields=["title"])
    assert "New title" in client.get(case.get_absolute_url()).text


def test_error_pages_are_not_cached(client):
    case = CaseFactory(is_published=False, published_at=None)
    assert client.get(case.get_absolute_url()).status_code == 404
    case.is_published = True
    case.published_at = case.created_at
    case.save()
    assert client.get(case.get_absolute_url()).status_code == 200
