from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Notification, Subscription


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("subject", "kind", "urgent", "status", "created_at", "recipients", "sent", "failed", "pending")
    list_filter = ("kind", "status", "urgent")
    search_fields = ("subject",)
    actions = ["restart"]
    readonly_fields = [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # notifications come from publications only

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Notification]:
        # The counts come with the list in one grouped query, not four queries per row.
        return super().get_queryset(request).with_delivery_counts()

    @admin.display(description=_("recipients"), ordering="recipients")
    def recipients(self, notification: Notification) -> int:
        return notification.recipients

    @admin.display(description=_("sent"))
    def sent(self, notification: Notification) -> int:
        return notification.sent

    @admin.display(description=_("failed"))
    def failed(self, notification: Notification) -> int:
        return notification.failed

    @admin.display(description=_("pending"))
    def pending(self, notification: Notification) -> int:
        return notification.pending

    def has_restart_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("notifications.restart_notification")

    @admin.action(description=_("Restart fan-out of selected notifications"), permissions=["restart"])
    def restart(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        queued = 0
        for notification in queryset:
            queued += services.restart_fanout(notification, actor=request.user)
        self.message_user(request, _("%(count)d chunks queued.") % {"count": queued}, messages.SUCCESS)


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "created_at", "confirmed_at", "unsubscribed_at", "urgent_alerts", "area_alerts",
                    "new_cases", "community_posts")  # fmt: skip
    list_filter = ("urgent_alerts", "area_alerts", "new_cases", "community_posts", "language")
    fields = ("created_at", "confirmed_at", "unsubscribed_at", "urgent_alerts", "area_alerts", "new_cases",
              "community_posts", "language")  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # only the address's owner subscribes, through the confirmation link

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
