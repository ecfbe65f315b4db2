import pytest
from django.urls import reverse

from .factories import ActiveAlertFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_the_list_shows_published_posts_only(client, django_assert_num_queries):
    PostFactory.create_batch(3)
    draft = PostFactory(title="Draft tip", is_published=False)
    # count, posts, their areas; the alert banner (cached after)
    with django_assert_num_queries(4):
        response = client.get(reverse("community:list"))
    assert response.status_code == 200
    assert response.text.count("card h-100") == 3
    assert draft.title not in response.text


def test_the_list_filters_by_kind(client):
    PostFactory(title="Lock your car")
    ActiveAlertFactory(title="Flooding on River Road")
    response = client.get(reverse("community:list"), {"kind": "tip"})
    assert "Lock your car" in response.text
    assert 'href="/news/' in response.text
    assert response.text.count("card h-100") == 1


def test_the_detail_shows_an_alert_with_its_areas(client, django_assert_num_queries):
    from cases.tests.factories import AreaFactory

    alert = ActiveAlertFactory()
    alert.areas.set([AreaFactory(name="Riverside")])
    # the post, its areas; the alert banner (cached after)
    with django_assert_num_queries(3):
        response = client.get(alert.get_absolute_url())
    assert response.status_code == 200
    assert "Riverside" in response.text


def test_a_draft_is_404(client):
    assert client.get(PostFactory(is_published=False).get_absolute_url()).status_code == 404


def test_the_feeds_list_posts(client):
    post = PostFactory(title="Scam calls")
    for name in ("community:feed-rss", "community:feed-atom"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert post.title in response.text


def test_the_pages_refuse_other_methods(client):
    post = PostFactory()
    assert client.post(reverse("community:list")).status_code == 405
    assert client.post(post.get_absolute_url()).status_code == 405


@pytest.mark.parametrize("junk", ["\x00", "tip\x00", "<script>", "-1", "9" * 30, "x" * 500])
def test_junk_in_the_list_filters_shows_the_whole_list(client, junk):
    PostFactory(title="Lock your car")
    response = client.get(reverse("community:list"), {"kind": junk, "page": junk})
    assert response.status_code == 200
    assert "Lock your car" in response.text


def test_a_post_item_in_the_feed_carries_its_picture_as_a_rendition(client, settings, tmp_path):
    import xml.etree.ElementTree as ET

    from django.core.files.base import ContentFile

    from cases.tests.images import jpeg_bytes
    from community.models import Post
    from community.tasks import make_post_renditions

    settings.MEDIA_ROOT = tmp_path
    settings.RENDITION_WIDTHS = (400, 800, 1600)
    post = PostFactory(image=ContentFile(jpeg_bytes((1000, 500)), name="p.jpg"), image_alt="A street",
                       renditions_status=Post.Renditions.PENDING)  # fmt: skip
    PostFactory(title="Without a picture")
    make_post_renditions(post.pk)
    post.refresh_from_db()
    root = ET.fromstring(client.get(reverse("community:feed-rss")).content)  # noqa: S314 - our own output
    enclosures = {item.findtext("title"): item.find("enclosure") for item in root.findall("./channel/item")}
    assert enclosures["Without a picture"] is None
    enclosure = enclosures[post.title]
    assert enclosure.get("url").endswith(post.renditions["800"]["jpeg"])
    assert int(enclosure.get("length")) == (tmp_path / post.renditions["800"]["jpeg"]).stat().st_size
