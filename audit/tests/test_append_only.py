"""The audit log is evidence: entries are added, never changed or deleted, whatever the path."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from audit.models import AppendOnly, AuditEntry
from audit.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    """The superuser, past the second factor (the suite's client passes it on force_login)."""
    client.force_login(admin_user)
    return client


@pytest.fixture
def entry(officer):
    return record("tips.tip.viewed", actor=officer, note="first")


def test_an_entry_cannot_be_changed_through_the_model(entry):
    entry.action = "tips.tip.ignored"
    with pytest.raises(AppendOnly):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).action == "tips.tip.viewed"


def test_an_entry_cannot_be_deleted_through_the_model(entry):
    with pytest.raises(AppendOnly):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_entries_cannot_be_changed_or_deleted_in_bulk(entry):
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(action="tips.tip.ignored")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "tips.tip.viewed"


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_auditentry SET action = 'x' WHERE id = %s", "DELETE FROM audit_auditentry WHERE id = %s"],
)
def test_the_database_refuses_raw_changes_too(entry, statement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "tips.tip.viewed"


def test_admin_offers_no_add_change_or_delete(admin_client, entry):
    assert admin_client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    change = reverse("admin:audit_auditentry_change", args=[entry.pk])
    page = admin_client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.text  # read-only view
    assert admin_client.post(change, {"action": "tips.tip.ignored"}).status_code == 403
    delete = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    admin_client.post(reverse("admin:audit_auditentry_changelist"), bulk)
    assert AuditEntry.objects.get(pk=entry.pk).action == "tips.tip.viewed"
