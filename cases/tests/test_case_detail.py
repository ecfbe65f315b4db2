import pytest

from cases.models import Video

from .factories import CaseFactory, CaseUpdateFactory, StillFactory

pytestmark = pytest.mark.django_db


def test_it_shows_the_case_its_updates_and_reward(client):
    case = CaseFactory(title="ATM skimmer", reward=1000)
    CaseUpdateFactory(case=case, body="Suspect identified thanks to your tips")
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    assert "ATM skimmer" in response.text
    assert "Suspect identified thanks to your tips" in response.text
    assert "Reward: up to $1,000" in response.text


def test_malformed_and_unknown_slugs_are_404(client):
    assert client.get("/cases/no-such-case/").status_code == 404
    assert client.get("/cases/%3Cscript%3E/").status_code == 404
    assert client.get("/cases/" + "a" * 300 + "/").status_code == 404


def test_it_renders_markdown_but_never_raw_html(client):
    case = CaseFactory(summary="He wore a **red** cap.\n\n<script>alert(1)</script><img src=x onerror=alert(1)>")
    html = client.get(case.get_absolute_url()).text
    assert "<strong>red</strong>" in html
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html  # escaped to text wherever it appears


def test_it_has_sharing_tags_and_share_links_without_third_party_scripts(client):
    still = StillFactory(renditions={"1600": {"jpeg": "stills/renditions/1/1600.jpg"}})
    case = still.case
    html = client.get(case.get_absolute_url()).text
    assert f'<link rel="canonical" href="http://testserver{case.get_absolute_url()}">' in html
    assert '<meta property="og:title"' in html
    assert 'content="http://testserver/media/stills/renditions/1/1600.jpg"' in html
    assert 'name="twitter:card" content="summary_large_image"' in html
    assert "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver" in html
    assert "https://x.com/intent/post?url=" in html
    assert "mailto:?subject=" in html


def test_before_renditions_exist_a_still_is_a_placeholder_that_says_so(client):
    still = StillFactory()
    html = client.get(still.case.get_absolute_url()).text
    assert "<img" not in html.split('class="tp-gallery')[1].split("</section>")[0]
    assert f'data-tp-media="still-{still.pk}" data-tp-preparing' in html
    assert 'role="status"' in html
    assert "This picture is being prepared. It will appear here in a moment." in html
    assert still.image.name.rsplit("/", 1)[-1] not in html


def test_a_still_whose_renditions_failed_is_not_shown(client):
    still = StillFactory(renditions_status="failed")
    html = client.get(still.case.get_absolute_url()).text
    assert "This picture cannot be shown." in html
    assert "data-tp-preparing" not in html
    assert "Staff only" not in html


def test_stills_use_srcset_once_renditions_exist(client):
    renditions = {
        str(width): {"jpeg": f"stills/renditions/9/{width}.jpg", "webp": f"stills/renditions/9/{width}.webp"}
        for width in (400, 800, 1600)
    }
    still = StillFactory(renditions=renditions, width=1600, height=1200)
    html = client.get(still.case.get_absolute_url()).text
    assert 'srcset="/media/stills/renditions/9/400.webp 400w, /media/stills/renditions/9/800.webp 800w' in html
    assert 'type="image/webp"' in html
    assert "/media/stills/renditions/9/400.jpg 400w" in html


def test_a_linked_video_loads_nothing_from_the_provider_until_play(client):
    case = CaseFactory()
    Video.objects.create(case=case, external_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ", title="ATM camera")
    html = client.get(case.get_absolute_url()).text
    assert "<iframe" not in html
    assert 'data-tp-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in html
    assert "Play video from YouTube" in html


def test_officer_controls_are_shown_to_officers_only(client, officer, citizen):
    case = CaseFactory()
    assert "Mark solved" not in client.get(case.get_absolute_url()).text
    client.force_login(citizen)
    assert "Mark solved" not in client.get(case.get_absolute_url()).text
    client.force_login(officer)
    assert "Mark solved" in client.get(case.get_absolute_url()).text


def test_it_refuses_post(client):
    case = CaseFactory()
    assert client.post(case.get_absolute_url()).status_code == 405
