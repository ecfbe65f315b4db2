"""The cache is django-redis on its own Redis database, next to the broker's: emptying the
cache never drops a queued task, and every process keeps one Redis client for its calls."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django_redis import get_redis_connection

from tipportal.celery import app

pytestmark = pytest.mark.redis


def test_every_call_gets_the_same_client():
    assert get_redis_connection("default") is get_redis_connection("default")


def test_the_cache_and_the_broker_use_different_databases():
    cache_db = get_redis_connection("default").connection_pool.connection_kwargs["db"]
    with app.connection_for_write() as broker:
        broker_db = broker.default_channel.client.connection_pool.connection_kwargs["db"]
    assert cache_db == broker_db + 1
    assert settings.CACHE_URL != settings.CELERY_BROKER_URL


def test_a_queued_task_survives_clearing_the_cache():
    app.conf.task_always_eager = False  # queued for real (the suite's fixture restores it)
    with app.connection_for_write() as broker:
        broker.default_channel.queue_purge("default")
    app.send_task("tips.tasks.notify_officers_of_tip", args=[0], queue="default")
    cache.set("cache-test:page", b"<html>", 30)
    cache.clear()
    assert cache.get("cache-test:page") is None
    with app.connection_for_write() as broker:
        waiting = broker.default_channel.client.llen("default")
        broker.default_channel.queue_purge("default")
    assert waiting == 1


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
