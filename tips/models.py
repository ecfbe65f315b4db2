"""Anonymous tips. Nothing here identifies the tipster: no address, no headers, no file names.

The tipster's and officers' words are `EncryptedTextField`s, stored as Fernet tokens (see
crypto.py) in columns named `*_encrypted`; attachment files are stored encrypted under `tips/`, a
prefix that no public media URL serves.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import Area, Case, Category, Still

from .fields import EncryptedTextField
from .receipts import format_code


class TipQuerySet(models.QuerySet):
    def for_desk(self) -> "TipQuerySet":
        return self.select_related("case", "assignee", "category", "area")

    def due_for_purge(self, now: datetime | None = None) -> "TipQuerySet":
        cutoff = (now or timezone.now()) - timedelta(days=settings.TIP_RETENTION_DAYS)
        return self.filter(_finished_before(cutoff))

    def nearing_purge(self, within_days: int = 30, now: datetime | None = None) -> "TipQuerySet":
        now = now or timezone.now()
        cutoff = now - timedelta(days=settings.TIP_RETENTION_DAYS - within_days)
        return self.filter(_finished_before(cutoff))


def _finished_before(cutoff: datetime) -> Q:
    """Tips on a case solved or closed before `cutoff`, and general tips closed before it."""
    finished_case = Q(case__status__in=[Case.Status.SOLVED, Case.Status.CLOSED]) & (
        Q(case__solved_at__lt=cutoff) | Q(case__solved_at=None, case__updated_at__lt=cutoff)
    )
    finished_general = Q(case=None, status__in=[Tip.Status.CLOSED, Tip.Status.DISMISSED], closed_at__lt=cutoff)
    return finished_case | finished_general


class Tip(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_REVIEW = "in_review", _("In review")
        ACTIONABLE = "actionable", _("Actionable")
        CLOSED = "closed", pgettext_lazy("tip status", "Closed")
        DISMISSED = "dismissed", _("Dismissed")

    code = models.CharField(_("tip code"), max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64, editable=False)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), null=True, blank=True, on_delete=models.PROTECT, related_name="tips"
    )
    still = models.ForeignKey(Still, verbose_name=_("still"), null=True, blank=True, on_delete=models.SET_NULL)
    category = models.ForeignKey(Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT)
    area = models.ForeignKey(Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT)
    body = EncryptedTextField(db_column="body_encrypted", editable=False)
    when_where = EncryptedTextField(db_column="when_where_encrypted", blank=True, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="assigned_tips",
    )  # fmt: skip
    reward_eligible = models.BooleanField(_("reward eligible"), default=False)
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    # The last time the tipster wrote: drives the desk's unread markers.
    tipster_activity_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    # When a worker claimed the officers' notification; a claim older than the lease (the worker
    # died before sending) is taken over by the sweep.
    notifying_at = models.DateTimeField(null=True, blank=True)
    failed_checks = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    # Bumped when the tipster ends a follow-up session, which invalidates every copy of its cookie.
    session_generation = models.PositiveIntegerField(default=0)

    objects = TipQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("view_audit_trail", _("Can see who read and changed a tip"))]
        indexes = [models.Index(fields=["notified_at", "created_at"])]
        verbose_name = _("tip")
        verbose_name_plural = _("tips")

    def __str__(self) -> str:
        # Shown in the audit log: the code only, never the content.
        return f"Tip {self.display_code}"

    def get_absolute_url(self) -> str:
        return reverse("desk:tip", kwargs={"pk": self.pk})

    @property
    def display_code(self) -> str:
        return format_code(self.code)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.CLOSED, self.Status.DISMISSED)

    @property
    def tipster_status(self) -> str | Promise:
        """The status in the tipster's plain words."""
        if self.status == self.Status.NEW:
            return _("Received: it has not been read yet.")
        if self.is_finished:
            return _("Closed: we have finished with this tip. Thank you.")
        return _("Being reviewed by an officer.")

    def is_locked(self, now: datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())


class Message(models.Model):
    """One entry of the conversation between officers and the tipster (the tip itself is not one)."""

    class Author(models.TextChoices):
        TIPSTER = "tipster", _("Tipster")
        OFFICER = "officer", _("Officer")

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=10, choices=Author.choices)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body = EncryptedTextField(db_column="body_encrypted", editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_author_display()} message on tip {self.tip_id}"


class Note(models.Model):
    """An officer's private note; the tipster never sees it. Encrypted, as it often quotes the tip."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = EncryptedTextField(db_column="body_encrypted", editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Note on tip {self.tip_id}"


class Attachment(models.Model):
    """A sanitised photo or video, stored encrypted. The tipster's file name is not kept."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Photo")
        VIDEO = "video", _("Video")

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(help_text=_("Bytes, before encryption."))
    storage_name = models.CharField(max_length=200, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} on tip {self.tip_id}"

    def get_absolute_url(self) -> str:
        return reverse("desk:attachment", kwargs={"pk": self.pk})

    @property
    def extension(self) -> str:
        return {"image/jpeg": "jpg", "video/mp4": "mp4", "video/webm": "webm"}.get(self.content_type, "bin")


class TipRead(models.Model):
    """When an officer last opened a tip, for the inbox's unread markers."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="reads")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tip", "officer"], name="tips_read_once_per_officer")]

    def __str__(self) -> str:
        return f"{self.officer_id} read tip {self.tip_id}"


def officers():
    """Active users who may read tips (the Officers group, direct grants, superusers)."""
    permission = Permission.objects.get(content_type__app_label="tips", codename="view_tip")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions=permission) | Q(user_permissions=permission))
        .distinct()
    )
