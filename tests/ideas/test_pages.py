"""Pages: list, search, filters, sorting, forms, detail, review queue, dashboard, bad input."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ideas import views
from ideas.models import Idea, IdeaAttachment, IdeaEvent, Status
from tests.factories import UnitFactory, UserFactory
from tests.ideas.factories import idea_in

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def form_data(**overrides):
    data = {
        "title": "Số hoá hồ sơ đất đai",
        "summary": "Tóm tắt",
        "problem": "Hồ sơ giấy",
        "solution": "Số hoá",
        "expected_benefit": "Nhanh hơn",
        "topic": "digital",
        "scope": "unit",
        "intent": "draft",
    }
    data.update(overrides)
    return data


# --- search and list -------------------------------------------------------------------------


def test_search_is_diacritic_insensitive(client, org):
    a = idea_in("approved", author=org.author, title="Cán bộ dám nghĩ, dám làm")
    b = idea_in("approved", author=org.author, title="Giao đất đai nhanh")
    c = idea_in("approved", author=org.author, title="Đám cưới số hoá")
    client.force_login(org.colleague)
    page = client.get("/ideas/", {"q": "dam nghi dam lam"}).content.decode()
    assert a.title in page and b.title not in page and c.title not in page
    page = client.get("/ideas/", {"q": "dat dai"}).content.decode()
    assert b.title in page and a.title not in page
    page = client.get("/ideas/", {"q": "ĐẤT ĐAI"}).content.decode()
    assert b.title in page


def test_filters_and_sub_units(client, org):
    in_sub = idea_in("approved", author=org.author, title="Ở phòng")
    in_other = idea_in("approved", author=org.outsider, title="Ở phường khác", topic="investment")
    client.force_login(org.committee)
    page = client.get("/ideas/", {"unit": org.unit.pk}).content.decode()  # the parent, with its sub-units
    assert in_sub.title in page and in_other.title not in page
    page = client.get("/ideas/", {"topic": "investment"}).content.decode()
    assert in_other.title in page and in_sub.title not in page
    page = client.get("/ideas/", {"author": org.outsider.pk}).content.decode()
    assert in_other.title in page and in_sub.title not in page
    page = client.get("/ideas/", {"status": "draft"}).content.decode()
    assert in_other.title not in page
    page = client.get("/ideas/", {"phase": "2026-2030"}).content.decode()
    assert in_other.title in page
    page = client.get("/ideas/", {"phase": "2023-2025"}).content.decode()
    assert in_other.title not in page


def test_sort_is_allow_listed(client, org):
    idea_in("approved", author=org.author, title="B ý tưởng")
    idea_in("approved", author=org.author, title="A ý tưởng")
    client.force_login(org.committee)
    page = client.get("/ideas/", {"sort": "title"}).content.decode()
    assert page.index("A ý tưởng") < page.index("B ý tưởng")
    page = client.get("/ideas/", {"sort": "-title"}).content.decode()
    assert page.index("B ý tưởng") < page.index("A ý tưởng")
    # An unknown sort (an attempt at raw order_by) falls back to the default.
    response = client.get("/ideas/", {"sort": "author__password", "status": "bogus", "unit": "x'; --"})
    assert response.status_code == 200


def test_pagination_25(client, org):
    for n in range(27):
        idea_in("approved", author=org.author, title=f"Ý tưởng phân trang {n:02d}")
    client.force_login(org.colleague)
    page = client.get("/ideas/").content.decode()
    assert page.count("Ý tưởng phân trang") == 25
    page2 = client.get("/ideas/", {"page": 2}).content.decode()
    assert page2.count("Ý tưởng phân trang") == 2


def test_counts_stop_at_their_cap_and_say_so(client, org, monkeypatch):
    """Past the cap the list asks to narrow it rather than count every match; a search stops
    sooner (its matches are counted by reading their text)."""
    monkeypatch.setattr(views, "COUNT_CAP", 4)
    monkeypatch.setattr(views, "SEARCH_COUNT_CAP", 2)
    for n in range(3):
        idea_in("approved", author=org.author, title=f"Ý tưởng đếm {n}")
    client.force_login(org.colleague)
    page = client.get("/ideas/").content.decode()
    assert "3 ý tưởng" in page and "Có hơn" not in page
    page = client.get("/ideas/", {"q": "dem"}).content.decode()
    assert "Có hơn 2 ý tưởng: hãy thêm từ khoá hoặc bộ lọc" in page
    assert page.count("Ý tưởng đếm") == 3  # the page itself is not cut
    for n in range(3, 6):
        idea_in("approved", author=org.author, title=f"Ý tưởng đếm {n}")
    assert "Có hơn 4 ý tưởng" in client.get("/ideas/").content.decode()


def test_deep_pages_show_the_same_rows_as_offset_would(client, org, monkeypatch):
    monkeypatch.setattr(views, "DEEP_PAGE_OFFSET", 2)
    titles = [f"Ý tưởng sâu {n:02d}" for n in range(30)]
    for title in titles:
        idea_in("approved", author=org.author, title=title)
    client.force_login(org.colleague)
    page2 = client.get("/ideas/", {"page": 2, "sort": "title"}).content.decode()
    assert re.findall(r"Ý tưởng sâu \d\d", page2) == titles[25:]


def test_empty_list_says_what_to_do(client, org):
    client.force_login(org.colleague)
    page = client.get("/ideas/").content.decode()
    assert "/ideas/new/" in page and "Chưa có ý tưởng nào" in page


def _count_queries(client, url, django_assert_max_num_queries, bound):
    with django_assert_max_num_queries(bound):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [1, 25])
def test_list_runs_constant_queries(client, org, django_assert_max_num_queries, rows):
    for n in range(rows):
        idea_in("submitted", author=org.author, title=f"Đề xuất {n}")
    client.force_login(org.head)
    _count_queries(client, "/ideas/?q=de+xuat", django_assert_max_num_queries, 14)


@pytest.mark.parametrize("rows", [1, 25])
def test_review_queue_runs_constant_queries(client, org, django_assert_max_num_queries, rows):
    for n in range(rows):
        idea_in("submitted", author=org.author, title=f"Đề xuất {n}")
    client.force_login(org.head)
    _count_queries(client, "/ideas/review/", django_assert_max_num_queries, 12)


# --- review queue and dashboard --------------------------------------------------------------


def test_review_queue_oldest_first_with_days_waiting(client, org):
    import datetime

    from django.utils import timezone

    old = idea_in(
        "submitted", author=org.author, title="Cũ", submitted_at=timezone.now() - datetime.timedelta(days=6)
    )
    new = idea_in("submitted", author=org.author, title="Mới", submitted_at=timezone.now())
    mine = idea_in("submitted", author=org.colleague, co_authors=[org.head], title="Của tôi")
    client.force_login(org.head)
    page = client.get("/ideas/review/").content.decode()
    assert page.index(old.title) < page.index(new.title)
    from movement.selectors import working_days_between

    waited = working_days_between(old.submitted_at, timezone.localdate())  # the reminders' calendar
    assert (f"quá hạn {waited - 5} ngày làm việc" if waited > 5 else f"đã chờ {waited} ngày làm việc") in page
    assert mine.title not in page  # never your own idea
    client.force_login(org.author)
    assert client.get("/ideas/review/").status_code == 403


def test_dashboard_panels(client, org):
    idea_in("returned", author=org.author, title="Bị trả lại")
    idea_in("submitted", author=org.author, title="Chờ")
    client.force_login(org.author)
    page = client.get("/").content.decode()
    assert "Bị trả lại" in page and "/ideas/review/" not in page
    client.force_login(org.head)
    page = client.get("/").content.decode()
    assert "/ideas/review/" in page
    client.force_login(org.committee)
    page = client.get("/").content.decode()
    assert "2026-2030" in page


# --- forms and bad input ---------------------------------------------------------------------


def test_create_lands_on_the_new_idea_page(client, org):
    client.force_login(org.author)
    response = client.post("/ideas/new/", form_data(co_authors=[org.co_author.pk]))
    idea = Idea.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ideas/{idea.pk}/"
    assert idea.unit == org.sub and idea.author == org.author
    # The chosen colleague is invited, not yet a co-author.
    assert list(idea.co_authors.all()) == []
    assert list(idea.invitations.values_list("person_id", "answer")) == [(org.co_author.pk, "pending")]


def test_create_ignores_mass_assigned_fields(client, org):
    client.force_login(org.author)
    client.post("/ideas/new/", form_data(status="recognised", unit=org.other.pk, author=org.head.pk, phase=1))
    idea = Idea.objects.get()
    assert (idea.status, idea.unit, idea.author, idea.phase) == ("draft", org.sub, org.author, None)


def test_create_and_submit_at_once(client, org):
    client.force_login(org.author)
    client.post("/ideas/new/", form_data(intent="submit"))
    idea = Idea.objects.get()
    assert idea.status == Status.SUBMITTED and idea.phase is not None


def test_empty_fields_give_vietnamese_errors(client, org):
    client.force_login(org.author)
    response = client.post("/ideas/new/", {"intent": "submit"})
    assert response.status_code == 200
    assert "Trường này là bắt buộc" in response.content.decode()
    assert Idea.objects.count() == 0


def test_twenty_thousand_character_title(client, org):
    client.force_login(org.author)
    response = client.post("/ideas/new/", form_data(title="A" * 20000))
    assert response.status_code == 200
    assert "300" in response.content.decode()
    assert Idea.objects.count() == 0


def test_html_is_escaped_everywhere(client, org):
    script = "<script>alert(1)</script>"
    client.force_login(org.author)
    client.post(
        "/ideas/new/",
        form_data(**{f: script for f in ("title", "summary", "problem", "solution", "expected_benefit")}),
    )
    idea = Idea.objects.get()
    client.post(f"/ideas/{idea.pk}/submit/")
    for person, url in [
        (org.author, f"/ideas/{idea.pk}/"),
        (org.author, "/ideas/"),
        (org.author, "/"),
        (org.head, "/ideas/review/"),
        (org.head, "/notifications/"),
    ]:
        client.force_login(person)
        body = client.get(url).content.decode()
        assert script not in body, url
    client.force_login(org.head)
    client.post(f"/ideas/{idea.pk}/return/", {"comment": script})
    client.force_login(org.author)
    body = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert script not in body and "&lt;script&gt;" in body


def test_no_csrf_token_is_refused(org, make_idea):
    idea = make_idea("submitted")
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(org.head)
    assert csrf_client.post(f"/ideas/{idea.pk}/approve/").status_code == 403
    assert csrf_client.post("/ideas/new/", form_data()).status_code == 403
    assert Idea.objects.get(pk=idea.pk).status == Status.SUBMITTED and Idea.objects.count() == 1


def test_another_units_idea_in_every_url(client, org):
    idea = idea_in("draft", author=org.outsider, title="Bí mật của phường khác")
    attachment = IdeaAttachment.objects.create(
        idea=idea,
        file="ideas/x",
        original_name="a.pdf",
        content_type="application/pdf",
        size=1,
        uploaded_by=org.outsider,
    )
    client.force_login(org.author)
    urls = [
        ("get", f"/ideas/{idea.pk}/"),
        ("get", f"/ideas/{idea.pk}/edit/"),
        ("post", f"/ideas/{idea.pk}/edit/"),
        ("post", f"/ideas/{idea.pk}/progress/"),
        ("post", f"/ideas/{idea.pk}/attachments/"),
        ("get", f"/ideas/{idea.pk}/attachments/{attachment.pk}/"),
        ("post", f"/ideas/{idea.pk}/attachments/{attachment.pk}/remove/"),
        *[("post", f"/ideas/{idea.pk}/{a}/") for a in ("submit", "withdraw", "approve", "return", "reject")],
    ]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code in (403, 404), url
        assert idea.title not in response.content.decode()
    assert Idea.objects.get(pk=idea.pk).status == "draft"


def test_double_clicked_create_makes_one_idea(client, org):
    client.force_login(org.author)
    token = re.search(r'name="form_token" value="([^"]+)"', client.get("/ideas/new/").content.decode()).group(
        1
    )
    first = client.post("/ideas/new/", form_data(form_token=token, intent="submit"))
    second = client.post("/ideas/new/", form_data(form_token=token, intent="submit"))
    assert Idea.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert IdeaEvent.objects.filter(action="submit").count() == 1


def test_double_clicked_submit_action_writes_one_event(client, org, make_idea):
    idea = make_idea("draft")
    client.force_login(org.author)
    client.post(f"/ideas/{idea.pk}/submit/")
    response = client.post(f"/ideas/{idea.pk}/submit/", follow=True)
    assert IdeaEvent.objects.filter(idea=idea, action="submit").count() == 1
    assert "Chờ duyệt" in response.content.decode()


def test_return_without_comment_is_refused_with_a_message(client, org, make_idea):
    idea = make_idea("submitted")
    client.force_login(org.head)
    response = client.post(f"/ideas/{idea.pk}/return/", {"comment": ""}, follow=True)
    assert Idea.objects.get(pk=idea.pk).status == "submitted"
    assert "alert-danger" in response.content.decode()


def test_invalid_decision_date_is_a_message_not_a_500(client, org, make_idea):
    idea = make_idea("completed")
    client.force_login(org.committee)
    for date in ("31/02/2026", "not-a-date", "2999-01-01"):
        response = client.post(
            f"/ideas/{idea.pk}/recognise/", {"level": "city", "decision_number": "1", "decision_date": date}
        )
        assert response.status_code == 302
    assert Idea.objects.get(pk=idea.pk).status == "completed"


# --- attachments -----------------------------------------------------------------------------


def test_attachment_upload_and_download(client, org, make_idea):
    idea = make_idea("draft")
    client.force_login(org.author)
    name = "Báo\u202ecáo.pdf"  # a bidi override must not survive
    client.post(
        f"/ideas/{idea.pk}/attachments/",
        {"attachments": [SimpleUploadedFile(name, PDF), SimpleUploadedFile("b.docx", docx_bytes())]},
    )
    files = list(IdeaAttachment.objects.filter(idea=idea).order_by("pk"))
    assert [f.content_type for f in files] == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
    assert files[0].original_name == "Báocáo.pdf" and "Báo" not in files[0].file.name
    response = client.get(f"/ideas/{idea.pk}/attachments/{files[0].pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    # A colleague may not see a draft, nor its files.
    client.force_login(org.colleague)
    assert client.get(f"/ideas/{idea.pk}/attachments/{files[0].pk}/").status_code == 404


def test_exe_renamed_pdf_is_refused(client, org, make_idea):
    idea = make_idea("draft")
    client.force_login(org.author)
    exe = b"MZ\x90\x00" + b"\x00" * 200
    response = client.post(
        f"/ideas/{idea.pk}/attachments/",
        {"attachments": SimpleUploadedFile("report.pdf", exe, "application/pdf")},
        follow=True,
    )
    assert "không phải" in response.content.decode() or "is not a PDF" in response.content.decode()
    assert not IdeaAttachment.objects.exists()
    # A plain zip named .docx is refused too.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.txt", "x")
    client.post(
        f"/ideas/{idea.pk}/attachments/", {"attachments": SimpleUploadedFile("x.docx", buffer.getvalue())}
    )
    assert not IdeaAttachment.objects.exists()


def test_fifty_megabyte_upload_is_a_clear_error(client, org, make_idea):
    idea = make_idea("draft")
    client.force_login(org.author)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (50 * 1024 * 1024))
    response = client.post(f"/ideas/{idea.pk}/attachments/", {"attachments": big}, follow=True)
    assert response.status_code == 200 and "10 MB" in response.content.decode()
    assert not IdeaAttachment.objects.exists()
    response = client.post(
        "/ideas/new/", form_data(attachments=SimpleUploadedFile("big.pdf", PDF + b"0" * (11 * 1024 * 1024)))
    )
    assert response.status_code == 200 and "10 MB" in response.content.decode()
    assert Idea.objects.count() == 1  # only the one made by make_idea: no half-saved idea


def test_at_most_five_attachments(client, org, make_idea):
    idea = make_idea("draft")
    client.force_login(org.author)

    def files(n):
        return [SimpleUploadedFile(f"{k}.png", PNG) for k in range(n)]

    client.post(f"/ideas/{idea.pk}/attachments/", {"attachments": files(6)})
    assert IdeaAttachment.objects.count() == 0
    client.post(f"/ideas/{idea.pk}/attachments/", {"attachments": files(5)})
    assert IdeaAttachment.objects.count() == 5
    client.post(f"/ideas/{idea.pk}/attachments/", {"attachments": files(1)})
    assert IdeaAttachment.objects.count() == 5


def test_create_with_attachment(client, org):
    client.force_login(org.author)
    client.post("/ideas/new/", form_data(attachments=SimpleUploadedFile("anh.png", PNG)))
    assert IdeaAttachment.objects.get().content_type == "image/png"


def test_pages_are_vietnamese(client, org, make_idea):
    idea = make_idea("submitted")
    client.force_login(org.head)
    body = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert "Phê duyệt" in body and "Trả lại để bổ sung" in body and "Không phê duyệt" in body
    assert "Chờ duyệt" in body


def test_unit_filter_uses_successor(client, org):
    old = UnitFactory(code="OLD", parent=org.city)
    new = UnitFactory(code="NEWU", parent=org.city)
    old.successor = new
    old.save()
    person = UserFactory(unit=old)
    idea = idea_in("approved", author=person, title="Của đơn vị cũ")
    client.force_login(org.committee)
    assert idea.title in client.get("/ideas/", {"unit": new.pk}).content.decode()


def test_nul_bytes_and_odd_parameters_are_not_a_500(client, org, make_idea):
    client.force_login(org.author)
    assert (
        client.get("/ideas/", {"q": "a\x00b", "page": "-1", "phase": "nope", "author": "x"}).status_code
        == 200
    )
    response = client.post("/ideas/new/", form_data(title="Tiêu đề\x00"))
    assert response.status_code == 200 and Idea.objects.count() == 0
    idea = make_idea("submitted")
    assert client.get(f"/ideas/{idea.pk}/attachments/999999/").status_code == 404
    assert client.get("/ideas/99999999999999999999/").status_code == 404


def test_without_javascript_the_decisions_are_still_reachable(client, org, make_idea):
    idea = make_idea("submitted")
    client.force_login(org.head)
    body = client.get(f"/ideas/{idea.pk}/").content.decode()
    noscript = body[body.index("<noscript>") :]
    assert f"/ideas/{idea.pk}/return/" in noscript and f"/ideas/{idea.pk}/reject/" in noscript


def test_a_failed_submit_keeps_no_stray_file(client, org, settings):
    from unittest import mock

    from ideas import services

    client.force_login(org.author)
    refusal = ValidationError("refused")
    with mock.patch.object(services, "idea_transition", side_effect=refusal):
        response = client.post(
            "/ideas/new/", form_data(attachments=SimpleUploadedFile("anh.png", PNG), intent="submit")
        )
    assert response.status_code == 200
    assert not Idea.objects.exists() and not IdeaAttachment.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]


def test_invalid_filters_are_ignored_and_named(client, org):
    idea = idea_in("approved", author=org.author, title="Công khai")
    client.force_login(org.colleague)
    response = client.get("/ideas/", {"status": "bogus", "phase": "1999", "author": "abc", "q": "cong"})
    assert response.status_code == 200
    body = response.content.decode()
    assert idea.title in body  # the valid search still narrows, the invalid filters are left out
    named = body.split('data-testid="filter-errors"')[1].split("</div>")[0]
    for label in ("Trạng thái", "Giai đoạn", "Tác giả"):
        assert label in named


def test_the_dialogs_follow_the_workflow(client, org, make_idea):
    from ideas.workflow import TRANSITIONS

    idea = make_idea("submitted")
    client.force_login(org.head)
    body = client.get(f"/ideas/{idea.pk}/").content.decode()
    for action in ("return", "reject"):
        assert TRANSITIONS[action].needs_comment
        textarea = body.split(f'id="dlg-{action}-comment"')[0].rsplit("<textarea", 1)[1]
        assert "required" in textarea
    assert 'id="dlg-approve"' not in body  # approving asks nothing first
    client.force_login(org.author)
    body = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert TRANSITIONS["withdraw"].irreversible and 'id="dlg-withdraw"' in body
    textarea = body.split('id="dlg-withdraw-comment"')[0].rsplit("<textarea", 1)[1]
    assert "required" not in textarea
