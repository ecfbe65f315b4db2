from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .forms import ThrottledAdminAuthenticationForm
from .models import User

# The admin sign-in counts failures like the site's: staff accounts are the better prize.
admin.site.login_form = ThrottledAdminAuthenticationForm


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Public profile"), {"fields": ("display_name", "language")}))
    list_display = ("username", "email", "display_name", "is_staff", "is_active")
