from django.urls import path
from django.views.decorators.http import require_GET

from . import feeds, views

app_name = "community"

urlpatterns = [
    path("news/", views.post_list, name="list"),
    path("news/feed.rss", require_GET(feeds.PostsFeed()), name="feed-rss"),
    path("news/feed.atom", require_GET(feeds.PostsAtomFeed()), name="feed-atom"),
    path("news/<slug:slug>/", views.post_detail, name="detail"),
]
