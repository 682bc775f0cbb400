"""The nomination list export: columns, order, formats, neutralisation, errors, access, queries."""

import csv
import datetime
import io
import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from awards.exports import neutralise
from awards.models import Status
from tests.awards.factories import NominationFactory, award, round_
from tests.factories import IdeaFactory, UserFactory, phase

URL = "/awards/export/"
# The columns of the list, in this order (docs/urls.md), written out here rather than read from the
# code under test.
COLUMNS = [
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
NAME, POSITION, UNIT, AWARD, CATEGORY, BASIS, ROUND, ACHIEVEMENTS, IDEAS, EARLIER, STATUS, OUTCOME = (
    1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
)  # fmt: skip


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def read_xlsx(response):
    data = b"".join(response.streaming_content)
    wb = load_workbook(io.BytesIO(data))
    return wb.active


@pytest.fixture
def listing(org, recognised_idea):
    """Three nominations of phase 2026-2030 and one of 2023-2025."""
    earlier = NominationFactory(
        nominee=org.author,
        proposing_unit=org.unit,
        award_type=award("unit_certificate"),
        phase=phase("2023-2025"),
        status=Status.CONFERRED,
        decision_number="7/GK",
        decision_date=datetime.date(2024, 6, 1),
    )
    person = NominationFactory(
        nominee=org.author,
        proposing_unit=org.unit,
        award_type=award("city_certificate"),
        status=Status.CONFERRED,
        decision_number="456/QĐ-UBND",
        decision_date=datetime.date(2026, 10, 20),
        achievements='=HYPERLINK("http://evil.example","x")',
        ideas=[recognised_idea],
    )
    collective = NominationFactory(
        nominee=None,
        nominee_unit=org.sub,
        proposing_unit=org.unit,
        award_type=award("pm_certificate"),
        status=Status.SUBMITTED,
    )
    other = NominationFactory(
        nominee=org.outsider,
        proposing_unit=org.other,
        award_type=award("city_certificate"),
        status=Status.SUBMITTED,
        achievements="+cmd|' /C calc'!A0",
    )
    return {"earlier": earlier, "person": person, "collective": collective, "other": other}


def test_csv_headers_sections_and_rows(client, org, listing):
    client.force_login(org.committee)
    response = client.get(URL, {"phase": "2026-2030", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    rows = read_csv(response)
    assert rows[0] == COLUMNS
    # Section I (individuals), numbered from 1; then section II (collectives), numbered from 1.
    assert [r[0] for r in rows[1:]] == ["I. Cá nhân", "1", "2", "II. Tập thể", "1"]
    assert all(cell == "" for cell in rows[1][1:])
    collective = rows[5]
    assert collective[NAME] == org.sub.name and collective[2:5] == ["", "", ""]
    assert collective[AWARD] == "Bằng khen của Thủ tướng Chính phủ"
    by_name = {r[NAME]: r for r in rows[2:4]}
    person = by_name[org.author.full_name]
    assert person[2:6] == ["Nam", "1985", "Chuyên viên", org.sub.name]
    assert person[CATEGORY] == "Phong trào thi đua theo chuyên đề"
    # The law in force on the proposal date, and the movement's own criteria for a thematic award.
    assert "Nghị định 152/2025/NĐ-CP" in person[BASIS] and "Dám nghĩ, dám làm" in person[BASIS]
    assert person[ROUND] == listing["person"].round.name
    assert person[ACHIEVEMENTS] == '\'=HYPERLINK("http://evil.example","x")'
    assert person[IDEAS] == "Số hoá hồ sơ một cửa – Cấp Thành phố – 123/QĐ-UBND"
    assert person[EARLIER] == "Giấy khen của Thủ trưởng cơ quan, đơn vị, địa phương – 7/GK – 2024"
    assert person[STATUS] == "Đã khen thưởng"
    assert person[OUTCOME:] == ["", "456/QĐ-UBND", "20/10/2026"]
    assert by_name[org.outsider.full_name][ACHIEVEMENTS] == "'+cmd|' /C calc'!A0"


def test_people_sort_by_given_name_then_surname_in_vietnamese_collation(client, org):
    """ "Đặng" after "Dương" and before "Giang" and "Zơ" (C collation puts "Đ" after "Z")."""
    names = ["Nguyễn Văn Zơ", "Trần Thị Giang", "Lê Văn Đặng", "Phạm Dương", "Bùi Thị Đặng", "Hà An"]
    for name in names:
        NominationFactory(
            nominee=UserFactory(unit=org.sub, full_name=name),
            proposing_unit=org.unit,
            status=Status.SUBMITTED,
        )
    client.force_login(org.committee)
    rows = read_csv(client.get(URL, {"phase": "2026-2030", "format": "csv"}))
    assert [r[NAME] for r in rows[2:]] == [
        "Hà An",
        "Phạm Dương",
        "Bùi Thị Đặng",  # same given name: the surname decides
        "Lê Văn Đặng",
        "Trần Thị Giang",
        "Nguyễn Văn Zơ",
    ]


def test_default_statuses_and_the_others_only_when_asked(client, org):
    for status in Status.values:
        NominationFactory(
            nominee=UserFactory(unit=org.sub, full_name=f"Người {status}"),
            proposing_unit=org.unit,
            status=status,
            decision_number="1/QĐ",
            decision_date=datetime.date(2026, 10, 1),
            conferred_award_type=award("unit_certificate") if status == Status.CONFERRED_LOWER else None,
            outcome_reason="Chưa tiêu biểu" if status == Status.NOT_CONFERRED else "",
        )
    client.force_login(org.committee)

    def statuses(**params):
        rows = read_csv(client.get(URL, {"phase": "2026-2030", "format": "csv", **params}))
        return {r[NAME].removeprefix("Người ") for r in rows[2:]}

    assert statuses() == {"submitted", "approved", "conferred", "conferred_lower"}
    for status in ("draft", "returned", "rejected", "not_conferred"):
        assert statuses(status=status) == {status}
    rows = read_csv(client.get(URL, {"phase": "2026-2030", "format": "csv", "status": "not_conferred"}))
    assert rows[2][OUTCOME] == "Không được khen thưởng: Chưa tiêu biểu"
    rows = read_csv(client.get(URL, {"phase": "2026-2030", "format": "csv", "status": "conferred_lower"}))
    assert (
        rows[2][OUTCOME]
        == "Được khen thưởng ở hình thức thấp hơn: Giấy khen của Thủ trưởng cơ quan, đơn vị, địa phương"
    )


def test_the_export_prints_the_position_and_unit_at_submission(client, org):
    from awards import services

    nomination = services.nomination_create(
        by=org.head,
        round=round_(),
        award_type=award("city_certificate"),
        nominee=org.author,
        achievements="x",
    )
    services.nomination_transition(nomination_id=nomination.pk, by=org.head, action="submit")
    org.author.position = "Phó Trưởng phòng"
    org.author.unit = org.unit
    org.author.save()
    client.force_login(org.committee)
    rows = read_csv(client.get(URL, {"phase": "2026-2030", "format": "csv"}))
    assert rows[2][POSITION : UNIT + 1] == ["Chuyên viên", org.sub.name]


def test_csv_filters(client, org, listing):
    client.force_login(org.committee)

    def names(**params):
        rows = read_csv(client.get(URL, {"phase": "2026-2030", "format": "csv", **params}))
        return sorted(r[1] for r in rows[1:])

    assert names(award="pm_certificate") == ["", org.sub.name]  # the section row, then the collective
    assert names(status="submitted") == ["", "", org.outsider.full_name, org.sub.name]
    assert names(unit=org.other.pk) == ["", org.outsider.full_name]
    assert len(read_csv(client.get(URL, {"phase": "2023-2025", "format": "csv"}))) == 3


def test_xlsx_title_header_and_plain_strings(client, org, listing):
    client.force_login(org.committee)
    response = client.get(URL, {"phase": "2026-2030", "format": "xlsx", "award": "city_certificate"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    ws = read_xlsx(response)
    title = ws["A1"].value
    assert "2026-2030" in title and "Bằng khen của Chủ tịch UBND TP.HCM" in title
    assert [c.value for c in ws[2]] == COLUMNS
    assert all(c.font.b for c in ws[2])
    assert ws.freeze_panes == "A3"
    assert ws.column_dimensions["K"].width > 30  # the achievements
    rows = list(ws.iter_rows(min_row=3))
    assert rows[0][0].value == "I. Cá nhân"
    rows = rows[1:]
    assert len(rows) == 2
    for row in rows:
        for cell in row:
            assert cell.data_type != "f" and cell.hyperlink is None
            if cell.value is not None:
                assert isinstance(cell.value, str)
    values = {row[1].value: row for row in rows}
    person = values[org.author.full_name]
    achievements = person[ACHIEVEMENTS]
    assert achievements.value == '=HYPERLINK("http://evil.example","x")'  # kept as text, not a formula
    assert achievements.data_type == "s"
    assert achievements.alignment.wrap_text
    assert person[-1].value == "20/10/2026"


@pytest.mark.parametrize(
    "params",
    [
        {"phase": "2099-2100", "format": "csv"},
        {"phase": "2026-2030", "format": "pdf"},
        {"phase": "2026-2030", "format": "csv", "award": "nobel"},
        {"phase": "2026-2030", "format": "csv", "status": "bogus"},
        {"phase": "2026-2030", "format": "csv", "unit": "abc"},
        {"phase": "2026-2030", "format": "csv", "unit": "999999"},
        {"format": "csv"},
        {"phase": "2026-2030", "format": ""},
        {"phase": "2023-2025'; DROP TABLE awards_nomination;--", "format": "xlsx"},
    ],
)
def test_unknown_filters_are_400_with_a_vietnamese_message(client, org, params):
    client.force_login(org.committee)
    response = client.get(URL, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Không thể xuất danh sách" in html
    assert "Content-Disposition" not in response


def test_export_page_shows_the_row_count(client, org, listing):
    client.force_login(org.committee)
    response = client.get(URL, {"phase": "2026-2030"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Danh sách sẽ có 3 dòng." in html  # the draft is left out unless asked for
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "format=csv" in html and "format=xlsx" in html


@pytest.mark.parametrize("role", ["head", "deputy", "author", "other_head"])
def test_export_is_committee_only(client, org, listing, role):
    client.force_login(getattr(org, role))
    assert client.get(URL, {"phase": "2026-2030", "format": "csv"}).status_code == 403
    assert client.get(URL).status_code == 403


def test_export_is_logged(client, org, listing, caplog):
    client.force_login(org.committee)
    with caplog.at_level(logging.INFO, logger="awards.exports"):
        b"".join(
            client.get(URL, {"phase": "2026-2030", "format": "csv", "status": "submitted"}).streaming_content
        )
    record = next(r for r in caplog.records if r.name == "awards.exports")
    assert record.username == "committee"
    assert record.format == "csv"
    assert record.filters == {"phase": "2026-2030", "status": "submitted"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_queries_do_not_grow_with_rows(client, org, listing, fmt):
    client.force_login(org.committee)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            b"".join(client.get(URL, {"phase": "2026-2030", "format": fmt}).streaming_content)
        return len(ctx)

    few = count()
    for n in range(30):
        person = UserFactory(unit=org.sub)
        idea = IdeaFactory(author=person, status="recognised")
        NominationFactory(nominee=person, proposing_unit=org.unit, ideas=[idea])
        NominationFactory(
            nominee=person,
            proposing_unit=org.unit,
            award_type=award("unit_certificate"),
            phase=phase("2023-2025"),
            status=Status.CONFERRED,
            decision_number=f"{n}/GK",
            decision_date=datetime.date(2024, 1, 1),
        )
    assert count() == few


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\nx", "'\nx"),
        ("   =1", "'   =1"),
        ("＝1", "'＝1"),
        ("＋1", "'＋1"),
        ("－1", "'－1"),
        ("＠x", "'＠x"),
        ("a=1", "a=1"),
        ("Nguyễn Văn A", "Nguyễn Văn A"),
        ("", ""),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_xlsx_survives_control_characters(client, org):
    NominationFactory(
        nominee=org.author, proposing_unit=org.unit, achievements="a\x01b\x0bc", status=Status.SUBMITTED
    )
    client.force_login(org.committee)
    ws = read_xlsx(client.get(URL, {"phase": "2026-2030", "format": "xlsx"}))
    assert ws["K4"].value == "abc"


def test_the_export_link_reaches_the_file(client, org, listing):
    client.force_login(org.committee)
    page = client.get(reverse("awards:export"), {"phase": "2026-2030", "award": "pm_certificate"})
    assert "award=pm_certificate" in page.context["query_string"]
