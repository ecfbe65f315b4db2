"""The verification and reset emails go out from a task: a broken mail server cannot fail the
request, and nobody can make the site flood an address."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts import tasks

pytestmark = pytest.mark.django_db
User = get_user_model()

FORM = {
    "email": "dana@example.org",
    "display_name": "Dana",
    "password1": "a long enough passphrase",
    "password2": "a long enough passphrase",
}


@pytest.fixture
def mail_server_down(settings):
    # Port 8309 is reserved for this worktree and nothing listens on it: connection refused.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 8309
    settings.EMAIL_TIMEOUT = 2


def _sign_up(client, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("accounts:signup"), {**FORM, **changes})


def test_sign_up_with_the_mail_server_down_still_answers_and_keeps_the_account(
    client, django_capture_on_commit_callbacks, mail_server_down
):
    response = _sign_up(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Check your email" in response.text
    assert User.objects.filter(email="dana@example.org", is_active=False).exists()


def test_signing_up_again_with_the_mail_server_down_still_answers(
    client, django_capture_on_commit_callbacks, mail_server_down
):
    _sign_up(client, django_capture_on_commit_callbacks)
    response = _sign_up(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Check your email" in response.text
    assert User.objects.count() == 1


def test_password_reset_with_the_mail_server_down_still_answers(
    client, citizen, mail_server_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "carol@example.org"})
    assert response.status_code == 302


def test_retyping_an_unverified_address_sends_at_most_three_links_a_day(
    client, django_capture_on_commit_callbacks, settings
):
    settings.SIGNUP_EMAILS_PER_ADDRESS = 3
    responses = [_sign_up(client, django_capture_on_commit_callbacks) for _ in range(6)]
    assert [response.status_code for response in responses] == [200] * 6
    # The answer never changes, so it tells a stranger nothing about the limit or the account.
    assert len({response.text for response in responses}) == 1
    assert len(mail.outbox) == 3
    assert User.objects.count() == 1


def test_one_client_can_send_only_so_many_sign_ups_an_hour(client, django_capture_on_commit_callbacks, settings):
    settings.SIGNUP_RATE_PER_HOUR = 2
    _sign_up(client, django_capture_on_commit_callbacks, email="one@example.org")
    _sign_up(client, django_capture_on_commit_callbacks, email="two@example.org")
    response = _sign_up(client, django_capture_on_commit_callbacks, email="three@example.org")
    assert response.status_code == 429
    assert "Too many sign-ups from your connection" in response.text
    assert not User.objects.filter(email="three@example.org").exists()
    assert len(mail.outbox) == 2


def test_password_reset_sends_at_most_three_links_a_day_to_one_address(
    client, citizen, settings, django_capture_on_commit_callbacks
):
    settings.SIGNUP_EMAILS_PER_ADDRESS = 3
    responses = []
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            responses.append(client.post(reverse("password_reset"), {"email": "carol@example.org"}))
    assert [response.status_code for response in responses] == [302] * 5
    assert len(mail.outbox) == 3
    assert "/accounts/reset/" in mail.outbox[0].body


def test_the_verification_task_sends_nothing_once_the_account_is_verified(citizen):
    tasks.send_verification_email(citizen.pk)
    assert not mail.outbox


def test_the_verification_task_sends_nothing_for_an_account_that_is_gone():
    tasks.send_verification_email(987654)
    assert not mail.outbox


def test_an_account_made_in_spanish_gets_its_emails_in_spanish(client, django_capture_on_commit_callbacks, settings):
    settings.DEPARTMENT_NAME = "Springfield Police Department"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:signup"), FORM, HTTP_ACCEPT_LANGUAGE="es-US,es;q=0.9")
    assert "Revise su correo electrónico" in response.text
    user = User.objects.get(email="dana@example.org")
    assert user.language == "es"
    (message,) = mail.outbox
    assert message.subject == "Verifique su correo electrónico en TipPortal del Springfield Police Department"
    assert message.body.startswith("Hola:\n\nSiga este enlace para verificar su correo electrónico")
    assert "/accounts/verify/" in message.body


def test_an_account_made_in_english_gets_english_emails_whatever_language_later_asks(
    client, django_capture_on_commit_callbacks
):
    _sign_up(client, django_capture_on_commit_callbacks)
    assert mail.outbox[0].subject.startswith("Verify your email")
    user = User.objects.get(email="dana@example.org")
    user.is_active = True
    user.save()
    # A reset asked for from a Spanish page (perhaps by someone else) keeps the owner's language.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "dana@example.org"}, HTTP_ACCEPT_LANGUAGE="es")
    assert "reset" in mail.outbox[1].subject.lower()


def test_a_spanish_account_gets_the_password_reset_email_in_spanish(
    client, citizen, django_capture_on_commit_callbacks
):
    citizen.language = "es"
    citizen.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "carol@example.org"})
    (message,) = mail.outbox
    assert message.subject == "Contraseña restablecida en City Police Department"
    assert "restablecer la contraseña" in message.body


def test_a_spanish_account_hears_of_a_sign_up_with_its_address_in_spanish(
    client, citizen, django_capture_on_commit_callbacks
):
    citizen.language = "es"
    citizen.save()
    # Tried from an English page: the email is in the owner's language, which stays as it was.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:signup"), {**FORM, "email": "carol@example.org"})
    assert response.status_code == 200
    (message,) = mail.outbox
    assert (
        message.subject
        == "Alguien intentó crear una cuenta en TipPortal del City Police Department con su correo electrónico"
    )
    assert message.body.startswith("Hola:\n\nAlguien intentó crear una cuenta")
    assert "Si fue usted y olvidó su contraseña, elija una nueva aquí:" in message.body
    assert "/accounts/reset/" in message.body
    citizen.refresh_from_db()
    assert citizen.language == "es"


def test_a_sign_up_tried_from_a_spanish_page_leaves_an_english_account_in_english(
    client, citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), {**FORM, "email": "carol@example.org"}, HTTP_ACCEPT_LANGUAGE="es")
    (message,) = mail.outbox
    assert message.subject.startswith("Someone tried to create")
    citizen.refresh_from_db()
    assert citizen.language == "en"
