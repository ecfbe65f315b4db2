"""Staff sign in with a password and a code from an authenticator app; codes here are real TOTP
codes computed from the device's secret, as the app computes them."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEntry

from .otp import code_for, code_for_secret, give_authenticator

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
VERIFY = reverse("accounts:second-factor")
SETUP = reverse("accounts:second-factor-setup")


def _password_only(client, user) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def _verify(client, code: str, next_url: str = "/desk/"):
    return client.post(VERIFY + f"?next={next_url}", {"code": code})


STAFF_PAGES = [
    ("officer", "/desk/"),
    ("moderator", "/moderation/"),
    ("analyst", "/admin/"),
    ("analyst", "/admin/cases/case/"),
    ("officer", "/figures/outcomes/"),
]


@pytest.mark.parametrize(("role", "url"), STAFF_PAGES)
def test_a_password_alone_opens_no_staff_page(client, request, role, url):
    user = request.getfixturevalue(role)
    give_authenticator(user)
    _password_only(client, user)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == VERIFY + "?next=" + url.replace("/", "%2F")
    page = client.get(url, follow=True)
    assert page.redirect_chain[-1][0].startswith(VERIFY)
    assert "Second step: your code" in page.text


def test_the_code_from_the_app_opens_the_desk(client, officer):
    device = give_authenticator(officer)
    _password_only(client, officer)
    response = _verify(client, code_for(device))
    assert response.status_code == 302
    assert response["Location"] == "/desk/"
    assert client.get("/desk/").status_code == 200


def test_a_code_cannot_be_used_twice(client, officer):
    device = give_authenticator(officer)
    code = code_for(device)
    _password_only(client, officer)
    assert _verify(client, code).status_code == 302
    client.post(reverse("logout"))
    _password_only(client, officer)
    replay = _verify(client, code)
    assert replay.status_code == 400
    assert "That code is not right" in replay.text
    assert client.get("/desk/").status_code == 302


def test_a_wrong_code_is_refused(client, officer):
    device = give_authenticator(officer)
    _password_only(client, officer)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = _verify(client, wrong)
    assert response.status_code == 400
    assert client.get("/desk/").status_code == 302


def test_wrong_codes_are_limited_per_account(client, officer, settings):
    settings.SECOND_FACTOR_FAILURES_PER_USER = 3
    device = give_authenticator(officer)
    _password_only(client, officer)
    for _ in range(3):
        assert _verify(client, "000000" if code_for(device) != "000000" else "111111").status_code == 400
    # Now even the right code is refused for a while, so guessing stalls.
    device.throttling_failure_count = 0  # only the account limit counts here, not django-otp's back-off
    device.throttling_failure_timestamp = None
    device.save()
    locked = _verify(client, code_for(device))
    assert locked.status_code == 429
    assert "Too many wrong codes. Please wait 15 minutes" in locked.text
    assert client.get("/desk/").status_code == 302
    # The limit is the account's, not the browser's.
    other = client.__class__()
    _password_only(other, officer)
    assert _verify(other, code_for(device)).status_code == 429


def test_a_recovery_code_works_once(client, officer):
    give_authenticator(officer)
    client.force_login(officer)
    codes = re.findall(r"<li><code>(\w+)</code></li>", client.post(reverse("accounts:recovery-codes")).text)
    assert len(codes) == 10
    client.post(reverse("logout"))
    _password_only(client, officer)
    response = _verify(client, codes[0].upper())
    assert response.status_code == 302
    assert client.get("/desk/").status_code == 200
    entry = AuditEntry.objects.get(action="accounts.second_factor.recovery_code_used")
    assert (entry.actor, entry.details["left"]) == (officer, 9)
    client.post(reverse("logout"))
    _password_only(client, officer)
    assert _verify(client, codes[0]).status_code == 400
    assert client.get("/desk/").status_code == 302


def test_first_sign_in_sets_up_the_app_with_a_qr_code_and_recovery_codes(client, officer):
    _password_only(client, officer)
    assert client.get("/desk/", follow=True).redirect_chain[-1][0] == SETUP + "?next=%2Fdesk%2F"
    page = client.get(SETUP + "?next=/desk/")
    assert page.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page.text  # drawn in the page: no script, no request
    assert "<script>" not in page.text
    secret = unescape(re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page.text).group(1))
    assert f">{secret}<" in unescape(client.get(SETUP + "?next=/desk/").text)  # the same key on every reload
    # A code that is not six digits does not finish the set-up (nor reach the device).
    short = client.post(SETUP + "?next=/desk/", {"code": "12345"})
    assert short.status_code == 400
    assert "Type the six digits" in short.text
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()
    done = client.post(SETUP + "?next=/desk/", {"code": code_for_secret(secret)})
    assert done.status_code == 200
    assert done["Cache-Control"].count("no-store") == 1
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.text)
    assert len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=officer).count() == 10
    assert client.get("/desk/").status_code == 200
    assert AuditEntry.objects.filter(action="accounts.second_factor.enrolled", actor=officer).count() == 1
    # Set up once: the page now sends to the code page.
    client.post(reverse("logout"))
    _password_only(client, officer)
    assert client.get(SETUP)["Location"].startswith(VERIFY)


def test_recovery_codes_are_shown_once_and_new_ones_void_the_old(client, officer):
    give_authenticator(officer)
    client.force_login(officer)
    first = re.findall(r"<li><code>(\w+)</code></li>", client.post(reverse("accounts:recovery-codes")).text)
    second = re.findall(r"<li><code>(\w+)</code></li>", client.post(reverse("accounts:recovery-codes")).text)
    assert set(first).isdisjoint(second)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(second)
    assert "<code>" not in client.get(reverse("accounts:account")).text
    assert AuditEntry.objects.filter(action="accounts.second_factor.recovery_codes_replaced").count() == 2


def test_an_unverified_staff_member_can_still_sign_out(client, officer):
    _password_only(client, officer)
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_admin_itself_refuses_an_unverified_session(client, analyst, settings):
    # Even with the site's middleware gone, the admin site lets no unverified session in.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "accounts.middleware.SecondFactorMiddleware"]
    give_authenticator(analyst)
    _password_only(client, analyst)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_second_factor_pages_allow_get_and_post_only(client, officer):
    give_authenticator(officer)
    _password_only(client, officer)
    assert client.put(VERIFY).status_code == 405
    assert client.put(SETUP).status_code == 405


def test_the_code_page_goes_nowhere_but_this_site(client, officer):
    device = give_authenticator(officer)
    _password_only(client, officer)
    response = _verify(client, code_for(device), next_url="https://evil.example/")
    assert response["Location"] == "/"


def test_a_staff_member_replaces_a_lost_phone_with_a_recovery_code(client, officer):
    give_authenticator(officer)
    client.force_login(officer)
    codes = re.findall(r"<li><code>(\w+)</code></li>", client.post(reverse("accounts:recovery-codes")).text)
    refused = client.post(reverse("accounts:replace-authenticator"), {"recovery_code": "notacode"})
    assert refused.status_code == 400
    assert TOTPDevice.objects.filter(user=officer).exists()
    # django-otp's own back-off (a second after one failure) is not under test here.
    StaticDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    response = client.post(reverse("accounts:replace-authenticator"), {"recovery_code": codes[3]})
    assert response["Location"].startswith(SETUP)
    assert not TOTPDevice.objects.filter(user=officer).exists()
    entry = AuditEntry.objects.get(action="accounts.second_factor.reset")
    assert (entry.actor, entry.target_id, entry.details["reason"]) == (officer, str(officer.pk), "own recovery code")
    assert client.get("/desk/")["Location"].startswith(VERIFY)  # the session needs the new app now


def test_replacing_the_app_needs_a_recovery_code_not_an_app_code(client, officer):
    device = give_authenticator(officer)
    client.force_login(officer)
    client.post(reverse("accounts:recovery-codes"))
    response = client.post(reverse("accounts:replace-authenticator"), {"recovery_code": code_for(device)})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=officer).exists()
