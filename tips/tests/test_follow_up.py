import re
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tips import receipts, services
from tips.models import Attachment, Message, Tip
from tips.privacy import COOKIE_NAME

from .factories import make_receipt
from .media import tagged_video

pytestmark = pytest.mark.django_db

CHECK = reverse("tips:check")
CONVERSATION = reverse("tips:conversation")


def _open(client, receipt, secret=None):
    return client.post(CHECK, {"code": receipt.code, "secret": receipt.secret if secret is None else secret})


def test_code_and_secret_open_the_conversation(client, officer):
    receipt = make_receipt()
    services.reply_to_tipster(receipt.tip, body="Which street was this on?", actor=officer)
    response = _open(client, receipt)
    assert response.status_code == 302
    assert response.url == CONVERSATION
    page = client.get(CONVERSATION)
    assert page.status_code == 200
    assert "Which street was this on?" in page.text
    assert "Being reviewed by an officer." in page.text
    assert officer.username not in page.text


def test_the_code_is_accepted_without_dashes_in_lower_case_and_the_secret_in_capitals(client):
    receipt = make_receipt()
    response = _open(client, receipt, secret=receipt.secret.upper())
    assert response.status_code == 302
    response = client.post(CHECK, {"code": receipt.code.replace("-", "").lower(), "secret": receipt.secret})
    assert response.status_code == 302


def test_status_reads_in_plain_words(client):
    receipt = make_receipt()
    _open(client, receipt)
    assert "Received: it has not been read yet." in client.get(CONVERSATION).text
    Tip.objects.filter(pk=receipt.tip.pk).update(status=Tip.Status.DISMISSED)
    page = client.get(CONVERSATION).text
    assert "Closed: we have finished with this tip." in page
    assert 'action="/tips/conversation/reply/"' not in page


def test_the_follow_up_cookie_is_short_lived_strict_and_limited_to_tip_pages(client):
    receipt = make_receipt()
    cookie = _open(client, receipt).cookies[COOKIE_NAME]
    assert cookie["max-age"] == 900
    assert cookie["path"] == "/tips/"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"


def test_the_session_lapses_after_fifteen_idle_minutes(client, settings):
    receipt = make_receipt()
    _open(client, receipt)
    settings.TIP_FOLLOWUP_IDLE_SECONDS = -1
    response = client.get(CONVERSATION)
    assert response.status_code == 302
    assert response.url == CHECK + "?n=expired"


def test_the_tipster_can_end_the_session_and_the_old_cookie_stops_working(client):
    receipt = make_receipt()
    _open(client, receipt)
    stolen = client.cookies[COOKIE_NAME].value
    response = client.post(reverse("tips:end"))
    assert response.status_code == 302
    assert client.cookies[COOKIE_NAME].value == ""
    client.cookies[COOKIE_NAME] = stolen
    assert client.get(CONVERSATION).status_code == 302


def test_the_conversation_without_a_session_sends_to_the_check_page(client):
    assert client.get(CONVERSATION).url == CHECK + "?n=expired"
    assert client.post(reverse("tips:reply"), {"body": "hello"}).status_code == 403


def test_the_tipster_replies_with_a_video(client, media_root):
    receipt = make_receipt()
    _open(client, receipt)
    video = SimpleUploadedFile("clip.mov", tagged_video("mov"), content_type="video/quicktime")
    response = client.post(reverse("tips:reply"), {"body": "Here is my phone video.", "attachments": [video]})
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.author == Message.Author.TIPSTER
    assert message.body == "Here is my phone video."
    attachment = Attachment.objects.get()
    assert (attachment.message, attachment.content_type) == (message, "video/mp4")
    tip = Tip.objects.get()
    assert tip.tipster_activity_at >= message.created_at


def test_wrong_secrets_lock_the_code_whoever_sends_them(client, settings):
    settings.TIP_MAX_FAILED_CHECKS = 3
    receipt = make_receipt()
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        response = client.post(CHECK, {"code": receipt.code, "secret": "guess"}, REMOTE_ADDR=address)
        assert response.status_code == 400
    response = _open(client, receipt)
    assert response.status_code == 429
    assert "This tip code is locked after too many wrong secrets." in response.text
    assert COOKIE_NAME not in response.cookies


def test_the_lock_lifts_after_its_time(client, settings):
    receipt = make_receipt()
    Tip.objects.filter(pk=receipt.tip.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    assert _open(client, receipt).status_code == 302


def test_a_right_secret_resets_the_count_of_wrong_ones(client):
    receipt = make_receipt()
    _open(client, receipt, secret="guess")
    assert Tip.objects.get().failed_checks == 1
    _open(client, receipt)
    assert Tip.objects.get().failed_checks == 0


def test_checks_are_throttled_per_client(client, settings):
    settings.TIP_CHECKS_PER_HOUR = 2
    receipt = make_receipt()
    for _ in range(2):
        client.post(CHECK, {"code": "AAAA-AAAA-AAAA", "secret": "nope"})
    response = _open(client, receipt)
    assert response.status_code == 429
    assert "Too many attempts" in response.text


@pytest.mark.parametrize("name", ["tips:conversation", "tips:check"])
def test_follow_up_pages_refuse_wrong_methods(client, name):
    assert client.put(reverse(name)).status_code == 405


@pytest.mark.parametrize("name", ["tips:reply", "tips:end"])
def test_follow_up_actions_refuse_get(client, name):
    assert client.get(reverse(name)).status_code == 405


def test_follow_up_pages_are_never_cached(client):
    receipt = make_receipt()
    _open(client, receipt)
    response = client.get(CONVERSATION)
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert set(response.cookies) <= {"csrftoken", COOKIE_NAME}


def test_a_receipt_from_the_spanish_form_works_in_both_languages(client):
    spanish = {"HTTP_ACCEPT_LANGUAGE": "es-MX,es;q=0.9"}
    response = client.post(reverse("tips:send"), {"body": "El hombre de la gorra roja es mi vecino."}, **spanish)
    assert "Gracias. Recibimos y guardamos su pista." in response.text
    assert "Las palabras secretas siempre son palabras en inglés" in response.text
    # A tip page sets no cookie of its own but the renewed CSRF token: never a language cookie.
    assert set(response.cookies) == {"csrftoken"}
    code = re.search(r'data-testid="tip-code">([^<]+)<', response.text).group(1)
    secret = re.search(r'data-testid="tip-secret">([^<]+)<', response.text).group(1)
    assert all(word in receipts.wordlist() for word in secret.split())
    download = unquote(re.search(r'href="data:text/plain;charset=utf-8,([^"]+)"', response.text).group(1))
    assert f"Código de pista: {code}" in download and f"Palabras secretas: {secret}" in download
    assert "(Las palabras secretas siempre son palabras en inglés" in download

    for headers, status in ((spanish, "Su pista"), ({"HTTP_ACCEPT_LANGUAGE": "en"}, "Your tip")):
        visitor = Client()
        opened = visitor.post(CHECK, {"code": code, "secret": secret}, **headers)
        assert opened.status_code == 302 and opened.url == CONVERSATION
        assert status in visitor.get(CONVERSATION, **headers).text
