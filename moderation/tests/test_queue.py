from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from moderation import services
from moderation.models import Comment, Suspension
from tipportal.errors import ServiceError

from .factories import CommentFactory, HeldCommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_moderator(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username="max", password="x" * 12, is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def _decide(client, comment, **data):
    return client.post(reverse("moderation:decide", args=[comment.pk]), data)


def test_the_queue_lists_held_and_reported_comments_oldest_first(client, moderator, django_assert_num_queries):
    newer = HeldCommentFactory(body="you b1tch")
    older = HeldCommentFactory(body="sh!t cops", created_at=timezone.now() - timedelta(hours=2))
    reported = CommentFactory(open_reports=1, created_at=timezone.now() - timedelta(hours=1))
    CommentFactory(body="a fine comment nobody reported")
    client.force_login(moderator)
    # session, user, second-factor device, 2 x permissions, count, comments, reports, alert banner,
    # the site pre-moderation switch (a cache miss: the cache is cleared for each test)
    with django_assert_num_queries(10):
        response = client.get(reverse("moderation:queue"))
    assert response.status_code == 200
    page = response.text
    assert page.index(f"item-{older.pk}") < page.index(f"item-{reported.pk}") < page.index(f"item-{newer.pk}")
    assert "a fine comment nobody reported" not in page


def test_the_queue_highlights_matched_words_and_escapes_the_rest(client, moderator):
    HeldCommentFactory(body="<b>you</b> b1tch", spans=[[11, 16, "profanity"]], reasons=["profanity"])
    client.force_login(moderator)
    page = client.get(reverse("moderation:queue")).text
    assert '&lt;b&gt;you&lt;/b&gt; <mark class="tp-mark" title="Profanity">b1tch</mark>' in page


@pytest.mark.parametrize("who", ["citizen", "officer", "analyst", "outsider"])
def test_only_moderators_see_the_queue(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("moderation:queue")).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("moderation:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_queue_requires_get_and_decisions_require_post(client, moderator):
    comment = HeldCommentFactory()
    client.force_login(moderator)
    assert client.post(reverse("moderation:queue")).status_code == 405
    assert client.get(reverse("moderation:decide", args=[comment.pk])).status_code == 405
    assert client.get(reverse("moderation:claim", args=[comment.pk])).status_code == 405
    assert client.get(reverse("moderation:bulk")).status_code == 405


def test_a_moderator_publishes_a_held_comment(client, moderator):
    comment = HeldCommentFactory()
    client.force_login(moderator)
    assert _decide(client, comment, action="publish").status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.reviewed_by == moderator
    entry = AuditEntry.objects.get(action="moderation.comment.published")
    assert entry.actor == moderator and entry.details["was"] == "held"


def test_a_moderator_removes_a_comment_with_a_reason_and_it_is_kept(client, moderator):
    comment = HeldCommentFactory()
    client.force_login(moderator)
    _decide(client, comment, action="remove", reason="No swearing, please.")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED
    assert comment.removal_reason == "No swearing, please."
    assert AuditEntry.objects.get(action="moderation.comment.removed").details["reason"] == "No swearing, please."


def test_removing_needs_a_reason(client, moderator):
    comment = HeldCommentFactory()
    client.force_login(moderator)
    response = _decide(client, comment, action="remove", reason="  ")
    assert response.status_code == 400
    assert "reason" in response.text
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD
    assert not AuditEntry.objects.filter(action="moderation.comment.removed").exists()


def test_a_moderator_removes_and_suspends_the_author(client, moderator, citizen):
    comment = HeldCommentFactory(author=citizen, body="Snitches get stitches.")
    client.force_login(moderator)
    _decide(client, comment, action="remove", reason="Threats are not allowed.", suspend_days="7")
    suspension = Suspension.objects.get(user=citizen)
    assert timedelta(days=6) < suspension.until - timezone.now() <= timedelta(days=7)
    assert AuditEntry.objects.filter(action="moderation.author.suspended", actor=moderator).exists()
    assert services.active_suspension(citizen) == suspension


def test_a_forged_action_or_suspension_is_refused(client, moderator):
    comment = HeldCommentFactory()
    client.force_login(moderator)
    assert _decide(client, comment, action="delete").status_code == 400
    assert _decide(client, comment, action="remove", reason="x", suspend_days="9999").status_code == 400
    assert client.post(reverse("moderation:decide", args=[999999]), {"action": "publish"}).status_code == 404
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD
    assert not Suspension.objects.exists()


def test_a_decided_comment_cannot_be_decided_again(client, moderator):
    comment = CommentFactory()  # published, never reported: not in the queue
    client.force_login(moderator)
    response = _decide(client, comment, action="remove", reason="x")
    assert response.status_code == 409
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED


def test_claiming_is_atomic(moderator, second_moderator):
    comment = HeldCommentFactory()
    assert services.claim_comment(comment, actor=moderator)
    assert not services.claim_comment(comment, actor=second_moderator)
    with pytest.raises(ServiceError, match="Another moderator"):
        services.publish_comment(comment, actor=second_moderator)
    services.publish_comment(comment, actor=moderator)


def test_a_lapsed_claim_can_be_taken_over(moderator, second_moderator, settings):
    comment = HeldCommentFactory()
    services.claim_comment(comment, actor=moderator)
    Comment.objects.filter(pk=comment.pk).update(claimed_at=timezone.now() - timedelta(hours=1))
    assert services.claim_comment(comment, actor=second_moderator)


def test_claim_view_reports_a_taken_item(client, moderator, second_moderator):
    comment = HeldCommentFactory()
    services.claim_comment(comment, actor=second_moderator)
    client.force_login(moderator)
    response = client.post(reverse("moderation:claim", args=[comment.pk]), follow=True)
    assert "is taken or already decided" in response.text


def test_bulk_publish_and_remove(client, moderator):
    first, second, third = HeldCommentFactory.create_batch(3)
    client.force_login(moderator)
    client.post(reverse("moderation:bulk"), {"ids": [first.pk, second.pk], "action": "publish"})
    client.post(reverse("moderation:bulk"), {"ids": [third.pk], "action": "remove", "reason": "Spam"})
    statuses = [c.status for c in Comment.objects.order_by("pk")]
    assert statuses == [Comment.Status.PUBLISHED, Comment.Status.PUBLISHED, Comment.Status.REMOVED]
    assert AuditEntry.objects.filter(action="moderation.comment.published").count() == 2


def test_bulk_refuses_forged_ids_and_missing_reasons(client, moderator):
    comment = HeldCommentFactory()
    client.force_login(moderator)
    assert client.post(reverse("moderation:bulk"), {"ids": ["1; drop"], "action": "publish"}).status_code == 400
    assert client.post(reverse("moderation:bulk"), {"ids": [comment.pk], "action": "remove"}).status_code == 400
    assert client.post(reverse("moderation:bulk"), {"action": "publish"}).status_code == 400
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD


@pytest.mark.parametrize("who", ["citizen", "officer"])
def test_only_moderators_decide(client, request, who):
    comment = HeldCommentFactory()
    client.force_login(request.getfixturevalue(who))
    assert _decide(client, comment, action="publish").status_code == 403
    assert client.post(reverse("moderation:bulk"), {"ids": [comment.pk], "action": "publish"}).status_code == 403
    assert client.post(reverse("moderation:claim", args=[comment.pk])).status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD


def test_a_lifted_suspension_lets_the_author_comment_again(moderator, citizen):
    comment = HeldCommentFactory(author=citizen)
    suspension = services.suspend_author(comment, actor=moderator, days=3, reason="Threats")
    assert services.active_suspension(citizen) == suspension
    services.lift_suspension(suspension, actor=moderator)
    assert services.active_suspension(citizen) is None
    assert AuditEntry.objects.filter(action="moderation.author.reinstated", actor=moderator).exists()


def test_staff_cannot_be_suspended_from_the_queue(moderator, officer):
    comment = HeldCommentFactory(author=moderator)
    with pytest.raises(ServiceError):
        services.suspend_author(comment, actor=moderator, days=3, reason="x")
    assert not Suspension.objects.exists()


def test_a_bulk_removal_reason_with_a_nul_character_is_refused_and_nothing_changed(client, moderator):
    comment = HeldCommentFactory()
    client.force_login(moderator)
    response = client.post(reverse("moderation:bulk"), {"ids": [comment.pk], "action": "remove", "reason": "bad\x00"})
    assert response.status_code == 400
    assert "Null characters are not allowed" in response.text
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD
    assert not AuditEntry.objects.filter(action="moderation.comment.removed").exists()


@pytest.mark.parametrize("raw", ["²", "1\x00", "-1", ""])
def test_bulk_refuses_ids_that_are_not_plain_numbers(client, moderator, raw):
    comment = HeldCommentFactory()
    client.force_login(moderator)
    response = client.post(reverse("moderation:bulk"), {"ids": [comment.pk, raw], "action": "publish"})
    assert response.status_code == 400
    assert "The selection is not valid" in response.text
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD


def test_removing_a_staff_authors_comment_with_a_suspension_changes_nothing(client, moderator, second_moderator):
    comment = HeldCommentFactory(author=second_moderator)
    client.force_login(moderator)
    response = _decide(client, comment, action="remove", reason="Off topic.", suspend_days="7")
    assert response.status_code == 403
    assert "Staff accounts cannot be suspended here." in response.text
    assert "Nothing was changed" in response.text
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD
    assert comment.removal_reason == ""
    assert not Suspension.objects.exists()
    assert not AuditEntry.objects.filter(action="moderation.comment.removed").exists()


def test_removing_with_a_suspension_says_both_were_done(client, moderator, citizen):
    comment = HeldCommentFactory(author=citizen)
    client.force_login(moderator)
    data = {"action": "remove", "reason": "Threats.", "suspend_days": "1"}
    response = client.post(reverse("moderation:decide", args=[comment.pk]), data, follow=True)
    assert "is removed and its author suspended for 1 day." in response.text
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED
    assert Suspension.objects.filter(user=citizen, comment=comment).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "remove", "reason": "bad\x00"}, "Null characters are not allowed"),
        ({"action": "delete"}, "Choose publish or remove."),
        ({"action": "remove", "reason": "Spam", "suspend_days": "9999"}, "Suspend for between 0 and 365 days."),
        ({"action": "remove", "reason": "x" * 301}, "Keep the reason under 300 characters."),
    ],
)
def test_a_bad_decision_is_refused_with_its_own_message_and_nothing_changed(client, moderator, data, message):
    comment = HeldCommentFactory()
    client.force_login(moderator)
    response = _decide(client, comment, **data)
    assert response.status_code == 400
    assert message in response.text
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD
    assert not Suspension.objects.exists()
    assert not AuditEntry.objects.filter(action="moderation.comment.removed").exists()
