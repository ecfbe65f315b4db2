"""Tip pages send no referrer, so browsers post their forms with `Origin: null` and no Referer.
Those posts are accepted only when the browser says they are same-origin; the token always counts."""

import pytest
from django.test import Client
from django.urls import reverse

from tips.models import Tip

from .factories import TIP_TEXT

pytestmark = pytest.mark.django_db

URL = reverse("tips:send")


def _client_with_token(secure: bool = False) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.get(URL, secure=secure)
    return client, client.cookies["csrftoken"].value


@pytest.mark.parametrize("secure", [False, True])
def test_a_same_origin_post_without_a_referrer_is_accepted(secure):
    client, token = _client_with_token(secure)
    response = client.post(
        URL, {"body": TIP_TEXT, "csrfmiddlewaretoken": token}, secure=secure,
        HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin",
    )  # fmt: skip
    assert response.status_code == 200
    assert Tip.objects.count() == 1


@pytest.mark.parametrize("site", ["cross-site", "same-site", None])
def test_a_null_origin_post_the_browser_does_not_call_same_origin_is_refused(site):
    client, token = _client_with_token()
    headers = {"HTTP_ORIGIN": "null", **({"HTTP_SEC_FETCH_SITE": site} if site else {})}
    response = client.post(URL, {"body": TIP_TEXT, "csrfmiddlewaretoken": token}, **headers)
    assert response.status_code == 403
    assert Tip.objects.count() == 0


def test_an_https_post_without_origin_referrer_or_fetch_metadata_is_refused():
    client, token = _client_with_token(secure=True)
    response = client.post(URL, {"body": TIP_TEXT, "csrfmiddlewaretoken": token}, secure=True)
    assert response.status_code == 403


def test_the_receipt_check_uses_the_same_rule():
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("tips:check"))
    token = client.cookies["csrftoken"].value
    data = {"code": "AAAA-AAAA-AAAA", "secret": "x", "csrfmiddlewaretoken": token}
    assert client.post(reverse("tips:check"), data, HTTP_ORIGIN="null").status_code == 403
    ok = client.post(reverse("tips:check"), data, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
    assert ok.status_code == 400  # past CSRF, refused as a wrong receipt
