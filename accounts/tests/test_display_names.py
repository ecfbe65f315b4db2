"""Nobody can pass as the department: display names that claim an office are refused, in any
disguise, at sign-up and when the name is changed; official replies keep a badge no name can copy."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts.names import DisplayNameError, claims_office, validate_display_name

pytestmark = pytest.mark.django_db
User = get_user_model()

DISGUISED = [
    "\u041efficer Olsen",  # a Cyrillic capital O
    "\u043efficer Olsen",  # a Cyrillic small o
    "OFFICER OLSEN",
    "O f f i c e r Olsen",
    "O.f.f.i.c.e.r Olsen",
    "0ff1cer Olsen",
    "Offfficer Olsen",
    "OfficerOlsen",
    "officer_olsen",
    "\uff2f\uff46\uff46\uff49\uff43\uff45\uff52 Olsen",  # full-width letters
    "\U0001d40e\U0001d41f\U0001d41f\U0001d422\U0001d41c\U0001d41e\U0001d42b Olsen",  # mathematical bold
    "Sgt. Pepper",
    "S G T Pepper",
    "Sergeant Diaz",
    "Det. Inspector Detective",
    "Deputy Dawg",
    "Chief Wiggum",
    "P.O.L.I.C.E",
    "p0l1ce",
    "po1ice",
    "Police Department",
    "City Police Dept",
    "\u1d05\u1d07\u1d18\u1d00\u0280\u1d1b\u1d0d\u1d07\u0274\u1d1b",  # small capitals
    "Moderator Team",
    "Mod",
    "Admin",
    "Adm1n",
    "adrnin",
    "Site Staff",
    "St4ff",
    "Lieutenant Dan",
    "City Police Department",
    "Official reply",
]

FINE = [
    "Carol",
    "Dana R.",
    "Mischief Maker",
    "Staffan Larsson",
    "Chiefs fan",
    "P. D. James",
    "José Álvarez",
    "Иван Петров",
    "Badminton Bob",
    "Moderately Amused",
    "Cop Watcher 2",
]


@pytest.mark.parametrize("name", DISGUISED)
def test_names_that_claim_an_office_are_refused(name):
    with pytest.raises(DisplayNameError) as refused:
        validate_display_name(name)
    assert refused.value.code == "claims_office"


@pytest.mark.parametrize("name", [n for n in FINE if n != "Cop Watcher 2"])
def test_ordinary_names_are_fine(name):
    validate_display_name(name)


def test_cop_alone_is_a_title_too():
    assert claims_office("Cop Watcher 2")


def test_the_departments_own_name_and_short_names_are_refused(settings):
    settings.DEPARTMENT_NAME = "Springfield Constabulary"
    settings.DISPLAY_NAME_RESERVED = ["SPD"]
    assert claims_office("Spr1ngfield Constabulary Updates")
    assert claims_office("S.P.D. news")
    assert claims_office("spd")
    assert not claims_office("Springfield resident")


@pytest.mark.parametrize(
    "name",
    [
        "Off\u200bicer Olsen",  # a zero-width space hides the word from simple checks
        "\u202eneslO reciffO",  # shown right to left: reads "Officer Olsen"
        "Olsen\u0007",
    ],
)
def test_invisible_and_direction_characters_are_refused(name):
    with pytest.raises(DisplayNameError) as refused:
        validate_display_name(name)
    assert refused.value.code == "hidden_characters"


def test_mixing_alphabets_in_a_word_is_refused():
    with pytest.raises(DisplayNameError) as refused:
        validate_display_name("Pa\u0443l")  # a Cyrillic u inside a Latin name
    assert refused.value.code == "mixed_scripts"


@pytest.mark.parametrize("name", ["\u041efficer Olsen", "Sgt. Pepper", "O f f i c e r"])
def test_sign_up_refuses_a_disguised_title_and_saves_nothing(client, django_capture_on_commit_callbacks, name):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:signup"),
            {"email": "eve@example.org", "display_name": name,
             "password1": "a long enough passphrase", "password2": "a long enough passphrase"},
        )  # fmt: skip
    assert response.status_code == 400
    assert "not a police title" in response.text
    assert not User.objects.exists()
    assert not mail.outbox


def test_changing_the_display_name_refuses_a_disguised_title(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("accounts:display-name"), {"display_name": "Dep\u0443ty Olsen"})
    assert response.status_code == 400
    citizen.refresh_from_db()
    assert citizen.display_name == "Carol"


def test_changing_the_display_name(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("accounts:display-name"), {"display_name": "Carol from Elm"}, follow=True)
    assert "Your display name is changed." in response.text
    citizen.refresh_from_db()
    assert citizen.display_name == "Carol from Elm"


def test_the_display_name_form_is_a_post(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("accounts:display-name")).status_code == 405
