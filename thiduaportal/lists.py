"""What every list page shares: its allow-listed filters (django-filter) that say which values they
ignored, and its pages."""

from typing import Any

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import Promise

PAGE_SIZE = 25


class ListFilter(django_filters.FilterSet):
    """Filters whose invalid values are left out (the list shows everything they would have
    narrowed) and named above the list (templates/includes/filter_errors.html), never a 500 and
    never silently."""

    def value(self, name: str) -> Any:
        """A filter's valid value: None when it is absent or invalid."""
        if not self.is_bound:
            return None
        self.form.is_valid()
        return self.form.cleaned_data.get(name)


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
