"""Staff sessions are short and end with the browser; anyone can end all their sessions at once."""

import time

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import sessions
from audit.models import AuditEntry

from .otp import SecondFactorClient

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def _age(client, **seconds_ago) -> None:
    """Move this session's clocks back, as if time had passed."""
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"started": sessions.STARTED_KEY, "seen": sessions.SEEN_KEY}[key]] = now - ago
    session.save()


def test_a_staff_session_cookie_ends_with_the_browser(client, officer):
    response = client.post(reverse("login"), {"username": "oscar", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert (cookie["max-age"], cookie["expires"]) == ("", "")


def test_a_citizen_session_may_last(client, citizen):
    response = client.post(reverse("login"), {"username": "carol", "password": PASSWORD})
    assert int(response.cookies["sessionid"]["max-age"]) >= 7 * 86400


def test_a_staff_session_ends_after_the_idle_minutes(client, officer, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    client.force_login(officer)
    _age(client, seen=29 * 60)
    assert client.get("/desk/").status_code == 200  # still in time, and now marked as used
    _age(client, seen=31 * 60)
    response = client.get("/desk/", follow=True)
    assert "_auth_user_id" not in client.session
    assert "You were signed out after 30 minutes without activity." in response.text


def test_a_staff_session_ends_after_the_maximum_hours_however_busy(client, officer, settings):
    settings.STAFF_SESSION_MAX_HOURS = 12
    client.force_login(officer)
    _age(client, started=12 * 3600 - 60, seen=0)
    assert client.get("/desk/").status_code == 200
    _age(client, started=12 * 3600 + 60, seen=0)
    response = client.get("/desk/", follow=True)
    assert "_auth_user_id" not in client.session
    assert "a staff session lasts at most 12 hours" in response.text


def test_a_citizen_session_has_no_idle_limit(client, citizen):
    client.force_login(citizen)
    _age(client, started=30 * 86400, seen=10 * 86400)
    assert client.get(reverse("accounts:account")).status_code == 200
    assert client.session["_auth_user_id"] == str(citizen.pk)


def test_a_citizen_made_staff_gets_the_staff_limits_at_once(client, citizen):
    client.force_login(citizen)
    citizen.groups.add(Group.objects.get(name="Officers"))
    response = client.get(reverse("accounts:account"))
    assert response["Location"].startswith(reverse("accounts:second-factor"))  # needs the second factor now
    assert client.session.get_expire_at_browser_close()


def test_staff_pages_are_never_stored(client, officer):
    client.force_login(officer)
    for url in ("/", reverse("accounts:account"), "/desk/"):
        assert "no-store" in client.get(url)["Cache-Control"], url


def test_sign_out_everywhere_ends_every_session_of_the_user(client, officer):
    phone, desk = SecondFactorClient(), SecondFactorClient()
    for browser in (client, phone, desk):
        browser.force_login(officer)
    response = client.post(reverse("accounts:sign-out-everywhere"), follow=True)
    assert "You are signed out on every browser and device" in response.text
    for browser in (client, phone, desk):
        assert browser.get("/desk/").status_code == 302
        assert "_auth_user_id" not in browser.session
    entry = AuditEntry.objects.get(action="accounts.user.signed_out_everywhere")
    assert (entry.actor, entry.target_id) == (officer, str(officer.pk))
    # Signing in again works as usual.
    client.force_login(officer)
    assert client.get("/desk/").status_code == 200


def test_sign_out_everywhere_leaves_other_users_signed_in(client, officer, citizen):
    other = SecondFactorClient()
    other.force_login(citizen)
    client.force_login(officer)
    client.post(reverse("accounts:sign-out-everywhere"))
    assert other.session["_auth_user_id"] == str(citizen.pk)
    assert other.get(reverse("accounts:account")).status_code == 200


def test_sign_out_everywhere_is_a_post(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("accounts:sign-out-everywhere")).status_code == 405
    assert client.session["_auth_user_id"] == str(citizen.pk)


def test_sign_out_everywhere_needs_a_signed_in_user(client):
    response = client.post(reverse("accounts:sign-out-everywhere"))
    assert response["Location"].startswith(reverse("login"))
    assert not AuditEntry.objects.exists()


def test_the_account_page_offers_sign_out_everywhere(client, citizen):
    client.force_login(citizen)
    page = client.get(reverse("accounts:account"))
    assert page.status_code == 200
    assert "Sign out everywhere" in page.text
    assert "Second factor" not in page.text


def test_a_locked_out_admin_sign_in_answers_429(client, officer, settings):
    settings.LOGIN_FAILURES_PER_USERNAME = 3
    for _ in range(3):
        response = client.post("/admin/login/", {"username": "oscar", "password": "guess"})
        assert response.status_code == 200
    locked = client.post("/admin/login/", {"username": "oscar", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.text
    assert "_auth_user_id" not in client.session
