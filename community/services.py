"""Every change to a community post goes through these functions: audit, page cache, the alert
banner cache, image renditions and the subscribers' notifications cannot be bypassed."""

import logging
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from audit.services import record
from cases.models import Area
from tipportal.caching import invalidate_public_pages, warn_cache_unavailable
from tipportal.queueing import enqueue_on_commit

from .models import Post
from .signals import post_published
from .tasks import make_post_renditions

logger = logging.getLogger(__name__)

ACTIVE_ALERTS_KEY = "community:active-alerts"
# Alerts read per banner refresh: the three shown plus any scheduled ahead of them.
BANNER_LOOKAHEAD = 25


def _changed() -> None:
    def drop() -> None:
        try:
            cache.delete(ACTIVE_ALERTS_KEY)
        except Exception as error:  # Redis down: the banner cache expires on its own short timeout
            warn_cache_unavailable(logger, "could not drop the alert banner cache", error)
        invalidate_public_pages()

    transaction.on_commit(drop)


def save_post(
    post: Post,
    *,
    actor: User | None,
    areas: Iterable[Area] | None = None,
    changed_fields: Iterable[str] = (),
    image_changed: bool = False,
) -> Post:
    """Create or change a post (admin). Its first publication notifies the subscribers."""
    created = post.pk is None
    with transaction.atomic():
        was_published = not created and Post.objects.filter(pk=post.pk, is_published=True).exists()
        if created:
            post.created_by = actor
        if post.is_published and post.published_at is None:
            post.published_at = timezone.now()
        if image_changed:
            post.renditions, post.renditions_status = (
                {},
                (Post.Renditions.PENDING if post.image else Post.Renditions.NONE),
            )
        post.save()
        if areas is not None:
            post.areas.set(areas)
        if created:
            record("community.post.created", actor=actor, target=post, kind=post.kind)
        elif changed_fields:
            record("community.post.changed", actor=actor, target=post, fields=sorted(changed_fields))
        if post.is_published and not was_published:
            record("community.post.published", actor=actor, target=post, severity=post.severity)
            post_published.send(sender=Post, post=post)
        elif was_published and not post.is_published:
            record("community.post.unpublished", actor=actor, target=post)
        if image_changed and post.image:
            enqueue_on_commit(make_post_renditions, post.pk)
        _changed()
    return post


def delete_post(post: Post, *, actor: User) -> None:
    with transaction.atomic():
        record("community.post.deleted", actor=actor, target=post, title=post.title)
        post.delete()
        _changed()


def expire_alert(post: Post, *, actor: User) -> Post:
    with transaction.atomic():
        Post.objects.filter(pk=post.pk).update(expires_at=timezone.now())
        record("community.post.expired", actor=actor, target=post)
        _changed()
    post.refresh_from_db()
    return post


def active_alerts() -> list[dict]:
    """The banner's alerts, each severity's label in the reader's language."""
    return [{**alert, "severity_label": Post.Severity(alert["severity"]).label} for alert in _cached_alerts()]


def _cached_alerts() -> list[dict]:
    """The banner's alerts, the same in every language, from the cache. The cache lives until
    the next expiry at the latest."""
    try:
        cached = cache.get(ACTIVE_ALERTS_KEY)
    except Exception:
        cached = None
    if cached is not None:
        return cached
    now = timezone.now()
    # One query for the live alerts and the scheduled ones (the newest come first): every page
    # shows the banner, so a cache miss should cost as little as possible.
    unexpired = (
        Post.objects.filter(kind=Post.Kind.ALERT, is_published=True, published_at__isnull=False)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .order_by("-published_at")[:BANNER_LOOKAHEAD]
    )
    rows = list(unexpired)
    alerts = [a for a in rows if a.published_at and a.published_at <= now][:3]
    value = [
        {"title": a.title, "severity": a.severity, "url": a.get_absolute_url(), "expires_at": a.expires_at}
        for a in alerts
    ]
    # The banner changes when an alert expires or a scheduled one goes live: cache until then.
    changes = [a.expires_at for a in alerts if a.expires_at]
    changes += [a.published_at for a in rows if a.published_at and a.published_at > now]
    timeout = 300
    if changes:
        timeout = max(1, min(timeout, int((min(changes) - now).total_seconds()) + 1))
    try:
        cache.set(ACTIVE_ALERTS_KEY, value, timeout)
    except Exception as error:
        warn_cache_unavailable(logger, "could not cache the alert banner", error)
    return value
