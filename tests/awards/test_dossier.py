"""The dossier: attachments checked like an idea's, the DOCX documents (read back with python-docx),
and the public posting window of an order before it is forwarded."""

import datetime
import io
import zipfile

import docx
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from docx.shared import Mm

from awards.models import Nomination, NominationAttachment, PublicPosting
from movement.models import PublicHoliday
from movement.selectors import nth_working_day
from tests.awards.factories import NominationFactory, award
from tests.awards.test_permissions_matrix import ROLES, STATES, make, person, sees
from tests.factories import UserFactory
from tests.records.factories import AwardFactory, RatingFactory, TitleFactory
from thiduaportal import officedocs

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = datetime.date(2026, 4, 6)  # a Monday
NOON = datetime.datetime(2026, 4, 6, 5, 0, tzinfo=datetime.UTC)  # 12:00 in Ho Chi Minh City


def docx_upload(name="bien-ban.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def nomination(org):
    return NominationFactory(nominee=org.author, proposing_unit=org.unit, status="draft")


# --- attachments -------------------------------------------------------------------------------


def test_preparer_attaches_files_of_a_kind_listed_and_downloaded_by_those_who_see_it(client, org, nomination):
    client.force_login(org.head)
    response = client.post(
        f"/awards/nominations/{nomination.pk}/attachments/",
        {
            "kind": "council_minutes",
            "attachments": [SimpleUploadedFile("Biên\u202ebản.pdf", PDF), docx_upload()],
        },
    )
    assert response.status_code == 302
    files = list(NominationAttachment.objects.filter(nomination=nomination).order_by("pk"))
    assert [(f.kind, f.content_type) for f in files] == [
        ("council_minutes", "application/pdf"),
        ("council_minutes", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ]
    assert files[0].original_name == "Biênbản.pdf" and "Biên" not in files[0].file.name
    page = client.get(f"/awards/nominations/{nomination.pk}/").content.decode()
    assert "Biênbản.pdf" in page and f"/attachments/{files[0].pk}/" in page
    response = client.get(f"/awards/nominations/{nomination.pk}/attachments/{files[0].pk}/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    # Someone of another unit sees neither the nomination nor its files.
    client.force_login(org.other_head)
    assert client.get(f"/awards/nominations/{nomination.pk}/attachments/{files[0].pk}/").status_code == 404


def test_attachments_get_the_same_content_checks_as_ideas(client, org, nomination):
    client.force_login(org.head)
    url = f"/awards/nominations/{nomination.pk}/attachments/"
    exe = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00" + b"\x00" * 200, "application/pdf")
    response = client.post(url, {"kind": "achievement_report", "attachments": exe}, follow=True)
    assert "không phải" in response.content.decode() or "is not a PDF" in response.content.decode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.txt", "x")
    client.post(
        url, {"kind": "achievement_report", "attachments": SimpleUploadedFile("x.docx", buffer.getvalue())}
    )
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (11 * 1024 * 1024))
    response = client.post(url, {"kind": "achievement_report", "attachments": big}, follow=True)
    assert "10 MB" in response.content.decode()
    client.post(url, {"kind": "not-a-kind", "attachments": SimpleUploadedFile("a.pdf", PDF)})
    assert not NominationAttachment.objects.exists()
    client.post(
        url, {"kind": "other", "attachments": [SimpleUploadedFile(f"{k}.pdf", PDF) for k in range(11)]}
    )
    assert not NominationAttachment.objects.exists()


def test_who_may_attach_and_remove(client, org, nomination):
    url = f"/awards/nominations/{nomination.pk}/attachments/"
    upload = {"kind": "initiative_certificate", "attachments": SimpleUploadedFile("gcn.pdf", PDF)}
    client.force_login(org.colleague)  # sees nothing of a draft
    assert client.post(url, upload).status_code == 404
    nomination.status = "submitted"
    nomination.save()
    client.force_login(org.author)  # the nominee sees it, but does not build their own dossier
    assert client.post(url, {**upload, "attachments": SimpleUploadedFile("gcn.pdf", PDF)}).status_code == 403
    client.force_login(org.committee)
    client.post(url, {**upload, "attachments": SimpleUploadedFile("gcn.pdf", PDF)})
    attachment = NominationAttachment.objects.get()
    assert attachment.kind == "initiative_certificate" and attachment.uploaded_by == org.committee
    nomination.status = "conferred"
    nomination.decision_number, nomination.decision_date = "1/QĐ", TODAY
    nomination.save()
    remove = f"/awards/nominations/{nomination.pk}/attachments/{attachment.pk}/remove/"
    client.post(remove)  # closed: the dossier is kept as it was
    assert NominationAttachment.objects.get().removed_at is None
    nomination.status = "submitted"
    nomination.save()
    client.post(remove)
    assert NominationAttachment.objects.get().removed_at is not None
    assert client.get(f"/awards/nominations/{nomination.pk}/attachments/{attachment.pk}/").status_code == 404
    actions = list(nomination.events.values_list("action", flat=True))
    assert actions == ["attach", "detach"]


# --- documents ---------------------------------------------------------------------------------


def _texts(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _open(response) -> docx.document.Document:
    assert response.status_code == 200
    assert response["Content-Type"] == officedocs.DOCX_TYPE
    assert response["Content-Disposition"].startswith("attachment")
    return docx.Document(io.BytesIO(response.content))


def _check_format(document) -> None:
    section = document.sections[0]
    assert round(section.top_margin / Mm(1)) == 20 and round(section.bottom_margin / Mm(1)) == 20
    assert round(section.left_margin / Mm(1)) == 30 and round(section.right_margin / Mm(1)) == 15
    assert {round(section.page_width / Mm(1)), round(section.page_height / Mm(1))} == {210, 297}  # A4
    assert document.styles["Normal"].font.name == "Times New Roman"
    header = document.tables[0].rows[0].cells
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1].text
    assert "Độc lập - Tự do - Hạnh phúc" in header[1].text
    assert "Thành phố Hồ Chí Minh, ngày 06 tháng 4 năm 2026" in header[1].text
    sizes = {run.font.size.pt for p in document.paragraphs for run in p.runs if run.font.size}
    assert sizes and sizes <= {13, 14}


@time_machine.travel(NOON, tick=False)
def test_cover_request_and_list_of_one_nomination(client, org, nomination):
    client.force_login(org.head)
    document = _open(client.get(f"/awards/nominations/{nomination.pk}/cover-request.docx"))
    _check_format(document)
    assert "SỞ THỬ NGHIỆM" in document.tables[0].rows[0].cells[0].text  # the issuing body, on the left
    text = _texts(document)
    assert "TỜ TRÌNH" in text and "Bằng khen của Chủ tịch UBND TP.HCM" in text
    assert org.author.display_name in text and "Sở Thử nghiệm kính đề nghị" in text
    document = _open(client.get(f"/awards/nominations/{nomination.pk}/list.docx"))
    rows = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert rows[1][1] == "I. Cá nhân"
    assert rows[2][:2] == ["1", org.author.display_name]


@time_machine.travel(NOON, tick=False)
def test_the_batch_list_has_the_nominee_rows_in_sections_and_only_what_the_person_prepares(client, org):
    city = award("city_certificate")
    names = ["Zơ Văn An", "Đặng Văn An", "Dương Văn An", "Giang Văn An", "Lê Thị Bình"]
    for name in names:
        NominationFactory(nominee=UserFactory(full_name=name, unit=org.sub), proposing_unit=org.unit,
                          award_type=city, status="submitted")  # fmt: skip
    NominationFactory(nominee_unit=org.sub, proposing_unit=org.unit, award_type=city, status="draft")
    NominationFactory(nominee=UserFactory(full_name="Ngoài Đơn Vị", unit=org.other), proposing_unit=org.other,
                      award_type=city, status="submitted")  # fmt: skip
    NominationFactory(nominee=UserFactory(full_name="Đã Bị Từ Chối", unit=org.sub), proposing_unit=org.unit,
                      award_type=city, status="rejected")  # fmt: skip
    client.force_login(org.head)
    document = _open(client.get("/awards/nominations/list.docx?award=city_certificate"))
    _check_format(document)
    rows = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert rows[0][1] == "Họ và tên / Tên tập thể"
    assert [row[1] for row in rows[1:]] == [
        "I. Cá nhân", "Dương Văn An", "Đặng Văn An", "Giang Văn An", "Zơ Văn An", "Lê Thị Bình",
        "II. Tập thể", org.sub.name,
    ]  # fmt: skip
    assert "Ngoài Đơn Vị" not in _texts(document) and "Đã Bị Từ Chối" not in _texts(document)
    cover = _open(client.get("/awards/nominations/cover-request.docx?award=city_certificate"))
    assert "5 cá nhân và 1 tập thể" in _texts(cover)
    # One award type at a time; ordinary staff never.
    response = client.get("/awards/nominations/list.docx")
    assert response.status_code == 302 and response["Location"].startswith("/awards/nominations/")
    client.force_login(org.colleague)
    assert client.get("/awards/nominations/list.docx?award=city_certificate").status_code == 403
    # The committee's list of several units is issued by the council.
    client.force_login(org.committee)
    document = _open(client.get("/awards/nominations/list.docx?award=city_certificate"))
    assert "HỘI ĐỒNG THI ĐUA" in document.tables[0].rows[0].cells[0].text
    assert "Ngoài Đơn Vị" in _texts(document)


@time_machine.travel(NOON, tick=False)
def test_achievement_report_is_filled_from_the_record_and_the_ideas(client, org, recognised_idea):
    nomination = NominationFactory(
        nominee=org.author, proposing_unit=org.unit, status="submitted", ideas=[recognised_idea]
    )
    RatingFactory(person=org.author, year=2025, rating="htxsnv", source="QĐ 12/QĐ-SNV")
    TitleFactory(person=org.author, year=2025, title="cstdcs", decision_number="45/QĐ-SNV")
    AwardFactory(person=org.author, decision_number="678/QĐ-BNV")
    RatingFactory(person=org.colleague, year=2025, rating="khtnv", source="Không liên quan")
    client.force_login(org.head)
    document = _open(client.get(f"/awards/nominations/{nomination.pk}/achievement-report.docx"))
    _check_format(document)
    text = _texts(document)
    assert "BÁO CÁO THÀNH TÍCH" in text and org.author.display_name in text
    assert "HTXSNV" in text and "CSTĐCS" in text and "45/QĐ-SNV" in text and "678/QĐ-BNV" in text
    assert "Số hoá hồ sơ một cửa" in text and "123/QĐ-UBND" in text
    assert "KHTNV" not in text
    # The nominee reads their own report but does not draw up the cover request.
    client.force_login(org.author)
    assert client.get(f"/awards/nominations/{nomination.pk}/achievement-report.docx").status_code == 200
    assert client.get(f"/awards/nominations/{nomination.pk}/cover-request.docx").status_code == 403
    client.force_login(org.other_head)
    assert client.get(f"/awards/nominations/{nomination.pk}/achievement-report.docx").status_code == 404


# --- public posting ----------------------------------------------------------------------------


def test_the_tenth_working_day_skips_weekends_and_holidays(db):
    assert nth_working_day(TODAY, 10) == datetime.date(2026, 4, 17)
    PublicHoliday.objects.create(date=datetime.date(2026, 4, 10), name="Ngày nghỉ thử")
    assert nth_working_day(TODAY, 10) == datetime.date(2026, 4, 20)
    assert nth_working_day(datetime.date(2026, 4, 4), 1) == TODAY  # a Saturday does not count


@pytest.fixture
def order(org):
    nomination = NominationFactory(
        nominee=org.author, proposing_unit=org.unit, award_type=award("labor_order_3"), status="submitted"
    )
    Nomination.objects.filter(pk=nomination.pk).update(submitted_at=NOON - datetime.timedelta(days=3))
    return nomination


def test_an_order_is_forwarded_only_after_its_posting_window(client, org, order):
    approve = f"/awards/nominations/{order.pk}/approve/"
    with time_machine.travel(NOON, tick=False):
        client.force_login(org.committee)
        client.post(approve, follow=True)
        assert Nomination.objects.get(pk=order.pk).status == "submitted"  # nothing posted yet
        client.force_login(org.head)  # the posting is the committee's to record
        assert (
            client.post(
                f"/awards/nominations/{order.pk}/posting/", {"start": "2026-04-06", "place": "x"}
            ).status_code
            == 403
        )
        client.force_login(org.committee)
        response = client.post(
            f"/awards/nominations/{order.pk}/posting/",
            {"start": "2026-04-06", "place": "Bảng tin Sở Thử nghiệm"},
            follow=True,
        )
        posting = PublicPosting.objects.get(nomination=order)
        assert posting.end == datetime.date(2026, 4, 17)
        assert "17/04/2026" in response.content.decode()
        page = client.get(f"/awards/nominations/{order.pk}/").content.decode()
        assert 'data-testid="posting-end"><strong>17/04/2026' in page
        response = client.post(approve, follow=True)
        assert "17/04/2026" in response.content.decode()
        assert Nomination.objects.get(pk=order.pk).status == "submitted"
        # A second posting is refused.
        client.post(f"/awards/nominations/{order.pk}/posting/", {"start": "2026-04-06", "place": "Khác"})
        assert PublicPosting.objects.count() == 1
    with time_machine.travel(datetime.datetime(2026, 4, 17, 5, 0, tzinfo=datetime.UTC), tick=False):
        client.force_login(org.committee)  # sessions expire
        client.post(approve)
        assert Nomination.objects.get(pk=order.pk).status == "submitted"  # the last day of the window
    with time_machine.travel(datetime.datetime(2026, 4, 20, 5, 0, tzinfo=datetime.UTC), tick=False):
        client.force_login(org.committee)
        client.post(approve)
        assert Nomination.objects.get(pk=order.pk).status == "approved"
    assert "post" in order.events.values_list("action", flat=True)


@time_machine.travel(NOON, tick=False)
def test_posting_dates_are_checked_and_only_orders_are_posted(client, org, order):
    client.force_login(org.committee)
    url = f"/awards/nominations/{order.pk}/posting/"
    client.post(url, {"start": "2026-04-07", "place": "Bảng tin"})  # the future
    client.post(url, {"start": "2026-03-01", "place": "Bảng tin"})  # before the submission
    client.post(url, {"start": "2026-04-06", "place": "   "})
    assert not PublicPosting.objects.exists()
    certificate = NominationFactory(nominee=org.colleague, proposing_unit=org.unit, status="submitted")
    client.post(
        f"/awards/nominations/{certificate.pk}/posting/", {"start": "2026-04-06", "place": "Bảng tin"}
    )
    assert not PublicPosting.objects.exists()
    assert (
        'data-testid="posting"' not in client.get(f"/awards/nominations/{certificate.pk}/").content.decode()
    )
    client.post(f"/awards/nominations/{certificate.pk}/approve/")
    assert Nomination.objects.get(pk=certificate.pk).status == "approved"  # no posting for a certificate


# --- the dossier's permission matrix, through HTTP ---------------------------------------------

PREPARERS = {"head", "deputy", "city_head", "committee", "superuser"}
OPEN = {"draft", "submitted", "returned", "approved"}


@pytest.mark.parametrize("state", STATES)
def test_dossier_matrix(client, org, state):
    for role in ROLES:
        nomination = make(org, state, "labor_order_3")
        user = person(org, role)
        client.logout()
        if user:
            client.force_login(user)
        where = f"{role} {state}"
        upload = {"kind": "other", "attachments": SimpleUploadedFile("a.pdf", PDF)}
        attach = client.post(f"/awards/nominations/{nomination.pk}/attachments/", upload)
        cover = client.get(f"/awards/nominations/{nomination.pk}/cover-request.docx")
        report = client.get(f"/awards/nominations/{nomination.pk}/achievement-report.docx")
        today = timezone.localdate().isoformat()
        posting = client.post(
            f"/awards/nominations/{nomination.pk}/posting/", {"start": today, "place": "Bảng tin"}
        )
        attached = NominationAttachment.objects.filter(nomination=nomination).exists()
        posted = PublicPosting.objects.filter(nomination=nomination).exists()
        if role == "anonymous":
            assert {r.status_code for r in (attach, cover, report, posting)} == {302}, where
            assert not attached and not posted, where
        elif not sees(role, state):
            assert {r.status_code for r in (attach, cover, report, posting)} == {404}, where
            assert not attached and not posted, where
        else:
            assert attach.status_code == (302 if role in PREPARERS else 403), where
            assert attached == (role in PREPARERS and state in OPEN), where
            assert cover.status_code == (200 if role in PREPARERS else 403), where
            assert report.status_code == (200 if role in PREPARERS or role == "nominee" else 403), where
            assert posting.status_code == (302 if role in {"committee", "superuser"} else 403), where
            assert posted == (role in {"committee", "superuser"} and state == "submitted"), where
        PublicPosting.objects.filter(nomination=nomination).delete()
        NominationAttachment.objects.filter(nomination=nomination).delete()
        nomination.events.all().delete()
        Nomination.objects.filter(pk=nomination.pk).delete()
