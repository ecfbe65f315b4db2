from django.urls import path

from . import desk

app_name = "desk"

urlpatterns = [
    path("", desk.inbox, name="inbox"),
    path("tips/<int:pk>/", desk.tip_detail, name="tip"),
    path("tips/<int:pk>/claim/", desk.claim, name="claim"),
    path("tips/<int:pk>/assign/", desk.assign, name="assign"),
    path("tips/<int:pk>/status/", desk.change_status, name="status"),
    path("tips/<int:pk>/notes/", desk.add_note, name="note"),
    path("tips/<int:pk>/reply/", desk.reply, name="reply"),
    path("tips/<int:pk>/link/", desk.link_case, name="link"),
    path("tips/<int:pk>/reward/", desk.mark_reward, name="reward"),
    path("attachments/<int:pk>/", desk.attachment, name="attachment"),
]
