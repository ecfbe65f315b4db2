"""Searching the case list by words: every word must be found, wherever it is in the case's title,
summary or location, and a search costs the same few queries however many cases it finds."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.models import Case

from .factories import CaseFactory

pytestmark = pytest.mark.django_db

URL = reverse("cases:list")


def _found(client, query: str) -> list[Case]:
    cache.clear()  # searched afresh, not served from the page cache
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return list(response.context["page"].object_list)


@pytest.fixture
def caps():
    return {
        "red cap": CaseFactory(title="Phone snatched", summary="He wore a red baseball cap and a grey top."),
        "blue cap": CaseFactory(title="Bike stolen", summary="She wore a blue cap."),
        "red coat": CaseFactory(title="Shop break-in", summary="A man in a red coat forced the door."),
    }


def test_words_need_not_stand_together(client, caps):
    assert _found(client, "red cap") == [caps["red cap"]]


def test_every_word_must_be_found(client, caps):
    assert set(_found(client, "red")) == {caps["red cap"], caps["red coat"]}
    assert _found(client, "red cap gloves") == []


def test_words_are_found_in_the_location_and_in_any_case_of_letters(client, caps):
    on_main_street = CaseFactory(summary="Taken overnight.", location_text="400 block of Main Street")
    assert _found(client, "MAIN street") == [on_main_street]


def test_a_changed_case_is_found_by_its_new_words(client, analyst, caps):
    case = caps["blue cap"]
    case.summary = "She wore a yellow rain jacket."
    services.save_case(case, actor=analyst, changed_fields=["summary"])
    assert _found(client, "yellow jacket") == [case]
    assert _found(client, "blue cap") == []


@pytest.mark.parametrize("query", ['"', "-", "& | ! ( ) :*", "'; DROP TABLE cases_case; --", "...", "\u202e"])
def test_punctuation_and_operators_are_not_an_error(client, caps, query):
    assert _found(client, query) == []
    assert Case.objects.count() == 3


def test_a_search_costs_the_same_queries_for_2_or_302_cases_found(client, caps, django_assert_num_queries):
    with CaptureQueriesContext(connection) as few:
        assert len(_found(client, "cap")) == 2
    CaseFactory.create_batch(300, summary="A man in a black cap took a bottle.")
    with django_assert_num_queries(len(few)):
        assert len(_found(client, "cap")) == 12  # the first page of 302
    cache.clear()
    with django_assert_num_queries(len(few)):
        response = client.get(URL, {"q": "black cap", "page": 25})
    assert response.context["page"].number == 25
    assert len(response.context["page"].object_list) == 12


@pytest.mark.postgres
def test_on_postgres_word_forms_match_and_phrases_and_exclusions_work(client, caps):
    assert set(_found(client, "caps")) == {caps["red cap"], caps["blue cap"]}
    assert _found(client, '"baseball cap"') == [caps["red cap"]]
    assert _found(client, '"cap baseball"') == []
    assert _found(client, "cap -blue") == [caps["red cap"]]
    assert set(_found(client, "coat or baseball")) == {caps["red cap"], caps["red coat"]}


@pytest.mark.postgres
def test_on_postgres_the_search_reads_the_gin_index(caps):
    """The stored document and its index, not a text search of every row: a search costs about
    the same on a large archive. (The planner is told to avoid a table scan, its choice for 3 rows.)"""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = Case.objects.search("red cap").explain()
    assert "case_search_document_idx" in plan
    assert "to_tsvector" not in plan


@pytest.mark.postgres
def test_on_postgres_later_pages_go_on_in_rank_order(client, settings):
    settings.CASES_PER_PAGE = 2
    in_summary = CaseFactory.create_batch(3, title="Shop break-in", summary="He left in a white van.")
    in_title = CaseFactory.create_batch(3, title="White van seen", summary="Taken overnight.")
    seen = []
    for number in (1, 2, 3):
        cache.clear()
        seen += list(client.get(URL, {"q": "van", "page": number}).context["page"].object_list)
    assert seen == in_title[::-1] + in_summary[::-1]  # titles first, then newest first
