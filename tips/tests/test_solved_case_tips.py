"""When a case is solved, the tips officers were working on are closed, on the record, through
the tips layer (the case_solved signal); new unread tips stay in the inbox."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from cases.services import mark_case_solved, reopen_case
from cases.tests.factories import CaseFactory
from tips.models import Tip

from .factories import make_tip

pytestmark = pytest.mark.django_db


def _tip(case, status):
    tip = make_tip(case=case)
    Tip.objects.filter(pk=tip.pk).update(status=status)
    return Tip.objects.get(pk=tip.pk)


def test_solving_a_case_closes_its_tips_in_review_and_actionable(officer):
    case, other = CaseFactory(), CaseFactory()
    in_review = _tip(case, Tip.Status.IN_REVIEW)
    actionable = _tip(case, Tip.Status.ACTIONABLE)
    new = _tip(case, Tip.Status.NEW)
    dismissed = _tip(case, Tip.Status.DISMISSED)
    elsewhere = _tip(other, Tip.Status.IN_REVIEW)
    mark_case_solved(case, actor=officer, note="Arrested.")
    statuses = {tip: Tip.objects.get(pk=tip.pk).status for tip in (in_review, actionable, new, dismissed, elsewhere)}
    assert statuses == {
        in_review: Tip.Status.CLOSED,
        actionable: Tip.Status.CLOSED,
        new: Tip.Status.NEW,  # nobody has read it yet
        dismissed: Tip.Status.DISMISSED,
        elsewhere: Tip.Status.IN_REVIEW,
    }
    assert Tip.objects.get(pk=in_review.pk).closed_at is not None


def test_each_closed_tip_is_audited_as_the_officers_doing(officer):
    case = CaseFactory()
    tip = _tip(case, Tip.Status.IN_REVIEW)
    mark_case_solved(case, actor=officer, note="Arrested.")
    entry = AuditEntry.objects.get(action="tips.tip.status_changed")
    assert entry.actor == officer
    assert entry.target == tip
    assert entry.details == {"before": "in_review", "after": "closed", "reason": "case_solved"}


def test_the_tipster_sees_the_tip_closed_and_can_write_no_more(officer):
    case = CaseFactory()
    tip = _tip(case, Tip.Status.IN_REVIEW)
    mark_case_solved(case, actor=officer, note="Arrested.")
    tip.refresh_from_db()
    assert tip.tipster_status == "Closed: we have finished with this tip. Thank you."


def test_a_refused_solve_closes_no_tip(officer):
    case = CaseFactory(status="solved")
    tip = _tip(case, Tip.Status.IN_REVIEW)
    with pytest.raises(Exception, match="already marked solved"):
        mark_case_solved(case, actor=officer, note="Again.")
    assert Tip.objects.get(pk=tip.pk).status == Tip.Status.IN_REVIEW
    assert not AuditEntry.objects.filter(action="tips.tip.status_changed").exists()


def test_reopening_leaves_the_closed_tips_closed(officer):
    case = CaseFactory()
    tip = _tip(case, Tip.Status.IN_REVIEW)
    mark_case_solved(case, actor=officer, note="Arrested.")
    reopen_case(case, actor=officer, note="Charges dropped.")
    assert Tip.objects.get(pk=tip.pk).status == Tip.Status.CLOSED


def test_the_confirmed_solve_on_the_case_page_closes_the_tips(client, officer):
    case = CaseFactory()
    tip = _tip(case, Tip.Status.IN_REVIEW)
    client.force_login(officer)
    client.post(reverse("cases:solve", args=[case.slug]), {"note": "Arrested."})
    assert Tip.objects.get(pk=tip.pk).status == Tip.Status.IN_REVIEW  # only asked, not yet confirmed
    client.post(reverse("cases:solve", args=[case.slug]), {"note": "Arrested.", "confirm": "yes"})
    assert Tip.objects.get(pk=tip.pk).status == Tip.Status.CLOSED


def test_solving_from_the_admin_action_closes_the_tips_too(client, officer):
    case = CaseFactory()
    tip = _tip(case, Tip.Status.ACTIONABLE)
    client.force_login(officer)
    action = {"action": "mark_solved", "_selected_action": [case.pk], "apply": "1", "note": "Arrested."}
    client.post(reverse("admin:cases_case_changelist"), action)
    assert Tip.objects.get(pk=tip.pk).status == Tip.Status.CLOSED
