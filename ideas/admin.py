"""Read-mostly admin: status changes go through the services, never through the admin form."""

from django.contrib import admin

from .models import Idea, IdeaAttachment, IdeaEvent, Invitation, ProgressReport


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    model = IdeaEvent
    fields = readonly_fields = ("created_at", "actor", "action", "from_status", "to_status", "comment")


class InvitationInline(ReadOnlyInline):
    model = Invitation
    fk_name = "idea"
    fields = readonly_fields = ("person", "invited_by", "answer", "created_at", "answered_at")


class AttachmentInline(ReadOnlyInline):
    model = IdeaAttachment
    fields = readonly_fields = (
        "original_name",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
        "removed_at",
    )


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "unit", "author", "phase", "submitted_at"]
    list_filter = ["status", "topic", "phase"]
    search_fields = ["search_text"]
    list_select_related = ["unit", "author", "phase"]
    raw_id_fields = ["author", "co_authors", "unit"]
    readonly_fields = [
        "status",
        "unit",
        "author",
        "phase",
        "submitted_at",
        "result_assessment",
        "recognition_level",
        "recognition_decision_number",
        "recognition_decision_date",
        "created_at",
        "updated_at",
    ]
    inlines = [InvitationInline, AttachmentInline, EventInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["idea", "author", "created_at"]
    raw_id_fields = ["idea", "author"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
