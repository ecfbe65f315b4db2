from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import QueuedPasswordResetForm

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("verify/new-link/", views.resend_verification, name="resend-verification"),
    path("verify/<str:uidb64>/<str:token>/", views.verify, name="verify"),
    path("", views.account, name="account"),
    path("display-name/", views.change_display_name, name="display-name"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign-out-everywhere"),
    path("two-factor/", views.second_factor, name="second-factor"),
    path("two-factor/setup/", views.second_factor_setup, name="second-factor-setup"),
    path("two-factor/recovery-codes/", views.new_recovery_codes, name="recovery-codes"),
    path("two-factor/replace/", views.replace_authenticator, name="replace-authenticator"),
]

# Mounted without a namespace as "login", like Django's own.
login_view = views.LoginView.as_view()

# Django's reset view, with the email queued (mounted as "password_reset" before auth's own urls).
password_reset_view = auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm)
