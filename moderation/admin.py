from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import ModerationTermForm
from .models import Comment, CommentReport, ModerationTerm, Suspension


@admin.register(ModerationTerm)
class ModerationTermAdmin(admin.ModelAdmin):
    """Moderators add a word to hold, or allow one that is held wrongly; effective within seconds."""

    form = ModerationTermForm
    list_display = ("text", "category", "block", "match", "is_active", "note", "updated_at", "updated_by")
    list_filter = ("category", "block", "match", "is_active")
    search_fields = ("text", "block", "note")
    readonly_fields = ("updated_at", "updated_by")
    actions = ("deactivate", "activate")

    def save_model(self, request: HttpRequest, obj: ModerationTerm, form, change: bool) -> None:
        services.save_term(obj, actor=request.user, created=not change)

    def delete_model(self, request: HttpRequest, obj: ModerationTerm) -> None:
        services.delete_term(obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for term in queryset:
            services.delete_term(term, actor=request.user)

    @admin.action(description=_("Switch off the selected terms"), permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set_active(request, queryset, False)

    @admin.action(description=_("Switch on the selected terms"), permissions=["change"])
    def activate(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set_active(request, queryset, True)

    def _set_active(self, request: HttpRequest, queryset: QuerySet, active: bool) -> None:
        for term in queryset.exclude(is_active=active):
            term.is_active = active
            services.save_term(term, actor=request.user, created=False)
        messages.success(request, _("Done. The change applies to new comments within seconds."))


class ReportInline(admin.TabularInline):
    model = CommentReport
    extra = 0
    can_delete = False
    fields = ("reporter", "reason", "note", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Read-only here: decisions are made in the moderation queue, where they are audited."""

    list_display = ("id", "case", "author", "status", "is_official", "open_reports", "created_at")
    list_filter = ("status", "is_official")
    search_fields = ("body", "author__username", "author__display_name", "case__number")
    list_select_related = ("case", "author")
    inlines = [ReportInline]
    readonly_fields = (
        "case", "author", "body", "is_official", "status", "reasons", "open_reports", "removal_reason",
        "reviewed_by", "reviewed_at", "created_at",
    )  # fmt: skip
    exclude = ("claimed_by", "claimed_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    # Held comments are unpublished text: only moderators may read them here, even if a group was
    # given view_comment by hand or by an older grant.
    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm("moderation.moderate_comment") and super().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm("moderation.moderate_comment") and super().has_change_permission(request, obj)


@admin.register(Suspension)
class SuspensionAdmin(admin.ModelAdmin):
    list_display = ("user", "until", "reason", "created_by", "created_at", "lifted_at")
    list_select_related = ("user", "created_by")
    search_fields = ("user__username", "user__display_name", "reason")
    readonly_fields = ("user", "until", "reason", "comment", "created_by", "created_at", "lifted_at")
    actions = ("lift",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # suspensions are made from the queue, next to the comment that earned one

    @admin.action(description=_("Lift the selected suspensions"), permissions=["change"])
    def lift(self, request: HttpRequest, queryset: QuerySet) -> None:
        for suspension in queryset.filter(lifted_at__isnull=True):
            services.lift_suspension(suspension, actor=request.user)
        messages.success(request, _("Lifted."))
