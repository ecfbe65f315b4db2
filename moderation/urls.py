from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("cases/<slug:slug>/comments/", views.comment_list, name="comments"),
    path("cases/<slug:slug>/comments/new/", views.comment_create, name="comment-create"),
    path("comments/<int:pk>/report/", views.comment_report, name="comment-report"),
    path("moderation/", views.queue, name="queue"),
    path("moderation/bulk/", views.bulk, name="bulk"),
    path("moderation/<int:pk>/claim/", views.claim, name="claim"),
    path("moderation/<int:pk>/decide/", views.decide, name="decide"),
    path("moderation/<int:pk>/escalate/", views.escalate, name="escalate"),
    path("moderation/premoderation/", views.premoderation, name="premoderation"),
]
