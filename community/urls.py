from django.urls import path
from django.views.decorators.http import require_GET

from tipportal.caching import cache_public_page

from . import feeds, views

app_name = "community"

urlpatterns = [
    path("news/", views.post_list, name="list"),
    path("news/feed.rss", require_GET(cache_public_page()(feeds.PostsFeed())), name="feed-rss"),
    path("news/feed.atom", require_GET(cache_public_page()(feeds.PostsAtomFeed())), name="feed-atom"),
    path("news/<slug:slug>/", views.post_detail, name="detail"),
]
