import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from cases.tests.factories import CaseFactory, StillFactory
from tips import crypto
from tips.models import Attachment, Tip

from .conftest import files_under
from .factories import TIP_TEXT
from .media import tagged_jpeg, tagged_png

pytestmark = pytest.mark.django_db

URL = reverse("tips:send")


def test_the_general_form_offers_category_and_area_and_says_what_is_kept(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="category"' in response.text
    assert 'name="area"' in response.text
    assert "We do not keep your internet address" in response.text


def test_the_form_opened_from_a_case_names_the_case(client):
    case = CaseFactory(title="Bottle taken from the corner shop")
    response = client.get(URL, {"case": case.slug})
    assert response.status_code == 200
    assert case.number in response.text
    assert f'value="{case.slug}"' in response.text
    assert 'name="category"' not in response.text


def test_the_form_opened_from_a_still_shows_the_picture(client):
    still = StillFactory(alt_text="Man in a red cap at the till")
    response = client.get(URL, {"still": still.pk})
    assert response.status_code == 200
    assert "Man in a red cap at the till" in response.text
    assert f'name="still" value="{still.pk}"' in response.text


@pytest.mark.parametrize("query", [{"case": "no-such-case"}, {"still": "99999"}, {"still": "abc"}])
def test_the_form_for_a_missing_case_or_still_is_404(client, query):
    assert client.get(URL, query).status_code == 404


def test_the_form_for_an_unpublished_case_is_404(client):
    case = CaseFactory(is_published=False, published_at=None)
    assert client.get(URL, {"case": case.slug}).status_code == 404


def test_a_tip_is_saved_encrypted_and_the_receipt_shows_code_and_secret(client, django_capture_on_commit_callbacks):
    case = CaseFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"body": TIP_TEXT, "when_where": "Tuesday night, Elm St", "case": case.slug})
    assert response.status_code == 200
    tip = Tip.objects.get()
    assert tip.case == case
    with connection.cursor() as cursor:
        cursor.execute("SELECT body_encrypted FROM tips_tip")
        assert TIP_TEXT not in cursor.fetchone()[0]
    assert tip.body == TIP_TEXT
    assert tip.when_where == "Tuesday night, Elm St"
    assert tip.display_code in response.text
    secret = response.text.split('data-testid="tip-secret">')[1].split("<")[0]
    assert len(secret.split()) == 7
    assert secret not in tip.secret_hash
    assert "Lose the receipt, lose access" in response.text
    assert 'download="tip-receipt.txt"' in response.text


def test_a_tip_from_a_still_is_tied_to_the_still_and_its_case(client):
    still = StillFactory()
    response = client.post(URL, {"body": TIP_TEXT, "still": still.pk})
    assert response.status_code == 200
    tip = Tip.objects.get()
    assert tip.still == still
    assert tip.case == still.case


def test_a_case_with_a_reward_explains_claiming_with_the_code_alone(client):
    case = CaseFactory(reward=500)
    response = client.post(URL, {"body": TIP_TEXT, "case": case.slug})
    assert "Rewards are claimed with the tip code alone" in response.text


def test_photos_are_stored_cleaned_and_encrypted(client, media_root):
    photo = SimpleUploadedFile("IMG_0001.jpg", tagged_jpeg(), content_type="image/jpeg")
    graphic = SimpleUploadedFile("note.png", tagged_png(), content_type="image/png")
    response = client.post(URL, {"body": TIP_TEXT, "attachments": [photo, graphic]})
    assert response.status_code == 200
    attachments = list(Attachment.objects.all())
    assert [a.content_type for a in attachments] == ["image/jpeg", "image/jpeg"]
    stored = files_under(media_root)
    assert len(stored) == 2
    assert all(path.relative_to(media_root).parts[0] == "tips" for path in stored)
    for path in stored:
        raw = path.read_bytes()
        assert not raw.startswith(b"\xff\xd8")
        assert crypto.decrypt_bytes(raw).startswith(b"\xff\xd8")
    assert "IMG_0001" not in str(list(Attachment.objects.values()))


def test_tip_pages_are_never_cached_and_send_no_referrer(client):
    response = client.get(URL)
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_tip_pages_set_no_cookie_but_csrf(client):
    response = client.get(URL)
    assert set(response.cookies) <= {"csrftoken"}
    response = client.post(URL, {"body": TIP_TEXT})
    assert set(response.cookies) <= {"csrftoken"}


def test_tip_pages_load_nothing_from_other_sites(client):
    html = client.get(URL).text
    for attribute in ('src="http', "src='http", 'href="http'):
        assert attribute not in html.replace('href="http://testserver', "")


def test_the_tip_form_refuses_other_methods(client):
    assert client.put(URL).status_code == 405
    assert client.delete(URL).status_code == 405


def test_submissions_are_throttled_per_client(client, settings):
    settings.TIP_SUBMISSIONS_PER_HOUR = 2
    for _ in range(2):
        assert client.post(URL, {"body": TIP_TEXT}).status_code == 200
    response = client.post(URL, {"body": TIP_TEXT})
    assert response.status_code == 429
    assert "Too many attempts" in response.text
    assert Tip.objects.count() == 2
    other = client.post(URL, {"body": TIP_TEXT}, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 200


def test_the_case_page_offers_a_tip_button_and_an_i_know_who_this_is_link_per_still(client):
    still = StillFactory()
    second = StillFactory(case=still.case)
    response = client.get(still.case.get_absolute_url())
    assert f'href="/tips/?case={still.case.slug}"' in response.text
    assert "Send a tip about this case" in response.text
    for item in (still, second):
        assert f'href="/tips/?still={item.pk}">I know who this is</a>' in response.text


def test_every_page_links_to_the_tip_line(client):
    response = client.get(reverse("cases:list"))
    assert 'href="/tips/">Send a tip</a>' in response.text
    assert 'href="/tips/check/">Check on my tip</a>' in response.text
