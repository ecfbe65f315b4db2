from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from cases.models import Case
from cases.tests.factories import CaseFactory
from tips import services, tasks
from tips.models import Attachment, Message, Note, Tip

from .conftest import files_under
from .factories import clean_photo, make_tip

pytestmark = pytest.mark.django_db


def _case_closed(days_ago: int, status=Case.Status.SOLVED) -> Case:
    return CaseFactory(status=status, solved_at=timezone.now() - timedelta(days=days_ago))


def test_tips_on_a_case_solved_longer_ago_than_the_retention_are_purged_with_everything(
    officer, media_root, settings, django_capture_on_commit_callbacks
):
    settings.TIP_RETENTION_DAYS = 365
    old = make_tip(case=_case_closed(400), files=[clean_photo()])
    services.reply_to_tipster(old, body="Thanks", actor=officer)
    services.post_tipster_reply(old, body="Welcome", files=[clean_photo()])
    services.add_note(old, body="Good lead", actor=officer)
    kept = make_tip(case=_case_closed(300))
    open_case = make_tip(case=CaseFactory())
    assert len(files_under(media_root)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        tasks.purge_expired_tips.delay()
    assert set(Tip.objects.values_list("pk", flat=True)) == {kept.pk, open_case.pk}
    assert Message.objects.count() == Note.objects.count() == Attachment.objects.count() == 0
    assert files_under(media_root) == []
    entry = AuditEntry.objects.get(action="tips.tip.purged")
    assert entry.actor is None
    assert entry.details == {"reason": "retention", "case": old.case.number}
    assert entry.target_repr == f"Tip {old.display_code}"


def test_a_closed_case_without_a_solved_date_counts_from_its_last_change(settings):
    settings.TIP_RETENTION_DAYS = 10
    case = CaseFactory(status=Case.Status.CLOSED)
    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now() - timedelta(days=11))
    make_tip(case=case)
    assert tasks.purge_expired_tips() == 1


def test_general_tips_are_purged_once_closed_for_the_retention_period(settings, officer):
    settings.TIP_RETENTION_DAYS = 30
    closed = make_tip()
    services.change_tip_status(closed, status=Tip.Status.DISMISSED, actor=officer)
    Tip.objects.filter(pk=closed.pk).update(closed_at=timezone.now() - timedelta(days=31))
    still_open = make_tip()
    Tip.objects.filter(pk=still_open.pk).update(created_at=timezone.now() - timedelta(days=400))
    assert tasks.purge_expired_tips() == 1
    assert list(Tip.objects.values_list("pk", flat=True)) == [still_open.pk]


def test_tips_nearing_purge_are_those_within_thirty_days_of_it(settings):
    settings.TIP_RETENTION_DAYS = 100
    near = make_tip(case=_case_closed(75))
    make_tip(case=_case_closed(60))
    assert list(Tip.objects.nearing_purge()) == [near]
