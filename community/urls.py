from django.urls import path

from . import feeds, views

app_name = "community"

urlpatterns = [
    path("news/", views.post_list, name="list"),
    path("news/feed.rss", feeds.PostsFeed(), name="feed-rss"),
    path("news/feed.atom", feeds.PostsAtomFeed(), name="feed-atom"),
    path("news/<slug:slug>/", views.post_detail, name="detail"),
]
