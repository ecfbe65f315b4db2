from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def record(action: str, *, actor: Any = None, target: models.Model | None = None, **details: Any) -> AuditEntry:
    """Write one audit entry. `action` is a dotted name such as `cases.case.solved`.

    `actor` is a user, or None for the system (a periodic task, a worker).
    """
    entry = AuditEntry(action=action, details=details)
    if actor is not None and getattr(actor, "is_authenticated", False):
        entry.actor = actor
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
        entry.target_repr = str(target)[:200]
    entry.save()
    return entry


def entries_for(target: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")
