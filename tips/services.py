"""Every change to a tip goes through these functions: the tipster's (submit, reply, check the
receipt) and the officers' (read, claim, assign, status, notes, replies), each officer action
written to the audit log. Tip text never appears in an audit entry, a log line or a task argument.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from audit.services import record
from cases.models import Area, Case, Category, Still
from tipportal.caching import warn_cache_unavailable
from tipportal.errors import ServiceError
from tipportal.queueing import enqueue_on_commit

from . import crypto
from .files import STORAGE_PREFIX, delete_files, store_files
from .models import Attachment, Message, Note, Tip, TipRead, officers
from .receipts import format_code, hash_secret, new_code, new_secret, normalise_code, secret_matches
from .sanitise import CleanFile
from .tasks import notify_officers_of_tip

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Receipt:
    tip: Tip
    code: str
    secret: str
    # How many files arrived with the tip, by kind (never their names: those are not kept).
    photos: int = 0
    videos: int = 0

    @property
    def files_received(self) -> str:
        """'2 photos and 1 video', in the reader's language; empty when the tip came without files."""
        photos = ngettext("%(count)d photo", "%(count)d photos", self.photos) % {"count": self.photos}
        videos = ngettext("%(count)d video", "%(count)d videos", self.videos) % {"count": self.videos}
        if self.photos and self.videos:
            return _("%(photos)s and %(videos)s") % {"photos": photos, "videos": videos}
        return photos if self.photos else videos if self.videos else ""


# --- The tipster ------------------------------------------------------------------------------


@sensitive_variables("body", "when_where", "secret")
def submit_tip(
    *,
    body: str,
    when_where: str = "",
    case: Case | None = None,
    still: Still | None = None,
    category: Category | None = None,
    area: Area | None = None,
    files: Sequence[CleanFile] = (),
) -> Receipt:
    """Save a tip (text encrypted, files encrypted) and return its receipt. The officers are
    notified after commit; if the broker is down the periodic sweep notifies them later."""
    if still is not None:
        case = still.case
    secret = new_secret()
    stored: list[str] = []
    try:
        with transaction.atomic():
            tip = Tip(
                secret_hash=hash_secret(secret),
                case=case,
                still=still,
                category=category,
                area=area,
                body=body,
                when_where=when_where,
            )
            for _attempt in range(5):
                tip.code = new_code()
                try:
                    with transaction.atomic():
                        tip.save()
                    break
                except IntegrityError:
                    tip.pk = None
            else:
                raise IntegrityError("could not find a free tip code")
            store_files(tip, None, files, stored)
            enqueue_on_commit(notify_officers_of_tip, tip.pk)
    except BaseException:
        delete_files(stored)
        raise
    photos = sum(1 for clean in files if clean.kind == "image")
    return Receipt(tip=tip, code=format_code(tip.code), secret=secret, photos=photos, videos=len(files) - photos)


@sensitive_variables("secret")
def check_receipt(code: str, secret: str) -> Tip:
    """The tip this receipt opens. There is no lockout per tip code: the code is semi-public (a
    reward is claimed with it), so anyone holding it could lock the tipster out. Guessing the
    77-bit secret is stopped by the per-client limit on the check page (tips.views) instead."""
    wrong = ServiceError(_("This tip code and secret do not match. Check both and try again."), code="wrong_receipt")
    tip = Tip.objects.filter(code=normalise_code(code)).first()
    if tip is None or not secret_matches(secret, tip.secret_hash):
        raise wrong
    return tip


@sensitive_variables("body")
def post_tipster_reply(tip: Tip, *, body: str, files: Sequence[CleanFile] = ()) -> Message:
    if tip.is_finished:
        raise ServiceError(_("This tip is closed, so it cannot take more messages."), code="closed")
    stored: list[str] = []
    try:
        with transaction.atomic():
            now = timezone.now()
            message = Message.objects.create(tip=tip, author=Message.Author.TIPSTER, body=body, created_at=now)
            store_files(tip, message, files, stored)
            Tip.objects.filter(pk=tip.pk).update(tipster_activity_at=now)
    except BaseException:
        delete_files(stored)
        raise
    return message


def end_followup_session(tip: Tip) -> None:
    Tip.objects.filter(pk=tip.pk).update(session_generation=F("session_generation") + 1)


# --- The officers' desk -----------------------------------------------------------------------


def record_tip_viewed(tip: Tip, *, actor: User) -> None:
    now = timezone.now()
    record("tips.tip.viewed", actor=actor, target=tip)
    TipRead.objects.update_or_create(tip=tip, officer=actor, defaults={"read_at": now})


# A video player fetches an attachment in many ranges; one audit entry per officer and attachment
# per window keeps the trail readable. Every read is audited unless the same officer's read of the
# same attachment already was within the window, whatever byte range it asks for.
ATTACHMENT_AUDIT_WINDOW_SECONDS = 300


def read_attachment(attachment: Attachment, *, actor: User) -> bytes:
    with default_storage.open(attachment.storage_name, "rb") as handle:
        data = crypto.decrypt_bytes(handle.read())
    key = f"tips:attachment-read:{actor.pk}:{attachment.pk}"
    try:
        recent = cache.get(key) is not None
    except Exception as error:  # the cache unreachable: audit, rather than let a read go unrecorded
        warn_cache_unavailable(logger, "attachment audit de-duplication unavailable", error)
        recent = False
    if not recent:
        record("tips.attachment.downloaded", actor=actor, target=attachment.tip, attachment=attachment.pk)
        # Set only after the entry is written: a failure here means another entry, never a gap.
        try:
            cache.set(key, 1, timeout=ATTACHMENT_AUDIT_WINDOW_SECONDS)
        except Exception as error:
            warn_cache_unavailable(logger, "attachment audit de-duplication unavailable", error)
    return data


def change_tip_status(tip: Tip, *, status: str, actor: User) -> Tip:
    if status not in Tip.Status.values:
        raise ServiceError(_("Choose a status from the list."), code="bad_status")
    with transaction.atomic():
        tip = Tip.objects.select_for_update().get(pk=tip.pk)
        if tip.status == status:
            return tip
        previous = tip.status
        tip.status = status
        tip.closed_at = timezone.now() if tip.is_finished else None
        tip.save(update_fields=["status", "closed_at"])
        record("tips.tip.status_changed", actor=actor, target=tip, before=previous, after=status)
    return tip


def _start_review(tip: Tip, *, actor: User) -> None:
    """A new tip an officer takes up (claims, is assigned, answers) is in review, on the record."""
    if Tip.objects.filter(pk=tip.pk, status=Tip.Status.NEW).update(status=Tip.Status.IN_REVIEW):
        tip.status = Tip.Status.IN_REVIEW
        record("tips.tip.status_changed", actor=actor, target=tip, before=Tip.Status.NEW, after=Tip.Status.IN_REVIEW)


def claim_tip(tip: Tip, *, actor: User) -> bool:
    """Take an unassigned tip. Two officers claiming at once: exactly one wins."""
    with transaction.atomic():
        claimed = Tip.objects.filter(pk=tip.pk, assignee=None).update(assignee=actor) == 1
        if claimed:
            _start_review(tip, actor=actor)
            record("tips.tip.claimed", actor=actor, target=tip)
    return claimed


def assign_tip(tip: Tip, *, assignee: User | None, actor: User) -> Tip:
    if assignee is not None and not officers().filter(pk=assignee.pk).exists():
        raise ServiceError(_("Tips can only be assigned to officers."), code="not_officer")
    with transaction.atomic():
        tip = Tip.objects.select_for_update().get(pk=tip.pk)
        previous = tip.assignee_id
        tip.assignee = assignee
        tip.save(update_fields=["assignee"])
        if assignee is not None:
            _start_review(tip, actor=actor)
        record("tips.tip.assigned", actor=actor, target=tip, before=previous, after=assignee.pk if assignee else None)
    return tip


@sensitive_variables("body")
def add_note(tip: Tip, *, body: str, actor: User) -> Note:
    with transaction.atomic():
        note = Note.objects.create(tip=tip, author=actor, body=body)
        record("tips.tip.noted", actor=actor, target=tip, note=note.pk)
    return note


@sensitive_variables("body")
def reply_to_tipster(tip: Tip, *, body: str, actor: User) -> Message:
    if tip.is_finished:
        raise ServiceError(_("Reopen the tip before writing to the tipster."), code="closed")
    with transaction.atomic():
        message = Message.objects.create(tip=tip, author=Message.Author.OFFICER, officer=actor, body=body)
        _start_review(tip, actor=actor)
        record("tips.tip.replied", actor=actor, target=tip, message=message.pk)
    return message


def close_tips_of_solved_case(case: Case, *, actor: User) -> int:
    """The case is solved: the tips officers were working on (in review, actionable) are closed,
    each on the record as the officer's doing. New tips nobody has read stay for an officer to
    read: one may still hold something. Returns how many closed."""
    working = [Tip.Status.IN_REVIEW, Tip.Status.ACTIONABLE]
    with transaction.atomic():
        tips = list(Tip.objects.select_for_update().filter(case=case, status__in=working).order_by("pk"))
        for tip in tips:
            record("tips.tip.status_changed", actor=actor, target=tip, before=tip.status, after=Tip.Status.CLOSED,
                   reason="case_solved")  # fmt: skip
        Tip.objects.filter(pk__in=[tip.pk for tip in tips]).update(status=Tip.Status.CLOSED, closed_at=timezone.now())
    return len(tips)


def link_tip_to_case(tip: Tip, *, case: Case, actor: User) -> Tip:
    with transaction.atomic():
        tip = Tip.objects.select_for_update().get(pk=tip.pk)
        if tip.case_id is not None:
            raise ServiceError(_("This tip is already about a case."), code="already_linked")
        tip.case = case
        tip.save(update_fields=["case"])
        record("tips.tip.linked", actor=actor, target=tip, case=case.number)
    return tip


def set_reward_eligible(tip: Tip, *, eligible: bool, actor: User) -> Tip:
    with transaction.atomic():
        updated = Tip.objects.filter(pk=tip.pk).exclude(reward_eligible=eligible).update(reward_eligible=eligible)
        if updated:
            record("tips.tip.reward_marked", actor=actor, target=tip, eligible=eligible)
    tip.reward_eligible = eligible
    return tip


# --- Notification, retention, key rotation ----------------------------------------------------


def reencrypt_all(*, run_by: str = "") -> dict[str, int]:
    """Re-encrypt every tip text and file under the newest key in TIP_ENCRYPTION_KEYS; audited
    with the counts, the number of keys configured and `run_by` (who ran the command)."""
    counts = {"tips": 0, "messages": 0, "notes": 0, "files": 0}
    # Each text is read (decrypted with whichever key made it) and written again (encrypted with
    # the newest key).
    for tip in Tip.objects.only("pk", "body", "when_where").iterator():
        Tip.objects.filter(pk=tip.pk).update(body=tip.body, when_where=tip.when_where)
        counts["tips"] += 1
    for model, key in ((Message, "messages"), (Note, "notes")):
        for item in model.objects.only("pk", "body").iterator():
            model.objects.filter(pk=item.pk).update(body=item.body)
            counts[key] += 1
    for attachment in Attachment.objects.iterator():
        with default_storage.open(attachment.storage_name, "rb") as handle:
            token = crypto.rotate_token(handle.read())
        old_name = attachment.storage_name
        new_name = default_storage.save(
            f"{STORAGE_PREFIX}{timezone.now():%Y/%m}/{crypto.new_file_id()}.bin", ContentFile(token)
        )
        Attachment.objects.filter(pk=attachment.pk).update(storage_name=new_name)
        delete_files([old_name])
        counts["files"] += 1
    record(
        "tips.keys.reencrypted", keys=len(settings.TIP_ENCRYPTION_KEYS), run_by=run_by, tips=counts["tips"],
        messages=counts["messages"], notes=counts["notes"], files=counts["files"],
    )  # fmt: skip
    return counts
