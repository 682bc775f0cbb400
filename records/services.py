"""Every write to a record: enter, change, remove (a mark with its reason, never a deletion) and
import. Each runs in one transaction and writes its `RecordChange` row."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit, User
from accounts.services import ImportResult
from thiduaportal.locking import check_version

from . import imports, permissions
from .models import ENTRY_MODELS, Entry, RecordChange


def _json(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _values(entry: Entry) -> dict[str, Any]:
    return {name: _json(getattr(entry, name)) for name in entry.FIELDS}


def _subject_fields(subject: User | Unit) -> dict[str, User | Unit]:
    return {"unit": subject} if isinstance(subject, Unit) else {"person": subject}


def _not_in_future(entry: Entry, today: datetime.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name in ("decision_date",):
        value = getattr(entry, name, None)
        if value and value > today:
            errors.setdefault(name, []).append(_("The date cannot be in the future."))
    for name in ("year", "period_to"):
        value = getattr(entry, name, None)
        if value and value > today.year:
            errors.setdefault(name, []).append(_("The year cannot be in the future."))
    year, decided = getattr(entry, "year", None), getattr(entry, "decision_date", None)
    if year and decided and decided.year < year:
        errors.setdefault("decision_date", []).append(_("A title is decided in its year or later."))
    return errors


def _validate(entry: Entry, today: datetime.date) -> None:
    errors = _not_in_future(entry, today)
    try:
        entry.full_clean(exclude=["entered_by", "removed_by"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _log(
    entry: Entry, kind: str, action: str, by: User, changes: dict[str, list[Any]], reason: str = ""
) -> None:
    RecordChange.objects.create(
        kind=kind,
        entry_id=entry.pk,
        person_id=entry.person_id,
        unit_id=entry.unit_id,
        action=action,
        changes=changes,
        reason=reason,
        by=by,
    )


def _save_new(entry: Entry, kind: str, by: User) -> None:
    try:
        with transaction.atomic():
            entry.save()
            _log(
                entry,
                kind,
                RecordChange.Action.CREATED,
                by,
                {k: [None, v] for k, v in _values(entry).items()},
            )
    except IntegrityError:
        # Someone entered the same thing a moment earlier: the constraint that validation checked holds.
        raise ValidationError(
            {NON_FIELD_ERRORS: [_("The same entry was just recorded by someone else.")]}
        ) from None


def entry_create(
    *, kind: str, subject: User | Unit, by: User, data: dict[str, Any], today: datetime.date
) -> Entry:
    """Enters one row in the record of a person or unit `by` may edit; logs it."""
    model = ENTRY_MODELS[kind]
    if not permissions.may_edit(by, subject):
        raise PermissionDenied
    entry: Entry = model(
        **_subject_fields(subject), entered_by=by, **{k: v for k, v in data.items() if k in model.FIELDS}
    )
    _validate(entry, today)
    _save_new(entry, kind, by)
    return entry


def _locked(kind: str, entry_id: int) -> Entry:
    try:
        entry: Entry = (
            ENTRY_MODELS[kind].objects.select_for_update().get(pk=entry_id, removed_at__isnull=True)
        )
    except ENTRY_MODELS[kind].DoesNotExist:
        raise ValidationError(_("This entry was removed in the meantime.")) from None
    return entry


def entry_update(
    *,
    kind: str,
    entry_id: int,
    by: User,
    data: dict[str, Any],
    today: datetime.date,
    version: str | None = None,
) -> Entry:
    """Changes the fields of a row `by` may edit; logs the differences (nothing when nothing changed).
    `version` is the version the form was opened at: a save over someone else's later save is
    refused (thiduaportal.locking)."""
    with transaction.atomic():
        entry = _locked(kind, entry_id)
        if not permissions.may_edit(by, entry.subject):
            raise PermissionDenied
        check_version(entry, version)
        before = _values(entry)
        for name in entry.FIELDS:
            if name in data:
                setattr(entry, name, data[name])
        after = _values(entry)
        changes = {name: [before[name], after[name]] for name in entry.FIELDS if before[name] != after[name]}
        if not changes:
            return entry
        _validate(entry, today)
        try:
            with transaction.atomic():
                entry.save(update_fields=[*changes, "updated_at"])
        except IntegrityError:
            raise ValidationError(
                {NON_FIELD_ERRORS: [_("The same entry was just recorded by someone else.")]}
            ) from None
        _log(entry, kind, RecordChange.Action.UPDATED, by, changes)
    return entry


def entry_remove(*, kind: str, entry_id: int, by: User, reason: str) -> Entry:
    """Marks a row as removed with the reason (it stays in the database and in the history)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the entry is removed.")]})
    with transaction.atomic():
        entry = _locked(kind, entry_id)
        if not permissions.may_edit(by, entry.subject):
            raise PermissionDenied
        entry.removed_at, entry.removed_by, entry.removal_reason = timezone.now(), by, reason[:500]
        entry.save(update_fields=["removed_at", "removed_by", "removal_reason", "updated_at"])
        removed = {name: [value, None] for name, value in _values(entry).items()}
        _log(entry, kind, RecordChange.Action.REMOVED, by, removed, reason=reason[:500])
    return entry


@dataclass
class _Step:
    kind: str
    entry: Entry
    existing: bool
    changes: dict[str, list[Any]]


def _import_subjects(rows: list[imports.Row]) -> tuple[dict[str, User], dict[str, Unit]]:
    people = User.objects.select_related("unit").filter(username__in={r.username for r in rows if r.username})
    units = Unit.objects.select_related("parent").filter(code__in={r.unit_code for r in rows if r.unit_code})
    return {u.username: u for u in people}, {u.code: u for u in units}


def _existing_entries(
    rows: list[imports.Row], people: dict[str, User], units: dict[str, Unit]
) -> dict[tuple[Any, ...], Entry]:
    """The entries the rows may update, by (kind, subject key, natural key): one query per kind."""
    found: dict[tuple[Any, ...], Entry] = {}
    for kind in {r.kind for r in rows}:
        model = ENTRY_MODELS[kind]
        for entry in model.objects.filter(
            Q(person__in=people.values()) | Q(unit__in=units.values()), removed_at__isnull=True
        ):
            subject = ("unit", entry.unit_id) if entry.unit_id else ("person", entry.person_id)
            key = tuple(getattr(entry, name) for name in imports.NATURAL_KEY[kind])
            found[(kind, subject, key)] = entry
    return found


def _plan_row(
    row: imports.Row, subject: User | Unit, existing: Entry | None, by: User, today: datetime.date
) -> _Step:
    if existing is None:
        entry = ENTRY_MODELS[row.kind](**_subject_fields(subject), entered_by=by, **row.values)
        _validate(entry, today)
        return _Step(row.kind, entry, existing=False, changes={})
    before = _values(existing)
    for name, value in row.values.items():
        setattr(existing, name, value)
    after = _values(existing)
    changes = {name: [before[name], after[name]] for name in existing.FIELDS if before[name] != after[name]}
    if changes:
        _validate(existing, today)
    return _Step(row.kind, existing, existing=True, changes=changes)


def records_import(*, rows: list[tuple[int, dict[str, Any]]], by: User, today: datetime.date) -> ImportResult:
    """Enters or updates record rows from a table (`imports.COLUMNS`), matched by natural key.

    Validates every row first (shape, references, permission, the same checks as the forms); if any
    row is bad nothing is written and the result names each bad row and why. Running it again with
    the same rows changes nothing.
    """
    result = ImportResult()
    parsed = [imports.normalise(line, raw) for line, raw in rows]
    people, units = _import_subjects([r for r in parsed if r.kind])
    existing = _existing_entries([r for r in parsed if r.kind], people, units)
    seen: dict[tuple[Any, ...], int] = {}
    steps = []
    for row in parsed:
        subject = people.get(row.username) if row.username else units.get(row.unit_code)
        if row.kind and (row.username or row.unit_code) and subject is None:
            row.reasons.append(
                _("username %(name)s is not a known person") % {"name": row.username}
                if row.username
                else _("unit_code %(code)s is not a known unit") % {"code": row.unit_code}
            )
        if subject is not None and not permissions.may_edit(by, subject):
            row.reasons.append(_("you may not enter the record of %(subject)s") % {"subject": subject})
        if row.reasons or subject is None:  # a row without a subject always has a reason
            result.errors.extend((row.line, reason) for reason in row.reasons)
            continue
        subject_key = ("unit", subject.pk) if isinstance(subject, Unit) else ("person", subject.pk)
        natural = (row.kind, subject_key, row.key)
        if natural in seen:
            result.errors.append(
                (row.line, _("the same entry is already on line %(line)d") % {"line": seen[natural]})
            )
            continue
        seen[natural] = row.line
        try:
            steps.append(_plan_row(row, subject, existing.get(natural), by, today))
        except ValidationError as error:
            columns = imports.COLUMN_OF[row.kind]
            for name, messages in error.message_dict.items():
                label = columns.get(name, "")
                result.errors.extend((row.line, f"{label}: {m}" if label else m) for m in messages)
    if result.errors:
        return result
    with transaction.atomic():
        for step in steps:
            if not step.existing:
                _save_new(step.entry, step.kind, by)
                result.created += 1
            elif step.changes:
                step.entry.save(update_fields=[*step.changes, "updated_at"])
                _log(step.entry, step.kind, RecordChange.Action.UPDATED, by, step.changes)
                result.updated += 1
            else:
                result.unchanged += 1
    return result
