"""The nomination list export (danh sách đề nghị khen thưởng), docs/urls.md.

A constant number of queries whatever the row count: one streamed query for the rows (a server-side
cursor on PostgreSQL), one for the linked ideas and one for the nominees' conferred awards, both
read once into small dictionaries. CSV streams line by line; XLSX uses openpyxl's write-only mode.
"""

import csv
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from copy import copy

from django.db.models import Q
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
    by_person, by_unit = defaultdict(list), defaultdict(list)
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        (by_person[row[1]] if row[1] else by_unit[row[2]]).append(row)
    return by_person, by_unit


def export_rows(qs) -> Iterator[list[str]]:
    """The rows (without the header), as lists of plain strings, not yet neutralised."""
    ideas = _ideas_by_nomination(qs)
    by_person, by_unit = _conferred_by_nominee(qs)
    qs = export_queryset(qs)
    genders = {"male": _("Male"), "female": _("Female")}
    statuses = dict(Status.choices)
    rows = qs.values_list(*ROW_FIELDS)
    for number, row in enumerate(rows.iterator(chunk_size=CHUNK_SIZE), start=1):
        (pk, nominee_id, unit_id, full_name, username, gender, birth_year, position, person_unit, unit_name,
         award, achievements, status, decision_number, decision_date) = row  # fmt: skip
        collective = unit_id is not None
        earlier = by_unit.get(unit_id, ()) if collective else by_person.get(nominee_id, ())
        earlier_text = "; ".join(
            " – ".join(filter(None, [a_name, a_number, str(a_date.year) if a_date else ""]))
            for a_pk, _p, _u, a_name, a_number, a_date in earlier
            if a_pk != pk and (decision_date is None or a_date is None or a_date <= decision_date)
        )
        yield [
            str(number),
            unit_name if collective else (full_name or username),
            "" if collective else str(genders.get(gender, "")),
            "" if collective or not birth_year else str(birth_year),
            "" if collective else position,
            unit_name if collective else (person_unit or ""),
            award,
            achievements,
            "; ".join(ideas.get(pk, ())),
            earlier_text,
            str(statuses.get(status, status)),
            decision_number,
            _date(decision_date),
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
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=_("Nominations")[:31])
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A3"
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)

    # Styles are resolved once: each cell gets a copy of a template's style array (hashing the
    # Alignment object for every cell costs a third of the export time).
    body = WriteOnlyCell(ws, value="")
    body.alignment = wrap
    head = WriteOnlyCell(ws, value="")
    head.alignment = wrap
    head.font = bold
    clean = ILLEGAL_CHARACTERS_RE.sub

    def cell(value, template):
        c = WriteOnlyCell(ws, value=clean("", value) if value else value)
        c.data_type = "s"  # never a formula, whatever the first character
        c._style = copy(template._style)
        return c

    title_cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", title))
    title_cell.data_type = "s"
    title_cell.font = Font(bold=True, size=13)
    ws.append([title_cell])
    ws.append([cell(header, head) for header in HEADERS])
    for row in export_rows(qs):
        ws.append([cell(value, body) for value in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    wb.save(handle)
    handle.seek(0)
    return handle
