import pytest
import redis
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_redis import get_redis_connection

pytestmark = pytest.mark.django_db
User = get_user_model()

PASSWORD = "correct horse battery staple"


def _redis() -> redis.Redis:
    return get_redis_connection("default")  # the cache's database, where the counters live


def _redis_keys(pattern: str) -> list[bytes]:
    return _redis().keys(pattern)


def _sign_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.fixture
def officer_jones(db):
    return User.objects.create_user(username="OfficerJones", password=PASSWORD, is_staff=True)


@pytest.mark.parametrize("typed", ["OfficerJones", "officerjones", " OFFICERJONES "])
def test_staff_with_a_mixed_case_username_sign_in_on_the_site(client, officer_jones, typed):
    response = _sign_in(client, typed)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer_jones.pk)


def test_citizens_sign_in_with_their_email_in_any_case(client, citizen):
    citizen.username = "carol@example.org"
    citizen.save()
    response = _sign_in(client, "Carol@Example.ORG")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(citizen.pk)


def test_a_wrong_password_does_not_sign_in(client, officer_jones):
    response = _sign_in(client, "OfficerJones", "not the password")
    assert response.status_code == 200
    assert "Please enter a correct" in response.text
    assert "_auth_user_id" not in client.session


def test_the_login_page_allows_get_and_post_only(client):
    assert client.get(reverse("login")).status_code == 200
    assert client.put(reverse("login")).status_code == 405


def test_after_five_wrong_passwords_the_account_is_locked_for_a_while(client, officer_jones, settings):
    settings.LOGIN_FAILURES_PER_USERNAME = 5
    for _ in range(5):
        assert _sign_in(client, "OfficerJones", "guess").status_code == 200
    # Even the right password is refused now: the guesser cannot tell a hit from a miss.
    response = _sign_in(client, "OfficerJones")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts. Please wait 15 minutes" in response.text
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_username(client, officer_jones, citizen, settings):
    settings.LOGIN_FAILURES_PER_USERNAME = 2
    for _ in range(2):
        _sign_in(client, "officerjones", "guess")
    assert _sign_in(client, "carol", PASSWORD).status_code == 302  # another account is unaffected
    client.logout()
    assert _sign_in(client, "OfficerJones").status_code == 429


@pytest.mark.redis
def test_the_lock_expires_after_the_lockout_minutes(client, officer_jones, settings):
    settings.LOGIN_FAILURES_PER_USERNAME = 1
    settings.LOGIN_LOCKOUT_MINUTES = 2
    _sign_in(client, "OfficerJones", "guess")
    assert _sign_in(client, "OfficerJones").status_code == 429
    keys = _redis_keys("*ratelimit:login.username:*")
    assert len(keys) == 1
    assert 0 < _redis().ttl(keys[0]) <= 120
    _redis().delete(keys[0])  # as the window running out does
    assert _sign_in(client, "OfficerJones").status_code == 302


def test_one_client_guessing_many_usernames_is_stopped(client, officer_jones, settings):
    settings.LOGIN_FAILURES_PER_CLIENT = 3
    for name in ("ann", "bob", "cyd"):
        assert _sign_in(client, name, "guess").status_code == 200
    response = _sign_in(client, "OfficerJones")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.text
    # Another client is not held back by this one.
    response = client.post(reverse("login"), {"username": "OfficerJones", "password": PASSWORD}, REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 302


def test_a_successful_sign_in_forgets_the_accounts_earlier_typos(client, officer_jones, settings):
    settings.LOGIN_FAILURES_PER_USERNAME = 3
    _sign_in(client, "OfficerJones", "typo")
    _sign_in(client, "OfficerJones", "typo")
    assert _sign_in(client, "OfficerJones").status_code == 302
    client.logout()
    _sign_in(client, "OfficerJones", "typo")
    _sign_in(client, "OfficerJones", "typo")
    assert _sign_in(client, "OfficerJones").status_code == 302


@pytest.mark.redis
def test_the_counters_hold_no_address_or_username(client, officer_jones):
    _sign_in(client, "OfficerJones", "guess")
    keys = b" ".join(_redis_keys("*ratelimit:login.*"))
    assert keys.count(b"ratelimit:login.") == 2  # one per client, one per username
    assert b"127.0.0.1" not in keys
    assert b"officerjones" not in keys.lower()


def test_the_admin_sign_in_is_limited_too(client, officer_jones, settings):
    settings.LOGIN_FAILURES_PER_USERNAME = 2
    for _ in range(2):
        client.post(reverse("admin:login"), {"username": "OfficerJones", "password": "guess"})
    response = client.post(reverse("admin:login"), {"username": "OfficerJones", "password": PASSWORD})
    assert "Too many failed sign-in attempts" in response.text
    assert "_auth_user_id" not in client.session
