"""Anonymous visitors get cached pages; signed-in users and changes never see stale ones."""

import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.tests.factories import CaseFactory
from tipportal.caching import GENERATION_KEY, invalidate_public_pages

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


def test_an_unpublished_case_leaves_the_list_and_its_page_at_once(client, analyst, django_capture_on_commit_callbacks):
    case = CaseFactory()
    assert case.title in client.get(reverse("cases:list")).text
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_case(case, actor=analyst)
    assert case.title not in client.get(reverse("cases:list")).text
    assert client.get(case.get_absolute_url()).status_code == 404


def test_a_page_for_one_query_string_is_not_served_for_another(client):
    CaseFactory(title="Phone snatched at the bus station", status="solved")
    CaseFactory(title="Bicycle taken from the racks")
    assert "Phone snatched" not in client.get(reverse("cases:list"), {"status": "open"}).text
    assert "Phone snatched" in client.get(reverse("cases:list"), {"status": "solved"}).text


def test_popular_pages_are_served_from_process_memory_without_a_cache_read(client, settings, django_assert_num_queries):
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 30
    invalidate_public_pages()
    case = CaseFactory()
    first = client.get(case.get_absolute_url())
    cache.clear()  # nothing left in the shared cache: the page can only come from memory
    with django_assert_num_queries(0):
        second = client.get(case.get_absolute_url())
    assert second.content == first.content
    invalidate_public_pages()  # as the services do: this process drops its copies at once
    with CaptureQueriesContext(connection) as rendered:
        client.get(case.get_absolute_url())
    assert len(rendered) > 0


def test_another_process_change_shows_here_once_the_memory_window_passes(client, settings):
    # Long enough that a loaded machine still makes the second request inside the window.
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 3
    invalidate_public_pages()
    case = CaseFactory(title="Bottle taken from corner shop")
    client.get(case.get_absolute_url())
    # Another web process changes the case: it bumps the shared generation, not our memory.
    type(case).objects.filter(pk=case.pk).update(title="Bottle and cigarettes taken from corner shop")
    cache.incr(GENERATION_KEY)
    assert "Bottle and cigarettes" not in client.get(case.get_absolute_url()).text
    time.sleep(3.1)
    assert "Bottle and cigarettes" in client.get(case.get_absolute_url()).text


def test_a_visitor_with_an_expired_session_cookie_still_gets_the_cached_page(client):
    case = CaseFactory()
    first = client.get(case.get_absolute_url())
    client.cookies["sessionid"] = "expired-or-forged"
    second = client.get(case.get_absolute_url())
    assert second.content == first.content
    assert "public" in second["Cache-Control"]


def test_random_query_strings_reuse_the_one_cached_page(client):
    CaseFactory.create_batch(2)
    client.get(reverse("cases:list"))
    with CaptureQueriesContext(connection) as queries:
        for n in range(20):
            response = client.get(reverse("cases:list"), {"utm_source": f"flood-{n}", "x": n})
    assert len(queries) == 0  # every one of them was the cached page, not a new copy
    assert "utm_source" not in response.text  # nor do they reach the page's own links


@pytest.mark.redis
def test_a_flood_of_query_strings_stores_one_page_in_redis(client):
    from django_redis import get_redis_connection

    CaseFactory()
    for n in range(30):
        client.get(reverse("cases:list"), {"junk": n})
    assert len(get_redis_connection("default").keys("*public-page:*")) == 1


def test_each_parameter_the_page_understands_is_its_own_page(client):
    CaseFactory(title="Bottle of whiskey taken", summary="A bottle went missing.")
    CaseFactory(title="Bicycle stolen from the rack", summary="A bike went missing.")
    assert "Bicycle" in client.get(reverse("cases:list")).text
    found = client.get(reverse("cases:list"), {"q": "whiskey", "junk": "1"}).text
    assert "Bottle of whiskey" in found and "Bicycle stolen" not in found
