import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from cases.models import Case, Still

pytestmark = pytest.mark.django_db


def test_it_creates_demo_cases_and_users_once(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    cases, stills = Case.objects.count(), Still.objects.count()
    assert cases >= 12
    assert Case.objects.solved().exists()
    assert Case.objects.values("category").distinct().count() >= 8
    assert Case.objects.values("area").distinct().count() >= 5
    out = capsys.readouterr().out
    assert "password: officer-demo-pass" in out
    # Staff sign in with a second factor: the demo prints each key, and totp_code the current code.
    assert out.count("authenticator key: ") == 3
    assert "otpauth://totp/" in out
    call_command("seed_demo")
    assert capsys.readouterr().out.count("authenticator key: ") == 3
    assert (Case.objects.count(), Still.objects.count()) == (cases, stills)
    officer = User.objects.get(username="officer")
    assert officer.has_perm("cases.solve_case")
    assert officer.has_perm("tips.view_tip")


def test_it_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not Case.objects.exists()
