from django.urls import path

from . import views

app_name = "tips"

# Mounted at /tips/ (logfilters.TIPSTER_PATH_PREFIX): every tipster page lives under it.
urlpatterns = [
    path("", views.send_tip, name="send"),
    path("check/", views.check_tip, name="check"),
    path("conversation/", views.conversation, name="conversation"),
    path("conversation/reply/", views.reply, name="reply"),
    path("conversation/end/", views.end_session, name="end"),
]
