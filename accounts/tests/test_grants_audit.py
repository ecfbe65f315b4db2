"""Every grant made in admin is written to the audit log: who changed what, for whom."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEntry

from .otp import SecondFactorClient, give_authenticator

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "a long root passphrase")


@pytest.fixture
def admin_client(root):
    client = SecondFactorClient()
    client.force_login(root)
    return client


def _change_form(user) -> dict:
    """The admin change form for `user`, as it is now."""
    return {
        "username": user.username,
        "email": user.email,
        "display_name": user.display_name,
        "language": user.language,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        "groups": [str(pk) for pk in user.groups.values_list("pk", flat=True)],
        "user_permissions": [str(pk) for pk in user.user_permissions.values_list("pk", flat=True)],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
    }


def _save(admin_client, user, **changes):
    response = admin_client.post(
        reverse("admin:accounts_user_change", args=[user.pk]), {**_change_form(user), **changes}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    return response


def _entries(action: str):
    return AuditEntry.objects.filter(action=action)


def test_making_a_citizen_an_officer_is_audited(admin_client, root, citizen):
    officers = Group.objects.get(name="Officers")
    trail = Permission.objects.get(codename="view_audit_trail")
    _save(admin_client, citizen, groups=[str(officers.pk)], user_permissions=[str(trail.pk)], is_staff="on")
    groups = _entries("accounts.user.groups_changed").get()
    assert (groups.actor, groups.target_id) == (root, str(citizen.pk))
    assert groups.details == {"username": "carol", "added": ["Officers"], "removed": []}
    permissions = _entries("accounts.user.permissions_changed").get()
    assert permissions.details["added"] == ["tips.view_audit_trail"]
    assert _entries("accounts.user.staff_granted").get().actor == root


def test_taking_rights_away_is_audited(admin_client, root, officer):
    _save(admin_client, officer, groups=[], is_staff="")
    assert _entries("accounts.user.groups_changed").get().details["removed"] == ["Officers"]
    assert _entries("accounts.user.staff_revoked").get().target_id == str(officer.pk)


@pytest.mark.parametrize(
    ("field", "value", "action"),
    [
        ("is_superuser", "on", "accounts.user.superuser_granted"),
        ("is_active", "", "accounts.user.deactivated"),
    ],
)
def test_superuser_and_active_changes_are_audited(admin_client, root, officer, field, value, action):
    _save(admin_client, officer, **{field: value})
    entry = _entries(action).get()
    assert (entry.actor, entry.target_id, entry.details["username"]) == (root, str(officer.pk), "oscar")


def test_saving_without_a_change_writes_no_grant_entry(admin_client, officer):
    _save(admin_client, officer, display_name="Oscar Diaz")
    assert not AuditEntry.objects.filter(action__startswith="accounts.user.").exists()


def test_a_user_made_in_admin_is_audited(admin_client, root):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {"username": "newofficer", "password1": "a long new passphrase", "password2": "a long new passphrase",
         "usable_password": "true"},
    )  # fmt: skip
    assert response.status_code == 302
    created = _entries("accounts.user.created").get()
    assert (created.actor, created.details["username"]) == (root, "newofficer")


def test_a_change_to_a_groups_permissions_is_audited(admin_client, root):
    moderators = Group.objects.get(name="Moderators")
    trail = Permission.objects.get(codename="view_audit_trail")
    permissions = [str(pk) for pk in moderators.permissions.values_list("pk", flat=True)]
    response = admin_client.post(
        reverse("admin:auth_group_change", args=[moderators.pk]),
        {"name": "Moderators", "permissions": [*permissions, str(trail.pk)]},
    )
    assert response.status_code == 302
    entry = _entries("accounts.group.permissions_changed").get()
    assert (entry.actor, entry.target_repr, entry.details["added"], entry.details["removed"]) == (
        root, "Moderators", ["tips.view_audit_trail"], [],
    )  # fmt: skip


def test_a_superuser_resets_a_lost_phone_and_it_is_audited(admin_client, root, officer):
    give_authenticator(officer)
    StaticDevice.objects.create(user=officer, name="Recovery codes")
    officer_browser = SecondFactorClient()
    officer_browser.force_login(officer)
    url = reverse("admin:accounts_user_reset_second_factor", args=[officer.pk])
    assert "Reset second factor" in admin_client.get(reverse("admin:accounts_user_change", args=[officer.pk])).text
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"reason": "Phone lost; identity checked in person"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    entry = _entries("accounts.second_factor.reset").get()
    assert (entry.actor, entry.target_id) == (root, str(officer.pk))
    assert entry.details == {
        "username": "oscar", "devices": 2, "reason": "Phone lost; identity checked in person", "by": "superuser",
    }  # fmt: skip
    # Whoever holds the officer's old session is out.
    assert officer_browser.get("/desk/")["Location"].startswith(reverse("login"))


def test_a_reset_needs_a_reason(admin_client, officer):
    give_authenticator(officer)
    url = reverse("admin:accounts_user_reset_second_factor", args=[officer.pk])
    assert admin_client.post(url, {"reason": "  "}).status_code == 400
    assert TOTPDevice.objects.filter(user=officer).exists()
    assert not AuditEntry.objects.exists()


def test_nobody_resets_their_own_second_factor_in_admin(admin_client, root):
    give_authenticator(root)
    url = reverse("admin:accounts_user_reset_second_factor", args=[root.pk])
    response = admin_client.post(url, {"reason": "I lost it"})
    assert response.status_code == 400
    assert "Nobody can reset their own second factor" in response.text
    assert TOTPDevice.objects.filter(user=root).exists()
    assert not _entries("accounts.second_factor.reset").exists()


def test_only_a_superuser_may_reset(client, officer, outsider):
    outsider.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
    give_authenticator(officer)
    client.force_login(outsider)
    url = reverse("admin:accounts_user_reset_second_factor", args=[officer.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "x"}).status_code == 403
    assert TOTPDevice.objects.filter(user=officer).exists()


def test_the_reset_page_allows_get_and_post_only(admin_client, officer):
    url = reverse("admin:accounts_user_reset_second_factor", args=[officer.pk])
    assert admin_client.put(url).status_code == 405


def test_devices_are_not_edited_in_admin(admin_client):
    assert admin_client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert admin_client.get("/admin/otp_static/staticdevice/").status_code == 404


def test_the_user_list_costs_the_same_queries_for_3_or_30_users(admin_client, django_user_model):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert admin_client.get(reverse("admin:accounts_user_changelist")).status_code == 200
        return len(context)

    for n in range(3):
        give_authenticator(django_user_model.objects.create_user(f"user{n}", password="x" * 12))
    few = queries()
    for n in range(3, 30):
        give_authenticator(django_user_model.objects.create_user(f"user{n}", password="x" * 12))
    assert queries() == few
