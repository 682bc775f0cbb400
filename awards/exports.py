"""The nomination list export (danh sách đề nghị khen thưởng), docs/urls.md.

A constant number of queries whatever the row count: one streamed query for the rows (a server-side
cursor on PostgreSQL), one for the linked ideas and one for the nominees' conferred awards, both
read once into small dictionaries. CSV streams line by line; XLSX uses openpyxl's write-only mode.
"""

import csv
import logging
import tempfile
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Q
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Nomination, Status
from .selectors import recognition_level_labels

HEADERS = [
    "STT",
    "Họ và tên / Tên tập thể",
    "Giới tính",
    "Năm sinh",
    "Chức vụ",
    "Đơn vị",
    "Hình thức khen thưởng",
    "Tóm tắt thành tích",
    "Sáng kiến liên quan",
    "Khen thưởng đã có",
    "Trạng thái",
    "Số quyết định",
    "Ngày quyết định",
]
CHUNK_SIZE = 2000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
logger = logging.getLogger("awards.exports")

# First characters that make a spreadsheet read a cell as a formula (after leading spaces).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise(value: str) -> str:
    """Prefix a would-be formula with an apostrophe (docs/urls.md, the export)."""
    if value and (value.startswith(("\t", "\r", "\n")) or value.lstrip(" ").startswith(FORMULA_STARTS)):
        return "'" + value
    return value


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


ROW_FIELDS = (
    "pk",
    "nominee_id",
    "nominee_unit_id",
    "nominee__full_name",
    "nominee__username",
    "nominee__gender",
    "nominee__birth_year",
    "nominee__position",
    "nominee__unit__name",
    "nominee_unit__name",
    "award_type__name",
    "achievements",
    "status",
    "decision_number",
    "decision_date",
)


def export_queryset(qs):
    """Sorted by award rank, then unit, then name (the nominee's unit, the person or collective)."""
    from django.db.models.functions import Coalesce

    return qs.annotate(
        _unit_name=Coalesce("nominee_unit__name", "nominee__unit__name"),
        _name=Coalesce("nominee_unit__name", "nominee__full_name"),
    ).order_by("award_type__rank", "_unit_name", "_name", "pk")


def _ideas_by_nomination(qs) -> dict[int, list[str]]:
    levels = recognition_level_labels()
    through = Nomination.ideas.through
    out: dict[int, list[str]] = defaultdict(list)
    rows = (
        through.objects.filter(nomination__in=qs.order_by().values("pk"))
        .values_list(
            "nomination_id", "idea__title", "idea__recognition_level", "idea__recognition_decision_number"
        )
        .order_by("nomination_id", "idea__title")
    )
    for nomination_id, title, level, number in rows.iterator(chunk_size=CHUNK_SIZE):
        parts = [title]
        if level:
            parts.append(str(levels.get(level, level)))
        if number:
            parts.append(number)
        out[nomination_id].append(" – ".join(parts))
    return out


def _conferred_by_nominee(qs) -> tuple[dict, dict]:
    """Conferred awards of the nominees in the export, keyed by person id and by unit id."""
    people = qs.order_by().filter(nominee__isnull=False).values("nominee_id")
    units = qs.order_by().filter(nominee_unit__isnull=False).values("nominee_unit_id")
    rows = (
        Nomination.objects.filter(status=Status.CONFERRED)
        .filter(Q(nominee_id__in=people) | Q(nominee_unit_id__in=units))
        .values_list(
            "pk", "nominee_id", "nominee_unit_id", "award_type__name", "decision_number", "decision_date"
        )
        .order_by("decision_date", "pk")
    )
    by_person: defaultdict[int, list[tuple]] = defaultdict(list)
    by_unit: defaultdict[int, list[tuple]] = defaultdict(list)
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        (by_person[row[1]] if row[1] else by_unit[row[2]]).append(row)
    return by_person, by_unit


def _earlier_text(row: dict, earlier) -> str:
    """The nominee's other conferred awards, decided before this one (if this one is decided)."""
    decided = row["decision_date"]
    return "; ".join(
        " – ".join(filter(None, [name, number, str(day.year) if day else ""]))
        for pk, _person, _unit, name, number, day in earlier
        if pk != row["pk"] and (decided is None or day is None or day <= decided)
    )


def export_rows(qs) -> Iterator[list[str]]:
    """The rows (without the header), as lists of plain strings, not yet neutralised."""
    ideas = _ideas_by_nomination(qs)
    by_person, by_unit = _conferred_by_nominee(qs)
    genders = {"male": _("Male"), "female": _("Female")}
    statuses = dict(Status.choices)
    rows = export_queryset(qs).values(*ROW_FIELDS)
    for number, row in enumerate(rows.iterator(chunk_size=CHUNK_SIZE), start=1):
        collective = row["nominee_unit_id"] is not None
        if collective:
            name, unit, earlier = row["nominee_unit__name"], row["nominee_unit__name"], by_unit
            gender = birth_year = position = ""
            key = row["nominee_unit_id"]
        else:
            name, unit, earlier = (
                row["nominee__full_name"] or row["nominee__username"],
                row["nominee__unit__name"],
                by_person,
            )
            gender = str(genders.get(row["nominee__gender"], ""))
            birth_year = str(row["nominee__birth_year"] or "")
            position = row["nominee__position"]
            key = row["nominee_id"]
        yield [
            str(number),
            name,
            gender,
            birth_year,
            position,
            unit or "",
            row["award_type__name"],
            row["achievements"],
            "; ".join(ideas.get(row["pk"], ())),
            _earlier_text(row, earlier.get(key, ())),
            str(statuses.get(row["status"], row["status"])),
            row["decision_number"],
            _date(row["decision_date"]),
        ]


class _Echo:
    def write(self, value):
        return value


def csv_stream(qs) -> Iterator[str]:
    """UTF-8 with BOM (Excel), the thirteen headers, then one line per nomination."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADERS)
    for row in export_rows(qs):
        yield writer.writerow([neutralise(cell) for cell in row])


WIDTHS = [6, 28, 10, 9, 22, 30, 30, 60, 45, 40, 16, 16, 14]


def xlsx_file(qs, *, title: str):
    """A temporary file holding the workbook (write-only mode: rows go to disk as they come).
    Every cell is a string, never a formula or a hyperlink."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, NamedStyle
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=_("Nominations")[:31])
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A3"
    # Named styles are resolved once for the workbook; a cell then only names its style.
    wrap = Alignment(wrap_text=True, vertical="top")
    for style in (
        NamedStyle(name="export-title", font=Font(bold=True, size=13)),
        NamedStyle(name="export-head", font=Font(bold=True), alignment=wrap),
        NamedStyle(name="export-body", alignment=wrap),
    ):
        wb.add_named_style(style)

    def cell(value, style):
        c = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value) if value else value)
        c.data_type = "s"  # never a formula, whatever the first character
        c.style = style
        return c

    ws.append([cell(title, "export-title")])
    ws.append([cell(header, "export-head") for header in HEADERS])
    for row in export_rows(qs):
        ws.append([cell(value, "export-body") for value in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    wb.save(handle)
    handle.seek(0)
    return handle


def export_title(data: dict) -> str:
    """The XLSX title row: the phase and the filters in force."""
    parts = [_("Nomination list – phase %(phase)s") % {"phase": data["phase"].code}]
    if data.get("award"):
        parts.append(_("award: %(award)s") % {"award": data["award"].name})
    if data.get("unit"):
        parts.append(_("unit: %(unit)s") % {"unit": data["unit"].name})
    if data.get("status"):
        parts.append(_("status: %(status)s") % {"status": Status(data["status"]).label})
    return "; ".join(str(part) for part in parts)


def export_response(filterset, qs, *, user):
    """The file the export's filters ask for, logged (who, format, filters), never cached."""
    data = filterset.form.cleaned_data
    fmt = data["format"]
    logger.info(
        "nomination export by %s: %s %s",
        user.username,
        fmt,
        filterset.described(),
        extra={"user": user.pk, "username": user.username, "format": fmt, "filters": filterset.described()},
    )
    name = f"de-nghi-khen-thuong_{data['phase'].code}_{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(csv_stream(qs), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        response = FileResponse(
            xlsx_file(qs, title=export_title(data)), as_attachment=True, filename=name, content_type=XLSX
        )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
