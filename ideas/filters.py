"""The idea list's allow-listed filters and sort orders (django-filter; the form is written out in
ideas/includes/filter_form.html)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.selectors import unit_choices, unit_subtree_ids
from movement.models import Phase
from thiduaportal.fields import IdFilter
from thiduaportal.lists import ListFilter

from .models import Status, Topic
from .search import QUERY_MAX_LENGTH, search_q

SORTS = {
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
}
NARROWING = ("q", "status", "topic", "unit", "phase", "author")


class IdeaFilter(ListFilter):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        max_length=QUERY_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. dam nghi dam lam")}),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    topic = django_filters.ChoiceFilter(label=_("Topic"), choices=Topic.choices)
    # Plain (pk, name) choices, read in __init__: ~300 units as model instances cost more than the
    # rest of the page (docs/performance.md).
    unit = django_filters.ChoiceFilter(label=_("Unit (with sub-units)"), method="filter_unit")
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].extra["choices"] = unit_choices()

    @property
    def is_narrowed(self) -> bool:
        return any(self.data.get(name) for name in NARROWING) if self.is_bound else False

    def filter_q(self, qs, name, value):
        return qs.filter(search_q(value))

    def filter_unit(self, qs, name, value):
        return qs.filter(unit_id__in=unit_subtree_ids(int(value))) if value else qs

    def filter_sort(self, qs, name, value):
        return qs  # applied by ordered() so that an absent or unknown value falls back to the default

    def ordered(self):
        return self.qs.order_by(*SORTS[self.value("sort") or "newest"])
