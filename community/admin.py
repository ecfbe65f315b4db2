from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import PostForm
from .models import Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    form = PostForm
    list_display = ("title", "kind", "severity", "is_published", "published_at", "expires_at")
    list_filter = ("kind", "severity", "is_published", "areas")
    search_fields = ("title",)
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("areas",)
    readonly_fields = ("renditions_status", "created_at", "created_by")
    actions = ["expire_now"]
    fieldsets = (
        (None, {"fields": ("kind", "title", "slug", "body")}),
        (_("Alert"), {"fields": ("severity", "areas", "expires_at")}),
        (_("Image"), {"fields": ("image", "image_alt", "renditions_status")}),
        (_("Publication"), {"fields": ("is_published", "published_at", "created_at", "created_by")}),
    )

    def save_model(self, request: HttpRequest, obj: Post, form, change: bool) -> None:
        services.save_post(
            obj,
            actor=request.user,
            areas=form.cleaned_data.get("areas"),
            changed_fields=form.changed_data if change else (),
            image_changed="image" in form.changed_data,
        )

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        # The areas were saved by save_post (before the notification reads them).
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request: HttpRequest, obj: Post) -> None:
        services.delete_post(obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        for post in queryset:
            services.delete_post(post, actor=request.user)

    @admin.action(description=_("End selected alerts now"), permissions=["change"])
    def expire_now(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        for post in queryset.filter(kind=Post.Kind.ALERT):
            services.expire_alert(post, actor=request.user)
