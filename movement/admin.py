from django.contrib import admin

from .models import Deadline, Phase, PublicHoliday


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "start", "end")
    search_fields = ("code", "name")


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ("kind", "due_date", "phase", "unit", "title")
    list_filter = ("phase", "kind")
    list_select_related = ("phase", "unit")
    search_fields = ("title", "unit__name")
    autocomplete_fields = ("unit",)
    date_hierarchy = "due_date"


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name")
    date_hierarchy = "date"
