from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.notifications.models import Notification
from portal.notifications.services import deliver_after_commit


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "language", "state", "attempts", "sent_at", "read_at"]
    list_filter = ["state", "kind", "language"]
    search_fields = ["recipient__email", "kind", "dedupe_key"]
    list_select_related = ["recipient"]
    readonly_fields = [field.name for field in Notification._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the selected failed or pending notifications again"))
    def retry(self, request, queryset):
        rows = list(queryset.exclude(state=Notification.State.SENT).values_list("pk", flat=True))
        Notification.objects.filter(pk__in=rows).exclude(state=Notification.State.SENT).update(
            state=Notification.State.PENDING, attempts=0
        )
        deliver_after_commit(rows)
        self.message_user(
            request,
            ngettext("%d notification queued again.", "%d notifications queued again.", len(rows)) % len(rows),
            messages.SUCCESS,
        )
