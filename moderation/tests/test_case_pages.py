import pytest
from django.urls import reverse

from cases.tests.factories import CaseFactory
from moderation import services
from moderation.models import Comment

from .factories import CommentFactory, HeldCommentFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_see_published_comments_and_a_sign_in_link(client):
    case = CaseFactory()
    CommentFactory(case=case, body="I saw the truck on Tuesday.")
    HeldCommentFactory(case=case, body="held words here")
    page = client.get(case.get_absolute_url()).text
    assert "I saw the truck on Tuesday." in page
    assert "held words here" not in page
    assert "Sign in to comment" in page
    assert 'name="body"' not in page


def test_the_author_sees_a_held_comment_as_awaiting_review_and_others_do_not(client, citizen, outsider):
    comment = HeldCommentFactory(author=citizen)
    client.force_login(citizen)
    page = client.get(comment.case.get_absolute_url()).text
    assert "Awaiting review" in page and comment.body in page
    client.force_login(outsider)
    assert comment.body not in client.get(comment.case.get_absolute_url()).text


def test_the_author_sees_why_a_comment_was_removed(client, citizen):
    comment = CommentFactory(
        author=citizen, status=Comment.Status.REMOVED, removal_reason="Please keep it civil.", body="gone"
    )
    client.force_login(citizen)
    page = client.get(comment.case.get_absolute_url()).text
    assert "Removed by a moderator" in page
    assert "Please keep it civil." in page


def test_comments_are_oldest_first_with_show_more(client, settings):
    settings.COMMENTS_PER_PAGE = 2
    case = CaseFactory()
    for n in range(3):
        CommentFactory(case=case, body=f"comment number {n}")
    page = client.get(case.get_absolute_url()).text
    assert page.index("comment number 0") < page.index("comment number 1")
    assert "comment number 2" not in page
    assert "Show more comments" in page
    more = client.get(reverse("moderation:comments", args=[case.slug]) + "?page=2")
    assert more.status_code == 200
    assert "comment number 2" in more.text


def test_the_case_page_costs_the_same_queries_with_many_comments(client, django_assert_num_queries):
    case = CaseFactory()
    CommentFactory(case=case)
    client.get(case.get_absolute_url())  # warm the lexicon and site caches
    from django.core.cache import cache

    cache.clear()
    with django_assert_num_queries(8) as one:  # ... the alert banner and the site pre-moderation switch
        client.get(case.get_absolute_url())
    CommentFactory.create_batch(10, case=case)
    cache.clear()
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(case.get_absolute_url())


def test_case_cards_show_the_comment_count_without_a_query_per_card(client, django_assert_num_queries):
    first = CaseFactory()
    CommentFactory.create_batch(2, case=first)
    HeldCommentFactory(case=first)
    response = client.get(reverse("cases:list"))
    assert "2 comments" in response.text
    from django.core.cache import cache

    cache.clear()
    with django_assert_num_queries(6) as baseline:  # ... and the alert banner
        client.get(reverse("cases:list"))
    for _ in range(4):
        CommentFactory(case=CaseFactory())
    cache.clear()
    with django_assert_num_queries(len(baseline.captured_queries)):
        client.get(reverse("cases:list"))


def test_publishing_a_comment_refreshes_the_cached_public_page(client, moderator, django_capture_on_commit_callbacks):
    comment = HeldCommentFactory(body="Cached or not?")
    assert "Cached or not?" not in client.get(comment.case.get_absolute_url()).text
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_comment(comment, actor=moderator)
    assert "Cached or not?" in client.get(comment.case.get_absolute_url()).text


def test_the_comment_list_page_is_404_for_an_unpublished_case(client):
    case = CaseFactory(is_published=False, published_at=None)
    assert client.get(reverse("moderation:comments", args=[case.slug])).status_code == 404


def test_the_comment_list_page_requires_get(client):
    case = CaseFactory()
    assert client.post(reverse("moderation:comments", args=[case.slug])).status_code == 405


def test_the_comment_list_page_costs_the_same_queries_with_more_comments(client, django_assert_num_queries):
    from django.core.cache import cache

    case = CaseFactory()
    CommentFactory(case=case)
    url = reverse("moderation:comments", args=[case.slug])
    with django_assert_num_queries(4) as one:  # case, count, comments, the alert banner
        client.get(url)
    CommentFactory.create_batch(10, case=case)
    cache.clear()
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)
