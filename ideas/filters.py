"""The idea list's allow-listed filters and sort orders."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from accounts.selectors import unit_subtree_ids
from movement.models import Phase
from thiduaportal.fields import IdFilter

from .models import Status, Topic
from .selectors import idea_search

SORTS = {
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
}


class IdeaFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    topic = django_filters.ChoiceFilter(label=_("Topic"), choices=Topic.choices)
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit (with sub-units)"), queryset=Unit.objects.only("pk", "name"), method="filter_unit"
    )
    phase = django_filters.ModelChoiceFilter(
        label=_("Phase"), queryset=Phase.objects.all(), to_field_name="code"
    )
    author = IdFilter(label=_("Author"), field_name="author_id", widget=forms.HiddenInput)
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="filter_sort",
        empty_label=None,
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("title", _("Title A–Z")),
            ("-title", _("Title Z–A")),
        ],
    )

    def filter_q(self, qs, name, value):
        return idea_search(qs, value)

    def filter_unit(self, qs, name, value):
        return qs.filter(unit_id__in=unit_subtree_ids(value)) if value else qs

    def filter_sort(self, qs, name, value):
        return qs  # applied by ordered() so that an absent or unknown value falls back to the default

    def ordered(self):
        qs = self.qs
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return qs.order_by(*SORTS.get(data.get("sort") or "newest", SORTS["newest"]))
