from django.urls import path, re_path, register_converter
from django.views.decorators.http import require_GET

from tipportal.caching import cache_public_page

from . import feeds, views
from .poster import PAPER_SIZES


class PaperConverter:
    regex = "|".join(PAPER_SIZES)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PaperConverter, "paper")

app_name = "cases"


def _feed(feed):
    """A feed answers GET only, and is a cached public page like the rest of the public site."""
    return require_GET(cache_public_page()(feed))


urlpatterns = [
    path("cases/", views.case_list, name="list"),
    path("cases/feeds/new.rss", _feed(feeds.NewCasesFeed()), name="feed-new-rss"),
    path("cases/feeds/new.atom", _feed(feeds.NewCasesAtomFeed()), name="feed-new-atom"),
    path("cases/feeds/solved.rss", _feed(feeds.SolvedCasesFeed()), name="feed-solved-rss"),
    path(
        "cases/feeds/solved.atom",
        require_GET(cache_public_page()(feeds.SolvedCasesAtomFeed())),
        name="feed-solved-atom",
    ),
    path("cases/<slug:slug>/", views.case_detail, name="detail"),
    path("cases/<slug:slug>/solve/", views.case_solve, name="solve"),
    path("cases/<slug:slug>/reopen/", views.case_reopen, name="reopen"),
    path("cases/<slug:slug>/updates/", views.case_post_update, name="post-update"),
    path("cases/<slug:slug>/poster-<paper:paper>.pdf", views.case_poster, name="poster"),
    re_path(r"^c/(?P<number>\d{4}-\d{6})/?$", views.case_short_link, name="short"),
]
