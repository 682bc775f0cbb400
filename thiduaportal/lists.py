"""What every list page shares: its allow-listed filters (django-filter) that say which values they
ignored, and its pages."""

from collections.abc import Iterator
from html import escape  # the standard library's: Django's lazy-aware escape costs 10x per option
from typing import Any

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

PAGE_SIZE = 25
BLANK_LABEL = "---------"  # Django's empty choice


class QuickSelect(forms.Select):
    """A <select> written in Python: the same HTML as Django's select templates (attributes, then one
    <option> per choice), without rendering two templates per option. A filter's unit list has ~300
    options; through the templates they cost about 45 ms of every list request
    (docs/performance.md). Grouped choices fall back to Django's rendering."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        chosen = set(self.format_value(value))
        rows = []
        for code, label in self.choices:
            if isinstance(label, list | tuple):
                return super().render(name, value, attrs, renderer)
            code = "" if code is None else str(code)
            if label == BLANK_LABEL:
                label = gettext("— Choose —")  # as templates/django/forms/widgets/select_option.html
            selected = " selected" if code in chosen else ""
            rows.append(f'<option value="{escape(code)}"{selected}>{escape(str(label))}</option>')
        options = mark_safe("\n".join(rows))  # each value and label escaped above
        return format_html(
            '<select name="{}"{}>\n{}\n</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )


class _OneQuery:
    """Model choices read with one plain query: Django's ModelChoiceIterator reads them through
    .iterator(), a server-side cursor on PostgreSQL (DECLARE, FETCH, CLOSE: three round trips)."""

    queryset: QuerySet[Any]

    def __iter__(self) -> Iterator[Any]:
        field = self.field  # type: ignore[attr-defined]
        if field.empty_label is not None:
            yield ("", field.empty_label)
        if getattr(field, "null_label", None) is not None:
            yield (field.null_value, field.null_label)
        for obj in self.queryset.all():
            yield self.choice(obj)  # type: ignore[attr-defined]


_ONE_QUERY: dict[type, type] = {}


def _one_query(iterator: type) -> type:
    if iterator not in _ONE_QUERY:
        _ONE_QUERY[iterator] = type(f"OneQuery{iterator.__name__}", (_OneQuery, iterator), {})
    return _ONE_QUERY[iterator]


class ListFilter(django_filters.FilterSet):
    """Filters whose invalid values are left out (the list shows everything they would have
    narrowed) and named above the list (templates/includes/filter_errors.html), never a 500 and
    never silently. Their drop-down lists are QuickSelects, their model choices read in one query."""

    def get_form_class(self) -> type[forms.Form]:
        form_class = super().get_form_class()
        for field in form_class.base_fields.values():
            if isinstance(field, forms.ModelChoiceField) and not issubclass(field.iterator, _OneQuery):
                field.iterator = _one_query(field.iterator)
            if type(field.widget) is forms.Select:
                field.widget = QuickSelect(attrs=field.widget.attrs)
            if hasattr(field, "choices"):
                field.widget.choices = field.choices
        return form_class

    def value(self, name: str) -> Any:
        """A filter's valid value: None when it is absent or invalid."""
        if not self.is_bound:
            return None
        self.form.is_valid()
        return self.form.cleaned_data.get(name)


def field_html(field: forms.BoundField) -> SafeString:
    """One filter field as crispy-forms' Bootstrap 5 pack writes it (label, control, errors, help),
    written in Python: a list's filter form through crispy's templates cost a fifth of a list
    request (docs/performance.md). Text inputs and drop-down lists only; hidden fields as such."""
    if field.is_hidden:
        return mark_safe(str(field))
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.FileInput):
        raise TypeError(f"field_html does not write {type(widget).__name__}")
    invalid = " is-invalid" if field.errors else ""
    kind = "form-select" if isinstance(widget, forms.Select) else "form-control"
    attrs: dict[str, str | bool] = {"class": f"{type(widget).__name__.lower()} {kind}{invalid}"}
    if field.errors:
        described = (
            f"{field.auto_id}_helptext {field.auto_id}_error" if field.help_text else f"{field.auto_id}_error"
        )
        attrs = {"aria-describedby": described, "aria-invalid": "true", **attrs}
    required = field.field.required
    label = format_html(
        '<label for="{}" class="form-label{}">{}{}</label>',
        field.id_for_label,
        " requiredField" if required else "",
        field.label,
        format_html(
            ' <span class="asteriskField" aria-hidden="true">*</span><span class="visually-hidden">{}</span>',
            gettext("(required)"),  # as templates/includes/required_mark.html
        )
        if required
        else "",
    )
    errors = (
        format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.auto_id,
            mark_safe(
                "".join(
                    format_html('<span id="error_{}_{}"><strong>{}</strong></span>', n, field.auto_id, error)
                    for n, error in enumerate(field.errors, 1)
                )
            ),
        )
        if field.errors
        else ""
    )
    help_text = (
        format_html('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, field.help_text)
        if field.help_text
        else ""
    )
    return format_html(
        '<div id="div_{}" class="mb-3">{} {}{}{}</div>',
        field.auto_id,
        label,
        field.as_widget(attrs=attrs),
        errors,
        help_text,
    )


def filter_helper(*fields: Any, label: str | Promise = "") -> FormHelper:
    """A list's filter form as crispy-forms renders it: GET, no CSRF token, in a card, announced to
    screen readers as a search when it has a label."""
    helper = FormHelper()
    helper.form_method = "get"
    helper.disable_csrf = True
    helper.form_class = "card card-body mb-3"
    if label:
        helper.attrs = {"role": "search", "aria-label": label}
    helper.layout = Layout(*fields)
    return helper


def page_context(
    request: HttpRequest, qs: QuerySet[Any], *, paginator_class: type[Paginator] = Paginator
) -> dict[str, Any]:
    """The page the request asks for, and the query string that keeps its filters on other pages."""
    page = paginator_class(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page_obj": page,
        "is_paginated": page.has_other_pages(),
        "query_string": query.urlencode(),
    }
