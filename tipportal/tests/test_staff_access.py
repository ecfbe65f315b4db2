"""Staff access across the apps, as a citizen, an officer and an impostor meet it: a password
alone acts for nobody, a citizen never meets the second factor, and official replies carry a
badge no display name can copy. (Site-wide: these pages belong to the apps above accounts.)"""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.tests.otp import give_authenticator
from cases.tests.factories import CaseFactory
from moderation import services as moderation
from moderation.models import Comment

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
VERIFY = reverse("accounts:second-factor")
SETUP = reverse("accounts:second-factor-setup")


def _password_only(client, user) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_a_password_alone_cannot_act_as_an_officer(client, officer):
    give_authenticator(officer)
    case = CaseFactory()
    _password_only(client, officer)
    solve = client.post(reverse("cases:solve", args=[case.slug]), {"note": "Solved"})
    official = client.post(
        reverse("moderation:comment-create", args=[case.slug]), {"body": "Reward withdrawn", "official": "1"}
    )
    assert solve.status_code == official.status_code == 302
    assert solve["Location"] == official["Location"] == VERIFY
    case.refresh_from_db()
    assert case.status == "open"
    assert not Comment.objects.exists()


def test_a_citizen_never_needs_a_second_factor(client, citizen):
    citizen.username = "carol@example.org"
    citizen.save()
    case = CaseFactory()
    response = client.post(reverse("login"), {"username": "carol@example.org", "password": PASSWORD})
    assert response.status_code == 302
    posted = client.post(reverse("moderation:comment-create", args=[case.slug]), {"body": "I saw him on Elm"})
    assert posted.status_code == 302
    assert posted["Location"].startswith(case.get_absolute_url())
    assert Comment.objects.filter(author=citizen).exists()
    assert client.get(reverse("accounts:account")).status_code == 200
    assert client.get(VERIFY)["Location"] == "/"
    assert client.get(SETUP)["Location"] == "/"
    assert not TOTPDevice.objects.exists()


def test_an_official_reply_carries_the_badge_and_a_citizen_comment_does_not(client, citizen, officer):
    case = CaseFactory()
    moderation.post_comment(case, actor=officer, body="Thanks, we have the footage.", official=True)
    moderation.post_comment(case, actor=citizen, body="Department update: reward withdrawn")
    page = client.get(case.get_absolute_url()).text
    assert page.count("tp-official-badge") == 1
    assert page.count("posted by the department through its own account") == 1
