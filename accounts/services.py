"""Writes of units and people."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from axes.models import AccessAttempt
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Unit, UnitKind, UnitLineage, User

UNIT_CSV_COLUMNS = (
    "code",
    "name",
    "parent_code",
    "valid_from",
    "valid_until",
    "successor_code",
    "kind",
    "legal_personality",
)
YES, NO = {"1", "yes", "true", "có", "co", "x"}, {"0", "no", "false", "không", "khong"}


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


def _parse_successors(value: str) -> list[tuple[str, int | None]]:
    """ "P-A:60; P-B:40" → [("P-A", 60), ("P-B", 40)]; the first is the main successor."""
    successors: list[tuple[str, int | None]] = []
    for part in value.split(";"):
        part = part.strip()
        if not part:
            continue
        code, _sep, share = part.partition(":")
        share = share.strip()
        if share and not (share.isdigit() and 1 <= int(share) <= 100):
            raise ValueError(share)
        successors.append((code.strip(), int(share) if share else None))
    return successors


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
        try:
            successors = _parse_successors(row.get("successor_code") or "")
        except ValueError:
            reasons.append(_("a successor's share must be a whole percentage from 1 to 100 (CODE:60)"))
            successors = []
        if len({c for c, _share in successors}) != len(successors):
            reasons.append(_("a successor is named twice"))
        kind = (row.get("kind") or "").strip().lower() or None
        if kind is not None and kind not in UnitKind.values:
            reasons.append(
                _("kind %(kind)s is not one of %(kinds)s")
                % {"kind": kind, "kinds": ", ".join(UnitKind.values)}
            )
        legal_text = (row.get("legal_personality") or "").strip().lower()
        legal = True if legal_text in YES else False if legal_text in NO else None
        if legal_text and legal is None:
            reasons.append(_("legal_personality must be yes or no"))
        if code:
            in_file.setdefault(code, line)
        clean.append(
            {
                "line": line,
                "code": code,
                "name": name,
                "parent_code": (row.get("parent_code") or "").strip(),
                "successors": successors,
                "successor_code": successors[0][0] if successors else "",
                "kind": kind,
                "legal_personality": legal,
                **dates,
                "reasons": reasons,
            }
        )
    known = existing | set(in_file)
    parents = {entry["code"]: entry["parent_code"] for entry in clean if entry["code"]}
    for entry in clean:
        refs = [("parent_code", entry["parent_code"])] + [
            ("successor_code", c) for c, _s in entry["successors"]
        ]
        for column, ref in refs:
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
        codes = [r["code"] for r in clean]
        lineage: dict[str, list[tuple[str, int | None]]] = {}
        for edge in UnitLineage.objects.filter(predecessor__code__in=codes).order_by("pk"):
            lineage.setdefault(edge.predecessor.code, []).append((edge.successor.code, edge.share))
        before = {
            u.code: (
                u.name,
                u.valid_from,
                u.valid_until,
                u.parent.code if u.parent else "",
                u.kind,
                u.legal_personality,
                sorted(lineage.get(u.code, []), key=str),
                u.successor.code if u.successor else "",
            )
            for u in Unit.objects.select_related("parent", "successor").filter(code__in=codes)
        }
        for row in clean:
            if row["code"] not in before:
                Unit.objects.create(code=row["code"], name=row["name"])
        referenced = {r["code"] for r in clean} | {r["parent_code"] for r in clean if r["parent_code"]}
        referenced |= {code for r in clean for code, _share in r["successors"]}
        by_code = {u.code: u for u in Unit.objects.select_for_update().filter(code__in=referenced)}
        for row in clean:
            unit = by_code[row["code"]]
            kind = row["kind"] if row["kind"] is not None else unit.kind
            legal = (
                row["legal_personality"] if row["legal_personality"] is not None else unit.legal_personality
            )
            wanted = (
                row["name"],
                row["valid_from"],
                row["valid_until"],
                row["parent_code"],
                kind,
                legal,
                sorted(row["successors"], key=str),
                row["successor_code"],
            )
            if row["code"] not in before:
                result.created += 1
            elif before[row["code"]] == wanted:
                result.unchanged += 1
                continue
            else:
                result.updated += 1
            unit.name, unit.valid_from, unit.valid_until = row["name"], row["valid_from"], row["valid_until"]
            unit.parent = by_code[row["parent_code"]] if row["parent_code"] else None
            unit.successor = by_code[row["successor_code"]] if row["successor_code"] else None
            unit.kind, unit.legal_personality = kind, legal
            unit.full_clean(exclude=["head"], validate_unique=False)
            unit.save(
                update_fields=[
                    "name",
                    "valid_from",
                    "valid_until",
                    "parent",
                    "successor",
                    "kind",
                    "legal_personality",
                ]
            )
            unit_lineage_set(unit=unit, successors=[(by_code[c], share) for c, share in row["successors"]])
    return result


def unit_lineage_set(*, unit: Unit, successors: list[tuple[Unit, int | None]], note: str = "") -> None:
    """Names the units that received `unit`'s territory and staff (with their shares); the first is
    its main successor. An empty list: the unit was not replaced."""
    with transaction.atomic():
        wanted = {successor.pk: share for successor, share in successors}
        UnitLineage.objects.filter(predecessor=unit).exclude(successor_id__in=wanted).delete()
        for successor, share in successors:
            UnitLineage.objects.update_or_create(
                predecessor=unit,
                successor=successor,
                defaults={"share": share},
                create_defaults={"share": share, "note": note},
            )
        main = successors[0][0] if successors else None
        if unit.successor_id != (main.pk if main else None):
            unit.successor = main
            unit.save(update_fields=["successor"])


def unit_lineage_sync(*, unit: Unit) -> None:
    """After an edit in the admin: the main successor is part of the lineage, and a unit with a
    lineage has a main successor (the largest share)."""
    with transaction.atomic():
        if unit.successor_id:
            UnitLineage.objects.get_or_create(predecessor=unit, successor_id=unit.successor_id)
            return
        first = UnitLineage.objects.filter(predecessor=unit).order_by("-share", "pk").first()
        if first is not None:
            unit.successor_id = first.successor_id
            unit.save(update_fields=["successor"])


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
