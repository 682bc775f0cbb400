"""Writes of units and people."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from axes.models import AccessAttempt
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Unit, User

UNIT_CSV_COLUMNS = ("code", "name", "parent_code", "valid_from", "valid_until", "successor_code")


@dataclass
class ImportResult:
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _parse_date(value: str) -> datetime.date | None:
    value = value.strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueError(value)


def _validate_unit_rows(rows: list[tuple[int, dict[str, str]]], result: ImportResult) -> list[dict[str, Any]]:
    existing = set(Unit.objects.values_list("code", flat=True))
    in_file: dict[str, int] = {}
    clean: list[dict[str, Any]] = []
    for line, row in rows:
        reasons: list[str] = []
        code = (row.get("code") or "").strip()
        name = (row.get("name") or "").strip()
        if not code:
            reasons.append(_("the code is empty"))
        elif len(code) > 50:
            reasons.append(_("the code is longer than 50 characters"))
        elif code in in_file:
            reasons.append(
                _("the code %(code)s is repeated (first on line %(line)s)")
                % {"code": code, "line": in_file[code]}
            )
        if not name:
            reasons.append(_("the name is empty"))
        elif len(name) > 255:
            reasons.append(_("the name is longer than 255 characters"))
        dates: dict[str, datetime.date | None] = {}
        for column in ("valid_from", "valid_until"):
            try:
                dates[column] = _parse_date(row.get(column) or "")
            except ValueError:
                reasons.append(
                    _("%(column)s is not a date (use YYYY-MM-DD or DD/MM/YYYY)") % {"column": column}
                )
                dates[column] = None
        if dates["valid_from"] and dates["valid_until"] and dates["valid_until"] < dates["valid_from"]:
            reasons.append(_("valid_until is before valid_from"))
        if code:
            in_file.setdefault(code, line)
        clean.append(
            {
                "line": line,
                "code": code,
                "name": name,
                "parent_code": (row.get("parent_code") or "").strip(),
                "successor_code": (row.get("successor_code") or "").strip(),
                **dates,
                "reasons": reasons,
            }
        )
    known = existing | set(in_file)
    parents = {entry["code"]: entry["parent_code"] for entry in clean if entry["code"]}
    for entry in clean:
        for column in ("parent_code", "successor_code"):
            ref = entry[column]
            if ref and ref not in known:
                entry["reasons"].append(
                    _("%(column)s %(code)s is not a known unit") % {"column": column, "code": ref}
                )
            if ref and ref == entry["code"]:
                entry["reasons"].append(_("%(column)s points to the unit itself") % {"column": column})
        # A cycle through the file's parents (the database's own tree has none).
        seen, node = {entry["code"]}, entry["parent_code"]
        while node and node in parents:
            if node in seen:
                entry["reasons"].append(_("the parent chain makes a loop"))
                break
            seen.add(node)
            node = parents[node]
    for entry in clean:
        for reason in entry["reasons"]:
            result.errors.append((entry["line"], reason))
    return clean


def units_import(*, rows: list[tuple[int, dict[str, str]]]) -> ImportResult:
    """Creates or updates units by code from (line number, CSV row) pairs.

    Validates every row first; if any row is bad nothing is written and the result lists why.
    Running it again with the same rows changes nothing.
    """
    result = ImportResult()
    clean = _validate_unit_rows(rows, result)
    if result.errors:
        return result
    with transaction.atomic():
        before = {
            u.code: (
                u.name,
                u.valid_from,
                u.valid_until,
                u.parent.code if u.parent else "",
                u.successor.code if u.successor else "",
            )
            for u in Unit.objects.select_related("parent", "successor").filter(
                code__in=[r["code"] for r in clean]
            )
        }
        for row in clean:
            if row["code"] not in before:
                Unit.objects.create(code=row["code"], name=row["name"])
        referenced = {r[c] for r in clean for c in ("code", "parent_code", "successor_code") if r[c]}
        by_code = {u.code: u for u in Unit.objects.select_for_update().filter(code__in=referenced)}
        for row in clean:
            wanted = (
                row["name"],
                row["valid_from"],
                row["valid_until"],
                row["parent_code"],
                row["successor_code"],
            )
            if row["code"] not in before:
                result.created += 1
            elif before[row["code"]] == wanted:
                result.unchanged += 1
                continue
            else:
                result.updated += 1
            unit = by_code[row["code"]]
            unit.name, unit.valid_from, unit.valid_until = row["name"], row["valid_from"], row["valid_until"]
            unit.parent = by_code[row["parent_code"]] if row["parent_code"] else None
            unit.successor = by_code[row["successor_code"]] if row["successor_code"] else None
            unit.full_clean(exclude=["head"], validate_unique=False)
            unit.save(update_fields=["name", "valid_from", "valid_until", "parent", "successor"])
    return result


def sign_in_failures_forget(*, username: str) -> int:
    """Forgets the recorded failed sign-ins of one username (after its sign-in or password reset);
    other usernames' failures from the same address stay. Returns how many records were removed."""
    count, _ = AccessAttempt.objects.filter(username=username).delete()
    return int(count)


RECOVERY_CODES = 10


class TwoStepError(Exception):
    """A two-step change that the person's current state does not allow; the message says why."""


def two_step_start(*, user: User) -> TOTPDevice:
    """Creates a new, unconfirmed authenticator key for the person (replacing an unfinished one).
    Refused while an authenticator is already confirmed: it must be turned off first."""
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
            raise TwoStepError(_("Two-step verification is already on. Turn it off first to change the app."))
        TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=False)


def two_step_confirm(*, device: TOTPDevice, code: str) -> list[str]:
    """Confirms the authenticator being set up with a code it shows, and issues a fresh set of
    single-use recovery codes, which are returned (shown once, then only counted)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, confirmed=False)
        if device.verify_token(code):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            return _recovery_codes_issue(device.user)
    # Raised after the transaction, so that django-otp's count of failures is kept.
    raise TwoStepError(
        _("The code is not correct. Check that your phone's clock is right and try the new code.")
    )


def two_step_recovery_codes_renew(*, user: User) -> list[str]:
    """Replaces the person's recovery codes (the old ones stop working) and returns the new ones."""
    with transaction.atomic():
        if not TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
            raise TwoStepError(_("Two-step verification is off."))
        return _recovery_codes_issue(user)


def _recovery_codes_issue(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def two_step_disable(*, user: User) -> None:
    """Removes the person's authenticator and recovery codes: signing in asks for the password only."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def two_step_verify(*, user: User, code: str) -> Any:
    """The device that accepts this code, or None. A six-digit code is checked against the
    authenticator app, anything else against the recovery codes (each works once). Both are
    throttled by django-otp: every failure doubles the wait before the next try is even checked."""
    code = "".join(code.split()).replace("-", "").lower()
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(code):
                return device
    return None
