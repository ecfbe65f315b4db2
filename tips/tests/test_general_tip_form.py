"""The general tip form: its lists start with words, a tip can name a case by its number, errors
are summed up at the top, and the receipt says which files arrived."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.tests.factories import AreaFactory, CaseFactory, CategoryFactory, StillFactory
from tips.models import Attachment, Tip

from .factories import TIP_TEXT
from .media import tagged_jpeg, tagged_video

pytestmark = pytest.mark.django_db

URL = reverse("tips:send")


def test_the_lists_start_with_a_choice_in_words_not_dashes(client):
    CategoryFactory()
    AreaFactory(name="Riverside")
    response = client.get(URL)
    assert '<option value="" selected>Choose a kind of crime (optional)</option>' in response.text
    assert '<option value="" selected>Choose an area (optional)</option>' in response.text
    assert "---------" not in response.text


def test_the_general_form_asks_for_a_case_number_and_a_case_form_does_not(client):
    assert 'name="case_number"' in client.get(URL).text
    case = CaseFactory()
    assert 'name="case_number"' not in client.get(URL, {"case": case.slug}).text


def test_the_empty_form_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    CategoryFactory()
    AreaFactory.create_batch(5)
    with django_assert_num_queries(3):  # categories, areas, the alert banner
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize("typed", ["2026-004321", "2026-4321", " 2026 - 004321 ", "2026004321", "2026\u20134321"])
def test_a_tip_names_its_case_by_number(client, typed):
    case = CaseFactory(number="2026-004321")
    response = client.post(URL, {"body": TIP_TEXT, "case_number": typed})
    assert response.status_code == 200
    assert Tip.objects.get().case == case
    assert "Case: 2026-004321" in response.context["receipt_text"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12-34", "Case numbers look like 2026-001234: the year, a dash and six digits."),
        ("case 5", "Case numbers look like 2026-001234: the year, a dash and six digits."),
        ("٢٠٢٦-٠٠٤٣٢١", "Case numbers look like 2026-001234: the year, a dash and six digits."),
        ("2026-999999", "There is no case 2026-999999 on this site. Check the number, or leave this box empty."),
        ("x" * 21, "Ensure this value has at most 20 characters (it has 21)."),
        ("2026-\x00", "Null characters are not allowed."),
    ],
)
def test_a_bad_or_unknown_case_number_is_refused_at_its_box_and_nothing_is_saved(client, typed, message):
    CaseFactory(number="2026-004321")
    response = client.post(URL, {"body": TIP_TEXT, "case_number": typed})
    assert response.status_code == 400
    assert response.context["form"].errors == {"case_number": [message]}
    assert f'<a href="#id_case_number">{message}</a>' in response.text  # in the summary at the top
    assert Tip.objects.count() == 0


def test_an_unpublished_case_cannot_be_named_by_its_number(client):
    CaseFactory(number="2026-004321", is_published=False, published_at=None)
    response = client.post(URL, {"body": TIP_TEXT, "case_number": "2026-004321"})
    assert response.status_code == 400
    assert "There is no case 2026-004321 on this site." in response.text
    assert Tip.objects.count() == 0


def test_a_number_that_contradicts_the_case_the_form_is_about_is_refused(client):
    case, other = CaseFactory(), CaseFactory()
    response = client.post(URL, {"body": TIP_TEXT, "case": case.slug, "case_number": other.number})
    assert response.status_code == 400
    assert "This form is about another case: leave the case number empty." in response.text
    assert Tip.objects.count() == 0


def test_a_still_of_another_case_than_the_number_is_refused(client):
    still, other = StillFactory(), CaseFactory()
    response = client.post(URL, {"body": TIP_TEXT, "still": still.pk, "case_number": other.number})
    assert response.status_code == 400
    assert "This picture belongs to another case." in response.text
    assert Tip.objects.count() == 0


def test_a_refused_form_says_error_in_its_title_and_sums_up_every_problem_at_the_top(client):
    bad = SimpleUploadedFile("notes.txt", b"just text", content_type="text/plain")
    response = client.post(URL, {"body": "", "attachments": [bad]})
    assert response.status_code == 400
    text = response.text
    assert "<title>Error: Send a tip" in text
    start, form = text.index("data-tp-error-summary"), text.index(f'<form method="post" action="{URL}"')
    assert start < form  # above the form
    summary = text[start:form]
    assert "There is a problem" in summary
    assert '<a href="#id_body">Tell us what you know: this box cannot be empty.</a>' in summary
    assert '<a href="#id_attachments">notes.txt: ' in summary
    # ... and each error at its own field as well.
    field = text[text.index('id="id_attachments"') :]
    assert "notes.txt: " in field[: field.index("</div>") + 400]


def test_the_receipt_counts_the_photos_and_videos_that_arrived_without_naming_them(client):
    photo = SimpleUploadedFile("IMG_2041 Smith St.jpg", tagged_jpeg(), content_type="image/jpeg")
    other = SimpleUploadedFile("second.jpg", tagged_jpeg(), content_type="image/jpeg")
    video = SimpleUploadedFile("clip.mp4", tagged_video(), content_type="video/mp4")
    response = client.post(URL, {"body": TIP_TEXT, "attachments": [photo, other, video]})
    assert response.status_code == 200
    assert Attachment.objects.count() == 3
    assert "Received with your tip: 2 photos and 1 video." in response.text
    assert "Files received with the tip: 2 photos and 1 video" in response.context["receipt_text"]
    for name in ("IMG_2041", "Smith St", "second.jpg", "clip.mp4"):
        assert name not in response.text


@pytest.mark.parametrize(
    ("files", "words"),
    [(1, "Received with your tip: 1 photo."), (0, None)],
)
def test_the_receipt_says_one_photo_in_the_singular_and_nothing_without_files(client, files, words):
    uploads = [SimpleUploadedFile(f"p{i}.jpg", tagged_jpeg(), content_type="image/jpeg") for i in range(files)]
    response = client.post(URL, {"body": TIP_TEXT, **({"attachments": uploads} if uploads else {})})
    assert response.status_code == 200
    if words:
        assert words in response.text
    else:
        assert 'data-testid="files-received"' not in response.text
        assert "Files received" not in response.context["receipt_text"]
