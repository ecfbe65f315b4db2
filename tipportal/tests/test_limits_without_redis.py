"""The limits, and the public pages, hold when Redis does not. Each test points the cache at a private redis-server of
its own, kills it with SIGKILL (the shared Redis is never touched), and goes on: no limit may let
requests through that it would refuse with Redis up."""

import logging

import pytest
import redis
from django.conf import settings as live_settings
from django.core.cache import cache
from django.urls import reverse

from accounts.tests.otp import code_for, give_authenticator
from cases.services import save_case
from cases.tests.factories import CaseFactory
from tips.tests.factories import TIP_TEXT, make_receipt

from .redis_server import RedisServer

pytestmark = [pytest.mark.django_db, pytest.mark.redis_server]

PASSWORD = "correct horse battery staple"
# Ports for the private Redis, away from the shared one and from other test servers.
PORTS = range(8040, 8060)


@pytest.fixture
def dead_redis(settings, tmp_path):
    """The cache on a real Redis that has just been killed."""
    server = RedisServer(tmp_path / "redis", ports=PORTS).start()
    settings.CACHES = {
        "default": {
            **live_settings.CACHES["default"],
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": server.url(1),
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
    cache.set("alive", "yes")
    assert cache.get("alive") == "yes"  # the site really uses this Redis
    server.kill()
    with pytest.raises(redis.ConnectionError):
        cache.get("alive")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def officer_with_password(officer):
    officer.set_password(PASSWORD)
    officer.save()
    return officer


def _sign_in(client, url, username, password):
    return client.post(url, {"username": username, "password": password})


@pytest.mark.parametrize("url", [reverse("login"), reverse("admin:login")], ids=["site", "admin"])
def test_with_redis_down_the_sixth_wrong_password_is_refused_and_so_is_the_right_one(
    client, officer_with_password, dead_redis, settings, url
):
    settings.LOGIN_FAILURES_PER_USERNAME = 5
    username = officer_with_password.username
    for _ in range(5):
        response = _sign_in(client, url, username, "guess")
        assert response.status_code == 200
        assert "Too many failed sign-in attempts" not in response.text
    sixth = _sign_in(client, url, username, "another guess")
    assert sixth.status_code == 429
    assert "Too many failed sign-in attempts. Please wait 15 minutes" in sixth.text
    # Counted in PostgreSQL, so exactly as with Redis up: the right password is refused too, and
    # the guesser cannot tell a hit from a miss.
    right = _sign_in(client, url, username, PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_with_redis_down_one_client_guessing_many_usernames_is_stopped(client, dead_redis, settings):
    settings.LOGIN_FAILURES_PER_CLIENT = 3
    for name in ("ann", "bob", "cyd"):
        assert _sign_in(client, reverse("login"), name, "guess").status_code == 200
    assert _sign_in(client, reverse("login"), "dee", "guess").status_code == 429


def test_with_redis_down_wrong_second_factor_codes_are_still_limited(
    client, officer_with_password, dead_redis, settings
):
    settings.SECOND_FACTOR_FAILURES_PER_USER = 3
    device = give_authenticator(officer_with_password)
    assert _sign_in(client, reverse("login"), officer_with_password.username, PASSWORD).status_code == 302
    verify = reverse("accounts:second-factor") + "?next=/desk/"
    wrong = "000000" if code_for(device) != "000000" else "111111"
    for _ in range(3):
        assert client.post(verify, {"code": wrong}).status_code == 400
    device.throttling_failure_count = 0  # only the account limit counts here, not django-otp's back-off
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post(verify, {"code": code_for(device)})
    assert response.status_code == 429
    assert "Too many wrong codes" in response.text
    assert client.get("/desk/").status_code == 302


def test_with_redis_down_tip_checks_are_still_limited_per_client(client, dead_redis, settings):
    settings.TIP_CHECKS_PER_HOUR = 3
    receipt = make_receipt()
    check = reverse("tips:check")
    for _ in range(3):
        assert client.post(check, {"code": receipt.code, "secret": "guess"}).status_code == 400
    response = client.post(check, {"code": receipt.code, "secret": receipt.secret})
    assert response.status_code == 429
    assert "Too many attempts" in response.text


def test_with_redis_down_tips_are_accepted_and_counted_in_the_database(client, dead_redis, settings):
    settings.TIP_SUBMISSIONS_PER_HOUR = 2
    send = reverse("tips:send")
    assert client.post(send, {"body": TIP_TEXT}).status_code == 200
    assert client.post(send, {"body": TIP_TEXT}).status_code == 200
    assert client.post(send, {"body": TIP_TEXT}).status_code == 429


def test_with_redis_down_public_pages_are_served_uncached_and_logged_in_one_line(
    client, dead_redis, analyst, caplog, django_capture_on_commit_callbacks
):
    case = CaseFactory()
    with caplog.at_level(logging.WARNING, logger="tipportal.caching"):
        for url in ("/", "/cases/", case.get_absolute_url(), "/tips/", "/tips/check/", "/figures/", "/news/"):
            assert client.get(url).status_code == 200, url
        with django_capture_on_commit_callbacks(execute=True):
            case.title = "A new title while Redis is down"
            save_case(case, actor=analyst)
        assert "A new title while Redis is down" in client.get(case.get_absolute_url()).content.decode()
    warnings = [record for record in caplog.records if record.name == "tipportal.caching"]
    assert {record.getMessage().split(":")[0] for record in warnings} == {
        "page cache unavailable",
        "could not invalidate the page cache",
    }
    assert all(record.exc_info is None for record in warnings), "a traceback per page view floods the log"
