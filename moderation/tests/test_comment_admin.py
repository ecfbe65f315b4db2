"""Held comments are unpublished text: in admin, only moderators may read them."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts.models import OFFICERS

from .factories import HeldCommentFactory

pytestmark = pytest.mark.django_db

revoke = importlib.import_module("moderation.migrations.0004_officers_without_comment_view").revoke


def _view_comment() -> Permission:
    return Permission.objects.get(content_type__app_label="moderation", codename="view_comment")


@pytest.mark.parametrize("who", ["officer", "analyst", "outsider"])
def test_staff_who_do_not_moderate_cannot_read_held_comments_in_admin(client, request, who):
    comment = HeldCommentFactory(body="a held remark naming a neighbour")
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("admin:moderation_comment_changelist")).status_code == 403
    response = client.get(reverse("admin:moderation_comment_change", args=[comment.pk]))
    assert response.status_code in (302, 403)
    assert "naming a neighbour" not in response.text


def test_an_officer_with_a_leftover_view_grant_still_cannot_read_held_comments(client, officer):
    comment = HeldCommentFactory(body="a held remark naming a neighbour")
    officer.user_permissions.add(_view_comment())
    client.force_login(officer)
    assert client.get(reverse("admin:moderation_comment_changelist")).status_code == 403
    response = client.get(reverse("admin:moderation_comment_change", args=[comment.pk]))
    assert "naming a neighbour" not in response.text


def test_officers_are_not_granted_view_comment(officer):
    assert not officer.has_perm("moderation.view_comment")
    assert officer.has_perm("moderation.post_official_comment")


def test_moderators_read_held_comments_in_admin(client, moderator):
    comment = HeldCommentFactory(body="a held remark naming a neighbour")
    client.force_login(moderator)
    assert client.get(reverse("admin:moderation_comment_changelist")).status_code == 200
    response = client.get(reverse("admin:moderation_comment_change", args=[comment.pk]))
    assert response.status_code == 200
    assert "naming a neighbour" in response.text


def test_the_migration_takes_view_comment_away_from_officers_in_a_deployed_database(officer):
    officers = Group.objects.get(name=OFFICERS)
    officers.permissions.add(_view_comment())  # as an earlier deploy left it
    revoke(apps, None)
    assert not officers.permissions.filter(codename="view_comment").exists()
    assert officers.permissions.filter(codename="post_official_comment").exists()
