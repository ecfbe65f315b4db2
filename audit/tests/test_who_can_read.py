"""Who reads the audit log: in admin, superusers and anyone granted `audit.view_auditentry` one
by one (no group has it); on the desk, a tip's trail for holders of `tips.view_audit_trail`."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from audit.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    """The superuser, past the second factor (the suite's client passes it on force_login)."""
    client.force_login(admin_user)
    return client


LOG = reverse("admin:audit_auditentry_changelist")


def test_a_superuser_reads_the_log(admin_client, officer):
    record("cases.case.solved", actor=officer, note="x")
    response = admin_client.get(LOG)
    assert response.status_code == 200
    assert "cases.case.solved" in response.text


@pytest.mark.parametrize("role", ["analyst", "officer", "moderator", "outsider"])
def test_no_staff_group_reads_the_log(client, request, role):
    record("cases.case.solved", note="x")
    client.force_login(request.getfixturevalue(role))
    response = client.get(LOG)
    assert response.status_code == 403
    assert "cases.case.solved" not in response.text


def test_a_citizen_is_sent_to_the_admin_sign_in(client, citizen):
    client.force_login(citizen)
    response = client.get(LOG)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_supervisor_granted_the_log_reads_it(client, officer):
    record("tips.tip.viewed", actor=officer)
    officer.user_permissions.add(Permission.objects.get(codename="view_auditentry"))
    client.force_login(officer)
    response = client.get(LOG)
    assert response.status_code == 200
    assert "tips.tip.viewed" in response.text
