import pytest
from django.urls import reverse

from accounts.tests.otp import SecondFactorClient
from cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_a_friendly_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.text


def test_a_form_sent_without_its_csrf_token_gets_a_plain_403(officer):
    case = CaseFactory()
    client = SecondFactorClient(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post(reverse("cases:solve", kwargs={"slug": case.slug}), {"note": "Solved"})
    assert response.status_code == 403
    assert "This form has expired" in response.text
    case.refresh_from_db()
    assert case.status == "open"
