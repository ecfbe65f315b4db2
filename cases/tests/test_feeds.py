import xml.etree.ElementTree as ET

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Still
from cases.tasks import make_still_renditions

from .factories import CaseFactory, StillFactory
from .images import jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["cases:feed-new-rss", "cases:feed-new-atom"])
def test_the_new_cases_feed_lists_published_cases(client, name):
    CaseFactory(title="Bottle taken")
    CaseFactory(title="Secret draft", is_published=False, published_at=None)
    body = client.get(reverse(name)).text
    assert "Bottle taken" in body
    assert "Secret draft" not in body


@pytest.mark.parametrize("name", ["cases:feed-solved-rss", "cases:feed-solved-atom"])
def test_the_solved_feed_lists_solved_cases_only(client, name):
    CaseFactory(title="Still open")
    CaseFactory(title="Phone thief caught", status=Case.Status.SOLVED, solved_at=timezone.now())
    body = client.get(reverse(name)).text
    assert "Phone thief caught" in body
    assert "Still open" not in body


def test_feeds_are_well_formed_xml(client):
    CaseFactory(title="Fish & chips <shop> break-in")
    ET.fromstring(client.get(reverse("cases:feed-new-atom")).content)  # noqa: S314 - our own output


# --- Pictures in the feeds -------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.RENDITION_WIDTHS = (400, 800, 1600)
    return tmp_path


def _case_with_still(**fields) -> tuple[Case, Still]:
    still = StillFactory(case=CaseFactory(**fields), image=ContentFile(jpeg_bytes((1200, 675)), name="IMG_1.jpg"))
    make_still_renditions(still.pk)
    still.refresh_from_db()
    return still.case, still


def _items(response) -> list:
    return ET.fromstring(response.content).findall("./channel/item")  # noqa: S314 - our own output


def test_a_case_item_carries_its_lead_still_as_a_rendition_never_the_original(client, media, settings):
    case, still = _case_with_still(title="Bottle taken")
    StillFactory(case=case, position=still.position + 1)  # a second still is not the one shown
    (item,) = _items(client.get(reverse("cases:feed-new-rss")))
    enclosure = item.find("enclosure")
    assert enclosure.get("url") == f"{settings.SITE_URL}/media/{still.renditions['800']['jpeg']}"
    assert enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) == (media / still.renditions["800"]["jpeg"]).stat().st_size
    assert "originals" not in client.get(reverse("cases:feed-new-rss")).text


def test_the_atom_feeds_link_the_picture_as_an_enclosure(client, media):
    _case, still = _case_with_still(status=Case.Status.SOLVED, solved_at=timezone.now())
    root = ET.fromstring(client.get(reverse("cases:feed-solved-atom")).content)  # noqa: S314 - our own output
    (link,) = root.findall("./{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}link[@rel='enclosure']")
    assert link.get("href").endswith(f"/media/{still.renditions['800']['jpeg']}")
    assert link.get("type") == "image/jpeg"
    assert int(link.get("length")) > 0


def test_a_still_whose_renditions_are_not_made_yet_gives_no_picture_rather_than_the_original(client, media):
    StillFactory()  # renditions pending
    (item,) = _items(client.get(reverse("cases:feed-new-rss")))
    assert item.find("enclosure") is None


def test_a_case_without_stills_has_no_picture(client):
    CaseFactory()
    (item,) = _items(client.get(reverse("cases:feed-new-rss")))
    assert item.find("enclosure") is None


def test_a_rendition_missing_from_storage_leaves_out_the_picture_not_the_feed(client, media):
    _case, still = _case_with_still()
    (media / still.renditions["800"]["jpeg"]).unlink()
    response = client.get(reverse("cases:feed-new-rss"))
    assert response.status_code == 200
    (item,) = _items(response)
    assert item.find("enclosure") is None


def test_a_feed_costs_the_same_queries_however_many_cases(client, media, django_assert_num_queries):
    _case_with_still()
    with django_assert_num_queries(2) as one:  # the cases, their stills
        client.get(reverse("cases:feed-new-rss"))
    for _ in range(3):
        _case_with_still()
    from django.core.cache import cache

    cache.clear()
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("cases:feed-new-rss"))


def test_the_feeds_are_cached_pages_like_the_rest_of_the_public_site(client, media, django_assert_num_queries):
    _case_with_still()
    client.get(reverse("cases:feed-new-rss"))
    with django_assert_num_queries(0):
        assert client.get(reverse("cases:feed-new-rss")).status_code == 200
