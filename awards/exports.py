"""The nomination list export (danh sách đề nghị khen thưởng), docs/urls.md.

Section "I. Cá nhân" (individuals), then "II. Tập thể" (collectives); in each, by award rank, then
in Vietnamese collation (thiduaportal.collation: people by given name, then surname), numbered from 1.
The nominee's position and unit are those kept at submission.

A constant number of queries whatever the row count: one streamed query for the rows (a server-side
cursor on PostgreSQL), one for the linked ideas, one for the nominees' conferred awards and one for
the rule sets, each read once. The rows are sorted in Python (the database's collation is not
Vietnamese's). CSV streams line by line; XLSX uses openpyxl's write-only mode.
"""

import csv
import logging
import tempfile
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from records.models import AwardCategory, RuleSet
from thiduaportal.collation import person_key, vietnamese_key

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
    "Loại hình khen thưởng",
    "Căn cứ xét khen thưởng",
    "Đợt khen thưởng",
    "Tóm tắt thành tích",
    "Sáng kiến liên quan",
    "Khen thưởng đã có",
    "Trạng thái",
    "Kết quả của cấp trên",
    "Số quyết định / văn bản",
    "Ngày quyết định / văn bản",
]
SECTIONS = ("I. Cá nhân", "II. Tập thể")
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
    "nominee_position_at_submission",
    "nominee_unit_name_at_submission",
    "submitted_at",
    "created_at",
    "award_type__name",
    "award_type__rank",
    "category",
    "round__name",
    "achievements",
    "status",
    "outcome_reason",
    "conferred_award_type__name",
    "decision_number",
    "decision_date",
)


def sort_key(row: dict) -> tuple:
    """Section (people first), award rank, then the name in Vietnamese collation."""
    if row["nominee_unit_id"] is not None:
        return (1, row["award_type__rank"], vietnamese_key(row["nominee_unit__name"]), row["pk"])
    name = row["nominee__full_name"] or row["nominee__username"]
    return (0, row["award_type__rank"], person_key(name), row["pk"])


def export_queryset(qs):
    """The rows' values, in the database's order (export_rows sorts them)."""
    return qs.order_by("pk").values(*ROW_FIELDS)


class LegalBasis:
    """The names of the rule sets in force on a proposal date: the law's, and the movement's own
    for a thematic award (records.eligibility.rule_sets_in_force, read once for the whole list)."""

    def __init__(self) -> None:
        self.sets = list(RuleSet.objects.order_by("-effective_from", "pk"))

    def __call__(self, day, category: str) -> str:
        chosen: dict = {}
        for rule_set in self.sets:
            if rule_set.applies_on(day):
                chosen.setdefault((rule_set.jurisdiction, rule_set.is_movement), rule_set)
        names = [
            s.name
            for s in sorted(chosen.values(), key=lambda s: (s.is_movement, s.jurisdiction, s.code))
            if not s.is_movement or category == AwardCategory.THEMATIC
        ]
        return "; ".join(names)


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
        Nomination.objects.filter(status__in=[Status.CONFERRED, Status.CONFERRED_LOWER])
        .filter(Q(nominee_id__in=people) | Q(nominee_unit_id__in=units))
        .annotate(form=Coalesce("conferred_award_type__name", "award_type__name"))
        .values_list("pk", "nominee_id", "nominee_unit_id", "form", "decision_number", "decision_date")
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


def _outcome(row: dict) -> str:
    if row["status"] == Status.CONFERRED_LOWER:
        return str(_("Conferred at a lower form: %(form)s") % {"form": row["conferred_award_type__name"]})
    if row["status"] == Status.NOT_CONFERRED:
        return str(_("Not conferred: %(reason)s") % {"reason": row["outcome_reason"]})
    return ""


def export_rows(qs) -> Iterator[list[str]]:
    """The rows (without the header), as lists of plain strings, not yet neutralised: a section
    title row ("I. Cá nhân", "II. Tập thể") before the nominations of each section that has any."""
    ideas = _ideas_by_nomination(qs)
    by_person, by_unit = _conferred_by_nominee(qs)
    legal_basis = LegalBasis()
    genders = {"male": _("Male"), "female": _("Female")}
    statuses = dict(Status.choices)
    categories = dict(AwardCategory.choices)
    rows = sorted(export_queryset(qs).iterator(chunk_size=CHUNK_SIZE), key=sort_key)
    section, number = None, 0
    for row in rows:
        collective = row["nominee_unit_id"] is not None
        if section != collective:
            section, number = collective, 0
            yield [SECTIONS[collective]] + [""] * (len(HEADERS) - 1)
        number += 1
        submitted = row["submitted_at"] is not None
        if collective:
            name, earlier = row["nominee_unit__name"], by_unit
            unit = row["nominee_unit_name_at_submission"] if submitted else row["nominee_unit__name"]
            gender = birth_year = position = ""
            key = row["nominee_unit_id"]
        else:
            name, earlier = row["nominee__full_name"] or row["nominee__username"], by_person
            unit = row["nominee_unit_name_at_submission"] if submitted else row["nominee__unit__name"]
            position = row["nominee_position_at_submission"] if submitted else row["nominee__position"]
            gender = str(genders.get(row["nominee__gender"], ""))
            birth_year = str(row["nominee__birth_year"] or "")
            key = row["nominee_id"]
        proposed_on = timezone.localtime(row["submitted_at"] or row["created_at"]).date()
        yield [
            str(number),
            name,
            gender,
            birth_year,
            position,
            unit or "",
            row["award_type__name"],
            str(categories.get(row["category"], row["category"])),
            legal_basis(proposed_on, row["category"]),
            row["round__name"],
            row["achievements"],
            "; ".join(ideas.get(row["pk"], ())),
            _earlier_text(row, earlier.get(key, ())),
            str(statuses.get(row["status"], row["status"])),
            _outcome(row),
            row["decision_number"],
            _date(row["decision_date"]),
        ]


class _Echo:
    def write(self, value):
        return value


def csv_stream(qs) -> Iterator[str]:
    """UTF-8 with BOM (Excel), the headers, then the section titles and one line per nomination."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADERS)
    for row in export_rows(qs):
        yield writer.writerow([neutralise(cell) for cell in row])


WIDTHS = [6, 28, 10, 9, 22, 30, 30, 22, 40, 28, 60, 45, 40, 16, 30, 16, 14]


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
