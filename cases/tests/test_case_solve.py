import pytest
from django.urls import reverse

from audit.models import AuditEntry
from cases.models import Case, CaseUpdate

from .factories import CaseFactory, StillFactory

pytestmark = pytest.mark.django_db


def solve_url(case: Case) -> str:
    return reverse("cases:solve", kwargs={"slug": case.slug})


def test_the_note_first_leads_to_a_confirmation_page_that_changes_nothing(client, officer):
    case = CaseFactory()
    client.force_login(officer)
    response = client.post(solve_url(case), {"note": "Arrested after his mother recognised him."})
    assert response.status_code == 200
    page = response.text
    assert "Mark this case solved?" in page
    assert "Arrested after his mother recognised him." in page
    assert "Everyone who follows the case gets an email" in page
    assert 'name="confirm" value="yes"' in page
    assert f'href="{case.get_absolute_url()}">No, go back to the case' in page
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    assert not CaseUpdate.objects.exists()
    assert not AuditEntry.objects.filter(action="cases.case.solved").exists()


def test_an_officer_marks_a_case_solved_with_a_public_note(client, officer):
    case = CaseFactory()
    client.force_login(officer)
    response = client.post(solve_url(case), {"note": "Arrested after his mother recognised him.", "confirm": "yes"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.SOLVED
    assert case.solved_at is not None
    update = CaseUpdate.objects.get(case=case)
    assert (update.kind, update.body) == ("solved", "Arrested after his mother recognised him.")
    entry = AuditEntry.objects.get(action="cases.case.solved")
    assert entry.actor == officer
    assert entry.target == case
    page = client.get(case.get_absolute_url()).text
    assert "Arrested after his mother recognised him." in page


def test_it_requires_a_note(client, officer):
    case = CaseFactory()
    client.force_login(officer)
    response = client.post(solve_url(case), {"note": "   ", "confirm": "yes"}, follow=True)
    assert "Write a short public note" in response.text
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    assert not CaseUpdate.objects.exists()
    assert not AuditEntry.objects.filter(action="cases.case.solved").exists()


def test_solving_twice_is_refused_plainly(client, officer):
    case = CaseFactory(status=Case.Status.SOLVED)
    client.force_login(officer)
    response = client.post(solve_url(case), {"note": "Again", "confirm": "yes"}, follow=True)
    assert "already marked solved" in response.text
    assert not CaseUpdate.objects.exists()


def test_an_officer_reopens_a_solved_case(client, officer):
    case = CaseFactory(status=Case.Status.SOLVED)
    client.force_login(officer)
    client.post(reverse("cases:reopen", kwargs={"slug": case.slug}), {"note": "The charge was dropped."})
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    assert case.solved_at is None
    assert AuditEntry.objects.filter(action="cases.case.reopened", actor=officer).count() == 1


def test_an_officer_posts_a_public_update(client, officer):
    case = CaseFactory()
    client.force_login(officer)
    client.post(reverse("cases:post-update", kwargs={"slug": case.slug}), {"note": "Suspect identified."})
    assert CaseUpdate.objects.get(case=case).body == "Suspect identified."
    assert AuditEntry.objects.filter(action="cases.update.posted", actor=officer).exists()


@pytest.mark.parametrize("role", ["citizen", "analyst", "moderator", "outsider"])
def test_other_roles_cannot_solve(client, request, role):
    case = CaseFactory()
    client.force_login(request.getfixturevalue(role))
    assert client.post(solve_url(case), {"note": "Solved", "confirm": "yes"}).status_code == 403
    assert client.post(solve_url(case), {"note": "Solved"}).status_code == 403
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_anonymous_visitors_are_sent_to_sign_in(client):
    case = CaseFactory()
    response = client.post(solve_url(case), {"note": "Solved"})
    assert response.status_code == 302
    assert "login" in response["Location"]
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_it_refuses_get(client, officer):
    client.force_login(officer)
    assert client.get(solve_url(CaseFactory())).status_code == 405


def test_solving_drops_the_cached_public_page(client, officer, django_capture_on_commit_callbacks):
    case = CaseFactory()
    assert "Solved" not in client.get(case.get_absolute_url()).text.split("<main", 1)[1].split("Share")[0]
    officer_client = client.__class__()
    officer_client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(solve_url(case), {"note": "Thanks to your tips", "confirm": "yes"})
    assert "Thanks to your tips" in client.get(case.get_absolute_url()).text


def test_a_solved_case_page_asks_the_public_for_no_tip(client, officer, django_capture_on_commit_callbacks):
    still = StillFactory()
    case = still.case
    assert "I know who this is" in client.get(case.get_absolute_url()).text  # and now in the page cache
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(solve_url(case), {"note": "Arrested.", "confirm": "yes"})
    client.logout()
    page = client.get(case.get_absolute_url()).text
    assert "I know who this is" not in page
    assert f"/tips/?still={still.pk}" not in page
    assert "Send a tip about this case" not in page


def test_the_admin_action_says_what_solving_does_before_it_is_applied(client, officer):
    case = CaseFactory()
    client.force_login(officer)
    page = client.post(reverse("admin:cases_case_changelist"), {"action": "mark_solved", "_selected_action": [case.pk]})
    assert page.status_code == 200
    assert "Everyone who follows the case gets an email" in page.text
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
