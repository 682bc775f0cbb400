"""The library's allow-listed search and filters (django-filter, rendered by crispy-forms)."""

import django_filters
from crispy_forms.layout import HTML, Div, Submit
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.selectors import unit_choices, unit_subtree_ids
from ideas.models import Topic
from ideas.search import QUERY_MAX_LENGTH, search_q
from thiduaportal.lists import ListFilter, filter_helper

from .models import Level
from .selectors import published_years

NARROWING = ("q", "topic", "unit", "level", "year")


class PracticeFilter(ListFilter):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        max_length=QUERY_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. dat dai mot cua")}),
    )
    topic = django_filters.ChoiceFilter(label=_("Topic"), choices=Topic.choices)
    unit = django_filters.ChoiceFilter(label=_("Unit (with sub-units)"), method="filter_unit")
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Level.choices)
    year = django_filters.TypedChoiceFilter(label=_("Year"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].extra["choices"] = unit_choices()
        self.filters["year"].extra["choices"] = [(year, str(year)) for year in published_years()]
        self.form.helper = filter_helper(
            Div(
                Div("q", css_class="col-12 col-lg-9"),
                Div(Submit("", _("Search")), css_class="col-12 col-lg-3 d-grid mb-3"),
                css_class="row g-2 align-items-end",
            ),
            HTML(
                "<details{% if filter.is_narrowed %} open{% endif %}>"
                + format_html('<summary class="mb-2">{}</summary>', _("Filter by topic, unit, level or year"))
            ),
            Div(
                *(
                    Div(name, css_class="col-12 col-md-6 col-lg-3")
                    for name in ("topic", "unit", "level", "year")
                ),
                css_class="row g-2",
            ),
            HTML(
                format_html(
                    '<div class="mb-2"><button type="submit" class="{}">{}</button></div>',
                    "btn btn-outline-primary",
                    _("Apply filters"),
                )
            ),
            HTML("</details>"),
            label=_("Search the library"),
        )

    @property
    def is_narrowed(self) -> bool:
        return any(self.data.get(name) for name in NARROWING) if self.is_bound else False

    def filter_q(self, qs, name, value):
        return qs.filter(search_q(value))

    def filter_unit(self, qs, name, value):
        return qs.filter(unit_id__in=unit_subtree_ids(int(value))) if value else qs

    def ordered(self):
        return self.qs.order_by("-published_at", "-pk")
