"""Tips are kept for TIP_RETENTION_DAYS after they are finished, then purged with everything."""

from django.db import transaction

from accounts.models import User
from audit.services import record

from .files import delete_files
from .models import Attachment, Tip


def purge_tip(tip: Tip, *, actor: User | None = None, reason: str) -> None:
    """Delete a tip with its messages, notes and files; the audit entry keeps only its code."""
    with transaction.atomic():
        names = list(Attachment.objects.filter(tip=tip).values_list("storage_name", flat=True))
        record("tips.tip.purged", actor=actor, target=tip, reason=reason, case=tip.case.number if tip.case else None)
        tip.delete()
        transaction.on_commit(lambda: delete_files(names))


def purge_expired_tips() -> int:
    purged = 0
    for tip in Tip.objects.due_for_purge().select_related("case").iterator():
        purge_tip(tip, reason="retention")
        purged += 1
    return purged
