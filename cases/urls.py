from django.urls import path, re_path, register_converter
from django.views.decorators.http import require_GET

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

urlpatterns = [
    path("cases/", views.case_list, name="list"),
    path("cases/feeds/new.rss", require_GET(feeds.NewCasesFeed()), name="feed-new-rss"),
    path("cases/feeds/new.atom", require_GET(feeds.NewCasesAtomFeed()), name="feed-new-atom"),
    path("cases/feeds/solved.rss", require_GET(feeds.SolvedCasesFeed()), name="feed-solved-rss"),
    path("cases/feeds/solved.atom", require_GET(feeds.SolvedCasesAtomFeed()), name="feed-solved-atom"),
    path("cases/<slug:slug>/", views.case_detail, name="detail"),
    path("cases/<slug:slug>/solve/", views.case_solve, name="solve"),
    path("cases/<slug:slug>/reopen/", views.case_reopen, name="reopen"),
    path("cases/<slug:slug>/updates/", views.case_post_update, name="post-update"),
    path("cases/<slug:slug>/poster-<paper:paper>.pdf", views.case_poster, name="poster"),
    re_path(r"^c/(?P<number>\d{4}-\d{6})/?$", views.case_short_link, name="short"),
]
