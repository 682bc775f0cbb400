"""Reading a record table (CSV or XLSX) and turning each row into field values, without the database.

One table holds every kind of entry; a row names its kind, its subject (a person's username or a
unit's code) and fills the columns its kind uses. Codes are matched without case, accents or
punctuation, so "CSTĐCS", "cstdcs" and "HTXSNV" all work.
"""

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import (
    AwardCategory,
    AwardForm,
    InitiativeLevel,
    Rating,
    RestrictionKind,
    Title,
)

COLUMNS = (
    "kind",
    "username",
    "unit_code",
    "year",
    "code",
    "category",
    "decision_number",
    "decision_date",
    "issuer",
    "period_from",
    "period_to",
    "title",
    "start",
    "end",
    "used_for",
    "source",
)
MAX_ROWS = 20000


class ImportFileError(Exception):
    """The file cannot be read as a table (not the rows' content: those are named one by one)."""


def squash(value: str) -> str:
    """Lower-case ASCII letters and digits only: "CSTĐ TP" -> "cstdtp", "Công trạng" -> "congtrang"."""
    text = unicodedata.normalize("NFD", str(value or "")).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]", "", text)


def _lookup(choices, aliases=None) -> dict[str, str]:
    table = {squash(code): code for code in choices.values}
    table.update({squash(alias): code for alias, code in (aliases or {}).items()})
    return table


CODES = {
    "rating": _lookup(Rating),
    "title": _lookup(Title),
    "award": _lookup(AwardForm),
    "initiative": _lookup(
        InitiativeLevel, {"cơ sở": "grassroots", "thành phố": "city", "toàn quốc": "national"}
    ),
    "restriction": _lookup(
        RestrictionKind, {"kỷ luật": "discipline", "điều tra": "investigation", "khiếu nại": "complaint"}
    ),
}
CATEGORIES = _lookup(
    AwardCategory,
    {
        "công trạng": "merit",
        "chuyên đề": "thematic",
        "phong trào thi đua theo chuyên đề": "thematic",
        "đột xuất": "sudden",
        "quá trình cống hiến": "contribution",
        "niên hạn": "seniority",
        "đối ngoại": "foreign",
    },
)

# Which column each model field is read from, per kind (also used to name columns in errors).
COLUMN_OF = {
    "rating": {"year": "year", "rating": "code", "source": "source"},
    "title": {
        "year": "year",
        "title": "code",
        "decision_number": "decision_number",
        "decision_date": "decision_date",
        "issuer": "issuer",
        "source": "source",
    },
    "award": {
        "form": "code",
        "category": "category",
        "issuer": "issuer",
        "decision_number": "decision_number",
        "decision_date": "decision_date",
        "period_from": "period_from",
        "period_to": "period_to",
        "summary": "title",
        "source": "source",
    },
    "initiative": {
        "title": "title",
        "level": "code",
        "authority": "issuer",
        "decision_number": "decision_number",
        "decision_date": "decision_date",
        "used_for": "used_for",
        "source": "source",
    },
    "restriction": {"kind": "code", "detail": "title", "start": "start", "end": "end", "source": "source"},
}
REQUIRED = {
    "rating": ("year", "code"),
    "title": ("year", "code", "decision_number", "decision_date"),
    "award": ("code", "category", "issuer", "decision_number", "decision_date"),
    "initiative": ("title", "code", "issuer", "decision_number", "decision_date"),
    "restriction": ("code", "start"),
}
# The natural key of each kind: a row with the same subject and these fields updates that entry.
NATURAL_KEY = {
    "rating": ("year",),
    "title": ("year", "title"),
    "award": ("form", "decision_number"),
    "initiative": ("title", "level"),
    "restriction": ("kind", "start"),
}
DATE_FIELDS = {"decision_date", "start", "end"}
YEAR_FIELDS = {"year", "period_from", "period_to"}
CODE_FIELDS = {"rating", "form", "level", "kind"}


@dataclass
class Row:
    line: int
    kind: str = ""
    username: str = ""
    unit_code: str = ""
    values: dict = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple:
        return tuple(self.values.get(name) for name in NATURAL_KEY[self.kind])


def parse_date(value: str) -> datetime.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueError(value)


def normalise(line: int, raw: dict) -> Row:
    """One table row as model field values, or the reasons it cannot be."""
    cells = {name: str(raw.get(name) or "").strip() for name in COLUMNS}
    row = Row(line=line, username=cells["username"], unit_code=cells["unit_code"])
    kind = squash(cells["kind"])
    if kind not in COLUMN_OF:
        row.reasons.append(
            _("kind must be one of: %(kinds)s") % {"kinds": ", ".join(COLUMN_OF)}
            if kind
            else _("kind is empty")
        )
        return row
    row.kind = kind
    if bool(row.username) == bool(row.unit_code):
        row.reasons.append(_("fill exactly one of username (a person) and unit_code (a collective)"))
    if not cells["source"]:
        row.reasons.append(_("source is empty: name the document this comes from"))
    for column in REQUIRED[kind]:
        if not cells[column]:
            row.reasons.append(_("%(column)s is empty") % {"column": column})
    for name, column in COLUMN_OF[kind].items():
        text = cells[column]
        if not text:
            row.values[name] = None if (name in DATE_FIELDS or name in YEAR_FIELDS) else ""
            continue
        if name in DATE_FIELDS:
            try:
                row.values[name] = parse_date(text)
            except ValueError:
                row.reasons.append(
                    _("%(column)s is not a date (use YYYY-MM-DD or DD/MM/YYYY)") % {"column": column}
                )
        elif name in YEAR_FIELDS:
            if text.isdigit() and 1900 <= int(text) <= 2100:
                row.values[name] = int(text)
            else:
                row.reasons.append(_("%(column)s is not a year") % {"column": column})
        elif name in CODE_FIELDS or (kind == "title" and name == "title"):
            code = CODES[kind].get(squash(text))
            if code is None:
                row.reasons.append(
                    _("%(column)s “%(value)s” is not one of: %(codes)s")
                    % {
                        "column": column,
                        "value": text[:40],
                        "codes": ", ".join(sorted(set(CODES[kind].values()))),
                    }
                )
            row.values[name] = code
        elif name == "category":
            code = CATEGORIES.get(squash(text))
            if code is None:
                row.reasons.append(
                    _("category “%(value)s” is not one of: %(codes)s")
                    % {"value": text[:40], "codes": ", ".join(AwardCategory.values)}
                )
            row.values[name] = code
        else:
            row.values[name] = text
    return row


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header(names) -> list[str]:
    header = [squash_header(name) for name in names]
    known = set(COLUMNS)
    unknown = [name for name in header if name and name not in known]
    if unknown:
        raise ImportFileError(_("unknown column(s): %(columns)s") % {"columns": ", ".join(unknown)})
    missing = [name for name in ("kind", "source") if name not in header]
    if missing or not {"username", "unit_code"} & set(header):
        raise ImportFileError(
            _("missing column(s): %(columns)s") % {"columns": ", ".join(missing or ["username / unit_code"])}
        )
    return header


def squash_header(name) -> str:
    return re.sub(r"[^a-z0-9_]", "", str(name or "").strip().lower())


def _read_csv(handle) -> list[list]:
    return list(csv.reader(io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")))


def _read_xlsx(handle) -> list[list]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError) as error:
        raise ImportFileError(_("cannot read the file as a workbook")) from error
    try:
        return [list(values) for values in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_table(handle, filename: str) -> list[tuple[int, dict]]:
    """(line number, row) pairs from a CSV (UTF-8) or XLSX file's first sheet; the header is line 1."""
    name = filename.lower()
    if not name.endswith((".csv", ".xlsx")):
        raise ImportFileError(_("the file must be .csv or .xlsx"))
    try:
        lines = _read_csv(handle) if name.endswith(".csv") else _read_xlsx(handle)
    except (OSError, UnicodeDecodeError, csv.Error, ValueError) as error:
        raise ImportFileError(_("cannot read the file: %(error)s") % {"error": error}) from error
    if not lines:
        raise ImportFileError(_("the file is empty"))
    header = _header(lines[0])
    rows = []
    for number, values in enumerate(lines[1:], start=2):
        cells = [_cell(v) for v in values]
        if not any(cells):
            continue
        rows.append(
            (
                number,
                {column: cells[i] if i < len(cells) else "" for i, column in enumerate(header) if column},
            )
        )
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("more than %(max)d rows: split the file") % {"max": MAX_ROWS})
    return rows
