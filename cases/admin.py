from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from media.kept_uploads import KeepsUploadsForm
from tipportal.errors import ServiceError

from . import services
from .forms import CaseNoteForm, StillForm, VideoForm
from .models import Area, Case, CaseUpdate, Category, Still, Video


class _LabelAdmin(admin.ModelAdmin):
    """Categories and areas: every save and delete goes through the services (audit, page cache)."""

    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)

    def save_model(self, request: HttpRequest, obj: Category | Area, form, change: bool) -> None:
        services.save_category_or_area(obj, actor=request.user, changed_fields=form.changed_data)

    def delete_model(self, request: HttpRequest, obj: Category | Area) -> None:
        services.delete_category_or_area(obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for item in queryset:
            services.delete_category_or_area(item, actor=request.user)


@admin.register(Category)
class CategoryAdmin(_LabelAdmin):
    pass


@admin.register(Area)
class AreaAdmin(_LabelAdmin):
    pass


def _thumbnail(still: Still) -> str:
    """A rendition, or the renditions' status while there is none: the original has no URL."""
    url = still.display_url(400)
    if url is None:
        return still.get_renditions_status_display()
    return format_html('<img src="{}" alt="{}" class="tp-admin-thumb">', url, still.alt_text)


class StillInline(admin.TabularInline):
    model = Still
    form = StillForm
    extra = 3
    fields = ("preview", "image", "alt_text", "caption", "position", "renditions")
    readonly_fields = ("preview", "renditions")

    @admin.display(description=_("preview"))
    def preview(self, still: Still) -> str:
        if not still.pk or not still.image:
            return "—"
        return _thumbnail(still)

    @admin.display(description=_("renditions"))
    def renditions(self, still: Still) -> str:
        return still.get_renditions_status_display() if still.pk else "—"


class VideoInline(admin.StackedInline):
    model = Video
    form = VideoForm
    extra = 0
    fields = ("title", "file", "external_url", "description", "position", "renditions_status", "poster")
    readonly_fields = ("renditions_status", "poster")


class CaseUpdateInline(admin.TabularInline):
    model = CaseUpdate
    extra = 0
    fields = ("kind", "body", "created_at", "created_by")
    readonly_fields = ("kind", "created_at", "created_by")

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # the public timeline is a record: updates are added, never rewritten


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("thumbnail", "number", "title", "category", "area", "status", "is_published", "published_at")
    list_display_links = ("number", "title")
    list_filter = ("status", "is_published", "category", "area")
    search_fields = ("number", "title")
    list_select_related = ("category", "area")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "incident_at"
    inlines = [StillInline, VideoInline, CaseUpdateInline]
    readonly_fields = ("status", "solved_at", "created_at", "created_by", "updated_at", "updated_by")
    actions = ["publish", "unpublish", "mark_solved", "reopen"]

    class Media:
        js = ["cases/admin.js"]
        css = {"all": ["cases/admin.css"]}

    fieldsets = (
        (None, {"fields": ("number", "title", "slug", "summary")}),
        (_("Where and when"), {"fields": ("category", "area", "location_text", "incident_at")}),
        (
            _("Publication"),
            {"fields": ("is_published", "published_at", "reward", "comments_open", "comments_premoderated")},
        ),
        (_("Status"), {"fields": ("status", "solved_at")}),
        (_("Record"), {"fields": ("created_at", "created_by", "updated_at", "updated_by"), "classes": ["collapse"]}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Case]:
        return super().get_queryset(request).prefetch_related("stills")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if request.method == "POST":
            # The page comes back with errors: keep the pictures and videos that passed their
            # checks, since a browser cannot fill a file box again (media/kept_uploads.py).
            kept = [
                upload
                for inline in context["inline_admin_formsets"]
                for form in inline.formset.forms
                if isinstance(form, KeepsUploadsForm)
                for upload in form.keep_uploads()
            ]
            if kept:
                names = ", ".join(upload.filename for upload in kept)
                self.message_user(
                    request,
                    ngettext(
                        "The file you chose is kept (%(names)s): you need not choose it again.",
                        "The files you chose are kept (%(names)s): you need not choose them again.",
                        len(kept),
                    )
                    % {"names": names},
                    messages.INFO,
                )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("still"))
    def thumbnail(self, case: Case) -> str:
        still = case.lead_still()
        if still is None:
            return "—"
        return _thumbnail(still)

    def save_model(self, request, obj: Case, form, change: bool) -> None:
        services.save_case(obj, actor=request.user, changed_fields=form.changed_data)

    def delete_model(self, request: HttpRequest, obj: Case) -> None:
        services.delete_case(obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Case]) -> None:
        for case in queryset:
            services.delete_case(case, actor=request.user)

    def save_formset(self, request, form, formset, change: bool) -> None:
        case = form.instance
        instances = formset.save(commit=False)
        for removed in formset.deleted_objects:
            if isinstance(removed, CaseUpdate):
                services.delete_case_update(removed, actor=request.user)
            elif isinstance(removed, Still):
                services.remove_still(removed, actor=request.user)
            else:
                services.remove_video(removed, actor=request.user)
        changed_fields = {obj.pk: fields for obj, fields in formset.changed_objects}
        for instance in instances:
            if isinstance(instance, CaseUpdate):
                services.post_case_update(case, actor=request.user, body=instance.body)
            elif isinstance(instance, Still):
                services.save_still(instance, actor=request.user, changed_fields=changed_fields.get(instance.pk, ()))
            else:
                services.save_video(instance, actor=request.user, changed_fields=changed_fields.get(instance.pk, ()))

    @admin.action(description=_("Publish selected cases"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Case]) -> None:
        for case in queryset:
            services.publish_case(case, actor=request.user)
        self.message_user(request, ngettext("%d case published.", "%d cases published.", len(queryset)) % len(queryset))

    @admin.action(description=_("Unpublish selected cases"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Case]) -> None:
        for case in queryset:
            services.unpublish_case(case, actor=request.user)
        self.message_user(
            request, ngettext("%d case unpublished.", "%d cases unpublished.", len(queryset)) % len(queryset)
        )

    @admin.action(description=_("Mark selected cases solved"), permissions=["solve"])
    def mark_solved(self, request: HttpRequest, queryset: QuerySet[Case]):
        return self._note_action(request, queryset, services.mark_case_solved, _("Mark solved"))

    @admin.action(description=_("Reopen selected cases"), permissions=["solve"])
    def reopen(self, request: HttpRequest, queryset: QuerySet[Case]):
        return self._note_action(request, queryset, services.reopen_case, _("Reopen"))

    def has_solve_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("cases.solve_case")

    def _note_action(self, request: HttpRequest, queryset: QuerySet[Case], action, title):
        """Ask for the public note on an intermediate page, then apply `action` to each case."""
        from django.template.response import TemplateResponse

        form = CaseNoteForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            done = 0
            for case in queryset:
                try:
                    action(case, actor=request.user, note=form.cleaned_data["note"])
                    done += 1
                except ServiceError as error:
                    self.message_user(request, f"{case.number}: {' '.join(error.messages)}", messages.WARNING)
            self.message_user(request, ngettext("%d case updated.", "%d cases updated.", done) % done)
            return None
        return TemplateResponse(
            request,
            "admin/cases/case_note_action.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "cases": queryset,
                "form": form,
                "action": request.POST.get("action"),
                "opts": self.model._meta,
            },
        )
