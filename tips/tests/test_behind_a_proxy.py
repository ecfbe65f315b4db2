"""The tip line behind the deployment's reverse proxy: each client is limited on its own, and a
forged X-Forwarded-For from anyone but the proxy changes nothing."""

import pytest
from django.urls import reverse

from .factories import TIP_TEXT

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"


def _send(client, remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return client.post(reverse("tips:send"), {"body": TIP_TEXT}, REMOTE_ADDR=remote, **extra)


def test_thirty_clients_behind_a_trusted_proxy_each_send_a_tip(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    statuses = [_send(client, PROXY, f"203.0.113.{n}").status_code for n in range(1, 31)]
    assert statuses == [200] * 30


def test_one_client_behind_the_proxy_is_still_limited(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.TIP_SUBMISSIONS_PER_HOUR = 3
    statuses = [_send(client, PROXY, "203.0.113.50").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert _send(client, PROXY, "203.0.113.51").status_code == 200  # the next client is not held back


def test_a_forged_forwarded_header_from_an_untrusted_peer_is_ignored(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.TIP_SUBMISSIONS_PER_HOUR = 3
    statuses = [_send(client, "198.51.100.7", f"203.0.113.{n}").status_code for n in range(1, 5)]
    assert statuses == [200, 200, 200, 429]
