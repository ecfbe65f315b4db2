"""Signing in before verifying: someone with the right password hears that the address is not
verified yet and can get a new link; nobody else learns anything new. And sign-up puts a weak
password's problem under the password, not under its confirmation."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db
User = get_user_model()

PASSWORD = "a long enough passphrase"
GENERIC = "Please enter a correct username and password."
NOT_VERIFIED = "Your email address is not verified yet."
RESEND = reverse("accounts:resend-verification")


@pytest.fixture
def dana(db):
    """Signed up, never followed the link."""
    return User.objects.create_user(username="dana@example.org", email="dana@example.org", password=PASSWORD,
                                    display_name="Dana", is_active=False)  # fmt: skip


def _sign_in(client, username: str, password: str = PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_right_password_before_verifying_says_so_and_offers_a_new_link(client, dana):
    response = _sign_in(client, "Dana@Example.org")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert NOT_VERIFIED in response.text
    assert GENERIC not in response.text
    assert 'data-testid="resend-verification"' in response.text
    assert f'action="{RESEND}"' in response.text
    assert 'name="email" value="dana@example.org"' in response.text


@pytest.mark.parametrize("username", ["dana@example.org", "nobody@example.org"])
def test_a_wrong_password_or_an_unknown_address_gets_the_usual_answer(client, dana, username):
    response = _sign_in(client, username, "not the password")
    assert GENERIC in response.text
    assert NOT_VERIFIED not in response.text
    assert 'data-testid="resend-verification"' not in response.text


def test_a_deactivated_account_is_not_called_unverified(client, citizen):
    citizen.is_active = False
    citizen.last_login = citizen.date_joined
    citizen.save()
    response = _sign_in(client, citizen.username, "correct horse battery staple")
    assert GENERIC in response.text
    assert NOT_VERIFIED not in response.text


def test_the_right_password_before_verifying_does_not_count_towards_the_lockout(client, dana, settings):
    settings.LOGIN_FAILURES_PER_USERNAME = 2
    for _ in range(4):
        assert NOT_VERIFIED in _sign_in(client, "dana@example.org").text


def test_the_new_link_button_emails_a_fresh_link_that_verifies(client, dana, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESEND, {"email": "dana@example.org"})
    assert response.status_code == 200
    assert "If dana@example.org has an account waiting to be verified" in response.text
    assert mail.outbox[-1].to == ["dana@example.org"]
    link = re.search(r"http://testserver(/accounts/verify/\S+/)", mail.outbox[-1].body).group(1)
    client.get(link)
    dana.refresh_from_db()
    assert dana.is_active


@pytest.mark.parametrize("email", ["nobody@example.org", "carol@example.org"])
def test_asking_for_a_link_for_any_other_address_answers_the_same_and_sends_nothing(
    client, citizen, email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESEND, {"email": email})
    assert response.status_code == 200
    assert f"If {email} has an account waiting to be verified" in response.text
    assert mail.outbox == []


def test_a_malformed_address_is_refused_with_a_message(client):
    response = client.post(RESEND, {"email": "not an address"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.text
    assert mail.outbox == []


def test_one_address_gets_a_bounded_number_of_links(client, dana, settings, django_capture_on_commit_callbacks):
    settings.SIGNUP_EMAILS_PER_ADDRESS = 2
    for _ in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(RESEND, {"email": "dana@example.org"}).status_code == 200
    assert len(mail.outbox) == 2


def test_one_connection_asking_too_often_is_refused(client, settings):
    settings.SIGNUP_RATE_PER_HOUR = 2
    statuses = [client.post(RESEND, {"email": f"x{n}@example.org"}).status_code for n in range(3)]
    assert statuses == [200, 200, 429]


def test_the_new_link_page_allows_get_and_post_only_and_sends_signed_in_people_home(client, citizen):
    assert client.get(RESEND).status_code == 200
    assert client.put(RESEND).status_code == 405
    client.force_login(citizen)
    assert client.get(RESEND).status_code == 302


def test_a_used_or_broken_link_page_offers_a_new_link(client):
    response = client.get(reverse("accounts:verify", args=["MQ", "bad-token"]))
    assert response.status_code == 400
    assert f'href="{RESEND}"' in response.text


def test_a_weak_password_is_flagged_under_the_password_not_its_confirmation(client):
    response = client.post(
        reverse("accounts:signup"),
        {"email": "erin@example.org", "display_name": "Erin", "password1": "12345678", "password2": "12345678"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "This password is entirely numeric." in errors["password1"]
    assert "password2" not in errors
    html = response.text
    assert html.index("This password is entirely numeric.") < html.index('id="id_password2"')


def test_passwords_that_differ_are_flagged_under_the_confirmation(client):
    response = client.post(
        reverse("accounts:signup"),
        {"email": "erin@example.org", "display_name": "Erin", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["password2"]
