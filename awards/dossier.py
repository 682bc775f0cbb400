"""The dossier's documents, written as DOCX with python-docx: the cover request (tờ trình), the
nomination list (danh sách) and the achievement report (báo cáo thành tích).

They follow the administrative format of Nghị định 30/2020/NĐ-CP: A4, margins 20 mm top and bottom,
30 mm left, 15 mm right; Times New Roman, 13 pt in the header and tables, 14 pt in the text; the
issuing body on the left (its superior body above it), the national motto on the right with the
place and date line below it. They are official documents, so their fixed wording is Vietnamese
whatever language the reader chose. Callers pass nominations they have checked the person may use.
"""

import datetime
from collections.abc import Sequence

from docx.enum.text import WD_ALIGN_PARAGRAPH

from accounts.models import Unit
from records.eligibility import rule_sets_in_force
from records.models import RATING_ABBREVIATION, TITLE_ABBREVIATION
from records.selectors import record_of
from thiduaportal.collation import person_key, vietnamese_key
from thiduaportal.officedocs import Issuer
from thiduaportal.officedocs import document as _document
from thiduaportal.officedocs import header as _header
from thiduaportal.officedocs import para as _para
from thiduaportal.officedocs import run as _run
from thiduaportal.officedocs import saved as _saved
from thiduaportal.officedocs import signature as _signature
from thiduaportal.officedocs import table as _table

from .models import Nomination
from .selectors import earlier_awards, nomination_evidence

CITY_BODY = "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"
MOVEMENT = (
    "phong trào thi đua “Cán bộ, công chức, viên chức thi đua năng động, sáng tạo, dám nghĩ, dám làm "
    "vì lợi ích chung, vì sự phát triển của Thành phố Hồ Chí Minh”"
)


def unit_issuer(unit: Unit) -> Issuer:
    """A proposing unit issues its own cover request and list, signed by its head."""
    head = unit.head
    return Issuer(
        superior=unit.parent.name.upper() if unit.parent_id and unit.parent else "",
        name=unit.name.upper(),
        body=unit.name,
        signer_title=(head.position if head and head.position else "Thủ trưởng đơn vị").upper(),
        signer_name=head.display_name if head else "",
    )


# The committee's documents for proposals of several units (it submits them to the Chairman).
COMMITTEE_ISSUER = Issuer(
    superior=CITY_BODY,
    name="HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
    body="Hội đồng Thi đua – Khen thưởng Thành phố",
    signer_title="TM. HỘI ĐỒNG\nCHỦ TỊCH",
    signer_name="",
)


def _split(nominations: Sequence[Nomination]) -> tuple[list[Nomination], list[Nomination]]:
    """People by given name then surname, then collectives, in Vietnamese collation."""
    people = sorted((n for n in nominations if not n.is_collective), key=lambda n: person_key(n.nominee_name))
    collectives = sorted(
        (n for n in nominations if n.is_collective), key=lambda n: vietnamese_key(n.nominee_name)
    )
    return people, collectives


def _legal_basis(today: datetime.date) -> list[str]:
    """The law's rule sets in force on the date of the cover request, then the movement's plan."""
    return [rule_set.legal_basis.strip() for rule_set in rule_sets_in_force(today)]


def cover_request(nominations: Sequence[Nomination], *, issuer: Issuer, today: datetime.date) -> bytes:
    """The cover request for nominations of one award type."""
    award = nominations[0].award_type
    people, collectives = _split(nominations)
    document = _document()
    _header(document, issuer, number="Số:        /TTr-", today=today)
    _para(document, "TỜ TRÌNH", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, f"Về việc đề nghị tặng {award.name}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document)
    _para(document, f"Kính gửi: {award.authority}.", align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document)
    for basis in _legal_basis(today):
        _para(document, f"Căn cứ {basis.rstrip('.;')};", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    counts = []
    if people:
        counts.append(f"{len(people)} cá nhân")
    if collectives:
        counts.append(f"{len(collectives)} tập thể")
    _para(
        document,
        f"Xét thành tích trong {MOVEMENT}, {issuer.body} kính đề nghị "
        f"{award.authority} xem xét, tặng {award.name} cho {' và '.join(counts)} "
        "có thành tích xuất sắc (danh sách và báo cáo thành tích kèm theo).",
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    )
    for number, nomination in enumerate([*people, *collectives], start=1):
        _para(document, f"{number}. {_nominee_line(nomination)}")
    _para(document, f"Kính trình {award.authority} xem xét, quyết định./.", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _para(document)
    _signature(document, issuer, recipients=["Như trên"])
    return _saved(document)


def _nominee_line(nomination: Nomination) -> str:
    if nomination.is_collective:
        return nomination.nominee_name
    person = nomination.nominee
    parts = [nomination.nominee_name]
    if person is not None and person.position:
        parts.append(person.position)
    if person is not None and person.unit is not None:
        parts.append(person.unit.name)
    return ", ".join(parts)


def nomination_list(nominations: Sequence[Nomination], *, issuer: Issuer, today: datetime.date) -> bytes:
    """The list that goes with the cover request: "I. Cá nhân", then "II. Tập thể"."""
    award = nominations[0].award_type
    people, collectives = _split(nominations)
    document = _document(landscape=True)
    _header(document, issuer, number="", today=today)
    _para(document, "DANH SÁCH", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, f"Đề nghị tặng {award.name}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(
        document,
        f"(Kèm theo Tờ trình số        /TTr-     ngày {today:%d/%m/%Y})",
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _para(document)
    headings = ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị công tác", "Tóm tắt thành tích"]
    rows: list[list[str]] = []
    for label, group in (("I. Cá nhân", people), ("II. Tập thể", collectives)):
        if not group:
            continue
        rows.append(["", label, "", ""])
        for number, nomination in enumerate(group, start=1):
            rows.append(
                [str(number), nomination.nominee_name, _where(nomination), _short(nomination.achievements)]
            )
    table = _table(document, headings, rows)
    for row in table.rows[1:]:
        if not row.cells[0].text:
            for run in row.cells[1].paragraphs[0].runs:
                run.bold = True
    _para(document)
    _para(document, f"Tổng cộng: {len(people)} cá nhân, {len(collectives)} tập thể.", italic=True)
    _para(document)
    _signature(document, issuer)
    return _saved(document)


def _where(nomination: Nomination) -> str:
    if nomination.is_collective:
        unit = nomination.nominee_unit
        return unit.parent.name if unit is not None and unit.parent_id and unit.parent else ""
    person = nomination.nominee
    if person is None:
        return ""
    return ", ".join(part for part in (person.position, person.unit.name if person.unit else "") if part)


def _short(text: str, limit: int = 400) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def achievement_report(nomination: Nomination, *, today: datetime.date) -> bytes:
    """The achievement report, filled in from the nominee's record (ratings, titles, awards,
    initiatives), the ideas linked to the nomination and its achievements; the nominee completes
    and signs it, the unit's head certifies it."""
    subject = nomination.nominee_unit or nomination.nominee
    if subject is None:  # the database holds exactly one nominee (nomination_one_nominee)
        raise ValueError("a nomination without a nominee")
    record = record_of(subject)
    evidence = nomination_evidence(nomination, today=today)
    document = _document()
    _header(document, unit_issuer(nomination.proposing_unit), number="", today=today)
    _para(document, "BÁO CÁO THÀNH TÍCH", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(
        document,
        f"ĐỀ NGHỊ TẶNG {nomination.award_type.name.upper()}",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _para(document, f"(Thành tích trong {MOVEMENT})", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document)
    heading = "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH" if nomination.is_collective else "I. SƠ LƯỢC LÝ LỊCH"
    _para(document, heading, bold=True)
    if nomination.is_collective:
        unit = nomination.nominee_unit
        _para(document, f"- Tên tập thể: {nomination.nominee_name}")
        if unit is not None and unit.parent_id and unit.parent:
            _para(document, f"- Trực thuộc: {unit.parent.name}")
    else:
        person = nomination.nominee
        _para(document, f"- Họ và tên: {nomination.nominee_name}")
        if person is not None:
            if person.birth_year:
                _para(document, f"- Năm sinh: {person.birth_year}")
            if person.position:
                _para(document, f"- Chức vụ: {person.position}")
            if person.unit is not None:
                _para(document, f"- Đơn vị công tác: {person.unit.name}")
    _para(document, "II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True)
    for line in (nomination.achievements or "").splitlines():
        if line.strip():
            _para(document, line.strip(), align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _para(document, "Ý tưởng, giải pháp trong phong trào:", italic=True)
    if evidence.ideas:
        _table(
            document,
            ["STT", "Ý tưởng, giải pháp", "Mức công nhận", "Quyết định"],
            [
                [
                    str(number),
                    idea.title,
                    getattr(idea, "level_label", "") or "",
                    _decision(idea.recognition_decision_number, idea.recognition_decision_date),
                ]
                for number, idea in enumerate(evidence.ideas, start=1)
            ],
        )
    else:
        _para(document, "(Không có ý tưởng, giải pháp liên kết.)")
    if record["initiative"]:
        _para(document, "Sáng kiến được công nhận:", italic=True)
        _table(
            document,
            ["Sáng kiến", "Phạm vi ảnh hưởng", "Cơ quan công nhận", "Quyết định"],
            [
                [i.title, i.get_level_display(), i.authority, _decision(i.decision_number, i.decision_date)]
                for i in record["initiative"]
            ],
        )
    _para(document, "III. KẾT QUẢ ĐÁNH GIÁ, CÁC DANH HIỆU THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG", bold=True)
    _para(document, "1. Kết quả đánh giá, xếp loại hằng năm", italic=True)
    _table(
        document,
        ["Năm", "Kết quả đánh giá, xếp loại", "Văn bản"],
        [[str(r.year), RATING_ABBREVIATION.get(r.rating, r.rating), r.source] for r in record["rating"]]
        or [["", "(chưa có dữ liệu)", ""]],
    )
    _para(document, "2. Danh hiệu thi đua", italic=True)
    _table(
        document,
        ["Năm", "Danh hiệu thi đua", "Số, ngày quyết định", "Cơ quan ban hành"],
        [
            [
                str(t.year),
                TITLE_ABBREVIATION.get(t.title, t.title),
                _decision(t.decision_number, t.decision_date),
                t.issuer,
            ]
            for t in record["title"]
        ]
        or [["", "(chưa có dữ liệu)", "", ""]],
    )
    _para(document, "3. Hình thức khen thưởng", italic=True)
    awards = [
        [
            str(a.decision_date.year),
            a.get_form_display(),
            _decision(a.decision_number, a.decision_date),
            a.issuer,
        ]
        for a in record["award"]
    ] + [
        [
            str(a.decision_date.year) if a.decision_date else "",
            a.award_type.name,
            _decision(a.decision_number, a.decision_date),
            a.decision_authority,
        ]
        for a in earlier_awards(nomination)
    ]
    awards.sort(key=lambda row: row[0], reverse=True)
    _table(
        document,
        ["Năm", "Hình thức khen thưởng", "Số, ngày quyết định", "Cơ quan ban hành"],
        awards or [["", "(chưa có dữ liệu)", "", ""]],
    )
    _para(document)
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(left.paragraphs[0], "THỦ TRƯỞNG ĐƠN VỊ", bold=True)
    _para(left, "XÁC NHẬN, ĐỀ NGHỊ", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(left, "(Ký, đóng dấu)", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    signer = "THỦ TRƯỞNG TẬP THỂ" if nomination.is_collective else "NGƯỜI BÁO CÁO THÀNH TÍCH"
    _run(right.paragraphs[0], signer, bold=True)
    _para(right, "(Ký, ghi rõ họ và tên)", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for _ in range(3):
        _para(right)
    if not nomination.is_collective:
        _para(right, nomination.nominee_name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    return _saved(document)


def _decision(number: str, day: datetime.date | None) -> str:
    if not number and day is None:
        return ""
    return f"{number} ngày {day:%d/%m/%Y}" if day else number
