from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Unit, UnitLineage, User


class ActiveFilter(admin.SimpleListFilter):
    title = _("in force")
    parameter_name = "in_force"

    def lookups(self, request, model_admin):
        return [("yes", _("In force")), ("no", _("No longer in force"))]

    def queryset(self, request, queryset):
        from django.utils import timezone

        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.exclude(valid_until__lt=today)
        if self.value() == "no":
            return queryset.filter(valid_until__lt=today)
        return queryset


class TopLevelFilter(admin.SimpleListFilter):
    title = _("under")
    parameter_name = "under"

    def lookups(self, request, model_admin):
        return [(str(u.pk), u.name) for u in Unit.objects.filter(parent__parent__isnull=True)]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            from .selectors import unit_subtree_ids

            return queryset.filter(pk__in=unit_subtree_ids(int(self.value())))
        return queryset


class LineageInline(admin.TabularInline):
    """The units that received part of this unit's territory and staff."""

    model = UnitLineage
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ("successor",)
    verbose_name = _("receiving unit")
    verbose_name_plural = _("units that received its territory and staff")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "code",
        "kind",
        "legal_personality",
        "tree_path",
        "head",
        "valid_from",
        "valid_until",
        "successor",
    )
    list_select_related = ("parent__parent__parent", "head", "successor")
    list_filter = (ActiveFilter, TopLevelFilter, "kind", "legal_personality")
    search_fields = ("code", "name")
    autocomplete_fields = ("parent", "head", "deputies", "successor")
    ordering = ("parent__name", "name")
    inlines = [LineageInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.unit_lineage_sync(unit=form.instance)

    @admin.display(description=_("place in the tree"))
    def tree_path(self, unit):
        names, node = [], unit.parent
        while node is not None and len(names) < 3:
            names.append(node.name)
            node = node.parent if node.parent_id else None
        return " › ".join(reversed(names)) or "—"

    def has_delete_permission(self, request, obj=None):
        # Units are referenced by ideas, nominations and people; PROTECT guards it, this says it.
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "unit", "position", "category", "is_active")
    list_select_related = ("unit",)
    list_filter = ("category", "leader_or_manager", "groups", "is_active", "is_staff")
    search_fields = ("username", "full_name", "email", "unit__name")
    autocomplete_fields = ("unit",)
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (
            _("Profile"),
            {
                "fields": (
                    "full_name",
                    "unit",
                    "position",
                    "leader_or_manager",
                    "gender",
                    "birth_year",
                    "category",
                )
            },
        ),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (
            _("Profile"),
            {
                "fields": (
                    "full_name",
                    "email",
                    "unit",
                    "position",
                    "leader_or_manager",
                    "gender",
                    "birth_year",
                    "category",
                )
            },
        ),
    )
