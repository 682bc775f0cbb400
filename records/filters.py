"""The record lists' allow-listed filters; an invalid value is left out and named above the list."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from accounts.selectors import unit_subtree_ids
from thiduaportal.lists import ListFilter

from .selectors import with_status

STATUSES = [
    ("complete", _("Last five years rated")),
    ("missing", _("Ratings missing")),
    ("restricted", _("Discipline or hold in force")),
]


class _StatusFilter(ListFilter):
    status = django_filters.ChoiceFilter(label=_("Record status"), choices=STATUSES, method="filter_status")

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today


class PersonFilter(_StatusFilter):
    q = django_filters.CharFilter(label=_("Name or username"), method="filter_q", max_length=100)
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit (with sub-units)"), queryset=Unit.objects.none(), method="filter_unit"
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = units
        for field in self.form.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if hasattr(field, "choices") else "form-control"
            )

    def filter_q(self, qs, name, value):
        return qs.filter(Q(full_name__icontains=value) | Q(username__icontains=value)) if value else qs

    def filter_unit(self, qs, name, value):
        return qs.filter(unit_id__in=unit_subtree_ids(value)) if value else qs

    def filter_status(self, qs, name, value):
        return with_status(qs, value, self.today, field="person")


class UnitFilter(_StatusFilter):
    q = django_filters.CharFilter(label=_("Name or code"), method="filter_q", max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if hasattr(field, "choices") else "form-control"
            )

    def filter_q(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(code__icontains=value)) if value else qs

    def filter_status(self, qs, name, value):
        return with_status(qs, value, self.today, field="unit")
