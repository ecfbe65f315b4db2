"""Every change to a case goes through these functions, so the audit log and the public page
cache can never be bypassed (views, admin, tasks and management commands all call them)."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record
from media.storage import StoredFiles
from tipportal.caching import invalidate_public_pages_on_commit
from tipportal.errors import ServiceError
from tipportal.queueing import enqueue_on_commit

from .models import Area, Case, CaseUpdate, Category, Still, Video
from .signals import case_published, case_solved, case_updated
from .tasks import make_still_renditions, prepare_video


def save_case(case: Case, *, actor: User, changed_fields: Iterable[str] = ()) -> Case:
    """Create or change a case (the analyst's admin form), publishing or unpublishing it too."""
    created = case.pk is None
    changed = sorted(set(changed_fields) - {"is_published"})
    with transaction.atomic():
        was_published = not created and Case.objects.filter(pk=case.pk, is_published=True).exists()
        if created:
            case.created_by = actor
        case.updated_by = actor
        if case.is_published and case.published_at is None:
            case.published_at = timezone.now()
        case.save()
        if created:
            record("cases.case.created", actor=actor, target=case, number=case.number)
        elif changed:
            record("cases.case.changed", actor=actor, target=case, fields=changed)
        if "comments_premoderated" in changed_fields:
            # A switch moderators and auditors look for by name, not inside a list of changed fields.
            record("cases.case.premoderation_switched", actor=actor, target=case, on=case.comments_premoderated)
        if case.is_published and not was_published:
            _published(case, actor=actor)
        elif was_published and not case.is_published:
            record("cases.case.unpublished", actor=actor, target=case)
        invalidate_public_pages_on_commit()
    return case


def save_category_or_area(item: Category | Area, *, actor: User, changed_fields: Iterable[str] = ()) -> Category | Area:
    """Create or rename a category or area (admin): audited as `cases.category.created`,
    `cases.area.changed`..., and every public page that lists it is refreshed."""
    created = item.pk is None
    kind = item._meta.model_name
    with transaction.atomic():
        item.save()
        if created:
            record(f"cases.{kind}.created", actor=actor, target=item, name=item.name, slug=item.slug)
        else:
            record(f"cases.{kind}.changed", actor=actor, target=item, fields=sorted(changed_fields), name=item.name,
                   slug=item.slug)  # fmt: skip
        invalidate_public_pages_on_commit()
    return item


def delete_category_or_area(item: Category | Area, *, actor: User) -> None:
    """Delete an unused category or area (one still in use is protected by its cases)."""
    with transaction.atomic():
        record(f"cases.{item._meta.model_name}.deleted", actor=actor, target=item, name=item.name, slug=item.slug)
        item.delete()
        invalidate_public_pages_on_commit()


def _published(case: Case, *, actor: User) -> None:
    published_at = case.published_at.isoformat() if case.published_at else None
    record("cases.case.published", actor=actor, target=case, published_at=published_at)
    case_published.send(sender=Case, case=case)


def publish_case(case: Case, *, actor: User, at: datetime | None = None) -> Case:
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.is_published:
            return case
        case.is_published = True
        case.published_at = at or case.published_at or timezone.now()
        case.updated_by = actor
        case.save(update_fields=["is_published", "published_at", "updated_by", "updated_at"])
        _published(case, actor=actor)
        invalidate_public_pages_on_commit()
    return case


def unpublish_case(case: Case, *, actor: User) -> Case:
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if not case.is_published:
            return case
        case.is_published = False
        case.updated_by = actor
        case.save(update_fields=["is_published", "updated_by", "updated_at"])
        record("cases.case.unpublished", actor=actor, target=case)
        invalidate_public_pages_on_commit()
    return case


def delete_case(case: Case, *, actor: User) -> None:
    """Delete a case (superusers only, in admin) with its stills' and videos' files. The audit
    entry keeps its number and title."""
    with transaction.atomic():
        files = sum((still.stored_files() for still in case.stills.all()), StoredFiles())
        files = sum((video.stored_files() for video in case.videos.all()), files)
        record("cases.case.deleted", actor=actor, target=case, number=case.number, title=case.title)
        case.delete()
        transaction.on_commit(files.delete)
        invalidate_public_pages_on_commit()


def delete_case_update(update: CaseUpdate, *, actor: User) -> None:
    with transaction.atomic():
        record("cases.update.deleted", actor=actor, target=update.case, kind=update.kind, body=update.body)
        update.delete()
        invalidate_public_pages_on_commit()


def post_case_update(case: Case, *, actor: User, body: str, kind: str = CaseUpdate.Kind.UPDATE) -> CaseUpdate:
    body = body.strip()
    if not body:
        raise ServiceError(_("Write the update the public will read."), code="empty")
    with transaction.atomic():
        update = CaseUpdate.objects.create(case=case, kind=kind, body=body, created_by=actor)
        record("cases.update.posted", actor=actor, target=case, update_id=update.pk, kind=kind)
        case_updated.send(sender=CaseUpdate, update=update)
        invalidate_public_pages_on_commit()
    return update


def mark_case_solved(case: Case, *, actor: User, note: str) -> Case:
    """Close a case as solved with a public note: status, solved time, timeline entry, audit."""
    note = note.strip()
    if not note:
        raise ServiceError(_("Write a short public note saying the case is solved."), code="empty")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status == Case.Status.SOLVED:
            raise ServiceError(_("This case is already marked solved."), code="already_solved")
        previous = case.status
        case.status = Case.Status.SOLVED
        case.solved_at = timezone.now()
        case.updated_by = actor
        case.save(update_fields=["status", "solved_at", "updated_by", "updated_at"])
        CaseUpdate.objects.create(case=case, kind=CaseUpdate.Kind.SOLVED, body=note, created_by=actor)
        record("cases.case.solved", actor=actor, target=case, previous_status=previous, note=note)
        case_solved.send(sender=Case, case=case, note=note, actor=actor)
        invalidate_public_pages_on_commit()
    return case


def reopen_case(case: Case, *, actor: User, note: str) -> Case:
    note = note.strip()
    if not note:
        raise ServiceError(_("Write a short public note saying why the case is reopened."), code="empty")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status == Case.Status.OPEN:
            raise ServiceError(_("This case is already open."), code="already_open")
        previous = case.status
        case.status = Case.Status.OPEN
        case.solved_at = None
        case.updated_by = actor
        case.save(update_fields=["status", "solved_at", "updated_by", "updated_at"])
        CaseUpdate.objects.create(case=case, kind=CaseUpdate.Kind.REOPENED, body=note, created_by=actor)
        record("cases.case.reopened", actor=actor, target=case, previous_status=previous, note=note)
        invalidate_public_pages_on_commit()
    return case


def save_still(still: Still, *, actor: User, changed_fields: Iterable[str] = ()) -> Still:
    """Add a still to a case or change one (the analyst's admin). A new or replaced image gets its
    renditions made once the save commits; a replaced original is deleted from storage then."""
    created = still.pk is None
    changed = sorted(set(changed_fields))
    image_changed = created or "image" in changed
    with transaction.atomic():
        previous = None if created else Still.objects.filter(pk=still.pk).values_list("image", flat=True).first()
        if image_changed:
            still.renditions, still.renditions_status = {}, Still.Renditions.PENDING
        still.save()
        details = {"still_id": still.pk, "file": still.image.name, "caption": still.caption or still.alt_text}
        if created:
            record("cases.still.added", actor=actor, target=still.case, **details)
        elif changed:
            if image_changed:
                details["replaced_file"] = previous
            record("cases.still.changed", actor=actor, target=still.case, fields=changed, **details)
        if image_changed:
            enqueue_on_commit(make_still_renditions, still.pk)
            if previous and previous != still.image.name:
                transaction.on_commit(StoredFiles(originals=(previous,)).delete)
        invalidate_public_pages_on_commit()
    return still


def remove_still(still: Still, *, actor: User) -> None:
    """Take a still off its case, deleting its original and renditions once that commits."""
    with transaction.atomic():
        files = still.stored_files()
        record("cases.still.removed", actor=actor, target=still.case, still_id=still.pk, file=still.image.name,
               caption=still.caption or still.alt_text)  # fmt: skip
        still.delete()
        transaction.on_commit(files.delete)
        invalidate_public_pages_on_commit()


def save_video(video: Video, *, actor: User, changed_fields: Iterable[str] = ()) -> Video:
    """Add a video (a file or a YouTube/Vimeo link) to a case or change one. A new or replaced file
    is kept private and made public by the worker (without its metadata, with a poster frame) once
    the save commits; a replaced file and what was made from it are deleted from storage then."""
    created = video.pk is None
    changed = sorted(set(changed_fields))
    file_changed = created or "file" in changed
    with transaction.atomic():
        earlier = None if created else Video.objects.filter(pk=video.pk).first()
        previous = earlier.file.name if earlier else None
        if file_changed:
            video.public_file, video.poster = "", ""
            video.renditions_status = Video.Renditions.PENDING if video.file else Video.Renditions.NONE
        video.save()
        details = {"video_id": video.pk, "file": video.file.name or video.external_url, "title": video.title}
        if created:
            record("cases.video.added", actor=actor, target=video.case, **details)
        elif changed:
            if file_changed:
                details["replaced_file"] = previous
            record("cases.video.changed", actor=actor, target=video.case, fields=changed, **details)
        if file_changed and earlier is not None:
            # What the public saw of the replaced file goes with it (or with a file removed for a
            # link), before the new one is prepared under the same names.
            replaced = earlier.stored_files()
            if previous == video.file.name:
                replaced = StoredFiles(derived=replaced.derived)
            transaction.on_commit(replaced.delete)
        if file_changed and video.file:
            enqueue_on_commit(prepare_video, video.pk)
        invalidate_public_pages_on_commit()
    return video


def remove_video(video: Video, *, actor: User) -> None:
    """Take a video off its case, deleting its file, public copy and poster once that commits."""
    with transaction.atomic():
        files = video.stored_files()
        record("cases.video.removed", actor=actor, target=video.case, video_id=video.pk,
               file=video.file.name or video.external_url, title=video.title)  # fmt: skip
        video.delete()
        transaction.on_commit(files.delete)
        invalidate_public_pages_on_commit()
