from django.contrib import admin

from .models import DailyRun, Digest, Notification, ReminderLog


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "recipient", "kind", "created_at", "read_at", "email_state", "emailed_at")
    list_filter = ("kind", "email_state")
    list_select_related = ("recipient",)
    search_fields = ("title", "recipient__username", "recipient__full_name")
    raw_id_fields = ("recipient", "digest", "reminder")
    date_hierarchy = "created_at"


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ("day", "rule", "object_key", "person", "status", "sent_at", "reason")
    list_filter = ("status", "rule", "day")
    list_select_related = ("person",)
    search_fields = ("person__username", "person__full_name", "object_key")
    raw_id_fields = ("person", "digest")
    date_hierarchy = "day"


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ("day", "person", "status", "attempts", "sent_at", "reason")
    list_filter = ("status", "day")
    list_select_related = ("person",)
    search_fields = ("person__username", "person__full_name")
    raw_id_fields = ("person",)
    date_hierarchy = "day"


@admin.register(DailyRun)
class DailyRunAdmin(admin.ModelAdmin):
    list_display = ("day", "started_at", "finished_at", "reminders", "digests")
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
