import re

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from cases.models import Case, Still
from moderation.models import Comment
from tips.models import Tip
from tips.services import check_receipt

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
    assert (Tip.objects.count(), Comment.objects.count()) == (3, 5)
    officer = User.objects.get(username="officer")
    assert officer.has_perm("cases.solve_case")
    assert officer.has_perm("tips.view_tip")


def test_it_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not Case.objects.exists()


def test_it_leaves_work_on_the_desk_and_in_the_moderation_queue(settings, capsys):
    """A newcomer signed in as the officer finds tips to triage, as the moderator comments to
    review, and as a tipster a receipt that opens a tip with the officer's question."""
    settings.DEBUG = True
    call_command("seed_demo")
    out = capsys.readouterr().out

    assert Tip.objects.filter(case__isnull=True).count() == 1
    assert Tip.objects.filter(status=Tip.Status.NEW).count() == 2
    code, secret = re.search(r"receipt \(check it at /tips/check/\): code (\S+), secret (.+)$", out, re.M).groups()
    tip = check_receipt(code, secret)
    assert tip.case.number == "2026-001201"
    assert "which evenings" in tip.messages.get().body
    # The profane comment and the veiled threat wait for a moderator; the rest, criticism too, are public.
    held = Comment.objects.filter(status=Comment.Status.HELD)
    assert sorted(reason for comment in held for reason in comment.reasons) == ["profanity", "threat"]
    assert Comment.objects.filter(status=Comment.Status.PUBLISHED, body__startswith="Six weeks").exists()
    assert "username: citizen" in out
