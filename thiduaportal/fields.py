"""Ids and numbers read from query strings, bounded by what the database can hold.

A value outside the range of a bigint primary key (or negative, or not a whole number) is a form
error with a message, never an integer overflow in SQL. Lists filter with `IdFilter`; forms use
`IdField`.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

# Every primary key is a BigAutoField (DEFAULT_AUTO_FIELD): a signed 64-bit integer.
MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    """A positive whole number that fits a primary key."""

    default_error_messages = {
        "invalid": _("This is not a valid identifier."),
        "min_value": _("This is not a valid identifier."),
        "max_value": _("This is not a valid identifier."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdFilter(django_filters.Filter):
    """Filters on a foreign key by id; an id the database cannot hold leaves the filter out with a
    form error instead of reaching SQL."""

    field_class = IdField
