import pytest
from django.urls import reverse

from audit.models import AuditEntry
from cases.models import Case
from cases.tests.factories import CaseFactory
from moderation.models import Comment, Suspension

pytestmark = pytest.mark.django_db


def _post(client, case, body, **extra):
    return client.post(reverse("moderation:comment-create", args=[case.slug]), {"body": body, **extra})


def test_a_fair_comment_is_published_at_once(client, citizen, django_capture_on_commit_callbacks):
    case = CaseFactory()
    client.force_login(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, case, "You guys can't even catch a bottle thief? Pathetic.")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.author == citizen


def test_a_profane_comment_is_held_with_its_reason_and_audited(client, citizen):
    case = CaseFactory()
    client.force_login(citizen)
    response = _post(client, case, "f*ck this department")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert comment.status == Comment.Status.HELD
    assert comment.reasons == ["profanity"]
    assert AuditEntry.objects.filter(action="moderation.comment.held", target_id=str(comment.pk)).exists()
    page = client.get(case.get_absolute_url())
    assert "Awaiting review" in page.text


def test_an_officer_can_post_an_official_reply(client, officer):
    case = CaseFactory()
    client.force_login(officer)
    _post(client, case, "Thank you, we have received several tips.", official="1")
    comment = Comment.objects.get()
    assert comment.is_official
    assert "Official reply" in client.get(case.get_absolute_url()).text
    assert AuditEntry.objects.filter(action="moderation.comment.official_reply", actor=officer).exists()


def test_a_citizen_cannot_post_an_official_reply(client, citizen):
    case = CaseFactory()
    client.force_login(citizen)
    response = _post(client, case, "I am the police now.", official="1")
    assert response.status_code == 403
    assert "Only officers" in response.text
    assert not Comment.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    case = CaseFactory()
    response = _post(client, case, "hello")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Comment.objects.exists()


def test_it_requires_post(client, citizen):
    case = CaseFactory()
    client.force_login(citizen)
    assert client.get(reverse("moderation:comment-create", args=[case.slug])).status_code == 405


@pytest.mark.parametrize("body", ["", "   \n  "])
def test_an_empty_comment_is_refused(client, citizen, body):
    case = CaseFactory()
    client.force_login(citizen)
    response = _post(client, case, body)
    assert response.status_code == 400
    assert "Write something" in response.text
    assert not Comment.objects.exists()


def test_an_over_long_comment_is_refused_and_given_back(client, citizen):
    case = CaseFactory()
    client.force_login(citizen)
    response = _post(client, case, "word " * 401)
    assert response.status_code == 400
    assert "at most 2000 characters" in response.text
    assert "word word" in response.text  # handed back so nothing typed is lost
    assert not Comment.objects.exists()


def test_html_and_script_are_shown_as_text_never_run(client, citizen):
    case = CaseFactory()
    client.force_login(citizen)
    _post(client, case, '<script>alert("x")</script><b>bold</b>')
    page = client.get(case.get_absolute_url()).text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in page
    assert '<script>alert("x")' not in page


def test_a_flood_is_refused_after_five_a_minute(client, citizen):
    case = CaseFactory()
    client.force_login(citizen)
    statuses = [_post(client, case, f"Comment number {n}").status_code for n in range(6)]
    assert statuses == [302] * 5 + [429]
    assert Comment.objects.count() == 5


def test_comments_on_an_unpublished_case_are_refused(client, citizen):
    case = CaseFactory(is_published=False, published_at=None)
    client.force_login(citizen)
    assert _post(client, case, "hello").status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.parametrize("change", [{"comments_open": False}, {"status": Case.Status.CLOSED}])
def test_comments_on_a_closed_case_are_refused(client, citizen, change):
    case = CaseFactory(**change)
    client.force_login(citizen)
    response = _post(client, case, "hello")
    assert response.status_code == 403
    assert "closed" in response.text
    assert not Comment.objects.exists()
    assert "Comments on this case are closed." in client.get(case.get_absolute_url()).text


def test_a_forged_case_slug_is_404(client, citizen):
    client.force_login(citizen)
    response = client.post("/cases/no-such-case/comments/new/", {"body": "hello"})
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_a_suspended_author_who_posts_anyway_is_told_why_on_the_case_page(client, citizen, moderator):
    from datetime import timedelta

    from django.utils import timezone

    Suspension.objects.create(
        user=citizen, until=timezone.now() + timedelta(days=3), reason="Threats", created_by=moderator
    )
    case = CaseFactory()
    client.force_login(citizen)
    response = _post(client, case, "hello again")
    # Not a 403 page: back on the case, with the reason and the end date in plain words.
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url() + "#comments"
    page = client.get(response["Location"]).text
    assert "You cannot comment until" in page
    assert "Reason: Threats" in page
    assert 'data-testid="suspended-notice"' in page
    assert not Comment.objects.exists()


def test_a_comment_with_a_nul_character_is_refused_and_nothing_saved(client, citizen):
    case = CaseFactory()
    client.force_login(citizen)
    response = _post(client, case, "a\x00b")
    assert response.status_code == 400
    assert "Null characters are not allowed" in response.text
    assert not Comment.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="moderation.comment").exists()
