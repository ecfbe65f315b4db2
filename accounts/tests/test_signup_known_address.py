"""Sign-up answers the same for every address, and the department's email carries only the
department's words: what a stranger types never reaches an address that is not verified."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db
User = get_user_model()

LURE = "URGENT: log in at http://evil.example/x now"
FORM = {
    "email": "carol@example.org",
    "display_name": "Dana",
    "password1": "a long enough passphrase",
    "password2": "a long enough passphrase",
}


def _sign_up(client, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("accounts:signup"), {**FORM, **changes})


def _answer(response) -> str:
    # The page minus the address typed, which it repeats.
    return response.text.split("<main", 1)[1].replace(response.context["email"], "ADDRESS")


def test_a_known_and_an_unknown_address_get_the_same_answer(client, citizen, django_capture_on_commit_callbacks):
    known = _sign_up(client, django_capture_on_commit_callbacks, email="CAROL@example.org")
    unknown = _sign_up(client, django_capture_on_commit_callbacks, email="dana@example.org")
    assert known.status_code == unknown.status_code == 200
    assert _answer(known) == _answer(unknown)
    assert "already exists" not in known.text


def test_the_owner_of_a_known_address_is_told_with_a_reset_link(client, citizen, django_capture_on_commit_callbacks):
    _sign_up(client, django_capture_on_commit_callbacks, display_name=LURE)
    assert User.objects.count() == 1
    (email,) = mail.outbox
    assert email.to == ["carol@example.org"]
    assert "tried to create an account" in email.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", email.body).group(1)
    assert client.get(link, follow=True).status_code == 200
    assert "evil.example" not in email.body + email.subject
    citizen.refresh_from_db()
    assert citizen.display_name == "Carol"


def test_a_staff_address_is_treated_like_any_other(client, officer, django_capture_on_commit_callbacks):
    response = _sign_up(client, django_capture_on_commit_callbacks, email="oscar@example.org")
    assert response.status_code == 200
    assert "Check your email" in response.text
    assert [email.to for email in mail.outbox] == [["oscar@example.org"]]
    assert "tried to create an account" in mail.outbox[0].body


def test_the_owner_is_told_at_most_three_times_a_day(client, citizen, django_capture_on_commit_callbacks, settings):
    settings.SIGNUP_EMAILS_PER_ADDRESS = 3
    for _ in range(5):
        assert _sign_up(client, django_capture_on_commit_callbacks).status_code == 200
    assert len(mail.outbox) == 3


def test_a_display_name_never_reaches_an_unverified_address(client, django_capture_on_commit_callbacks):
    # Sign-up with someone else's address: the verification email goes to a stranger's inbox.
    _sign_up(client, django_capture_on_commit_callbacks, email="victim@example.org", display_name="Urgent Notice")
    _sign_up(client, django_capture_on_commit_callbacks, email="victim@example.org", display_name="Log in now")
    assert len(mail.outbox) == 2
    for email in mail.outbox:
        assert email.to == ["victim@example.org"]
        assert "Urgent" not in email.body + email.subject
        assert "Log in now" not in email.body + email.subject


def test_signing_up_again_changes_nothing_on_the_unverified_account(client, django_capture_on_commit_callbacks):
    _sign_up(client, django_capture_on_commit_callbacks, email="dana@example.org")
    user = User.objects.get()
    password = user.password
    _sign_up(
        client, django_capture_on_commit_callbacks, email="dana@example.org", display_name="Someone Else",
        password1="another long passphrase", password2="another long passphrase",
    )  # fmt: skip
    user.refresh_from_db()
    assert (user.display_name, user.password, user.is_active) == ("Dana", password, False)
