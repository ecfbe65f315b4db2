import re

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case

from . import classifier, grammar

MAX_COMMENT_LENGTH = 2000


class ModerationTerm(models.Model):
    """One word, phrase or pattern the classifier holds comments for (or, for `allow`, never does)."""

    class Category(models.TextChoices):
        PROFANITY = classifier.PROFANITY, _("Profanity")
        THREAT = classifier.THREAT, _("Threat")
        PERSONAL_DATA = classifier.PERSONAL_DATA, _("Personal data")
        SPAM = classifier.SPAM, _("Spam")
        ALLOW = classifier.ALLOW, _("Allowed (never held)")
        BLOCK = classifier.BLOCK, _("Building block of the threat model")

    class Match(models.TextChoices):
        EXACT = classifier.EXACT, _("Whole word (and plural)")
        WORD = classifier.WORD, _("Whole word with endings (-s, -ed, -ing, -er, -y)")
        PART = classifier.PART, _("Anywhere inside a word")
        PATTERN = classifier.PATTERN, _("Regular expression")
        RULE = classifier.RULE, _("Rule made of building blocks")

    text = models.CharField(_("word, phrase or pattern"), max_length=1000)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    match = models.CharField(_("match"), max_length=10, choices=Match.choices, default=Match.WORD)
    block = models.CharField(
        _("building block"),
        max_length=40,
        blank=True,
        db_index=True,
        help_text=_("For a building block entry: the block's name, such as violent_act or target."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["category", "text"]
        constraints = [
            models.UniqueConstraint(fields=["text", "category", "match", "block"], name="moderation_term_unique"),
        ]
        verbose_name = _("moderation term")
        verbose_name_plural = _("moderation terms")

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.text[:80]}"

    def clean(self) -> None:
        is_block = self.category == self.Category.BLOCK
        if is_block and not grammar.BLOCK_NAME.fullmatch(self.block):
            raise ValidationError(
                {"block": _("Name the building block in lower case letters, digits and _, such as violent_act.")}
            )
        if not is_block and self.block:
            raise ValidationError({"block": _("Only building block entries have a block name.")})
        if is_block and self.match not in (self.Match.EXACT, self.Match.WORD):
            raise ValidationError({"match": _("A building block entry is matched as written, or with endings.")})
        if self.match == self.Match.RULE and self.category in (self.Category.ALLOW, self.Category.BLOCK):
            raise ValidationError({"match": _("A rule holds comments: choose the reason it holds them for.")})
        if self.match == self.Match.PATTERN:
            if self.category == self.Category.ALLOW:
                raise ValidationError({"match": _("Allowed terms are words or phrases, not patterns.")})
            try:
                re.compile(self.text)
            except re.error as error:
                raise ValidationError(
                    {"text": _("This is not a valid pattern: %(error)s") % {"error": error}}
                ) from None
        elif is_block or self.match == self.Match.RULE:
            self._check_against_the_other_blocks()
        elif not re.search(r"[^\W\d_]", self.text):
            raise ValidationError({"text": _("A word or phrase needs at least one letter.")})

    def _check_against_the_other_blocks(self) -> None:
        """Compile the threat model as it would be with this row saved: unknown or circular blocks and
        broken notation are refused here rather than silently skipped by the classifier."""
        others = ModerationTerm.objects.filter(is_active=True, category=self.Category.BLOCK)
        if self.pk:
            others = others.exclude(pk=self.pk)
        blocks: dict[str, list[grammar.Entry]] = {}
        for text, match, name in others.values_list("text", "match", "block"):
            blocks.setdefault(name, []).append(grammar.Entry(classifier.fold(text), match == self.Match.WORD))
        text = classifier.fold(self.text)
        try:
            if self.category == self.Category.BLOCK:
                blocks.setdefault(self.block, []).append(grammar.Entry(text, self.match == self.Match.WORD))
                compiled = grammar.Grammar(blocks, [grammar.Rule("{" + self.block + "}", self.category)])
            else:
                compiled = grammar.Grammar(blocks, [grammar.Rule(text, self.category)])
        except grammar.GrammarError as error:
            raise ValidationError({"text": _("This entry cannot be used: %(error)s") % {"error": error}}) from None
        if compiled.skipped:
            raise ValidationError({"text": _("This cannot be used: %(error)s") % {"error": compiled.skipped[0][1]}})


class CommentQuerySet(models.QuerySet):
    def published(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.PUBLISHED)

    def visible_to(self, user: AbstractBaseUser | AnonymousUser | None) -> "CommentQuerySet":
        """Published comments, plus the viewer's own held and removed ones (shown with their state)."""
        if user is not None and user.is_authenticated:
            return self.filter(Q(status=Comment.Status.PUBLISHED) | Q(author=user))
        return self.published()

    def for_review(self) -> "CommentQuerySet":
        """The moderation queue: held comments and published ones with reports nobody looked at yet."""
        return self.filter(
            Q(status=Comment.Status.HELD) | Q(status=Comment.Status.PUBLISHED, open_reports__gt=0)
        ).order_by("created_at", "id")


class Comment(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        HELD = "held", _("Awaiting review")
        REMOVED = "removed", _("Removed")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="comments"
    )
    body = models.TextField(_("comment"), max_length=MAX_COMMENT_LENGTH)
    is_official = models.BooleanField(
        _("official reply"), default=False, help_text=_("Posted by an officer for the department.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.HELD)
    # Why auto-moderation or readers' reports held it, and where in the text (for highlighting).
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    spans = models.JSONField(default=list, blank=True, editable=False)
    open_reports = models.PositiveIntegerField(_("reports not yet reviewed"), default=0)
    removal_reason = models.CharField(_("why it was removed"), max_length=300, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("posted"), default=timezone.now, db_index=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["case", "status", "created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]
        permissions = [
            ("moderate_comment", _("Can review held and reported comments")),
            ("post_official_comment", _("Can reply to comments for the department")),
        ]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        # Audited by id and case: the body may be the very abuse that was removed.
        return f"Comment {self.pk} on {self.case.number}"

    def get_absolute_url(self) -> str:
        return f"{self.case.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD


class CommentReport(models.Model):
    class Reason(models.TextChoices):
        ABUSE = "abuse", _("Abusive or profane")
        THREAT = "threat", _("A threat")
        PERSONAL = "personal", _("Personal details about someone")
        SPAM = "spam", _("Spam or advertising")
        FALSE = "false", _("Spreads a false rumour")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    note = models.CharField(_("details"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")]
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")

    def __str__(self) -> str:
        return f"{self.get_reason_display()} on comment {self.comment_id}"


class SuspensionQuerySet(models.QuerySet):
    def active(self) -> "SuspensionQuerySet":
        return self.filter(until__gt=timezone.now(), lifted_at__isnull=True)


class Suspension(models.Model):
    """A user may not comment until `until`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions")
    until = models.DateTimeField(_("suspended until"))
    reason = models.CharField(_("reason"), max_length=300)
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        ordering = ["-until"]
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")

    def __str__(self) -> str:
        return f"{self.user} until {self.until:%Y-%m-%d %H:%M}"


class SiteModeration(models.Model):
    """The site-wide moderation switches: one row (pk 1), read through services.site_premoderation()."""

    hold_all_comments = models.BooleanField(
        _("hold every new comment for review"),
        default=False,
        help_text=_("For a sensitive time: every new comment on every case waits for a moderator."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("site moderation setting")
        verbose_name_plural = _("site moderation settings")

    def __str__(self) -> str:
        return "Site moderation"


class ThreatReportQuerySet(models.QuerySet):
    def open(self) -> "ThreatReportQuerySet":
        return self.exclude(status=ThreatReport.Status.CLOSED)

    def for_desk(self) -> "ThreatReportQuerySet":
        return self.select_related("case", "author", "escalated_by", "handled_by")


class ThreatReport(models.Model):
    """A threatening comment a moderator passed to the officers' desk.

    It keeps its own copy of the words and of the author's sign-up email, so what officers read is
    what the moderator saw, even if the comment or the account changes later. It names the comment's
    author only: a comment is public and signed in, a tip is neither, and nothing here links the two.
    """

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_REVIEW = "in_review", _("In review")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        ACTION_TAKEN = "action_taken", _("Action taken")
        REFERRED = "referred", _("Passed to another team or agency")
        NO_ACTION = "no_action", _("No action needed")

    comment = models.OneToOneField(
        Comment, verbose_name=_("comment"), on_delete=models.PROTECT, related_name="threat_report"
    )
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    author_email = models.EmailField(_("author's email"))
    body = models.TextField(_("comment as escalated"))
    note = models.TextField(_("moderator's note"), max_length=1000)
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("escalated by")
    )
    created_at = models.DateTimeField(_("escalated"), default=timezone.now, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    officer_note = models.TextField(_("officer's note"), max_length=1000, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ThreatReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]
        verbose_name = _("threat report")
        verbose_name_plural = _("threat reports")

    def __str__(self) -> str:
        # Audited by id and case, never by the words.
        return f"Threat report {self.pk} on {self.case.number}"

    def get_absolute_url(self) -> str:
        return reverse("threats:detail", args=[self.pk])


def published_comment_count() -> models.Expression:
    """A case's published comments, as an annotation on a case queryset (see CARD_ANNOTATIONS)."""
    # A subquery rather than a JOIN + COUNT, so it composes with search ranking and ordering.
    counts = (
        Comment.objects.published()
        .filter(case=models.OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(n=models.Count("id"))
        .values("n")
    )
    return Coalesce(models.Subquery(counts, output_field=models.IntegerField()), 0)
