"""/c/<case number>: the short address printed on posters, typed in by hand."""

from datetime import timedelta

import pytest
from django.utils import timezone

from .factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_it_takes_a_reader_to_the_case_page_with_or_without_the_trailing_slash(client):
    case = CaseFactory(number="2026-000123")
    for address in ("/c/2026-000123", "/c/2026-000123/"):
        response = client.get(address)
        assert response.status_code == 302  # not permanent: the case may be renamed
        assert response["Location"] == case.get_absolute_url()


def test_it_costs_one_query(client, django_assert_num_queries):
    CaseFactory(number="2026-000123")
    with django_assert_num_queries(1):
        assert client.get("/c/2026-000123").status_code == 302


@pytest.mark.parametrize(
    "unpublished",
    [
        {"is_published": False, "published_at": None},
        {"is_published": True, "published_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "scheduled"],
)
def test_an_unpublished_case_is_not_found(client, analyst, unpublished):
    CaseFactory(number="2026-000123", **unpublished)
    assert client.get("/c/2026-000123").status_code == 404
    client.force_login(analyst)
    assert client.get("/c/2026-000123").status_code == 404


@pytest.mark.parametrize("address", ["/c/2026-000999", "/c/2026-123", "/c/abc", "/c/2026-000123-x", "/c/"])
def test_unknown_and_malformed_numbers_are_not_found(client, address):
    CaseFactory(number="2026-000123")
    assert client.get(address).status_code == 404


def test_it_refuses_other_methods(client):
    CaseFactory(number="2026-000123")
    assert client.post("/c/2026-000123").status_code == 405
