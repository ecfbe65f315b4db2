import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipportal.settings")

application = get_wsgi_application()


def _warm_up() -> None:
    """Do at start-up what a worker's first request would otherwise pay for (about 0.1 s: the
    Redis client library, the URLconf and every view module, the translation catalogue), so a
    worker that gunicorn replaces after `max_requests` serves its first visitor as fast as the rest."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    if settings.CACHE_URL:
        import django_redis.cache  # noqa: F401  (the cache imports redis-py and django-redis on first use)
    get_resolver().url_patterns  # noqa: B018  (imports the URLconf and the views)
    translation.activate(settings.LANGUAGE_CODE)
    translation.deactivate()


_warm_up()
