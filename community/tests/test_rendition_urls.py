"""HasRenditions: the rendition links of case stills and post images, from one place."""

import pytest

from cases.models import Still
from community.models import Post
from media.models import HasRenditions

RENDITIONS = {width: {"jpeg": f"r/{width}.jpg", "webp": f"r/{width}.webp"} for width in ("1600", "400", "800")} | {
    "1200": {"jpeg": "r/1200.jpg"}
}


@pytest.fixture(params=["still", "post"])
def pictured(request):
    if request.param == "still":
        return Still(image="stills/originals/s.jpg", renditions=RENDITIONS)
    return Post(image="posts/originals/p.jpg", renditions=RENDITIONS)


def test_stills_and_post_images_share_one_implementation():
    for model in (Still, Post):
        assert issubclass(model, HasRenditions)
        for name in ("rendition_url", "srcset", "display_url", "largest_url"):
            assert name not in vars(model)


def test_srcset_lists_each_width_of_the_format_in_numeric_order(pictured):
    assert pictured.srcset_jpeg == "/media/r/400.jpg 400w, /media/r/800.jpg 800w, /media/r/1200.jpg 1200w, " \
        "/media/r/1600.jpg 1600w"  # fmt: skip
    assert pictured.srcset_webp == "/media/r/400.webp 400w, /media/r/800.webp 800w, /media/r/1600.webp 1600w"


def test_the_display_url_prefers_the_nearest_width_at_or_above_the_wish(pictured):
    assert pictured.display_url() == "/media/r/800.jpg"
    assert pictured.display_url(900) == "/media/r/1200.jpg"
    assert pictured.display_url(2000) == "/media/r/1600.jpg"
    assert pictured.largest_url() == "/media/r/1600.jpg"
    assert pictured.rendition_url(1200, "webp") is None


def test_before_renditions_exist_the_original_is_shown(pictured):
    pictured.renditions = {}
    assert pictured.display_url() == pictured.largest_url() == pictured.image.url
    assert pictured.srcset_jpeg == ""


def test_a_post_without_an_image_has_no_urls():
    post = Post()
    assert post.display_url() is None
    assert post.largest_url() is None
    assert post.srcset_jpeg == ""
