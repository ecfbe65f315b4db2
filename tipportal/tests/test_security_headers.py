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


def _policy(response) -> dict[str, str]:
    return dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))


@pytest.mark.parametrize(
    ("path", "who", "referrer", "no_store"),
    [
        ("/", None, "same-origin", False),
        ("/tips/", None, "no-referrer", True),
        ("/desk/", "officer", "same-origin", True),
        ("/admin/", "analyst", "same-origin", True),
        ("/admin/login/", None, "same-origin", True),
    ],
)
def test_every_kind_of_page_sends_the_security_headers(client, request, path, who, referrer, no_store):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(path)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    features = _policy(response)
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "display-capture", "browsing-topics"):
        assert features[feature] == "()", feature
    assert response["Referrer-Policy"] == referrer
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert ("no-store" in response.get("Cache-Control", "")) is no_store


def test_only_the_video_players_may_go_fullscreen_and_autoplay(client):
    features = _policy(client.get(reverse("home")))
    players = '"https://www.youtube-nocookie.com" "https://player.vimeo.com"'
    assert features["fullscreen"] == f"(self {players})"
    assert features["picture-in-picture"] == f"(self {players})"
    assert features["autoplay"] == f"({players})"
    assert features["clipboard-write"] == "(self)"  # "copy link" on case pages


def test_account_pages_are_never_stored(client, citizen):
    client.force_login(citizen)
    assert "no-store" in client.get(reverse("accounts:account"))["Cache-Control"]
