"""Every change to a comment, report, suspension or moderation term goes through these functions,
so the classifier, the audit log, the rate limit and the public page cache can never be bypassed."""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from audit.services import record
from cases.models import Case
from tipportal import ratelimit
from tipportal.caching import invalidate_public_pages_on_commit
from tipportal.errors import ServiceError

from .classifier import Verdict
from .lexicon import current_lexicon, lexicon_changed
from .models import MAX_COMMENT_LENGTH, Comment, CommentReport, ModerationTerm, Suspension


def classify(text: str) -> Verdict:
    return current_lexicon().classify(text)


def active_suspension(user: User) -> Suspension | None:
    return Suspension.objects.active().filter(user=user).order_by("-until").first()


def _check_rate(user: User) -> None:
    """At most COMMENT_RATE_PER_MINUTE comments a minute per user, counted in the shared cache."""
    limit = settings.COMMENT_RATE_PER_MINUTE
    if not ratelimit.hit(ratelimit.key("comment.user", str(user.pk)), limit, 60):
        raise ServiceError(
            ngettext(
                "You can post %(limit)d comment a minute. Please wait a moment and try again.",
                "You can post %(limit)d comments a minute. Please wait a moment and try again.",
                limit,
            )
            % {"limit": limit},
            code="rate_limited",
        )


def clean_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ServiceError(_("Write something before posting."), code="empty")
    if len(body) > MAX_COMMENT_LENGTH:
        raise ServiceError(
            _("Comments can be at most %(max)d characters; yours has %(count)d.")
            % {"max": MAX_COMMENT_LENGTH, "count": len(body)},
            code="too_long",
        )
    return body


def check_can_comment(case: Case, user: User) -> None:
    if not case.is_public:
        raise ServiceError(_("This case is not open for comments."), code="not_found")
    if not case.takes_comments:
        raise ServiceError(_("Comments on this case are closed."), code="comments_closed")
    if not user.is_active:
        raise ServiceError(_("Verify your email address before commenting."), code="not_verified")
    suspension = active_suspension(user)
    if suspension is not None:
        until = date_format(timezone.localtime(suspension.until), "DATETIME_FORMAT")
        raise ServiceError(
            _("You cannot comment until %(until)s. Reason: %(reason)s") % {"until": until, "reason": suspension.reason},
            code="suspended",
        )


def post_comment(case: Case, *, actor: User, body: str, official: bool = False) -> Comment:
    """Save `actor`'s comment after the classifier: published at once, or held for a moderator."""
    body = clean_body(body)
    check_can_comment(case, actor)
    if official and not actor.has_perm("moderation.post_official_comment"):
        raise ServiceError(_("Only officers can post replies for the department."), code="not_official")
    _check_rate(actor)
    verdict = classify(body)
    with transaction.atomic():
        comment = Comment.objects.create(
            case=case,
            author=actor,
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
            record("moderation.comment.official_reply", actor=actor, target=comment, case=case.number)
    return comment


def hold_comment(comment: Comment, *, reasons: Iterable[str], actor: User | None = None) -> Comment:
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


def report_comment(comment: Comment, *, actor: User, reason: str, note: str = "") -> CommentReport:
    if comment.author_id == actor.pk:
        raise ServiceError(_("You cannot report your own comment."), code="own_comment")
    if comment.status != Comment.Status.PUBLISHED:
        raise ServiceError(_("This comment is already with a moderator."), code="in_review")
    if reason not in CommentReport.Reason.values:
        raise ServiceError(_("Choose a reason for your report."), code="invalid")
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(comment=comment, reporter=actor, reason=reason, note=note[:300])
            Comment.objects.filter(pk=comment.pk).update(open_reports=F("open_reports") + 1)
            comment.refresh_from_db(fields=["open_reports"])
            if comment.open_reports >= settings.COMMENT_REPORTS_TO_HIDE:
                hold_comment(comment, reasons=["reported"])
    except IntegrityError:
        raise ServiceError(_("You have already reported this comment."), code="already_reported") from None
    return report


def claim_comment(comment: Comment, *, actor: User) -> bool:
    """Take a queue item for review. Atomic: two moderators never both get the same comment.

    A claim older than COMMENT_CLAIM_MINUTES has lapsed (the moderator left), so others may take it.
    """
    lapsed = timezone.now() - timedelta(minutes=settings.COMMENT_CLAIM_MINUTES)
    claimable = Q(claimed_by__isnull=True) | Q(claimed_by=actor) | Q(claimed_at__lt=lapsed)
    changed = (
        Comment.objects.for_review()
        .filter(claimable, pk=comment.pk)
        .update(claimed_by=actor, claimed_at=timezone.now())
    )
    if changed:
        record("moderation.comment.claimed", actor=actor, target=comment)
    return changed == 1


def _decide(comment_id: int, *, actor: User) -> Comment:
    comment = (
        Comment.objects.select_for_update(of=("self",)).select_related("case", "author").filter(pk=comment_id).first()
    )
    if comment is None:
        raise ServiceError(_("That comment does not exist."), code="not_found")
    in_queue = comment.status == Comment.Status.HELD or comment.open_reports > 0
    if not in_queue or comment.status == Comment.Status.REMOVED:
        raise ServiceError(_("Someone has already decided on this comment."), code="already_decided")
    lapsed = timezone.now() - timedelta(minutes=settings.COMMENT_CLAIM_MINUTES)
    if comment.claimed_by_id not in (None, actor.pk) and comment.claimed_at and comment.claimed_at >= lapsed:
        raise ServiceError(_("Another moderator is reviewing this comment."), code="claimed")
    return comment


def _close_review(comment: Comment, actor: User) -> None:
    comment.open_reports = 0
    comment.claimed_by = None
    comment.claimed_at = None
    comment.reviewed_by = actor
    comment.reviewed_at = timezone.now()


def publish_comment(comment: Comment, *, actor: User) -> Comment:
    """A moderator finds nothing wrong: the comment shows (again) and its reports are closed."""
    with transaction.atomic():
        comment = _decide(comment.pk, actor=actor)
        was = comment.status
        comment.status = Comment.Status.PUBLISHED
        _close_review(comment, actor)
        comment.save()
        record("moderation.comment.published", actor=actor, target=comment, was=was, reasons=comment.reasons)
        invalidate_public_pages_on_commit()
    return comment


def remove_comment(comment: Comment, *, actor: User, reason: str, suspend_days: int = 0) -> Comment:
    """Hide the comment for good (never deleted, so the audit trail holds); the author sees why.

    With `suspend_days` the author is suspended in the same transaction: if the suspension is
    refused (a staff author, say) the comment is not removed either, so the moderator's one
    decision is never half done.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Give the reason the author will see."), code="empty")
    if len(reason) > 300:
        raise ServiceError(_("Keep the reason under 300 characters."), code="too_long")
    with transaction.atomic():
        comment = _decide(comment.pk, actor=actor)
        was = comment.status
        comment.status = Comment.Status.REMOVED
        comment.removal_reason = reason
        _close_review(comment, actor)
        comment.save()
        record("moderation.comment.removed", actor=actor, target=comment, was=was, reason=reason)
        if suspend_days:
            try:
                suspend_author(comment, actor=actor, days=suspend_days, reason=reason)
            except ServiceError as error:
                message = _("%(problem)s Nothing was changed: the comment is still in the queue.") % {
                    "problem": error.messages[0]
                }
                raise ServiceError(message, code=error.code) from error
        invalidate_public_pages_on_commit()
    return comment


def suspend_author(comment: Comment, *, actor: User, days: int, reason: str) -> Suspension:
    """Stop the comment's author from commenting for `days` days."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Give the reason the author will see."), code="empty")
    if not 1 <= days <= 365:
        raise ServiceError(_("Suspend for between 1 and 365 days."), code="invalid")
    if comment.author.has_perm("moderation.moderate_comment") or comment.author.is_superuser:
        raise ServiceError(_("Staff accounts cannot be suspended here."), code="staff_author")
    with transaction.atomic():
        suspension = Suspension.objects.create(
            user=comment.author,
            until=timezone.now() + timedelta(days=days),
            reason=reason[:300],
            comment=comment,
            created_by=actor,
        )
        record(
            "moderation.author.suspended",
            actor=actor,
            target=comment.author,
            days=days,
            reason=reason[:300],
            comment=comment.pk,
        )
    return suspension


def lift_suspension(suspension: Suspension, *, actor: User) -> Suspension:
    with transaction.atomic():
        if Suspension.objects.filter(pk=suspension.pk, lifted_at__isnull=True).update(lifted_at=timezone.now()):
            record("moderation.author.reinstated", actor=actor, target=suspension.user, suspension=suspension.pk)
    suspension.refresh_from_db()
    return suspension


def decide_many(comment_ids: Iterable[int], *, actor: User, action: str, reason: str = "") -> tuple[int, list[str]]:
    """A bulk queue action: each comment decided on its own, so one conflict does not undo the rest."""
    done, problems = 0, []
    for comment_id in comment_ids:
        stub = Comment(pk=comment_id)
        try:
            if action == "publish":
                publish_comment(stub, actor=actor)
            else:
                remove_comment(stub, actor=actor, reason=reason)
        except ServiceError as error:
            problems.append(f"#{comment_id}: {error.messages[0]}")
        else:
            done += 1
    return done, problems


def save_term(term: ModerationTerm, *, actor: User, created: bool) -> ModerationTerm:
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


def delete_term(term: ModerationTerm, *, actor: User) -> None:
    with transaction.atomic():
        record("moderation.term.deleted", actor=actor, target=term, category=term.category, text=term.text[:200])
        term.delete()
        transaction.on_commit(lexicon_changed)
