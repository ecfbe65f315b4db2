import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from moderation.models import Comment, CommentReport

from .factories import CommentFactory, HeldCommentFactory

pytestmark = pytest.mark.django_db


def _report(client, comment, reason="abuse"):
    return client.post(reverse("moderation:comment-report", args=[comment.pk]), {"reason": reason, "note": "rude"})


def test_a_reader_reports_a_comment_and_it_goes_to_the_queue(client, citizen):
    comment = CommentFactory()
    client.force_login(citizen)
    response = _report(client, comment)
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.open_reports == 1
    assert comment.status == Comment.Status.PUBLISHED  # one report does not hide it
    assert list(Comment.objects.for_review()) == [comment]


def test_three_readers_reports_hide_the_comment(client, settings):
    settings.COMMENT_REPORTS_TO_HIDE = 3
    comment = CommentFactory(body="The owner cheats his staff.")
    for reader in UserFactory.create_batch(3):
        client.force_login(reader)
        _report(client, comment)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD
    assert "reported" in comment.reasons
    client.logout()
    assert "The owner cheats his staff." not in client.get(comment.case.get_absolute_url()).text


def test_the_same_reader_counts_once(client, citizen):
    comment = CommentFactory()
    client.force_login(citizen)
    _report(client, comment)
    response = _report(client, comment)
    assert response.status_code == 409
    assert "already reported" in response.text
    assert CommentReport.objects.count() == 1
    comment.refresh_from_db()
    assert comment.open_reports == 1


def test_an_author_cannot_report_their_own_comment(client, citizen):
    comment = CommentFactory(author=citizen)
    client.force_login(citizen)
    assert _report(client, comment).status_code == 403
    assert not CommentReport.objects.exists()


def test_a_forged_reason_is_refused(client, citizen):
    comment = CommentFactory()
    client.force_login(citizen)
    response = _report(client, comment, reason="<script>")
    assert response.status_code == 400
    assert not CommentReport.objects.exists()


def test_a_held_comment_cannot_be_reported(client, citizen):
    comment = HeldCommentFactory()
    client.force_login(citizen)
    assert _report(client, comment).status_code == 409
    assert not CommentReport.objects.exists()


def test_a_forged_comment_id_is_404(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("moderation:comment-report", args=[999999]), {"reason": "abuse"})
    assert response.status_code == 404


def test_reporting_requires_sign_in_and_post(client, citizen):
    comment = CommentFactory()
    assert _report(client, comment).status_code == 302
    client.force_login(citizen)
    assert client.get(reverse("moderation:comment-report", args=[comment.pk])).status_code == 405
    assert not CommentReport.objects.exists()


def test_a_report_note_with_a_nul_character_is_refused_and_nothing_saved(client, citizen):
    comment = CommentFactory()
    client.force_login(citizen)
    url = reverse("moderation:comment-report", args=[comment.pk])
    response = client.post(url, {"reason": "abuse", "note": "rude\x00"})
    assert response.status_code == 400
    assert "Null characters are not allowed" in response.text
    comment.refresh_from_db()
    assert comment.open_reports == 0
    assert not CommentReport.objects.exists()
