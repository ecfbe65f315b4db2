from django.urls import path

from tipportal.caching import cache_public_page

from . import feeds, views

app_name = "cases"

urlpatterns = [
    path("cases/", views.case_list, name="list"),
    path("cases/feeds/new.rss", cache_public_page(feeds.NewCasesFeed()), name="feed-new-rss"),
    path("cases/feeds/new.atom", cache_public_page(feeds.NewCasesAtomFeed()), name="feed-new-atom"),
    path("cases/feeds/solved.rss", cache_public_page(feeds.SolvedCasesFeed()), name="feed-solved-rss"),
    path("cases/feeds/solved.atom", cache_public_page(feeds.SolvedCasesAtomFeed()), name="feed-solved-atom"),
    path("cases/<slug:slug>/", views.case_detail, name="detail"),
    path("cases/<slug:slug>/solve/", views.case_solve, name="solve"),
    path("cases/<slug:slug>/reopen/", views.case_reopen, name="reopen"),
    path("cases/<slug:slug>/updates/", views.case_post_update, name="post-update"),
]
