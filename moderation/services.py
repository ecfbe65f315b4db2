"""Every change to a comment, report, suspension or moderation term goes through these functions,
so the classifier, the audit log, the rate limit and the public page cache can never be bypassed."""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
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
from tipportal.queueing import enqueue_on_commit

from .classifier import Verdict
from .lexicon import current_lexicon, lexicon_changed
from .models import MAX_COMMENT_LENGTH, Comment, CommentReport, ModerationTerm, SiteModeration, Suspension, ThreatReport
from .tasks import notify_author_of_removal, notify_author_of_suspension, notify_officers_of_threat

# Why a comment waits when it was held by a pre-moderation switch rather than by its words.
PREMODERATION = "premoderation"
SITE_PREMODERATION_KEY = "moderation:site-premoderation"
MAX_NOTE_LENGTH = 1000


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
    reasons = list(verdict.reasons)
    # An official reply is the department speaking: it is never held for pre-moderation.
    if not official and (case.comments_premoderated or site_premoderation()):
        reasons.append(PREMODERATION)
    held = bool(reasons)
    with transaction.atomic():
        comment = Comment.objects.create(
            case=case,
            author=actor,
            body=body,
            is_official=official,
            status=Comment.Status.HELD if held else Comment.Status.PUBLISHED,
            reasons=reasons,
            spans=[list(span) for span in verdict.spans],
        )
        if held:
            record("moderation.comment.held", target=comment, reasons=reasons, case=case.number)
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
        # One email tells the author both: the removal, and the suspension if there is one.
        enqueue_on_commit(notify_author_of_removal, comment.pk)
        if suspend_days:
            try:
                suspend_author(comment, actor=actor, days=suspend_days, reason=reason, notify=False)
            except ServiceError as error:
                message = _("%(problem)s Nothing was changed: the comment is still in the queue.") % {
                    "problem": error.messages[0]
                }
                raise ServiceError(message, code=error.code) from error
        invalidate_public_pages_on_commit()
    return comment


def suspend_author(comment: Comment, *, actor: User, days: int, reason: str, notify: bool = True) -> Suspension:
    """Stop the comment's author from commenting for `days` days, and tell them by email (unless
    `notify` is off because the removal email that goes with it says so)."""
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
        if notify:
            enqueue_on_commit(notify_author_of_suspension, suspension.pk)
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


def site_premoderation() -> bool:
    """Whether every new comment on the site waits for a moderator.

    Read from the shared cache, filled from the database on a miss with `add` (never overwriting),
    while a switch `set`s the new value after its commit: a reader that read the old row just before
    a switch cannot put it back over the new value.
    """
    value = cache.get(SITE_PREMODERATION_KEY)
    if value is None:
        value = SiteModeration.objects.filter(pk=1, hold_all_comments=True).exists()
        cache.add(SITE_PREMODERATION_KEY, value, 3600)
    return bool(value)


def switch_site_premoderation(*, actor: User, on: bool) -> SiteModeration:
    """Hold every new comment on the site for a moderator (on), or go back to the classifier alone."""
    with transaction.atomic():
        setting, _created = SiteModeration.objects.select_for_update().get_or_create(pk=1)
        if setting.hold_all_comments == on:
            raise ServiceError(
                _("Every new comment is already held for review.")
                if on
                else _("New comments are already published without review, unless held."),
                code="unchanged",
            )
        setting.hold_all_comments = on
        setting.updated_by = actor
        setting.save()
        record("moderation.premoderation.switched", actor=actor, target=setting, on=on)
        transaction.on_commit(lambda: cache.set(SITE_PREMODERATION_KEY, on, 3600))
        invalidate_public_pages_on_commit()
    return setting


def can_escalate(comment: Comment) -> bool:
    """A held, reported or removed comment may go to the officers; a quiet published one has no case."""
    return comment.status != Comment.Status.PUBLISHED or comment.open_reports > 0 or comment.reports.exists()


def escalate_comment(comment: Comment, *, actor: User, note: str) -> ThreatReport:
    """Pass a threatening comment to the officers' desk as a threat report.

    The report keeps the words and the author's sign-up email as they are now. A comment still on
    the page is taken off it until a moderator decides. Officers are emailed a link, never the words.
    """
    note = (note or "").strip()
    if not note:
        raise ServiceError(_("Tell the officers why this comment worries you."), code="empty")
    if len(note) > MAX_NOTE_LENGTH:
        raise ServiceError(_("Keep the note under %(max)d characters.") % {"max": MAX_NOTE_LENGTH}, code="too_long")
    with transaction.atomic():
        locked = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("case", "author")
            .filter(pk=comment.pk)
            .first()
        )
        if locked is None:
            raise ServiceError(_("That comment does not exist."), code="not_found")
        comment = locked
        if not can_escalate(comment):
            raise ServiceError(
                _("Only a held, reported or removed comment can be passed to the officers."), code="invalid"
            )
        if ThreatReport.objects.filter(comment=comment).exists():
            raise ServiceError(_("This comment is already with the officers."), code="already_escalated")
        report = ThreatReport.objects.create(
            comment=comment,
            case=comment.case,
            author=comment.author,
            author_email=comment.author.email,
            body=comment.body,
            note=note,
            escalated_by=actor,
        )
        record(
            "moderation.threat.escalated",
            actor=actor,
            target=report,
            comment=comment.pk,
            case=comment.case.number,
        )
        if comment.status == Comment.Status.PUBLISHED:
            hold_comment(comment, reasons=["threat"], actor=actor)
        enqueue_on_commit(notify_officers_of_threat, report.pk)
    return report


# The moves an officer may make: new -> in review -> closed, and a closed report reopened.
THREAT_MOVES = {
    ThreatReport.Status.NEW: {ThreatReport.Status.IN_REVIEW, ThreatReport.Status.CLOSED},
    ThreatReport.Status.IN_REVIEW: {ThreatReport.Status.NEW, ThreatReport.Status.CLOSED},
    ThreatReport.Status.CLOSED: {ThreatReport.Status.IN_REVIEW},
}


def change_threat_status(
    report: ThreatReport, *, actor: User, status: str, outcome: str = "", note: str = ""
) -> ThreatReport:
    """An officer moves a threat report on. Closing it needs an outcome; reopening clears it."""
    note = (note or "").strip()
    if status not in ThreatReport.Status.values:
        raise ServiceError(_("Choose a status."), code="invalid")
    if len(note) > MAX_NOTE_LENGTH:
        raise ServiceError(_("Keep the note under %(max)d characters.") % {"max": MAX_NOTE_LENGTH}, code="too_long")
    closing = status == ThreatReport.Status.CLOSED
    if closing and outcome not in ThreatReport.Outcome.values:
        raise ServiceError(_("Choose the outcome before closing the report."), code="invalid")
    if not closing and outcome:
        raise ServiceError(_("An outcome is given only when closing the report."), code="invalid")
    with transaction.atomic():
        report = ThreatReport.objects.select_for_update(of=("self",)).select_related("case").get(pk=report.pk)
        was = report.status
        if status == was:
            raise ServiceError(_("The report already has this status."), code="unchanged")
        if status not in THREAT_MOVES[ThreatReport.Status(was)]:
            raise ServiceError(_("A report cannot move from this status to that one."), code="invalid")
        report.status = status
        report.outcome = outcome if closing else ""
        if note:
            report.officer_note = note
        report.handled_by = actor
        report.save()
        record(
            "moderation.threat.status_changed",
            actor=actor,
            target=report,
            was=was,
            status=status,
            outcome=report.outcome,
            note=bool(note),
        )
    return report


def record_threat_report_viewed(report: ThreatReport, *, actor: User) -> None:
    record("moderation.threat.viewed", actor=actor, target=report)
