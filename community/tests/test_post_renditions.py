"""Post images go through the same rendition pipeline as case stills."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from cases.tests.images import jpeg_bytes
from community.models import Post
from community.tasks import make_post_renditions, requeue_stale_renditions

from .factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.RENDITION_WIDTHS = (400, 800, 1600)


def _post_with_image(size=(1000, 500), content=None) -> Post:
    image = ContentFile(content or jpeg_bytes(size), name="p.jpg")
    return PostFactory(image=image, image_alt="A street", renditions_status=Post.Renditions.PENDING)


def test_a_post_image_gets_each_width_in_jpeg_and_webp_under_its_own_folder():
    post = _post_with_image()
    make_post_renditions(post.pk)
    post.refresh_from_db()
    assert post.renditions_status == Post.Renditions.READY
    assert (post.width, post.height) == (1000, 500)
    assert post.renditions == {
        str(width): {
            "jpeg": f"posts/renditions/{post.pk}/{width}.jpg",
            "webp": f"posts/renditions/{post.pk}/{width}.webp",
        }
        for width in (400, 800, 1000)
    }
    assert post.largest_url().endswith(f"/posts/renditions/{post.pk}/1000.jpg")
    assert post.srcset_webp.split(", ")[0].endswith(f"/posts/renditions/{post.pk}/400.webp 400w")


def test_an_image_that_cannot_be_read_marks_the_post_failed():
    post = _post_with_image(content=b"not an image at all")
    make_post_renditions(post.pk)
    post.refresh_from_db()
    assert post.renditions_status == Post.Renditions.FAILED
    assert post.renditions == {}
    assert post.display_url() == post.image.url


def test_a_post_without_an_image_has_no_display_url():
    post = PostFactory()
    make_post_renditions(post.pk)
    assert Post.objects.get(pk=post.pk).renditions_status == Post.Renditions.NONE
    assert post.display_url() is None


def test_the_sweep_requeues_posts_pending_since_their_last_change_a_while_ago():
    old_but_just_changed = _post_with_image()
    stale = _post_with_image()
    long_ago = timezone.now() - timedelta(minutes=11)
    Post.objects.filter(pk=old_but_just_changed.pk).update(created_at=long_ago)
    Post.objects.filter(pk=stale.pk).update(created_at=long_ago, updated_at=long_ago)
    assert requeue_stale_renditions(older_than_minutes=10) == 1
    assert Post.objects.get(pk=stale.pk).renditions_status == Post.Renditions.READY
    assert Post.objects.get(pk=old_but_just_changed.pk).renditions_status == Post.Renditions.PENDING
