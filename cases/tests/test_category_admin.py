"""Categories and areas in admin: every change goes through the services, is audited with who
and what, and shows on the public pages at once."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from cases.models import Area, Category

from .factories import AreaFactory, CaseFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    """The superuser, past the second factor (the suite's client passes it on force_login)."""
    client.force_login(admin_user)
    return client


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


def test_an_analyst_adds_a_category_on_the_record(analyst_client, analyst):
    response = analyst_client.post(
        reverse("admin:cases_category_add"), {"name": "Counterfeit goods", "slug": "counterfeit-goods"}
    )
    assert response.status_code == 302
    category = Category.objects.get(slug="counterfeit-goods")
    entry = AuditEntry.objects.get(action="cases.category.created")
    assert entry.actor == analyst
    assert entry.target == category
    assert entry.details == {"name": "Counterfeit goods", "slug": "counterfeit-goods"}


def test_renaming_an_area_is_audited_and_the_cached_case_list_shows_the_new_name(
    analyst_client, analyst, django_capture_on_commit_callbacks
):
    area = AreaFactory(name="Old Town", slug="old-town")
    CaseFactory(area=area)
    visitor = Client()
    assert "Old Town" in visitor.get(reverse("cases:list")).text  # now in the page cache
    url = reverse("admin:cases_area_change", args=[area.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert analyst_client.post(url, {"name": "Riverside", "slug": "old-town"}).status_code == 302
    entry = AuditEntry.objects.get(action="cases.area.changed")
    assert (entry.actor, entry.target, entry.details["fields"]) == (analyst, area, ["name"])
    page = visitor.get(reverse("cases:list")).text
    assert "Riverside" in page and "Old Town" not in page


def test_deleting_an_unused_category_is_audited(admin_client, admin_user):
    category = CategoryFactory(name="Sign theft", slug="sign-theft")
    url = reverse("admin:cases_category_delete", args=[category.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Category.objects.filter(pk=category.pk).exists()
    entry = AuditEntry.objects.get(action="cases.category.deleted")
    assert entry.actor == admin_user
    assert entry.details == {"name": "Sign theft", "slug": "sign-theft"}


def test_a_category_in_use_cannot_be_deleted_and_nothing_is_recorded(admin_client):
    case = CaseFactory()
    url = reverse("admin:cases_category_delete", args=[case.category.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert "Cannot delete" in response.text
    assert Category.objects.filter(pk=case.category.pk).exists()
    assert not AuditEntry.objects.filter(action="cases.category.deleted").exists()


def test_a_bulk_delete_records_each_area(admin_client):
    areas = [AreaFactory(), AreaFactory()]
    data = {"action": "delete_selected", "_selected_action": [a.pk for a in areas], "post": "yes"}
    admin_client.post(reverse("admin:cases_area_changelist"), data)
    assert not Area.objects.filter(pk__in=[a.pk for a in areas]).exists()
    assert AuditEntry.objects.filter(action="cases.area.deleted").count() == 2


def test_officers_cannot_add_categories(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("admin:cases_category_add"), {"name": "Counterfeit goods", "slug": "counterfeit-goods"}
    )
    assert response.status_code == 403
    assert not Category.objects.filter(slug="counterfeit-goods").exists()
    assert not AuditEntry.objects.filter(action__startswith="cases.category").exists()
