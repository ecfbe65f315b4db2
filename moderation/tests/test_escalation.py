"""A moderator passes a threatening comment to the officers' desk; officers work the threat report."""

import pytest
from django.core import mail
from django.urls import reverse

from audit.models import AuditEntry
from moderation import services
from moderation.models import Comment, CommentReport, ThreatReport
from tipportal.errors import ServiceError

from .factories import CommentFactory, HeldCommentFactory

pytestmark = pytest.mark.django_db

THREAT = "I know where you live, officer. Your family will not be safe."


def _escalate(client, comment, note="Names an officer's family and home."):
    return client.post(reverse("moderation:escalate", args=[comment.pk]), {"note": note})


def _threat(**kwargs):
    return HeldCommentFactory(body=THREAT, reasons=["threat"], spans=[], **kwargs)


def test_a_moderator_passes_a_held_threat_to_the_officers(client, moderator, officer, citizen):
    comment = _threat(author=citizen)
    client.force_login(moderator)
    response = _escalate(client, comment)
    assert response.status_code == 302
    report = ThreatReport.objects.get()
    assert (report.comment, report.case, report.author) == (comment, comment.case, citizen)
    assert report.author_email == "carol@example.org"
    assert report.body == THREAT
    assert report.note == "Names an officer's family and home."
    assert report.status == ThreatReport.Status.NEW
    entry = AuditEntry.objects.get(action="moderation.threat.escalated")
    assert entry.actor == moderator
    assert THREAT not in str(entry.details) + entry.target_repr


def test_officers_are_emailed_a_link_and_never_the_words(
    client, moderator, officer, citizen, django_capture_on_commit_callbacks
):
    officer.language = "es"
    officer.save()
    comment = _threat(author=citizen)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        _escalate(client, comment)
    report = ThreatReport.objects.get()
    to_officers = [message for message in mail.outbox if message.to == [officer.email]]
    assert len(to_officers) == 1
    message = to_officers[0]
    assert reverse("threats:detail", args=[report.pk]) in message.body
    assert "Denuncia de amenaza" in message.subject
    assert "live" not in message.body and "family" not in message.body
    assert citizen.email not in message.body
    assert moderator.email not in [address for message in mail.outbox for address in message.to]
    # A repeated job sends nothing twice.
    from moderation.emails import notify_officers_of_threat

    assert notify_officers_of_threat(report.pk) is False


def test_a_reported_comment_still_on_the_page_is_taken_off_it_when_escalated(moderator, citizen):
    comment = CommentFactory(body=THREAT, open_reports=1)
    CommentReport.objects.create(comment=comment, reporter=citizen, reason=CommentReport.Reason.THREAT)
    services.escalate_comment(comment, actor=moderator, note="Reported as a threat.")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD
    assert "threat" in comment.reasons


def test_a_quiet_published_comment_cannot_be_escalated(moderator):
    comment = CommentFactory()
    with pytest.raises(ServiceError) as error:
        services.escalate_comment(comment, actor=moderator, note="Just because.")
    assert error.value.code == "invalid"
    assert not ThreatReport.objects.exists()


def test_an_empty_or_overlong_note_is_refused_with_a_clear_message_and_nothing_saved(client, moderator):
    comment = _threat()
    client.force_login(moderator)
    response = _escalate(client, comment, note="   ")
    assert response.status_code == 400
    assert "Tell the officers why this comment worries you." in response.text
    response = _escalate(client, comment, note="x" * 1001)
    assert response.status_code == 400
    assert "under 1000 characters" in response.text
    assert not ThreatReport.objects.exists()
    assert not AuditEntry.objects.filter(action="moderation.threat.escalated").exists()


def test_a_comment_goes_to_the_officers_only_once(client, moderator):
    comment = _threat()
    client.force_login(moderator)
    _escalate(client, comment)
    response = _escalate(client, comment)
    assert response.status_code == 409
    assert "already with the officers" in response.text
    assert ThreatReport.objects.count() == 1


def test_the_queue_offers_escalation_and_marks_escalated_comments(client, moderator):
    waiting, passed = _threat(), _threat()
    services.escalate_comment(passed, actor=moderator, note="Threat.")
    client.force_login(moderator)
    page = client.get(reverse("moderation:queue")).text
    assert reverse("moderation:escalate", args=[waiting.pk]) in page
    assert reverse("moderation:escalate", args=[passed.pk]) not in page
    assert "Passed to the officers" in page


def test_officers_and_citizens_cannot_escalate(client, officer, citizen):
    comment = _threat()
    for person in (officer, citizen):
        client.force_login(person)
        assert _escalate(client, comment).status_code == 403
    assert not ThreatReport.objects.exists()


# --- The officers' side ------------------------------------------------------------------------


@pytest.fixture
def report(moderator, citizen):
    return services.escalate_comment(_threat(author=citizen), actor=moderator, note="Names a family.")


def test_the_desk_inbox_tells_officers_of_new_threat_reports(client, officer, report):
    client.force_login(officer)
    page = client.get(reverse("desk:inbox")).text
    assert 'data-testid="threat-summary"' in page
    assert "1 new threat report" in page
    assert reverse("threats:list") in page


def test_officers_see_threat_reports_in_a_list_at_a_fixed_query_cost(
    client, officer, moderator, report, django_assert_num_queries
):
    client.force_login(officer)
    client.get(reverse("threats:list"))  # the first page of a session also saves the session
    # session, user, second-factor device, 2 x permissions, counts, page count, reports, alert banner
    with django_assert_num_queries(8) as one:
        response = client.get(reverse("threats:list"))
    assert response.status_code == 200
    assert report.author_email in response.text
    assert THREAT not in response.text
    for _ in range(3):
        services.escalate_comment(_threat(), actor=moderator, note="Another.")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("threats:list"))
    assert list(client.get(reverse("threats:list"), {"status": "closed"}).context["page"].object_list) == []


def test_an_officer_opens_a_report_and_the_view_is_audited(client, officer, report, django_assert_num_queries):
    client.force_login(officer)
    # session, user, second-factor device, 2 x permissions, report, audit entry, alert banner
    with django_assert_num_queries(8):
        response = client.get(report.get_absolute_url())
    assert response.status_code == 200
    assert THREAT.replace("'", "&#x27;") in response.text
    assert "carol@example.org" in response.text
    assert "Names a family." in response.text
    assert AuditEntry.objects.filter(action="moderation.threat.viewed", actor=officer).count() == 1


def test_an_officer_moves_a_report_through_review_to_closed_with_an_outcome(client, officer, report):
    client.force_login(officer)
    url = reverse("threats:status", args=[report.pk])
    client.post(url, {"status": "in_review", "note": "Called the commenter."})
    report.refresh_from_db()
    assert report.status == ThreatReport.Status.IN_REVIEW
    assert report.officer_note == "Called the commenter."
    client.post(url, {"status": "closed", "outcome": "action_taken"})
    report.refresh_from_db()
    assert (report.status, report.outcome, report.handled_by) == ("closed", "action_taken", officer)
    changes = AuditEntry.objects.filter(action="moderation.threat.status_changed").order_by("id")
    assert [(entry.details["was"], entry.details["status"]) for entry in changes] == [
        ("new", "in_review"),
        ("in_review", "closed"),
    ]


def test_closing_without_an_outcome_is_refused_and_nothing_changes(client, officer, report):
    client.force_login(officer)
    response = client.post(reverse("threats:status", args=[report.pk]), {"status": "closed"}, follow=True)
    assert "Choose the outcome before closing the report." in response.text
    report.refresh_from_db()
    assert report.status == ThreatReport.Status.NEW
    assert not AuditEntry.objects.filter(action="moderation.threat.status_changed").exists()


def test_a_made_up_status_is_refused(client, officer, report):
    client.force_login(officer)
    response = client.post(reverse("threats:status", args=[report.pk]), {"status": "shredded"}, follow=True)
    assert "Choose a status." in response.text
    report.refresh_from_db()
    assert report.status == ThreatReport.Status.NEW


def test_citizens_moderators_and_analysts_cannot_read_threat_reports(client, citizen, moderator, analyst, report):
    for person in (citizen, moderator, analyst):
        client.force_login(person)
        assert client.get(reverse("threats:list")).status_code == 403
        assert client.get(report.get_absolute_url()).status_code == 403
        assert client.post(reverse("threats:status", args=[report.pk]), {"status": "closed"}).status_code == 403
        assert "threat-summary" not in client.get("/").text


def test_an_officer_without_the_second_factor_is_sent_to_pass_it(client, officer, report):
    client.force_login(officer, second_factor=False)
    response = client.get(report.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second-factor"))
    assert not AuditEntry.objects.filter(action="moderation.threat.viewed").exists()
