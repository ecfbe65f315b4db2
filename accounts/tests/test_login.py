import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db
User = get_user_model()

PASSWORD = "correct horse battery staple"


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
