"""The threat reports on the officers' desk (/desk/threats/), a namespace of their own so the
second-factor guard covers them as it covers the rest of the desk."""

from django.urls import path

from . import views

app_name = "threats"

urlpatterns = [
    path("", views.threat_list, name="list"),
    path("<int:pk>/", views.threat_detail, name="detail"),
    path("<int:pk>/status/", views.threat_status, name="status"),
]
