import pytest
from django.test import Client
from django.urls import reverse

from tips import views

pytestmark = pytest.mark.django_db


def _private(response) -> bool:
    return "no-store" in response.get("Cache-Control", "") and response.get("Referrer-Policy") == "no-referrer"


def test_a_tip_form_for_a_case_that_is_not_there_is_a_private_404(client):
    response = client.get(reverse("tips:send"), {"case": "nope"})
    assert response.status_code == 404
    assert _private(response)


def test_a_wrong_method_on_a_tip_page_is_a_private_405(client):
    for response in (client.put(reverse("tips:send")), client.delete(reverse("tips:check"))):
        assert response.status_code == 405
        assert _private(response)


def test_an_unknown_address_under_the_tip_line_is_a_private_404(client):
    response = client.get("/tips/no-such-page/")
    assert response.status_code == 404
    assert _private(response)


def test_a_failing_tip_page_is_a_private_500(monkeypatch):
    def fail(request):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "_initial_subject", fail)
    response = Client(raise_request_exception=False).get(reverse("tips:send"))
    assert response.status_code == 500
    assert _private(response)


def test_desk_errors_are_never_stored(client, officer):
    client.force_login(officer)
    missing = client.get(reverse("desk:tip", args=[999_999]))
    wrong_method = client.get(reverse("desk:claim", args=[1]))
    assert (missing.status_code, wrong_method.status_code) == (404, 405)
    assert "no-store" in missing["Cache-Control"]
    assert "no-store" in wrong_method["Cache-Control"]


def test_other_pages_keep_the_site_wide_referrer_policy(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response.get("Referrer-Policy") != "no-referrer"
