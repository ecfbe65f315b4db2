from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("alerts/subscribe/", views.subscribe, name="subscribe"),
    path("alerts/check-your-inbox/", views.check_inbox, name="check-inbox"),
    path("alerts/confirm/<str:token>/", views.confirm, name="confirm"),
    path("alerts/manage/<str:token>/", views.manage, name="manage"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("alerts/mine/", views.my_alerts, name="mine"),
    path("alerts/follow/<slug:slug>/", views.follow, name="follow"),
    path("alerts/unfollow/<slug:slug>/", views.unfollow, name="unfollow"),
]
