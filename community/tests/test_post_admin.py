import pytest
from django.urls import reverse

from audit.models import AuditEntry
from cases.tests.images import jpeg_bytes, upload
from community.models import Post
from community.tasks import make_post_renditions

from .factories import PostFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:community_post_add")


def _form(**overrides):
    data = {
        "kind": "alert", "title": "Gas leak on Main Street", "slug": "gas-leak-main-street",
        "body": "Stay away from the 400 block.", "severity": "urgent", "image_alt": "",
        "expires_at_0": "", "expires_at_1": "", "published_at_0": "", "published_at_1": "", "is_published": "on",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_the_analyst_publishes_an_alert(client, analyst, django_capture_on_commit_callbacks):
    client.force_login(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD, _form())
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.is_urgent and post.published_at is not None
    assert AuditEntry.objects.filter(action="community.post.published").exists()


def test_a_tip_cannot_have_a_severity_or_an_expiry(client, analyst):
    client.force_login(analyst)
    response = client.post(ADD, _form(kind="tip", expires_at_0="2030-01-01", expires_at_1="10:00"))
    assert response.status_code == 200
    assert "Only emergency alerts have a severity." in response.text
    assert "Only emergency alerts expire." in response.text
    assert not Post.objects.exists()


def test_an_image_needs_alt_text_and_a_real_image(client, analyst):
    client.force_login(analyst)
    response = client.post(ADD, _form(image=upload("photo.jpg", jpeg_bytes((200, 100)))))
    assert "Describe the image" in response.text
    response = client.post(ADD, _form(image=upload("photo.jpg", b"not an image"), image_alt="A street"))
    assert response.status_code == 200
    assert not Post.objects.exists()


def test_a_post_image_gets_renditions_without_metadata(analyst):
    from django.core.files.base import ContentFile

    post = PostFactory(image=ContentFile(jpeg_bytes((1000, 500)), name="p.jpg"), image_alt="A street")
    make_post_renditions(post.pk)
    post.refresh_from_db()
    assert post.renditions_status == Post.Renditions.READY
    assert set(post.renditions) == {"400", "800", "1000"}
    assert post.display_url(800).endswith(f"/posts/renditions/{post.pk}/800.jpg")


def test_an_officer_cannot_add_posts(client, officer):
    client.force_login(officer)
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, _form()).status_code == 403
    assert not Post.objects.exists()


def test_deleting_a_post_is_audited_and_drops_its_banner(client, django_user_model, django_capture_on_commit_callbacks):
    from .factories import ActiveAlertFactory

    admin_user = django_user_model.objects.create_superuser("root", "root@example.org", "x" * 12)
    alert = ActiveAlertFactory(title="Bridge closed")
    assert "Bridge closed" in client.get(reverse("home")).text
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:community_post_delete", args=[alert.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="community.post.deleted").exists()
    client.logout()
    assert "Bridge closed" not in client.get(reverse("home")).text
