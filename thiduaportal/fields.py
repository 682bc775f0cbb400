"""Form fields every app shares.

Ids and numbers read from query strings are bounded by what the database can hold: a value outside
the range of a bigint primary key (or negative, or not a whole number) is a form error with a
message, never an integer overflow in SQL. Lists filter with `IdFilter`; forms use `IdField`.

One-line text (titles, decision numbers, authorities, sources) is `SingleLineField` in every form:
control and invisible characters are stripped, so a title of a zero-width space is an empty title
(tests/test_guards.py holds every form to it).
"""

import unicodedata

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


# Characters nobody means to type into a one-line field: control characters (C0, C1, DEL) and the
# invisible format characters (zero-width spaces and joiners, bidirectional overrides, the byte-order
# mark, the soft hyphen), which make "empty" titles and decision numbers that differ unseen.
# A NUL is kept here so that Django's ProhibitNullCharactersValidator refuses it, as in every other field.
def _invisible(char: str) -> bool:
    return char != "\x00" and unicodedata.category(char) in ("Cc", "Cf")


def single_line(value: str) -> str:
    """One line of text as it is kept: line breaks and tabs become spaces, control and invisible
    characters go, runs of spaces become one, and the ends are trimmed."""
    kept = "".join(" " if char in "\t\n\r\v\f\x85\u2028\u2029" else char for char in value)
    kept = "".join(char for char in kept if not _invisible(char))
    return " ".join(kept.split())


def has_letter(value: str) -> bool:
    return any(unicodedata.category(char).startswith("L") for char in value)


class SingleLineField(forms.CharField):
    """The one field for one line of text (titles, decision numbers, authorities, sources…): its value
    is cleaned by `single_line`; `needs_letter` refuses a value without a letter (a title of dots,
    digits or invisible characters)."""

    def __init__(self, *, needs_letter: bool = False, **kwargs):
        kwargs.setdefault("strip", True)
        super().__init__(**kwargs)
        self.needs_letter = needs_letter

    def to_python(self, value):
        value = super().to_python(value)
        return single_line(value) if value not in self.empty_values else value

    def validate(self, value):
        super().validate(value)
        if value and self.needs_letter and not has_letter(value):
            raise forms.ValidationError(
                _("This must contain letters, not only digits or signs."), code="no_letter"
            )


def single_line_formfield(model_field, **kwargs):
    """A ModelForm's `formfield_callback`: every one-line text column gets a SingleLineField."""
    from django.db import models

    if type(model_field) is models.CharField and not model_field.choices:
        return model_field.formfield(form_class=SingleLineField, **kwargs)
    return model_field.formfield(**kwargs)
