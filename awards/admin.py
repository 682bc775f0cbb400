from django.contrib import admin

from . import services
from .models import AwardType, Nomination, NominationEvent, Round


@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "authority", "rank", "eligibility"]
    ordering = ["rank"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request, obj=None):
        # The code is what the workflow and the exports key on: fixed once created.
        return ["code"] if obj else []


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    """The committee manages the award rounds here; saving goes through services.round_save."""

    list_display = ["name", "code", "phase", "opens_on", "submission_due", "review_due"]
    list_filter = ["phase"]
    list_select_related = ["phase"]
    search_fields = ["code", "name"]
    filter_horizontal = ["award_types"]

    def get_readonly_fields(self, request, obj=None):
        # Nominations belong to the round: its phase stays (the service refuses the change too).
        return ["phase"] if obj is not None and obj.nominations.exists() else []

    def save_model(self, request, obj, form, change):
        # The award forms are set by the service together with the round (save_related skips them).
        services.round_save(by=request.user, round=obj, award_types=form.cleaned_data["award_types"])

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def has_delete_permission(self, request, obj=None):
        # A round that holds nominations is kept (PROTECT); an empty one may go.
        return super().has_delete_permission(request, obj) and (obj is None or not obj.nominations.exists())


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
