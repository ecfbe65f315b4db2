"""The case list and case page cost the same number of queries for 5 or 500 cases and stills,
whether the page is rendered for an anonymous visitor (page cache empty) or a signed-in officer,
and none at all once an anonymous visitor's page is cached."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.defaults import ensure_categories
from cases.models import Area, Case, CaseUpdate, Category, Still, Video

pytestmark = pytest.mark.django_db

RENDITIONS = {
    str(width): {"jpeg": f"stills/renditions/x/{width}.jpg", "webp": f"stills/renditions/x/{width}.webp"}
    for width in (400, 800, 1600)
}


def _add_cases(count: int, start: int = 0) -> list[Case]:
    now = timezone.now()
    ensure_categories(Category)
    categories = list(Category.objects.all())
    areas = [Area.objects.get_or_create(slug=f"district-{n}", defaults={"name": f"District {n}"})[0] for n in range(4)]
    cases = Case.objects.bulk_create(
        Case(
            number=f"2026-{start + n + 1:06d}", title=f"Bottle taken from shop {start + n}",
            slug=f"2026-{start + n + 1:06d}-bottle", summary="A man took a bottle and walked out.",
            category=categories[n % len(categories)], area=areas[n % len(areas)],
            incident_at=now - timedelta(days=2), is_published=True, published_at=now - timedelta(minutes=start + n + 1),
            reward=100 if n % 2 else None, status=Case.Status.SOLVED if n % 3 == 0 else Case.Status.OPEN,
        )
        for n in range(count)
    )  # fmt: skip
    for case in cases:
        _add_stills(case, 2)
    return cases


def _add_stills(case: Case, count: int) -> None:
    offset = case.stills.count()
    Still.objects.bulk_create(
        Still(
            case=case, image=f"stills/originals/{case.pk}-{offset + n}.jpg", alt_text="A man at the shelf",
            caption=f"Camera {offset + n}", position=offset + n, width=1600, height=1200,
            renditions=RENDITIONS if n % 2 else {}, renditions_status="ready" if n % 2 else "pending",
        )
        for n in range(count)
    )  # fmt: skip


def _add_updates_and_videos(case: Case, count: int) -> None:
    CaseUpdate.objects.bulk_create(CaseUpdate(case=case, body=f"Update {n}") for n in range(count))
    Video.objects.bulk_create(
        Video(case=case, external_url=f"https://youtu.be/abcdefghi{n % 10}{n % 7}", position=n) for n in range(count)
    )


def _queries(client, url: str) -> int:
    cache.clear()  # an anonymous visitor's page would otherwise come from the page cache
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.fixture(params=["anonymous", "officer"])
def visitor(request, client):
    if request.param == "officer":
        client.force_login(request.getfixturevalue("officer"))
    return client


def test_case_list_costs_the_same_queries_for_5_or_500_cases(visitor):
    _add_cases(5)
    few = _queries(visitor, reverse("cases:list"))
    _add_cases(495, start=5)
    assert Case.objects.count() == 500
    assert _queries(visitor, reverse("cases:list")) == few
    assert _queries(visitor, reverse("cases:list") + "?page=20&status=open") == few
    assert _queries(visitor, reverse("home")) <= few


def test_case_page_costs_the_same_queries_for_5_or_500_stills(visitor):
    case = _add_cases(1)[0]
    _add_stills(case, 3)
    _add_updates_and_videos(case, 5)
    few = _queries(visitor, case.get_absolute_url())
    _add_stills(case, 495)
    _add_updates_and_videos(case, 495)
    assert case.stills.count() == 500
    assert _queries(visitor, case.get_absolute_url()) == few


def test_a_cached_page_costs_no_queries(client, django_assert_num_queries):
    cases = _add_cases(20)
    for url in (reverse("cases:list"), cases[0].get_absolute_url(), reverse("home")):
        client.get(url)
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200
