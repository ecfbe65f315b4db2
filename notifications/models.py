import secrets
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cases.models import Area, Case, Category
from tipportal.i18n import default_language, language_choices


def _new_key() -> str:
    return secrets.token_urlsafe(12)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self) -> "SubscriptionQuerySet":
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)

    def _matching_area(self, areas: Iterable[Area | int] | QuerySet[Area]) -> Q:
        """No chosen area means every area; else one of the chosen areas is among `areas`."""
        through = Subscription.areas.through
        chosen = through.objects.filter(subscription=OuterRef("pk"))
        return ~Exists(chosen) | Exists(chosen.filter(area__in=areas))

    def for_new_case(self, case: Case) -> "SubscriptionQuerySet":
        categories = Subscription.categories.through.objects.filter(subscription=OuterRef("pk"))
        return self.confirmed().filter(
            Q(new_cases=True),
            self._matching_area([case.area_id]),
            ~Exists(categories) | Exists(categories.filter(category_id=case.category_id)),
        )

    def for_case_followers(self, case: Case) -> "SubscriptionQuerySet":
        followed = Subscription.followed_cases.through.objects.filter(subscription=OuterRef("pk"), case_id=case.pk)
        return self.confirmed().filter(Exists(followed))

    def for_alert(self, *, area_ids: list[int], urgent: bool) -> "SubscriptionQuerySet":
        # An alert with no areas covers the whole city, so it reaches every area subscriber.
        area_match = Q(area_alerts=True) if not area_ids else Q(area_alerts=True) & self._matching_area(area_ids)
        if urgent:
            area_match |= Q(urgent_alerts=True)
        return self.confirmed().filter(area_match)

    def for_posts(self) -> "SubscriptionQuerySet":
        return self.confirmed().filter(community_posts=True)


class Subscription(models.Model):
    """One email address and what it wants to hear about. Nothing is sent before `confirmed_at`."""

    email = models.EmailField(_("email address"), unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="alert_subscription",
    )  # fmt: skip
    # Part of every signed link: changing it voids all links sent before (after an unsubscribe).
    key = models.CharField(max_length=32, default=_new_key, editable=False)
    urgent_alerts = models.BooleanField(_("urgent alerts, anywhere in the city"), default=False)
    area_alerts = models.BooleanField(_("all alerts for my areas"), default=False)
    new_cases = models.BooleanField(_("new cases in my areas and categories"), default=False)
    community_posts = models.BooleanField(_("safety tips and department news"), default=False)
    areas = models.ManyToManyField(Area, verbose_name=_("my areas"), blank=True, related_name="+")
    categories = models.ManyToManyField(Category, verbose_name=_("my categories"), blank=True, related_name="+")
    followed_cases = models.ManyToManyField(Case, verbose_name=_("cases I follow"), blank=True, related_name="+")
    # The language the subscriber last used on the subscribe or preferences form.
    language = models.CharField(
        _("language"), max_length=10, choices=language_choices, default=default_language, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")

    def __str__(self) -> str:
        # Audit entries and admin lists name the subscription by number only: an address is personal.
        return f"subscription #{self.pk}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class NotificationQuerySet(models.QuerySet):
    def with_delivery_counts(self) -> "NotificationQuerySet":
        pending = [Delivery.Status.PENDING, Delivery.Status.SENDING]
        return self.annotate(
            recipients=models.Count("deliveries"),
            sent=models.Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
            failed=models.Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
            pending=models.Count("deliveries", filter=Q(deliveries__status__in=pending)),
        )


class Notification(models.Model):
    """One message to fan out: a snapshot of what to say, and which publication it is about."""

    class Kind(models.TextChoices):
        NEW_CASE = "new_case", _("New case")
        CASE_SOLVED = "case_solved", _("Case solved")
        CASE_UPDATE = "case_update", _("Case update")
        ALERT = "alert", _("Alert")
        POST = "post", _("Community post")

    class Status(models.TextChoices):
        NEW = "new", _("Not started")
        SENDING = "sending", _("Sending")
        DONE = "done", _("Done")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # One notification per event ("case-published:12"): a repeated trigger finds the same row.
    event_key = models.CharField(_("event"), max_length=80, unique=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    post = models.ForeignKey(
        "community.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    subject = models.CharField(_("subject"), max_length=200)
    headline = models.CharField(_("headline"), max_length=200)
    body = models.TextField(_("text"))
    url = models.URLField(_("link"), max_length=500)
    image_url = models.URLField(_("image"), max_length=500, blank=True)
    image_alt = models.CharField(_("image alt text"), max_length=250, blank=True)
    # The subject and headline in every language, as written when the event happened:
    # {"es": {"subject": ..., "headline": ...}}. `subject` and `headline` are the default language's.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    queued_at = models.DateTimeField(_("chunks last queued"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        # Restarting sends email to the public; no group holds it, it is granted person by person.
        permissions = [("restart_notification", _("Can restart the fan-out of a notification"))]

    def __str__(self) -> str:
        return self.subject

    def texts(self, language: str) -> dict[str, str]:
        """The subject and headline in `language` (the default language's if it has none)."""
        return {"subject": self.subject, "headline": self.headline, **self.translations.get(language, {})}


class Delivery(models.Model):
    """One notification to one recipient over one channel; the unique constraint makes it at most once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # No index of its own: the unique constraint below starts with it.
    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries", db_index=False)
    recipient = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=20, default="email")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "recipient", "channel"], name="delivery_once_per_recipient_channel"
            )
        ]
        # Small partial indexes: each email changes its row's status, and every index on status
        # would be rewritten each time; these hold only the rows still to send.
        indexes = [
            models.Index(
                fields=["notification"], condition=Q(status__in=["pending", "sending"]), name="delivery_unfinished"
            ),
            models.Index(fields=["claimed_at"], condition=Q(status="sending"), name="delivery_claimed"),
        ]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.notification_id} → #{self.recipient_id} ({self.status})"
