"""Every change to a comment, report, suspension or moderation term goes through these functions,
so the classifier, the audit log, the rate limit and the public page cache can never be bypassed."""

import logging
import time
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.services import record
from cases.models import Case
from tipportal.caching import invalidate_public_pages_on_commit

from .classifier import Verdict
from .lexicon import current_lexicon, lexicon_changed
from .models import MAX_COMMENT_LENGTH, Comment, CommentReport, ModerationTerm, Suspension

logger = logging.getLogger(__name__)


class CommentError(ValidationError):
    """A comment or decision the rules do not allow; the message is shown to the person as is."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def classify(text: str) -> Verdict:
    return current_lexicon().classify(text)


def active_suspension(user) -> Suspension | None:
    return Suspension.objects.active().filter(user=user).order_by("-until").first()


def _check_rate(user) -> None:
    """At most COMMENT_RATE_PER_MINUTE comments a minute per user, counted in the shared cache."""
    limit = settings.COMMENT_RATE_PER_MINUTE
    key = f"moderation:rate:{user.pk}:{int(time.time() // 60)}"
    try:
        cache.add(key, 0, timeout=120)
        count = cache.incr(key)
    except Exception:  # cache down: commenting still works, unthrottled, rather than failing for everyone
        logger.warning("comment rate limit unavailable", exc_info=True)
        return
    if count > limit:
        raise CommentError(
            ngettext(
                "You can post %(limit)d comment a minute. Please wait a moment and try again.",
                "You can post %(limit)d comments a minute. Please wait a moment and try again.",
                limit,
            )
            % {"limit": limit},
            status=429,
        )


def clean_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise CommentError(_("Write something before posting."))
    if len(body) > MAX_COMMENT_LENGTH:
        raise CommentError(
            _("Comments can be at most %(max)d characters; yours has %(count)d.")
            % {"max": MAX_COMMENT_LENGTH, "count": len(body)}
        )
    return body


def check_can_comment(case: Case, user) -> None:
    if not case.is_public:
        raise CommentError(_("This case is not open for comments."), status=404)
    if not case.takes_comments:
        raise CommentError(_("Comments on this case are closed."), status=403)
    if not user.is_active:
        raise CommentError(_("Verify your email address before commenting."), status=403)
    suspension = active_suspension(user)
    if suspension is not None:
        raise CommentError(
            _("You cannot comment until %(until)s. Reason: %(reason)s")
            % {"until": timezone.localtime(suspension.until).strftime("%b %d, %Y %H:%M"), "reason": suspension.reason},
            status=403,
        )


def post_comment(case: Case, *, author, body: str, official: bool = False) -> Comment:
    """Save a comment after the classifier: published at once, or held for a moderator."""
    body = clean_body(body)
    check_can_comment(case, author)
    if official and not author.has_perm("moderation.post_official_comment"):
        raise CommentError(_("Only officers can post replies for the department."), status=403)
    _check_rate(author)
    verdict = classify(body)
    with transaction.atomic():
        comment = Comment.objects.create(
            case=case,
            author=author,
            body=body,
            is_official=official,
            status=Comment.Status.HELD if verdict.held else Comment.Status.PUBLISHED,
            reasons=list(verdict.reasons),
            spans=[list(span) for span in verdict.spans],
        )
        if verdict.held:
            record("moderation.comment.held", target=comment, reasons=list(verdict.reasons), case=case.number)
        else:
            invalidate_public_pages_on_commit()
        if official:
            record("moderation.comment.official_reply", actor=author, target=comment, case=case.number)
    return comment


def hold_comment(comment: Comment, *, reasons: Iterable[str], actor=None) -> Comment:
    """Take a published comment off the page until a moderator looks (readers' reports do this)."""
    with transaction.atomic():
        changed = Comment.objects.filter(pk=comment.pk, status=Comment.Status.PUBLISHED).update(
            status=Comment.Status.HELD, reasons=sorted(set(comment.reasons) | set(reasons))
        )
        if changed:
            record("moderation.comment.held", actor=actor, target=comment, reasons=sorted(reasons))
            invalidate_public_pages_on_commit()
    comment.refresh_from_db()
    return comment


def report_comment(comment: Comment, *, reporter, reason: str, note: str = "") -> CommentReport:
    if comment.author_id == reporter.pk:
        raise CommentError(_("You cannot report your own comment."), status=403)
    if comment.status != Comment.Status.PUBLISHED:
        raise CommentError(_("This comment is already with a moderator."), status=409)
    if reason not in CommentReport.Reason.values:
        raise CommentError(_("Choose a reason for your report."))
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(comment=comment, reporter=reporter, reason=reason, note=note[:300])
            Comment.objects.filter(pk=comment.pk).update(open_reports=F("open_reports") + 1)
            comment.refresh_from_db(fields=["open_reports"])
            if comment.open_reports >= settings.COMMENT_REPORTS_TO_HIDE:
                hold_comment(comment, reasons=["reported"])
    except IntegrityError:
        raise CommentError(_("You have already reported this comment."), status=409) from None
    return report


def claim_comment(comment: Comment, *, moderator) -> bool:
    """Take a queue item for review. Atomic: two moderators never both get the same comment.

    A claim older than COMMENT_CLAIM_MINUTES has lapsed (the moderator left), so others may take it.
    """
    lapsed = timezone.now() - timedelta(minutes=settings.COMMENT_CLAIM_MINUTES)
    claimable = Q(claimed_by__isnull=True) | Q(claimed_by=moderator) | Q(claimed_at__lt=lapsed)
    changed = (
        Comment.objects.for_review()
        .filter(claimable, pk=comment.pk)
        .update(claimed_by=moderator, claimed_at=timezone.now())
    )
    if changed:
        record("moderation.comment.claimed", actor=moderator, target=comment)
    return changed == 1


def _decide(comment_id: int, *, moderator) -> Comment:
    comment = (
        Comment.objects.select_for_update(of=("self",)).select_related("case", "author").filter(pk=comment_id).first()
    )
    if comment is None:
        raise CommentError(_("That comment does not exist."), status=404)
    in_queue = comment.status == Comment.Status.HELD or comment.open_reports > 0
    if not in_queue or comment.status == Comment.Status.REMOVED:
        raise CommentError(_("Someone has already decided on this comment."), status=409)
    lapsed = timezone.now() - timedelta(minutes=settings.COMMENT_CLAIM_MINUTES)
    if comment.claimed_by_id not in (None, moderator.pk) and comment.claimed_at and comment.claimed_at >= lapsed:
        raise CommentError(_("Another moderator is reviewing this comment."), status=409)
    return comment


def _close_review(comment: Comment, moderator) -> None:
    comment.open_reports = 0
    comment.claimed_by = None
    comment.claimed_at = None
    comment.reviewed_by = moderator
    comment.reviewed_at = timezone.now()


def publish_comment(comment: Comment, *, moderator) -> Comment:
    """A moderator finds nothing wrong: the comment shows (again) and its reports are closed."""
    with transaction.atomic():
        comment = _decide(comment.pk, moderator=moderator)
        was = comment.status
        comment.status = Comment.Status.PUBLISHED
        _close_review(comment, moderator)
        comment.save()
        record("moderation.comment.published", actor=moderator, target=comment, was=was, reasons=comment.reasons)
        invalidate_public_pages_on_commit()
    return comment


def remove_comment(comment: Comment, *, moderator, reason: str, suspend_days: int = 0) -> Comment:
    """Hide the comment for good (never deleted, so the audit trail holds); the author sees why.

    With `suspend_days` the author is suspended in the same transaction: if the suspension is
    refused (a staff author, say) the comment is not removed either, so the moderator's one
    decision is never half done.
    """
    reason = (reason or "").strip()
    if not reason:
        raise CommentError(_("Give the reason the author will see."))
    if len(reason) > 300:
        raise CommentError(_("Keep the reason under 300 characters."))
    with transaction.atomic():
        comment = _decide(comment.pk, moderator=moderator)
        was = comment.status
        comment.status = Comment.Status.REMOVED
        comment.removal_reason = reason
        _close_review(comment, moderator)
        comment.save()
        record("moderation.comment.removed", actor=moderator, target=comment, was=was, reason=reason)
        if suspend_days:
            try:
                suspend_author(comment, moderator=moderator, days=suspend_days, reason=reason)
            except CommentError as error:
                message = _("%(problem)s Nothing was changed: the comment is still in the queue.") % {
                    "problem": error.messages[0]
                }
                raise CommentError(message, status=error.status) from error
        invalidate_public_pages_on_commit()
    return comment


def suspend_author(comment: Comment, *, moderator, days: int, reason: str) -> Suspension:
    """Stop the comment's author from commenting for `days` days."""
    reason = (reason or "").strip()
    if not reason:
        raise CommentError(_("Give the reason the author will see."))
    if not 1 <= days <= 365:
        raise CommentError(_("Suspend for between 1 and 365 days."))
    if comment.author.has_perm("moderation.moderate_comment") or comment.author.is_superuser:
        raise CommentError(_("Staff accounts cannot be suspended here."), status=403)
    with transaction.atomic():
        suspension = Suspension.objects.create(
            user=comment.author,
            until=timezone.now() + timedelta(days=days),
            reason=reason[:300],
            comment=comment,
            created_by=moderator,
        )
        record(
            "moderation.author.suspended",
            actor=moderator,
            target=comment.author,
            days=days,
            reason=reason[:300],
            comment=comment.pk,
        )
    return suspension


def lift_suspension(suspension: Suspension, *, moderator) -> Suspension:
    with transaction.atomic():
        if Suspension.objects.filter(pk=suspension.pk, lifted_at__isnull=True).update(lifted_at=timezone.now()):
            record("moderation.author.reinstated", actor=moderator, target=suspension.user, suspension=suspension.pk)
    suspension.refresh_from_db()
    return suspension


def decide_many(comment_ids: Iterable[int], *, moderator, action: str, reason: str = "") -> tuple[int, list[str]]:
    """A bulk queue action: each comment decided on its own, so one conflict does not undo the rest."""
    done, problems = 0, []
    for comment_id in comment_ids:
        stub = Comment(pk=comment_id)
        try:
            if action == "publish":
                publish_comment(stub, moderator=moderator)
            else:
                remove_comment(stub, moderator=moderator, reason=reason)
        except CommentError as error:
            problems.append(f"#{comment_id}: {error.messages[0]}")
        else:
            done += 1
    return done, problems


def save_term(term: ModerationTerm, *, actor, created: bool) -> ModerationTerm:
    """Add or change a word list entry; every web process picks it up within seconds."""
    with transaction.atomic():
        term.updated_by = actor
        term.save()
        record(
            "moderation.term.added" if created else "moderation.term.changed",
            actor=actor,
            target=term,
            category=term.category,
            match=term.match,
            active=term.is_active,
        )
        transaction.on_commit(lexicon_changed)
    return term


def delete_term(term: ModerationTerm, *, actor) -> None:
    with transaction.atomic():
        record("moderation.term.deleted", actor=actor, target=term, category=term.category, text=term.text[:200])
        term.delete()
        transaction.on_commit(lexicon_changed)
