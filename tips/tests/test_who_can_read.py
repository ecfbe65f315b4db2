"""Only officers read tips: every other role, and anonymous visitors, get nothing from any URL."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from tips.models import Attachment, Message, Note, Tip

from .factories import TIP_TEXT, clean_photo, make_tip

pytestmark = pytest.mark.django_db

NOT_OFFICERS = ["citizen", "analyst", "moderator", "outsider"]


@pytest.fixture
def tip(db):
    return make_tip(files=[clean_photo()])


def _reads(tip):
    attachment = Attachment.objects.get(tip=tip)
    return [
        reverse("desk:inbox"),
        reverse("desk:tip", args=[tip.pk]),
        reverse("desk:attachment", args=[attachment.pk]),
    ]


def _writes(tip):
    return [
        (reverse("desk:claim", args=[tip.pk]), {}),
        (reverse("desk:assign", args=[tip.pk]), {"assignee": ""}),
        (reverse("desk:status", args=[tip.pk]), {"status": "dismissed"}),
        (reverse("desk:note", args=[tip.pk]), {"note-body": "note"}),
        (reverse("desk:reply", args=[tip.pk]), {"reply-body": "reply"}),
        (reverse("desk:link", args=[tip.pk]), {"case": "2026-000001"}),
        (reverse("desk:reward", args=[tip.pk]), {"eligible": "on"}),
    ]


def _unchanged(tip):
    current = Tip.objects.get(pk=tip.pk)
    assert (current.status, current.assignee, current.reward_eligible) == (Tip.Status.NEW, None, False)
    assert Note.objects.count() == Message.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="tips.").exists()


@pytest.mark.parametrize("role", NOT_OFFICERS)
def test_signed_in_non_officers_are_refused_every_desk_url(client, request, tip, role):
    client.force_login(request.getfixturevalue(role))
    for url in _reads(tip):
        response = client.get(url)
        assert response.status_code == 403, url
        assert TIP_TEXT not in response.text
    for url, data in _writes(tip):
        assert client.post(url, data).status_code == 403, url
    _unchanged(tip)


def test_anonymous_visitors_are_sent_to_sign_in_from_every_desk_url(client, tip):
    for url in _reads(tip):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login"))  # settings.LOGIN_URL: the site's sign-in page
    for url, data in _writes(tip):
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login"))  # settings.LOGIN_URL: the site's sign-in page
    _unchanged(tip)


@pytest.mark.parametrize("role", [*NOT_OFFICERS, "officer", None])
def test_no_role_reads_tips_through_the_admin(client, request, tip, role):
    if role:
        client.force_login(request.getfixturevalue(role))
    for url in ("/admin/tips/", "/admin/tips/tip/", f"/admin/tips/tip/{tip.pk}/change/", "/admin/tips/attachment/"):
        response = client.get(url)
        assert response.status_code in (302, 404), url
        assert TIP_TEXT not in response.text


@pytest.mark.parametrize("role", [*NOT_OFFICERS, "officer", None])
def test_feeds_and_public_pages_never_carry_tips(client, request, tip, role):
    if role:
        client.force_login(request.getfixturevalue(role))
    for name in ("home", "cases:list", "cases:feed-new-rss", "cases:feed-solved-atom"):
        response = client.get(reverse(name))
        assert TIP_TEXT not in response.content.decode()
        assert tip.code not in response.content.decode()


def test_attachment_files_are_not_served_as_public_media(client, tip):
    attachment = Attachment.objects.get(tip=tip)
    assert client.get(f"/media/{attachment.storage_name}").status_code == 404


def test_officers_can_read_every_desk_url(client, officer, tip):
    client.force_login(officer)
    for url in _reads(tip):
        assert client.get(url).status_code == 200, url
