from django.contrib import admin

from .models import Council, Criterion, Membership


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    """Criteria, weights, thresholds and the quorum are data the committee edits here."""

    list_display = ["name", "kind", "unit", "default_threshold", "quorum"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [CriterionInline, MembershipInline]
