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
from tests.awards.factories import NominationFactory, award
from tests.factories import IdeaFactory, UserFactory, phase

URL = "/awards/export/"
# The thirteen columns of the official list, in this order (docs/urls.md), written out here rather
# than read from the code under test.
COLUMNS = [
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
        nominee=None, nominee_unit=org.sub, proposing_unit=org.unit, award_type=award("pm_certificate")
    )
    other = NominationFactory(
        nominee=org.outsider,
        proposing_unit=org.other,
        award_type=award("city_certificate"),
        status=Status.SUBMITTED,
        achievements="+cmd|' /C calc'!A0",
    )
    return {"earlier": earlier, "person": person, "collective": collective, "other": other}


def test_csv_headers_order_and_row(client, org, listing):
    client.force_login(org.committee)
    response = client.get(URL, {"phase": "2026-2030", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    rows = read_csv(response)
    assert rows[0][:13] == COLUMNS
    assert len(rows) == 4
    # Sorted by award rank: pm (2) first, then the two city certificates by unit name.
    assert [r[6] for r in rows[1:]] == [
        "Bằng khen của Thủ tướng Chính phủ",
        "Bằng khen của Chủ tịch UBND TP.HCM",
        "Bằng khen của Chủ tịch UBND TP.HCM",
    ]
    assert [r[0] for r in rows[1:]] == ["1", "2", "3"]
    collective = rows[1]
    assert (
        collective[1] == org.sub.name and collective[2] == "" and collective[3] == "" and collective[4] == ""
    )
    by_name = {r[1]: r for r in rows[1:]}
    person = by_name[org.author.full_name]
    assert person[2:6] == ["Nam", "1985", "Chuyên viên", org.sub.name]
    assert person[7] == '\'=HYPERLINK("http://evil.example","x")'
    assert person[8] == "Số hoá hồ sơ một cửa – Cấp Thành phố – 123/QĐ-UBND"
    assert person[9] == "Giấy khen của Thủ trưởng cơ quan, đơn vị, địa phương – 7/GK – 2024"
    assert person[10] == "Đã khen thưởng"
    assert person[11:] == ["456/QĐ-UBND", "20/10/2026"]
    assert by_name[org.outsider.full_name][7] == "'+cmd|' /C calc'!A0"


def test_csv_filters(client, org, listing):
    client.force_login(org.committee)

    def names(**params):
        rows = read_csv(client.get(URL, {"phase": "2026-2030", "format": "csv", **params}))
        return sorted(r[1] for r in rows[1:])

    assert names(award="pm_certificate") == [org.sub.name]
    assert names(status="submitted") == [org.outsider.full_name]
    assert names(unit=org.other.pk) == [org.outsider.full_name]
    assert len(read_csv(client.get(URL, {"phase": "2023-2025", "format": "csv"}))) == 2


def test_xlsx_title_header_and_plain_strings(client, org, listing):
    client.force_login(org.committee)
    response = client.get(URL, {"phase": "2026-2030", "format": "xlsx", "award": "city_certificate"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    ws = read_xlsx(response)
    title = ws["A1"].value
    assert "2026-2030" in title and "Bằng khen của Chủ tịch UBND TP.HCM" in title
    assert [c.value for c in ws[2]][:13] == COLUMNS
    assert all(c.font.b for c in ws[2])
    assert ws.freeze_panes == "A3"
    assert ws.column_dimensions["H"].width > 30
    rows = list(ws.iter_rows(min_row=3))
    assert len(rows) == 2
    for row in rows:
        for cell in row:
            assert cell.data_type != "f" and cell.hyperlink is None
            if cell.value is not None:
                assert isinstance(cell.value, str)
    values = {row[1].value: row for row in rows}
    person = values[org.author.full_name]
    assert person[7].value == '=HYPERLINK("http://evil.example","x")'  # kept as text, not a formula
    assert person[7].data_type == "s"
    assert person[7].alignment.wrap_text
    assert person[12].value == "20/10/2026"


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
    assert "Danh sách sẽ có 3 dòng." in html
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
    NominationFactory(nominee=org.author, proposing_unit=org.unit, achievements="a\x01b\x0bc")
    client.force_login(org.committee)
    ws = read_xlsx(client.get(URL, {"phase": "2026-2030", "format": "xlsx"}))
    assert ws["H3"].value == "abc"


def test_the_export_link_reaches_the_file(client, org, listing):
    client.force_login(org.committee)
    page = client.get(reverse("awards:export"), {"phase": "2026-2030", "award": "pm_certificate"})
    assert "award=pm_certificate" in page.context["query_string"]
