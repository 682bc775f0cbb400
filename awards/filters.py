"""The nomination list's and the export's allow-listed filters (django-filter, rendered by
crispy-forms). `unit` means the unit with its sub-units, as proposer or nominee."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Submit
from django import forms
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from accounts.selectors import unit_subtree_ids
from ideas.search import QUERY_MAX_LENGTH, search_q
from movement.models import Phase
from thiduaportal.lists import ListFilter, filter_helper

from .models import AwardType, Status


class NominationFilter(ListFilter):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        max_length=QUERY_MAX_LENGTH,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name of the person or collective")}
        ),
    )
    phase = django_filters.ModelChoiceFilter(
        label=_("Phase"), queryset=Phase.objects.all(), to_field_name="code", empty_label=_("All")
    )
    award = django_filters.ModelChoiceFilter(
        label=_("Award type"),
        field_name="award_type",
        queryset=AwardType.objects.all(),
        to_field_name="code",
        empty_label=_("All"),
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=Unit.objects.all(), method="filter_unit", empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices, empty_label=_("All"))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.filters["unit"].queryset = units
        self.form.helper = self.helper()

    def helper(self) -> FormHelper:
        return filter_helper(
            Div(
                Div("q", css_class="col-12 col-md-4"),
                *(Div(name, css_class="col-6 col-md-2") for name in ("phase", "award", "unit", "status")),
                css_class="row g-2",
            ),
            Div(
                Submit("", _("Filter"), css_class="btn-secondary"),
                HTML(format_html('<a class="btn btn-link" href="?">{}</a>', _("Clear filters"))),
            ),
            label=_("Filter nominations"),
        )

    def filter_q(self, qs, name, value):
        return qs.filter(search_q(value))

    def filter_unit(self, qs, name, value):
        if value is None:
            return qs
        ids = unit_subtree_ids(value)
        return qs.filter(
            Q(proposing_unit_id__in=ids) | Q(nominee_unit_id__in=ids) | Q(nominee__unit_id__in=ids)
        )

    def described(self) -> dict[str, str]:
        """The filters in force, by their stable codes (for the export log)."""
        data = self.form.cleaned_data
        values = {name: data.get(name) for name in ("phase", "award", "unit", "status")}
        return {name: str(getattr(value, "code", value)) for name, value in values.items() if value}


class ExportFilter(NominationFilter):
    """The export's filters: the list's, without the search box, plus the file format. Unlike the
    list, an invalid value refuses the file (400): a list must hold exactly what was asked."""

    FORMATS = (("csv", "CSV"), ("xlsx", "XLSX"))
    # Without a status, the list holds what is proposed or decided; drafts, returned, rejected and
    # not conferred nominations only when that status is asked for.
    DEFAULT_STATUSES = (Status.SUBMITTED, Status.APPROVED, Status.CONFERRED, Status.CONFERRED_LOWER)
    format = django_filters.ChoiceFilter(label=_("Format"), choices=FORMATS, method="filter_format")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.filters["q"]
        del self.form.fields["q"]
        self.form.fields["status"].choices = [
            ("", _("Submitted, approved and conferred")),
            *Status.choices,
        ]

    def filter_queryset(self, queryset):
        qs = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            qs = qs.filter(status__in=self.DEFAULT_STATUSES)
        return qs

    def helper(self) -> FormHelper:
        return filter_helper(
            Div(
                *(Div(name, css_class="col-12 col-md-3") for name in ("phase", "award", "unit", "status")),
                css_class="row g-2",
            ),
            Div(Submit("", _("Show how many rows"), css_class="btn-secondary")),
        )

    def filter_format(self, qs, name, value):
        return qs  # chooses the file, not the rows

    def query_string(self) -> str:
        """The filters as a query string, for the download links (which add the format)."""
        if not self.is_bound:
            return ""
        query = self.data.copy()
        query.pop("format", None)
        return str(query.urlencode())

    @property
    def wants_file(self) -> bool:
        return self.is_bound and "format" in self.data

    def file_ready(self) -> bool:
        """Valid filters, a phase and a format; otherwise the form says what is missing."""
        if not self.is_valid():
            return False
        if not self.form.cleaned_data.get("phase"):
            self.form.add_error("phase", _("Choose the phase to export."))
        if not self.form.cleaned_data.get("format"):
            self.form.add_error("format", _("Choose CSV or XLSX."))
        return not self.form.errors
