from django.contrib import admin

from .models import AwardType, Nomination, NominationEvent


@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "authority", "rank", "eligibility"]
    ordering = ["rank"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request, obj=None):
        # The code is what the workflow and the exports key on: fixed once created.
        return ["code"] if obj else []


class NominationEventInline(admin.TabularInline):
    model = NominationEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ("created_at", "actor", "action", "from_status", "to_status", "comment")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    """Read-only: every change goes through the portal's workflow, which writes its event."""

    list_display = ["pk", "award_type", "nominee", "nominee_unit", "proposing_unit", "phase", "status"]
    list_filter = ["phase", "award_type", "status"]
    list_select_related = ["award_type", "nominee", "nominee_unit", "proposing_unit", "phase"]
    search_fields = ["nominee__full_name", "nominee_unit__name"]
    inlines = [NominationEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
