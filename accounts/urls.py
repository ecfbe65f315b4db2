from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import EmailAuthenticationForm

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("verify/<str:uidb64>/<str:token>/", views.verify, name="verify"),
]

# Django's own login view with an email label; it is mounted without a namespace as "login".
login_view = auth_views.LoginView.as_view(authentication_form=EmailAuthenticationForm)
