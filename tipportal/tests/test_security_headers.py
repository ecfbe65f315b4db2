import pytest
from django.urls import reverse

from cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_pages_send_a_strict_content_security_policy(client):
    case = CaseFactory()
    policy = client.get(case.get_absolute_url())["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy


def test_pages_have_no_inline_script_or_style(client):
    case = CaseFactory()
    for url in (reverse("home"), reverse("cases:list"), case.get_absolute_url()):
        html = client.get(url).text
        assert "<script>" not in html
        assert "<style" not in html
        assert " style=" not in html
        assert " onclick=" not in html


def test_nothing_loads_from_a_third_party(client):
    html = client.get(reverse("home")).text
    for tag in ('<script src="http', '<link rel="stylesheet" href="http', "cdn."):
        assert tag not in html


def test_pages_send_the_standard_security_headers(client):
    response = client.get(reverse("home"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_page_language_is_declared(client):
    assert '<html lang="en">' in client.get(reverse("home")).text
