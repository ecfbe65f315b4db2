"""The account page and its forms: each needs a signed-in user, the right method and, for the
second-factor forms, a staff member."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .otp import give_authenticator

pytestmark = pytest.mark.django_db


def test_the_account_page_needs_a_signed_in_user(client):
    assert client.get(reverse("accounts:account"))["Location"].startswith(reverse("login"))


def test_the_account_page_is_a_get(client, citizen):
    client.force_login(citizen)
    assert client.post(reverse("accounts:account")).status_code == 405


def test_a_staff_member_sees_their_second_factor(client, officer, django_assert_max_num_queries):
    give_authenticator(officer)
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("accounts:account"))
    assert "Authenticator app set up on" in page.text
    assert "0 recovery codes left." in page.text


@pytest.mark.parametrize("name", ["accounts:recovery-codes", "accounts:replace-authenticator"])
def test_the_second_factor_forms_are_posts(client, officer, name):
    client.force_login(officer)
    assert client.get(reverse(name)).status_code == 405


def test_a_citizen_gets_no_recovery_codes(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("accounts:recovery-codes"))
    assert response["Location"] == reverse("accounts:account")
    assert not StaticToken.objects.exists()


def test_a_citizen_has_no_authenticator_to_replace(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("accounts:replace-authenticator"), {"recovery_code": "abcdefgh"})
    assert response["Location"] == reverse("accounts:account")
    assert not TOTPDevice.objects.exists()


def test_an_unverified_session_cannot_make_recovery_codes(client, officer):
    give_authenticator(officer)
    client.force_login(officer, second_factor=False)
    response = client.post(reverse("accounts:recovery-codes"))
    assert response["Location"] == reverse("accounts:second-factor")
    assert not StaticToken.objects.exists()
