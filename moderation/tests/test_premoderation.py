"""Pre-moderation: a switch per case (in the case admin) and one for the whole site (on the
moderation queue) hold every new comment for a moderator, and the case page says so."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from audit.models import AuditEntry
from cases.models import Case
from cases.tests.factories import CaseFactory
from cases.tests.test_admin import case_form
from moderation import services
from moderation.models import Comment, SiteModeration
from tipportal.errors import ServiceError

pytestmark = pytest.mark.django_db

FAIR = "I think I saw that truck behind the laundromat."
NOTICE = "Comments on this case are reviewed by a moderator before they appear."


def test_a_fair_comment_on_a_premoderated_case_waits_for_a_moderator(citizen):
    case = CaseFactory(comments_premoderated=True)
    comment = services.post_comment(case, actor=citizen, body=FAIR)
    assert comment.status == Comment.Status.HELD
    assert comment.reasons == [services.PREMODERATION]
    assert AuditEntry.objects.filter(action="moderation.comment.held", target_id=str(comment.pk)).exists()


def test_the_commenter_is_told_their_comment_waits_for_review(client, citizen):
    case = CaseFactory(comments_premoderated=True)
    client.force_login(citizen)
    page = client.get(case.get_absolute_url()).text
    assert NOTICE in page
    response = client.post(reverse("moderation:comment-create", args=[case.slug]), {"body": FAIR}, follow=True)
    assert "awaiting review by a moderator" in response.text


def test_an_ordinary_case_publishes_fair_comments_at_once_and_says_nothing_of_review(client, citizen):
    case = CaseFactory()
    assert services.post_comment(case, actor=citizen, body=FAIR).status == Comment.Status.PUBLISHED
    assert NOTICE not in client.get(case.get_absolute_url()).text


def test_an_official_reply_is_not_held_by_premoderation(officer):
    case = CaseFactory(comments_premoderated=True)
    comment = services.post_comment(case, actor=officer, body="Thank you, please send a tip.", official=True)
    assert comment.status == Comment.Status.PUBLISHED


def test_the_analyst_switches_a_case_to_premoderation_in_the_admin_and_it_is_audited(
    client, analyst, django_capture_on_commit_callbacks
):
    case = CaseFactory()
    anonymous_page = client.get(case.get_absolute_url()).text  # now in the public page cache
    assert NOTICE not in anonymous_page
    client.force_login(analyst)
    data = case_form(number=case.number, slug=case.slug, title=case.title, area=case.area.pk, is_published="on",
                     comments_premoderated="on", published_at_0="2026-01-01", published_at_1="00:00:00")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("admin:cases_case_change", args=[case.pk]), data).status_code == 302
    assert Case.objects.get(pk=case.pk).comments_premoderated
    entry = AuditEntry.objects.get(action="cases.case.premoderation_switched")
    assert (entry.actor, entry.details["on"]) == (analyst, True)
    client.logout()
    assert NOTICE in client.get(case.get_absolute_url()).text  # the cached page was dropped


def test_a_moderator_switches_the_whole_site_to_premoderation(
    client, moderator, citizen, django_capture_on_commit_callbacks
):
    case = CaseFactory()
    assert NOTICE not in client.get(case.get_absolute_url()).text
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("moderation:premoderation"), {"on": "1"}, follow=True)
    assert "Every new comment on the site now waits for a moderator." in response.text
    assert SiteModeration.objects.get().hold_all_comments
    entry = AuditEntry.objects.get(action="moderation.premoderation.switched")
    assert (entry.actor, entry.details["on"]) == (moderator, True)
    assert services.post_comment(case, actor=citizen, body=FAIR).status == Comment.Status.HELD
    client.logout()
    assert NOTICE in client.get(case.get_absolute_url()).text
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("moderation:premoderation"), {"on": "0"})
    assert services.post_comment(CaseFactory(), actor=citizen, body=FAIR).status == Comment.Status.PUBLISHED


def test_the_switch_holds_in_every_process_even_when_the_cache_was_emptied(moderator, citizen):
    services.switch_site_premoderation(actor=moderator, on=True)
    cache.clear()
    assert services.site_premoderation() is True
    SiteModeration.objects.update(hold_all_comments=False)  # as another process's switch, committed
    cache.clear()
    assert services.site_premoderation() is False


def test_switching_to_the_state_it_is_in_is_refused_plainly(client, moderator):
    client.force_login(moderator)
    response = client.post(reverse("moderation:premoderation"), {"on": "0"})
    assert response.status_code == 409
    assert "already published without review" in response.text
    assert not AuditEntry.objects.filter(action="moderation.premoderation.switched").exists()
    with pytest.raises(ServiceError):
        services.switch_site_premoderation(actor=moderator, on=False)


def test_a_malformed_switch_is_refused_and_nothing_changes(client, moderator):
    client.force_login(moderator)
    response = client.post(reverse("moderation:premoderation"), {"on": "maybe"})
    assert response.status_code == 400
    assert "Choose on or off." in response.text
    assert not SiteModeration.objects.filter(hold_all_comments=True).exists()


def test_the_queue_shows_the_site_switch_to_moderators(client, moderator):
    client.force_login(moderator)
    page = client.get(reverse("moderation:queue")).text
    assert 'data-testid="site-premoderation"' in page
    assert reverse("moderation:premoderation") in page


def test_officers_and_citizens_cannot_switch_the_site(client, officer, citizen):
    for person in (officer, citizen):
        client.force_login(person)
        assert client.post(reverse("moderation:premoderation"), {"on": "1"}).status_code == 403
    assert not SiteModeration.objects.exists()
