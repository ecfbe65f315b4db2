"""Authors are told by email, in their own language and in plain words, when a comment of theirs
is removed (with the reason) or when they are suspended (with the end date)."""

import pytest
from django.core import mail
from django.urls import reverse

from moderation import services
from moderation.models import Suspension

from .factories import HeldCommentFactory

pytestmark = pytest.mark.django_db


def _remove(client, comment, **data):
    return client.post(reverse("moderation:decide", args=[comment.pk]), {"action": "remove", **data})


def test_an_author_is_told_their_comment_was_removed_and_why(
    client, moderator, citizen, django_capture_on_commit_callbacks
):
    comment = HeldCommentFactory(author=citizen)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        _remove(client, comment, reason="Swearing at other readers.")
    (message,) = mail.outbox
    assert message.to == [citizen.email]
    assert message.subject == f"Your comment on case {comment.case.number} was removed"
    assert "A moderator removed your comment" in message.body
    assert "The reason: Swearing at other readers." in message.body
    assert comment.get_absolute_url() in message.body
    assert "You cannot post comments until" not in message.body
    assert moderator.username not in message.body


def test_a_removal_with_a_suspension_is_one_email_that_gives_the_end_date(
    client, moderator, citizen, django_capture_on_commit_callbacks
):
    comment = HeldCommentFactory(author=citizen)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        _remove(client, comment, reason="Threats are not allowed.", suspend_days="7")
    (message,) = mail.outbox
    assert "The reason: Threats are not allowed." in message.body
    assert "You cannot post comments until" in message.body
    suspension = Suspension.objects.get()
    assert str(suspension.until.year) in message.body


def test_the_email_is_in_the_authors_language(moderator, citizen, django_capture_on_commit_callbacks):
    citizen.language = "es"
    citizen.save()
    comment = HeldCommentFactory(author=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_comment(comment, actor=moderator, reason="Insultos.")
    (message,) = mail.outbox
    assert message.subject == f"Se ha retirado su comentario en el caso {comment.case.number}"
    assert "Insultos." in message.body


def test_a_suspension_on_its_own_is_emailed_with_its_end_date(moderator, citizen, django_capture_on_commit_callbacks):
    comment = HeldCommentFactory(author=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        services.suspend_author(comment, actor=moderator, days=3, reason="Repeated insults")
    (message,) = mail.outbox
    assert message.to == [citizen.email]
    assert message.subject.startswith("You cannot comment until")
    assert "The reason: Repeated insults" in message.body
    assert "You can still read cases and send tips." in message.body


def test_a_suspension_lifted_before_the_email_goes_sends_nothing(moderator, citizen):
    from moderation.emails import send_suspension_notice

    suspension = services.suspend_author(HeldCommentFactory(author=citizen), actor=moderator, days=3, reason="x")
    services.lift_suspension(suspension, actor=moderator)
    send_suspension_notice(suspension.pk)
    assert mail.outbox == []


def test_a_published_comment_sends_the_author_nothing(moderator, citizen, django_capture_on_commit_callbacks):
    comment = HeldCommentFactory(author=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_comment(comment, actor=moderator)
    assert mail.outbox == []


def test_a_suspended_reader_sees_a_plain_message_instead_of_the_comment_box(client, moderator, citizen):
    comment = HeldCommentFactory(author=citizen)
    services.suspend_author(comment, actor=moderator, days=3, reason="Repeated insults")
    client.force_login(citizen)
    page = client.get(comment.case.get_absolute_url()).text
    assert 'data-testid="suspended-notice"' in page
    assert "Reason: Repeated insults" in page
    assert 'name="body"' not in page
    assert reverse("moderation:comment-create", args=[comment.case.slug]) not in page


def test_a_lifted_suspension_gives_the_comment_box_back(client, moderator, citizen):
    comment = HeldCommentFactory(author=citizen)
    suspension = services.suspend_author(comment, actor=moderator, days=3, reason="Repeated insults")
    services.lift_suspension(suspension, actor=moderator)
    client.force_login(citizen)
    page = client.get(comment.case.get_absolute_url()).text
    assert 'data-testid="suspended-notice"' not in page
    assert 'name="body"' in page
