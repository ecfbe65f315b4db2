"""tipportal.addresses.client_address: who sent a request, behind the deployment's own proxies."""

import pytest
from django.test import RequestFactory

from tipportal.addresses import client_address

PROXY = "10.0.0.5"


def _request(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@pytest.fixture
def behind_proxies(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "127.0.0.1"]


def test_with_no_trusted_proxies_the_connecting_address_is_the_client(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(_request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_behind_a_trusted_proxy_the_address_it_appended_is_the_client(behind_proxies):
    assert client_address(_request(PROXY, "203.0.113.9")) == "203.0.113.9"


def test_entries_the_client_wrote_itself_are_not_believed(behind_proxies):
    # The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the address it saw.
    assert client_address(_request(PROXY, "1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right(behind_proxies):
    assert client_address(_request("127.0.0.1", "1.2.3.4, 203.0.113.9, 10.0.0.8")) == "203.0.113.9"


def test_ipv6_clients_and_networks_work(settings):
    settings.TRUSTED_PROXIES = ["2001:db8::/32"]
    assert client_address(_request("2001:db8::1", "2001:db9::42")) == "2001:db9::42"


def test_a_forged_header_from_an_untrusted_peer_changes_nothing(behind_proxies):
    assert client_address(_request("198.51.100.7", "10.0.0.9, 203.0.113.9")) == "198.51.100.7"


def test_a_trusted_proxy_without_the_header_is_the_client(behind_proxies):
    assert client_address(_request(PROXY)) == PROXY


def test_a_request_from_inside_through_only_our_proxies_is_its_origin(behind_proxies):
    assert client_address(_request(PROXY, "10.0.0.9, 127.0.0.1")) == "10.0.0.9"
