"""Subscriptions, and the notifications that publications create. Every change goes through
these functions; the fan-out that delivers a notification lives in `fanout.py`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record
from cases.models import Case, CaseUpdate
from tipportal import ratelimit
from tipportal.errors import ServiceError
from tipportal.i18n import in_each_language
from tipportal.queueing import enqueue_on_commit, send_task_now

from . import tokens
from .channels import absolute_url
from .fanout import queue_for, queue_pending_chunks
from .models import Delivery, Notification, Subscription
from .tasks import send_chunk, send_subscription_email, start_fanout

if TYPE_CHECKING:
    from community.models import Post


@dataclass
class Preferences:
    urgent_alerts: bool = False
    area_alerts: bool = False
    new_cases: bool = False
    community_posts: bool = False
    area_ids: list[int] = field(default_factory=list)
    category_ids: list[int] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.urgent_alerts or self.area_alerts or self.new_cases or self.community_posts or self.case_ids)

    @classmethod
    def of(cls, subscription: Subscription) -> "Preferences":
        return cls(
            urgent_alerts=subscription.urgent_alerts,
            area_alerts=subscription.area_alerts,
            new_cases=subscription.new_cases,
            community_posts=subscription.community_posts,
            area_ids=sorted(subscription.areas.values_list("pk", flat=True)),
            category_ids=sorted(subscription.categories.values_list("pk", flat=True)),
            case_ids=sorted(subscription.followed_cases.values_list("pk", flat=True)),
        )


# --- Subscriptions --------------------------------------------------------------------------


def normalise_email(raw: str) -> str:
    email = (raw or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ServiceError(_("Enter a valid email address, like name@example.com."), code="invalid_email") from None
    local, _sep, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def check_client_rate(client: str) -> None:
    """Count one subscription request from the client at address `client` (tipportal.addresses)."""
    if not ratelimit.hit(ratelimit.key("subscribe.client", client), settings.SUBSCRIBE_RATE_PER_HOUR, 3600):
        raise ServiceError(
            _("Too many requests from your connection. Please try again in an hour."), code="rate_limited"
        )


def _apply_preferences(subscription: Subscription, prefs: Preferences, language: str) -> None:
    subscription.urgent_alerts = prefs.urgent_alerts
    subscription.area_alerts = prefs.area_alerts
    subscription.new_cases = prefs.new_cases
    subscription.community_posts = prefs.community_posts
    # Emails follow the language of the form the subscriber filled in last.
    subscription.language = language
    subscription.save(update_fields=["urgent_alerts", "area_alerts", "new_cases", "community_posts", "language"])
    subscription.areas.set(prefs.area_ids)
    subscription.categories.set(prefs.category_ids)
    subscription.followed_cases.set(prefs.case_ids)


def request_subscription(raw_email: str, prefs: Preferences, *, language: str, actor: User | None = None) -> None:
    """Someone asks to subscribe an address. The outcome is never shown to the asker.

    A new or unconfirmed address gets these preferences, the asker's language and a confirmation
    link; a confirmed one keeps its preferences and language (the asker may not be the owner) and
    gets a link to manage them. The email is sent by a worker, so the response takes the same
    time either way. `actor` is the signed-in account asking, if any: an address nobody holds yet
    becomes theirs.
    """
    email = normalise_email(raw_email)
    if prefs.is_empty():
        raise ServiceError(_("Choose at least one thing to hear about."), code="empty")
    # Protect the address's owner from a flood of confirmation emails, whoever asks.
    if not ratelimit.hit(ratelimit.key("subscribe.email", email.lower()), settings.SUBSCRIBE_EMAILS_PER_ADDRESS, 3600):
        raise ServiceError(
            _("We have already sent several emails to this address. Please check your inbox or try later."),
            code="rate_limited",
        )
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(email__iexact=email).first()
        if subscription is None:
            try:
                with transaction.atomic():
                    subscription = Subscription.objects.create(email=email)
            except IntegrityError:  # two requests for a new address at once: the other one won
                subscription = Subscription.objects.select_for_update().get(email__iexact=email)
        if actor is not None and subscription.user_id is None:
            subscription.user = actor
            subscription.save(update_fields=["user"])
        if subscription.is_confirmed:
            purpose = tokens.MANAGE
        else:
            if subscription.unsubscribed_at is not None:
                subscription.unsubscribed_at = None
                subscription.confirmed_at = None
                subscription.save(update_fields=["unsubscribed_at", "confirmed_at"])
            _apply_preferences(subscription, prefs, language)
            purpose = tokens.CONFIRM
        # A subscriber asking to follow one more case gets a manage link with that case ticked.
        follow = prefs.case_ids[0] if purpose == tokens.MANAGE and prefs.case_ids else None
        enqueue_on_commit(send_subscription_email, subscription.pk, purpose, follow)


def confirm_subscription(subscription: Subscription) -> bool:
    """Follow the confirmation link. Returns False if it was already confirmed (a second click)."""
    changed = Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now(), unsubscribed_at=None
    )
    subscription.refresh_from_db()
    return bool(changed)


def update_preferences(subscription: Subscription, prefs: Preferences, *, language: str) -> None:
    with transaction.atomic():
        _apply_preferences(subscription, prefs, language)


def unsubscribe(subscription: Subscription) -> bool:
    """Stop everything for this address at once; pending deliveries to it are not sent. The
    choices go too: nothing is kept about what an unsubscribed address wanted, and no page shows
    old choices as if they still held."""
    with transaction.atomic():
        changed = Subscription.objects.filter(pk=subscription.pk, unsubscribed_at__isnull=True).update(
            unsubscribed_at=timezone.now()
        )
        if changed:
            _apply_preferences(subscription, Preferences(), subscription.language)
        Delivery.objects.filter(recipient=subscription, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.FAILED, error="unsubscribed"
        )
    subscription.refresh_from_db()
    return bool(changed)


def subscription_for_user(user: User, *, for_update: bool = False) -> Subscription | None:
    if not user.email:
        return None
    subscriptions = Subscription.objects.select_for_update() if for_update else Subscription.objects.all()
    return (
        subscriptions.filter(user=user).first()
        or subscriptions.filter(email__iexact=user.email, user__isnull=True).first()
    )


def _account_subscription(user: User, language: str) -> Subscription:
    """The account holder's subscription, made or taken over now, and confirmed.

    An active account's address was proven when it signed up (the verification link), so an
    account holder never gets a confirmation email. A subscription to the address that nobody
    confirmed (anyone may type an address into the public form) loses its choices first: only
    what the owner chooses here is sent. `language` is the page's, for the emails. Call inside a
    transaction.
    """
    subscription = subscription_for_user(user, for_update=True)
    if subscription is None:
        email = normalise_email(user.email)
        try:
            with transaction.atomic():
                subscription = Subscription.objects.create(
                    email=email, user=user, confirmed_at=timezone.now(), language=language
                )
        except IntegrityError:  # a subscription for the address appeared meanwhile (or belongs to another account)
            subscription = Subscription.objects.select_for_update().get(email__iexact=email)
    if subscription.user_id is None:
        subscription.user = user
        subscription.save(update_fields=["user"])
    if not subscription.is_confirmed:
        _apply_preferences(subscription, Preferences(), language)
        subscription.confirmed_at, subscription.unsubscribed_at = timezone.now(), None
        subscription.save(update_fields=["confirmed_at", "unsubscribed_at"])
    return subscription


def save_user_preferences(prefs: Preferences, *, language: str, actor: User) -> Subscription:
    """'My alerts' for an account holder: what they ticked, sent to their account's address."""
    with transaction.atomic():
        subscription = _account_subscription(actor, language)
        _apply_preferences(subscription, prefs, language)
    return subscription


def follow_case(case: Case, *, language: str, actor: User) -> Subscription:
    """An account holder follows a case in one step: its updates and its solving, by email."""
    with transaction.atomic():
        subscription = _account_subscription(actor, language)
        subscription.followed_cases.add(case)
    return subscription


def unfollow_case(case: Case, *, actor: User) -> None:
    subscription = subscription_for_user(actor)
    if subscription is not None:
        subscription.followed_cases.remove(case)


def follows_case(user: User, case: Case) -> bool:
    """Whether this account's alerts include news of `case` (one query)."""
    if not user.is_authenticated or not user.email:
        return False
    through = Subscription.followed_cases.through.objects
    return through.filter(
        Q(subscription__user=user) | Q(subscription__email__iexact=user.email, subscription__user__isnull=True),
        subscription__confirmed_at__isnull=False,
        subscription__unsubscribed_at__isnull=True,
        case=case,
    ).exists()


# --- Creating notifications (receivers.py: on the case and community signals) ----------------


def _texts(make: Callable[[], dict[str, str]]) -> dict[str, Any]:
    """The subject and headline `make` writes, in the default language (the notification's
    fields, whatever language the publisher uses) and in each other one (its translations)."""
    texts = in_each_language(make)
    return {**texts.pop(settings.LANGUAGE_CODE), "translations": texts}


def _create_notification(event_key: str, **fields: Any) -> Notification | None:
    """Create the event's notification once and queue its fan-out after commit."""
    notification, created = Notification.objects.get_or_create(event_key=event_key, defaults=fields)
    if not created:
        return None
    enqueue_on_commit(start_fanout, notification.pk, queue=queue_for(notification))
    return notification


def notify_case_published(case: Case) -> Notification | None:
    return _create_notification(
        f"case-published:{case.pk}",
        kind=Notification.Kind.NEW_CASE,
        case=case,
        **_texts(
            lambda: {
                "subject": _("New case in %(area)s: %(title)s") % {"area": case.area, "title": case.title},
                "headline": case.title,
            }
        ),
        body=case.summary[:1500],
        url=absolute_url(case.get_absolute_url()),
    )


def notify_case_solved(case: Case, note: str) -> Notification | None:
    # A case can be solved, reopened and solved again: each solve is its own event.
    solved_count = CaseUpdate.objects.filter(case=case, kind=CaseUpdate.Kind.SOLVED).count()
    return _create_notification(
        f"case-solved:{case.pk}:{solved_count}",
        kind=Notification.Kind.CASE_SOLVED,
        case=case,
        **_texts(
            lambda: {
                "subject": _("Solved: %(title)s") % {"title": case.title},
                "headline": _("Case %(number)s is solved") % {"number": case.number},
            }
        ),
        body=note[:1500],
        url=absolute_url(case.get_absolute_url()),
    )


def notify_case_update(update: CaseUpdate) -> Notification | None:
    case = update.case
    return _create_notification(
        f"case-update:{update.pk}",
        kind=Notification.Kind.CASE_UPDATE,
        case=case,
        **_texts(
            lambda: {
                "subject": _("Update on case %(number)s: %(title)s") % {"number": case.number, "title": case.title},
                "headline": case.title,
            }
        ),
        body=update.body[:1500],
        url=absolute_url(case.get_absolute_url()),
    )


def notify_post_published(post: "Post") -> Notification | None:
    image = post.display_url(800) or ""
    if image and not image.startswith(("http://", "https://")):
        image = settings.SITE_URL + image

    def texts() -> dict[str, str]:
        if post.is_alert:
            severity = post.get_severity_display()
            subject = _("%(severity)s alert: %(title)s") % {"severity": severity, "title": post.title}
        else:
            subject = _("%(kind)s: %(title)s") % {"kind": post.get_kind_display(), "title": post.title}
        return {"subject": subject, "headline": post.title}

    return _create_notification(
        f"post:{post.pk}",
        kind=Notification.Kind.ALERT if post.is_alert else Notification.Kind.POST,
        urgent=post.is_urgent,
        post=post,
        **_texts(texts),
        body=post.body[:3000],
        url=absolute_url(post.get_absolute_url()),
        image_url=image,
        image_alt=post.image_alt if image else "",
    )


def resume_fanouts_waiting_for_still(still_id: int) -> int:
    """A still's renditions were just made (or given up on): start again the fan-outs of its case
    that have not started, so one waiting for the case's picture goes on now. Without a worker
    (tasks run inline) nothing else would ever start them again. Returns how many were queued."""
    waiting = Notification.objects.filter(case__stills=still_id, status=Notification.Status.NEW, image_url="")
    count = 0
    for notification in waiting.order_by("-urgent", "pk"):
        enqueue_on_commit(start_fanout, notification.pk, queue=queue_for(notification))
        count += 1
    return count


# --- Operating the fan-out ----------------------------------------------------------------------


def restart_fanout(notification: Notification, *, actor: User) -> int:
    """Admin: queue the pending deliveries again now (after fixing a mail server, say)."""
    record("notifications.notification.restarted", actor=actor, target=notification)
    if notification.status == Notification.Status.NEW:
        return int(send_task_now(start_fanout, notification.pk, queue=queue_for(notification)))
    return queue_pending_chunks(notification, send_chunk)
