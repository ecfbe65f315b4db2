"""`/healthz`: is this web process able to serve? Used by load balancers and uptime checks."""

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _cache_ok() -> bool:
    try:
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception:  # redis-py raises its own ConnectionError/TimeoutError types
        return False


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database = _database_ok()
    # Without a Redis cache (the embedded setup) there is no Redis to check: reported as null.
    redis = _cache_ok() if settings.CACHE_URL else None
    status = 200 if database else 503
    healthy = database and redis is not False
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "database": database, "redis": redis},
        status=status,
    )
