"""The second-factor commands: a demo code for development, and the console reset for the last superuser."""

import io

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEntry

from .otp import give_authenticator

pytestmark = pytest.mark.django_db


def test_totp_code_prints_the_code_the_app_shows(settings, officer):
    settings.DEBUG = True
    device = give_authenticator(officer)
    out = io.StringIO()
    call_command("totp_code", "oscar", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    assert device.verify_token(code)


def test_totp_code_refuses_to_run_without_debug(settings, officer):
    settings.DEBUG = False
    give_authenticator(officer)
    with pytest.raises(CommandError, match="DEBUG on only"):
        call_command("totp_code", "oscar", stdout=io.StringIO())


def test_totp_code_needs_an_app_set_up(settings, officer):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="no authenticator"):
        call_command("totp_code", "oscar", stdout=io.StringIO())


def test_the_console_reset_is_audited_as_such(officer):
    give_authenticator(officer)
    call_command(
        "reset_second_factor", "oscar", reason="Last superuser; identity checked by the chief", stdout=io.StringIO()
    )
    assert not TOTPDevice.objects.filter(user=officer).exists()
    entry = AuditEntry.objects.get(action="accounts.second_factor.reset")
    assert entry.actor is None
    assert (entry.details["by"], entry.details["reason"]) == (
        "console",
        "Last superuser; identity checked by the chief",
    )


def test_the_console_reset_needs_a_reason_and_a_user(officer):
    give_authenticator(officer)
    with pytest.raises(CommandError):
        call_command("reset_second_factor", "oscar", reason=" ", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("reset_second_factor", "nobody", reason="x", stdout=io.StringIO())
    assert TOTPDevice.objects.filter(user=officer).exists()
    assert not AuditEntry.objects.exists()
