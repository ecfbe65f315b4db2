"""Second-factor helpers for tests: real TOTP codes computed from a device's secret, as an
authenticator app would, and a test client whose force_login passes the second factor."""

import time
from base64 import b32decode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice
from selenium.webdriver.common.by import By

from accounts.staff import is_staff_account


def give_authenticator(user) -> TOTPDevice:
    """The user's confirmed authenticator app, set up now if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_for(device: TOTPDevice) -> str:
    """The code the app shows now, or the next one when this one was used already (django-otp
    accepts each time step once and one step either side of now)."""
    device.refresh_from_db()
    while True:
        now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
        step = max(now, device.last_t + 1)
        if step <= now + device.tolerance:
            return str(hotp(device.bin_key, step, device.digits)).zfill(device.digits)
        time.sleep(1)


def code_for_secret(secret: str) -> str:
    """The code an app shows now for a base32 key typed from the set-up page."""
    key = b32decode(secret.replace(" ", ""))
    return str(TOTP(key).token()).zfill(6)


def pass_second_factor(browser, user) -> None:
    """In a browser on the code page that follows the password, for a user given an app
    (give_authenticator) before signing in: type the code the app shows."""
    field = browser.find_element(By.ID, "id_code")
    field.send_keys(code_for(give_authenticator(user)))
    field.submit()


class SecondFactorClient(Client):
    """Django's test client; its force_login passes the second factor for staff, as if they had
    typed the code from their app (an authenticator is set up for them when they have none).
    `force_login(user, second_factor=False)` or `login(...)` gives a password-only session."""

    def force_login(self, user, backend=None, *, second_factor: bool = True) -> None:
        super().force_login(user, backend)
        # A fresh copy: is_staff_account caches the permissions on the object it is given.
        fresh = get_user_model().objects.get(pk=user.pk)
        if second_factor and is_staff_account(fresh):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = give_authenticator(fresh).persistent_id
            session.save()


def sign_in_browser(browser, live_server, user) -> None:
    """Sign `user` in to the browser without typing: a session made by the test client (its
    second factor passed, for staff) handed to the browser as its cookie. The live server speaks
    plain HTTP, so the test must allow the session cookie without HTTPS (SESSION_COOKIE_SECURE)."""
    client = SecondFactorClient()
    client.force_login(user)
    browser.get(live_server.url + "/healthz")  # a cookie is set for the site the browser is on
    browser.delete_all_cookies()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    browser.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": cookie, "path": "/"})
