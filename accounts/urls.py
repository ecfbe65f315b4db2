from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import QueuedPasswordResetForm

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("verify/<str:uidb64>/<str:token>/", views.verify, name="verify"),
]

# Mounted without a namespace as "login", like Django's own.
login_view = views.LoginView.as_view()

# Django's reset view, with the email queued (mounted as "password_reset" before auth's own urls).
password_reset_view = auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm)
