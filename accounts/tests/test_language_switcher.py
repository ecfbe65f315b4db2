"""The language switcher: a press keeps the choice in the django_language cookie (holding only the
language) and returns to the same page; a signed-in person's emails follow the choice too."""

import pytest
from django.test import Client
from django.urls import reverse

from .otp import give_authenticator

pytestmark = pytest.mark.django_db

URL = reverse("set_language")


def test_choosing_spanish_sets_the_cookie_and_returns_to_the_same_page(client):
    page = reverse("cases:list") + "?status=solved&page=2"
    response = client.post(URL, {"language": "es", "next": page})
    assert response.status_code == 302
    assert response["Location"] == page
    cookie = response.cookies["django_language"]
    assert cookie.value == "es"
    assert cookie["max-age"] == 365 * 24 * 3600
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    # Nothing but the language: no session is started for it.
    assert set(response.cookies) == {"django_language"}
    assert '<html lang="es">' in client.get(page).text


def test_choosing_english_again_switches_back(client):
    client.post(URL, {"language": "es", "next": "/"})
    client.post(URL, {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/", HTTP_ACCEPT_LANGUAGE="es").text


def test_it_needs_no_csrf_token(client):
    # Cached anonymous pages carry no token; the worst a forged press can do is switch the language.
    response = Client(enforce_csrf_checks=True).post(URL, {"language": "es", "next": "/cases/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "es"


def test_an_unknown_language_is_refused_and_nothing_is_set(client):
    for language in ("fr", "", "es\x00", "../../etc"):
        response = client.post(URL, {"language": language, "next": "/"})
        assert response.status_code == 400
        assert "django_language" not in response.cookies
        assert "We could not understand that request" in response.text


def test_it_never_sends_the_visitor_to_another_site(client):
    response = client.post(URL, {"language": "es", "next": "https://evil.example/phish"})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_it_refuses_get(client):
    response = client.get(URL, {"language": "es", "next": "/"})
    assert response.status_code == 405
    assert "django_language" not in response.cookies


def test_a_signed_in_citizen_gets_emails_in_the_language_they_choose(client, citizen):
    client.force_login(citizen)
    assert citizen.language == "en"
    client.post(URL, {"language": "es", "next": "/"})
    citizen.refresh_from_db()
    assert citizen.language == "es"


def test_an_anonymous_choice_changes_no_account(client, citizen):
    client.post(URL, {"language": "es", "next": "/"})
    citizen.refresh_from_db()
    assert citizen.language == "en"


def test_the_account_page_shows_the_language_of_the_emails_and_changes_it(client, citizen):
    client.force_login(citizen)
    page = client.get(reverse("accounts:account"))
    assert 'value="en" checked' in page.text
    response = client.post(URL, {"language": "es", "next": reverse("accounts:account")})
    assert response["Location"] == reverse("accounts:account")
    citizen.refresh_from_db()
    assert citizen.language == "es"
    page = client.get(reverse("accounts:account"))
    assert '<html lang="es">' in page.text
    assert 'value="es" checked' in page.text
    assert "El idioma de este sitio y de los correos que le enviamos" in page.text


def test_a_staff_member_switches_the_code_page_to_spanish_before_passing_the_second_factor(client, officer):
    give_authenticator(officer)
    client.force_login(officer, second_factor=False)
    code_page = reverse("accounts:second-factor")
    assert f'action="{URL}"' in client.get(code_page).text
    response = client.post(URL, {"language": "es", "next": code_page})
    assert response["Location"] == code_page
    assert response.cookies["django_language"].value == "es"
    assert "Segundo paso: su código" in client.get(code_page).text
    # A session that has not passed its second factor changes nothing on the account.
    officer.refresh_from_db()
    assert officer.language == "en"


def test_a_verified_staff_session_keeps_the_choice_on_the_account(client, officer):
    client.force_login(officer)
    client.post(URL, {"language": "es", "next": "/"})
    officer.refresh_from_db()
    assert officer.language == "es"
