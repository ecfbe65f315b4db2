"""tipportal.redis_cache: Django's Redis cache, reusing one client instead of building one per call."""

import pytest
from django.core.cache import cache, caches

pytestmark = pytest.mark.redis


def test_the_cache_is_the_reusing_backend():
    from tipportal.redis_cache import RedisCache

    assert isinstance(caches["default"], RedisCache)


def test_every_call_gets_the_same_client():
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client


def test_it_still_reads_writes_counts_and_deletes():
    cache.set("redis-cache-test:a", {"page": b"<html>"}, 30)
    cache.set("redis-cache-test:n", 41, 30)
    assert cache.get_many(["redis-cache-test:a", "redis-cache-test:n"]) == {
        "redis-cache-test:a": {"page": b"<html>"},
        "redis-cache-test:n": 41,
    }
    assert cache.incr("redis-cache-test:n") == 42
    cache.delete_many(["redis-cache-test:a", "redis-cache-test:n"])
    assert cache.get("redis-cache-test:a") is None
