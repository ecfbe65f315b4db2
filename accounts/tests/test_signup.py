import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from audit.models import AuditEntry

pytestmark = pytest.mark.django_db
User = get_user_model()

FORM = {
    "email": "Dana@Example.org",
    "display_name": "Dana",
    "password1": "a long enough passphrase",
    "password2": "a long enough passphrase",
}


def _sign_up(client, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("accounts:signup"), {**FORM, **changes})


def _link() -> str:
    return re.search(r"http://testserver(/accounts/verify/\S+/)", mail.outbox[-1].body).group(1)


def test_sign_up_creates_an_inactive_account_and_emails_a_link(client, django_capture_on_commit_callbacks):
    response = _sign_up(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Check your email" in response.text
    user = User.objects.get()
    assert (user.username, user.email, user.display_name, user.is_active) == (
        "dana@example.org", "dana@example.org", "Dana", False,
    )  # fmt: skip
    assert mail.outbox[0].to == ["dana@example.org"]
    assert "/accounts/verify/" in mail.outbox[0].body


def test_following_the_link_activates_and_signs_in(client, django_capture_on_commit_callbacks):
    _sign_up(client, django_capture_on_commit_callbacks)
    response = client.get(_link(), follow=True)
    assert response.status_code == 200
    assert "verified" in response.text
    user = User.objects.get()
    assert user.is_active
    assert response.context["user"] == user
    assert AuditEntry.objects.filter(action="accounts.user.verified").exists()


def test_a_link_works_once(client, django_capture_on_commit_callbacks):
    _sign_up(client, django_capture_on_commit_callbacks)
    link = _link()
    client.get(link)
    client.logout()
    assert client.get(link).status_code == 400


def test_a_forged_link_is_refused(client, django_capture_on_commit_callbacks):
    _sign_up(client, django_capture_on_commit_callbacks)
    user = User.objects.get()
    assert client.get(_link()[:-3] + "xx/").status_code == 400
    assert client.get(reverse("accounts:verify", args=["not-base64", "token"])).status_code == 400
    user.refresh_from_db()
    assert not user.is_active


def test_an_unverified_account_cannot_sign_in(client, django_capture_on_commit_callbacks):
    _sign_up(client, django_capture_on_commit_callbacks)
    response = client.post(reverse("login"), {"username": "dana@example.org", "password": FORM["password1"]})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_verified_account_signs_in_with_its_email(client, django_capture_on_commit_callbacks):
    _sign_up(client, django_capture_on_commit_callbacks)
    client.get(_link())
    client.logout()
    response = client.post(reverse("login"), {"username": "DANA@example.org", "password": FORM["password1"]})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "not-an-email"}, "valid email"),
        ({"display_name": "  "}, "This field is required"),
        ({"password2": "something else entirely"}, "match"),
        ({"password1": "short", "password2": "short"}, "too short"),
    ],
)
def test_bad_sign_up_input_is_refused_and_nothing_saved(client, django_capture_on_commit_callbacks, changes, message):
    response = _sign_up(client, django_capture_on_commit_callbacks, **changes)
    assert response.status_code == 400
    assert message in response.text
    assert not User.objects.exists()
    assert not mail.outbox


def test_password_reset_sends_a_link(client, citizen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "carol@example.org"})
    assert response.status_code == 302
    assert "/accounts/reset/" in mail.outbox[0].body


def test_sign_up_allows_get_and_post_only(client):
    assert client.get(reverse("accounts:signup")).status_code == 200
    assert client.put(reverse("accounts:signup")).status_code == 405


def test_the_verify_link_requires_get(client):
    assert client.post(reverse("accounts:verify", args=["MQ", "x-y"])).status_code == 405


def test_signed_in_users_are_sent_home_from_sign_up(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("accounts:signup")).status_code == 302


def test_the_navigation_offers_sign_in_and_create_account(client):
    page = client.get(reverse("home")).text
    assert reverse("login") in page and reverse("accounts:signup") in page


def test_signing_out_returns_home(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_signing_up_again_before_verifying_resends_the_link_and_changes_nothing(
    client, django_capture_on_commit_callbacks
):
    _sign_up(client, django_capture_on_commit_callbacks)
    password = User.objects.get().password
    response = _sign_up(
        client, django_capture_on_commit_callbacks, display_name="Mallory", password1="x" * 20, password2="x" * 20
    )
    assert response.status_code == 200
    user = User.objects.get()
    assert (user.display_name, user.password) == ("Dana", password)
    assert len(mail.outbox) == 2
    client.get(_link())
    assert User.objects.get().is_active


def test_staff_sign_in_with_their_username_on_the_same_page(client, officer):
    response = client.post(reverse("login"), {"username": "oscar", "password": "correct horse battery staple"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize("field", ["email", "display_name", "password1"])
def test_a_nul_character_in_sign_up_is_refused_and_nothing_saved(client, django_capture_on_commit_callbacks, field):
    response = _sign_up(client, django_capture_on_commit_callbacks, **{field: FORM[field] + "\x00"})
    assert response.status_code == 400
    assert "Null characters are not allowed" in response.text
    assert not User.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    "data", [{"username": "carol\x00", "password": "x"}, {"username": "carol", "password": "\x00"}]
)
def test_a_nul_character_in_sign_in_is_refused(client, citizen, data):
    response = client.post(reverse("login"), data)
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.text
    assert "_auth_user_id" not in client.session


def test_a_nul_character_in_a_password_reset_is_refused(client, citizen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "carol@example.org\x00"})
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.text
    assert not mail.outbox
