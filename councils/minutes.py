"""The meeting's minutes (biên bản) as DOCX, in the administrative format the award dossier uses
(thiduaportal/officedocs.py): the council, the date and place, who attended and the quorum, each
item's scores and vote with the percentage and the threshold, the conclusion, and the secretary's
and the chair's signatures. An official document: its wording is Vietnamese whatever the reader's
language. The caller has checked that the person may see the meeting."""

from decimal import Decimal

from docx.enum.text import WD_ALIGN_PARAGRAPH

from thiduaportal import officedocs

from .models import Meeting, MemberRole
from .selectors import members_of
from .workflow import Status

CITY_SUPERIOR = "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"
ROLE_TITLES = {
    MemberRole.CHAIR: "Chủ tịch Hội đồng",
    MemberRole.SECRETARY: "Thư ký",
    MemberRole.MEMBER: "Ủy viên",
}


def _number(value: Decimal | int | None) -> str:
    """Vietnamese decimals: a comma, and no trailing zeros after it."""
    if value is None:
        return "–"
    text = f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, Decimal) else str(value)
    return text.replace(".", ",")


def minutes(meeting: Meeting) -> bytes:
    council = meeting.council
    members = list(members_of(council))
    attending = set(meeting.attendances.values_list("person_id", flat=True))
    chair = next((m.person.display_name for m in members if m.role == MemberRole.CHAIR), "")
    secretary = next((m.person.display_name for m in members if m.role == MemberRole.SECRETARY), "")
    superior = council.unit.name.upper() if council.unit else CITY_SUPERIOR
    issuer = officedocs.Issuer(
        superior=superior, name=council.name.upper(), body=council.name, signer_title="", signer_name=""
    )
    document = officedocs.document()
    officedocs.header(document, issuer, number="", today=meeting.date)
    center = WD_ALIGN_PARAGRAPH.CENTER
    officedocs.para(document, "BIÊN BẢN", bold=True, align=center)
    officedocs.para(document, f"Phiên họp {council.name}", bold=True, align=center)
    officedocs.para(document)
    officedocs.para(document, f"Thời gian: ngày {meeting.date:%d/%m/%Y}. Địa điểm: {meeting.place}.")
    officedocs.para(document, "Thành phần Hội đồng:", bold=True)
    officedocs.table(
        document,
        ["STT", "Họ và tên", "Chức danh trong Hội đồng", "Tham dự"],
        [
            [
                str(index),
                m.person.display_name,
                ROLE_TITLES[MemberRole(m.role)],
                "Có" if m.person_id in attending else "Vắng",
            ]
            for index, m in enumerate(members, 1)
        ],
    )
    closed = meeting.status == Status.CLOSED
    total = meeting.members_count if closed else len(members)
    present = meeting.attended_count if closed else len(attending)
    quorum_text = "đủ" if meeting.quorum_met else "không đủ"
    officedocs.para(
        document,
        f"Số thành viên tham dự: {present}/{total}; {quorum_text} số lượng thành viên tham dự theo quy định.",
    )
    officedocs.para(document)
    officedocs.para(document, "Kết quả chấm điểm và biểu quyết:", bold=True)
    rows = []
    for index, item in enumerate(meeting.items.order_by("pk"), 1):
        score = (
            f"{_number(item.score_average)}/{item.score_max} ({item.scorers} thành viên chấm)"
            if item.scored
            else "–"
        )
        vote = (
            f"{item.agree}/{total} phiếu đồng ý ({_number(item.vote_percent)}%; ngưỡng {item.threshold}%)"
            if item.voted
            else "–"
        )
        verdict = "Đạt" if item.passed else "Không đạt"
        rows.append([str(index), item.label, score, vote, verdict if closed else "–"])
    officedocs.table(document, ["STT", "Nội dung", "Điểm bình quân", "Biểu quyết", "Kết quả"], rows)
    officedocs.para(document)
    officedocs.para(document, "Kết luận:", bold=True)
    if not closed:
        officedocs.para(document, "Phiên họp chưa kết thúc; kết quả chưa được chốt.")
    elif not meeting.quorum_met:
        officedocs.para(
            document,
            "Phiên họp không đủ số lượng thành viên tham dự theo quy định; "
            "không nội dung nào được thông qua.",
        )
    else:
        passed = [item.label for item in meeting.items.order_by("pk") if item.passed]
        if passed:
            officedocs.para(document, "Hội đồng thống nhất thông qua các nội dung sau:")
            for label in passed:
                officedocs.para(document, f"- {label}.")
        else:
            officedocs.para(document, "Không nội dung nào đạt yêu cầu để được thông qua.")
    officedocs.para(document)
    signatures = document.add_table(rows=1, cols=2)
    for cell, title, name in zip(
        signatures.rows[0].cells, ("THƯ KÝ HỘI ĐỒNG", "CHỦ TỊCH HỘI ĐỒNG"), (secretary, chair), strict=True
    ):
        cell.paragraphs[0].alignment = center
        officedocs.run(cell.paragraphs[0], title, bold=True)
        officedocs.para(cell, "(Ký, ghi rõ họ tên)", italic=True, align=center)
        for _blank in range(3):
            officedocs.para(cell)
        officedocs.para(cell, name, bold=True, align=center)
    return officedocs.saved(document)
