from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tipportal.errors import ServiceError

from . import services
from .forms import ResetSecondFactorForm
from .models import User

# Second-factor devices change only through accounts.services (audited): enrolment, recovery
# codes and resets. django-otp's own device admins would edit them unseen, and show secrets.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Every change to what a user may do (groups, permissions, staff, superuser, active) is
    written to the audit log with who made it, from save_related: only then are groups and
    permissions (many-to-many) saved."""

    fieldsets = (*BaseUserAdmin.fieldsets, (_("Public profile"), {"fields": ("display_name", "language")}))
    list_display = ("username", "email", "display_name", "is_staff", "is_active", "has_second_factor")
    change_form_template = "admin/accounts/user/change_form.html"

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).prefetch_related("totpdevice_set")

    @admin.display(boolean=True, description=_("second factor"))
    def has_second_factor(self, user: User) -> bool:
        return any(device.confirmed for device in user.totpdevice_set.all())

    def save_model(self, request: HttpRequest, obj: User, form, change: bool) -> None:
        form.access_before = services.access_snapshot(obj) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        services.record_access_changes(form.instance, actor=request.user, before=form.access_before)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/reset-second-factor/",
                self.admin_site.admin_view(self.reset_second_factor_view),
                name="accounts_user_reset_second_factor",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request: HttpRequest, context: dict, *args, **kwargs) -> HttpResponse:
        context["can_reset_second_factor"] = request.user.is_superuser
        return super().render_change_form(request, context, *args, **kwargs)

    def reset_second_factor_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """A superuser removes someone's lost authenticator and recovery codes (audited)."""
        if not request.user.is_superuser:
            raise PermissionDenied
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        user = self.get_object(request, unquote(object_id))
        if user is None:
            raise Http404
        form = ResetSecondFactorForm(request.POST or None)
        refused = None
        if request.method == "POST" and form.is_valid():
            try:
                services.reset_second_factor(user, actor=request.user, reason=form.cleaned_data["reason"])
            except ServiceError as error:
                refused = error.messages[0]
            else:
                self.message_user(
                    request,
                    _("The second factor of %(user)s was reset. They set up a new one when they next sign in.")
                    % {"user": user.get_username()},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:accounts_user_change", args=[user.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reset second factor"),
            "opts": self.opts,
            "original": user,
            "form": form,
            "refused": refused,
            "own_account": user.pk == request.user.pk,
            "authenticator": services.authenticator(user),
            "recovery_codes_left": services.recovery_codes_left(user),
        }
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(request, "admin/accounts/user/reset_second_factor.html", context, status=status)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """A change to a group's permissions is a grant to everyone in it: audited."""

    def save_model(self, request: HttpRequest, obj: Group, form, change: bool) -> None:
        form.permissions_before = services.group_permissions(obj if change else None)
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        services.record_group_changes(form.instance, actor=request.user, before=form.permissions_before)
