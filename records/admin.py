from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import RecordChange, Rule, RuleSet
from .predicates import PARAM_HINTS, REGISTRY


def _predicate_choices():
    return [(name, f"{spec.label} ({name})") for name, spec in REGISTRY.items()]


def _params_help() -> str:
    lines = []
    for name, spec in REGISTRY.items():
        params = ", ".join(
            f"{key}{'' if p.required else '?'}: {PARAM_HINTS[p.kind]}" for key, p in spec.params.items()
        )
        lines.append(f"{name} {{{params}}}")
    return " · ".join(lines)


class RuleForm(forms.ModelForm):
    predicate = forms.ChoiceField(label=_("check"), choices=_predicate_choices)

    class Meta:
        model = Rule
        fields = [
            "code",
            "award_code",
            "category",
            "subject",
            "route",
            "predicate",
            "params",
            "article",
            "severity",
            "confirmed",
            "note",
            "order",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["params"].help_text = _params_help()


def _may_change(request, rule_set) -> bool:
    """The law's sets change only with the law (superusers); the committee edits the movement's own."""
    return rule_set is None or rule_set.is_movement or request.user.is_superuser


class RuleInline(admin.StackedInline):
    model = Rule
    form = RuleForm
    extra = 0

    def has_add_permission(self, request, obj=None):
        return _may_change(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _may_change(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _may_change(request, obj) and super().has_delete_permission(request, obj)


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ["name", "jurisdiction", "effective_from", "effective_to", "is_movement", "confirmed"]
    list_filter = ["is_movement", "jurisdiction", "confirmed"]
    search_fields = ["code", "name"]
    inlines = [RuleInline]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["code"] if obj else []
        if not request.user.is_superuser:
            readonly.append("is_movement")
        return readonly

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return _may_change(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(RecordChange)
class RecordChangeAdmin(admin.ModelAdmin):
    """Read-only: the history is written by the services and never edited."""

    list_display = ["at", "by", "action", "kind", "entry_id", "person", "unit"]
    list_filter = ["action", "kind"]
    list_select_related = ["by", "person", "unit"]
    search_fields = ["person__full_name", "person__username", "unit__name", "by__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
