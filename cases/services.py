"""Every change to a case goes through these functions, so the audit log and the public page
cache can never be bypassed (views, admin, tasks and management commands all call them)."""

import logging
import tempfile
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, BinaryIO, cast

from celery import Task
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record
from notifications import services as notifications
from tipportal.caching import invalidate_public_pages, invalidate_public_pages_on_commit
from tipportal.errors import ServiceError
from tipportal.queueing import enqueue_on_commit, send_task_now

from .models import Area, Case, CaseUpdate, Category, Still, Video
from .renditions import render_widths
from .video import extract_poster

logger = logging.getLogger(__name__)

EXTENSIONS = {"jpeg": "jpg", "webp": "webp"}


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
    notifications.notify_case_published(case)


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
    """Delete a case (superusers only, in admin). The audit entry keeps its number and title."""
    with transaction.atomic():
        record("cases.case.deleted", actor=actor, target=case, number=case.number, title=case.title)
        case.delete()
        invalidate_public_pages_on_commit()


def delete_case_update(update: CaseUpdate, *, actor: User) -> None:
    with transaction.atomic():
        record("cases.update.deleted", actor=actor, target=update.case, kind=update.kind, body=update.body)
        update.delete()
        invalidate_public_pages_on_commit()


def record_media_change(case: Case, *, actor: User, kind: str, added: int, changed: int, removed: int) -> None:
    """Stills or videos added, changed or removed in admin."""
    record("cases.case.media_changed", actor=actor, target=case, kind=kind, added=added, changed=changed,
           removed=removed)  # fmt: skip
    invalidate_public_pages_on_commit()


def post_case_update(case: Case, *, actor: User, body: str, kind: str = CaseUpdate.Kind.UPDATE) -> CaseUpdate:
    body = body.strip()
    if not body:
        raise ServiceError(_("Write the update the public will read."), code="empty")
    with transaction.atomic():
        update = CaseUpdate.objects.create(case=case, kind=kind, body=body, created_by=actor)
        record("cases.update.posted", actor=actor, target=case, update_id=update.pk, kind=kind)
        notifications.notify_case_update(update)
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
        notifications.notify_case_solved(case, note)
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


def still_saved(still: Still, *, actor: User | None = None, image_changed: bool) -> None:
    """After a still is added or its image replaced: queue its renditions once the save commits."""
    from .tasks import make_still_renditions

    if image_changed:
        Still.objects.filter(pk=still.pk).update(renditions_status=Still.Renditions.PENDING, renditions={})
        enqueue_on_commit(make_still_renditions, still.pk)
    invalidate_public_pages_on_commit()


def video_saved(video: Video, *, file_changed: bool) -> None:
    from .tasks import make_video_poster

    if file_changed and video.file:
        enqueue_on_commit(make_video_poster, video.pk)
    invalidate_public_pages_on_commit()


def _replace_file(name: str, content: bytes) -> str:
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(content))


class UnreadableImage(Exception):
    """The original cannot be opened or decoded: its renditions can never be made."""


def store_renditions(source: FieldFile, prefix: str) -> tuple[tuple[int, int], dict[str, dict[str, str]]]:
    """Render `source` at each of RENDITION_WIDTHS and store the files as `<prefix>/<width>.<ext>`,
    replacing any there before, so running it again is harmless. Returns the original's size and
    the `renditions` map that `RenditionsMixin` reads. Raises UnreadableImage for a bad original;
    a storage error propagates, so the task retries it."""
    try:
        with source.open("rb") as opened:
            size, images = render_widths(cast(BinaryIO, opened), settings.RENDITION_WIDTHS)
    except (OSError, ValueError, SyntaxError) as error:
        raise UnreadableImage(str(error)) from error
    renditions = {
        str(width): {fmt: _replace_file(f"{prefix}/{width}.{EXTENSIONS[fmt]}", data) for fmt, data in formats.items()}
        for width, formats in images.items()
    }
    return size, renditions


def requeue_pending_renditions(pending: QuerySet, task: Task) -> int:
    """Queue `task` again for the objects in `pending` (their task never reached the broker)."""
    ids = list(pending.values_list("pk", flat=True)[:500])
    for pk in ids:
        send_task_now(task, pk)
    return len(ids)


def make_renditions(model: Any, pk: int, prefix: str) -> None:
    """Make (or remake) every rendition of one object's `image` (a case still, a community post:
    `model` is a model class with `image`, `renditions` and `Renditions`). Safe to run again."""
    obj = model.objects.filter(pk=pk).first()
    if obj is None or not obj.image:
        return
    try:
        (width, height), renditions = store_renditions(obj.image, f"{prefix}/{pk}")
    except UnreadableImage:
        logger.exception("renditions failed for %s %s", model._meta.label, pk)
        model.objects.filter(pk=pk).update(renditions_status=model.Renditions.FAILED)
        return
    model.objects.filter(pk=pk).update(
        width=width, height=height, renditions=renditions, renditions_status=model.Renditions.READY
    )
    invalidate_public_pages()


def make_still_renditions(still_id: int) -> None:
    make_renditions(Still, still_id, "stills/renditions")


def requeue_stale_renditions(older_than_minutes: int = 10) -> int:
    """Queue renditions for stills still pending after a while (the broker was down)."""
    from .tasks import make_still_renditions

    # A still has no "last changed" time; a replaced image's still may be requeued early, harmlessly.
    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    pending = Still.objects.filter(renditions_status=Still.Renditions.PENDING, created_at__lt=cutoff)
    return requeue_pending_renditions(pending, make_still_renditions)


def make_video_poster(video_id: int) -> None:
    video = Video.objects.filter(pk=video_id).first()
    if video is None or not video.file:
        return
    suffix = "." + (video.file.name or "").rsplit(".", 1)[-1]
    with tempfile.NamedTemporaryFile(suffix=suffix) as local:
        # ffmpeg needs a local file; with object storage the video is copied down first.
        with video.file.open("rb") as remote:
            for chunk in remote.chunks():
                local.write(chunk)
        local.flush()
        poster = extract_poster(local.name)
    name = _replace_file(f"videos/posters/{video_id}.jpg", poster)
    Video.objects.filter(pk=video_id).update(poster=name)
    invalidate_public_pages()
