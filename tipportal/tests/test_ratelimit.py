"""The one rate limiter: where each counter lives, windows, and counting under concurrency."""

import threading
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from tipportal import ratelimit
from tipportal.models import RateCounter

pytestmark = pytest.mark.django_db


def test_limits_that_guard_a_secret_count_in_the_database_and_not_in_the_cache():
    counter = ratelimit.key("login.username", "officerjones")
    assert ratelimit.hit(counter, 2, 60)
    assert ratelimit.hit(counter, 2, 60)
    assert not ratelimit.hit(counter, 2, 60)
    assert ratelimit.count(counter) == 3
    assert RateCounter.objects.get(counter=counter).events == 3
    assert cache.get(counter) is None


def test_other_limits_count_in_the_cache_while_it_answers():
    counter = ratelimit.key("comment.user", "42")
    assert ratelimit.hit(counter, 1, 60)
    assert not ratelimit.hit(counter, 1, 60)
    assert ratelimit.count(counter) == 2
    assert not RateCounter.objects.exists()


def test_clearing_forgets_the_count():
    counter = ratelimit.key("login.username", "officerjones")
    ratelimit.hit(counter, 5, 60)
    ratelimit.clear(counter)
    assert ratelimit.count(counter) == 0
    assert not RateCounter.objects.exists()


def test_a_window_that_has_ended_starts_again_at_one_and_is_not_extended_by_later_events():
    counter = ratelimit.key("tip.check", "203.0.113.7", bits=ratelimit.LOSSY_BITS)
    ratelimit.hit(counter, 1, 60)
    first_expiry = RateCounter.objects.get().expires_at
    ratelimit.hit(counter, 1, 60)
    assert RateCounter.objects.get().expires_at == first_expiry
    RateCounter.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert ratelimit.count(counter) == 0
    assert ratelimit.hit(counter, 1, 60)
    assert RateCounter.objects.get().events == 1


def test_counters_whose_window_ended_are_dropped_when_a_new_window_starts():
    old = timezone.now() - timedelta(minutes=1)
    RateCounter.objects.create(counter="ratelimit:login.client:ended", events=9, expires_at=old)
    ratelimit.hit(ratelimit.key("login.client", "198.51.100.4"), 5, 60)
    assert list(RateCounter.objects.values_list("events", flat=True)) == [1]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_wrong_passwords_are_each_counted_once():
    """Twenty sign-ins at the same moment: exactly the limit's worth are let through."""
    counter = ratelimit.key("login.username", "officerjones")
    allowed: list[bool] = []
    start = threading.Barrier(20)

    def guess() -> None:
        start.wait()
        try:
            allowed.append(ratelimit.hit(counter, 5, 60))
        finally:
            connection.close()

    threads = [threading.Thread(target=guess) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(allowed) == [False] * 15 + [True] * 5
    assert RateCounter.objects.get(counter=counter).events == 20
