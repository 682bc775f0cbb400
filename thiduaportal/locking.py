"""Optimistic locking for edit forms (docs/domain.md, "Two people editing the same thing").

An edit form carries the version it was opened at (the row's `updated_at`, as a number in a hidden
field). The service compares it with the row it has locked: when someone saved in between, the save
is refused with `StaleEdit`, and the form is shown again with both versions, the saved one and the
person's own, and with the new version in its hidden field: saving again replaces theirs knowingly.
Nothing is overwritten silently.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Model
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def version_of(obj: Any) -> str:
    """The row's version: its last save in microseconds (exact, whatever the database returns)."""
    return str((obj.updated_at - _EPOCH) // datetime.timedelta(microseconds=1))


class StaleEdit(Exception):
    """The row was saved by someone else since the form was opened."""

    def __init__(self, obj: Any) -> None:
        self.saved_at = obj.updated_at
        self.version = version_of(obj)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return _(
            "Someone else saved this at %(time)s, after you opened it. Nothing was overwritten: "
            "your version is kept in the form and theirs is shown beside it. Check both, then save "
            "again to replace theirs."
        ) % {"time": date_format(timezone.localtime(self.saved_at), "H:i")}


def check_version(obj: Any, version: str | None) -> None:
    """Refuses a save from a form opened at another version (None: not from a form, no check)."""
    if version is not None and version != version_of(obj):
        raise StaleEdit(obj)


class VersionField(forms.CharField):
    """The hidden field an edit form carries its version in."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


def posted_version(form: forms.BaseForm) -> str | None:
    """The version the form was opened at; None for a form that was opened without one."""
    return form.cleaned_data.get("version") or None


@dataclass(frozen=True)
class Difference:
    label: str
    theirs: str
    yours: str


def _shown(field: forms.Field, value: Any) -> str:
    if value in (None, "", [], ()):
        return "—"
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, Iterable) and not isinstance(value, str):
        return ", ".join(sorted(str(item) for item in value)) or "—"
    if isinstance(value, datetime.date):
        return date_format(value, "d/m/Y")
    choices = dict(getattr(field, "choices", None) or ())
    if not isinstance(field, forms.ModelChoiceField) and value in choices:
        return str(choices[value])
    return str(value)


def _key(value: Any) -> Any:
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, Iterable) and not isinstance(value, str):
        return sorted(_key(item) for item in value)
    return "" if value is None else value


def show_conflict(form: forms.BaseForm, stale: StaleEdit, theirs: Mapping[str, Any]) -> list[Difference]:
    """Puts the refusal on the form, moves its version to the saved one and returns the fields
    where the saved version (`theirs`, by field name) and the person's differ."""
    form.add_error(None, stale.message)
    data = form.data.copy() if isinstance(form.data, QueryDict) else dict(form.data)
    data["version"] = stale.version
    form.data = data
    differences = []
    for name, value in theirs.items():
        field = form.fields[name]
        yours = form.cleaned_data.get(name)
        if _key(value) != _key(yours):
            differences.append(Difference(str(field.label), _shown(field, value), _shown(field, yours)))
    return differences
