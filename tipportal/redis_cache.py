"""Django's Redis cache backend, reusing one client per connection pool.

Django's backend builds a new `redis.Redis` client for every cache call; with redis-py 5+ that
costs more than the network round trip on loopback (each client fills a table of ~170 response
callbacks). A cached public page is a single cache read, so this is most of its cost
(bench/pages.py). The client is safe to share: it holds no connection of its own, only the pool,
and the pool reconnects after a fork.
"""

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _ReusingClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            # Django's pools, by the index chosen above (its own lookup could pick another replica).
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _ReusingClient
