"""The whole life of an idea in real Chromium."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ideas.models import Idea, IdeaEvent

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory


def sign_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(base + "/")


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()


@pytest.mark.django_db(transaction=True)
def test_idea_from_draft_to_city_recognition(page, live_server, org, tmp_path):
    base = live_server.url
    report = tmp_path / "Báo cáo khảo sát.pdf"
    report.write_bytes(PDF)

    # Staff writes and submits an idea with an attachment.
    sign_in(page, base, "author")
    page.get_by_role("link", name="Ý tưởng", exact=True).click()
    page.get_by_role("link", name="Đề xuất ý tưởng").first.click()
    page.fill("#id_title", "Một cửa số cho hồ sơ đất đai")
    page.fill("#id_summary", "Nộp hồ sơ đất đai trực tuyến")
    page.select_option("#id_topic", "land_projects")
    page.select_option("#id_scope", "unit")
    page.fill("#id_problem", "Người dân phải đi lại nhiều lần")
    page.fill("#id_solution", "Tiếp nhận trực tuyến, trả kết quả tại nhà")
    page.fill("#id_expected_benefit", "Giảm một nửa thời gian")
    page.set_input_files("#id_attachments", str(report))
    page.get_by_role("button", name="Gửi duyệt", exact=True).click()
    expect(page.locator("h1")).to_have_text("Một cửa số cho hồ sơ đất đai")
    expect(page.locator(".badge-submitted").first).to_have_text("Chờ duyệt")
    expect(page.get_by_role("link", name="Báo cáo khảo sát.pdf")).to_be_visible()
    idea = Idea.objects.get()
    sign_out(page)

    # The head returns it with a comment, from the review queue.
    sign_in(page, base, "subhead")
    page.get_by_role("link", name="Ý tưởng chờ duyệt").first.click()
    page.get_by_role("link", name="Một cửa số cho hồ sơ đất đai").click()
    page.get_by_role("button", name="Trả lại để bổ sung").click()
    page.locator("#dlg-return-comment").fill("Bổ sung số liệu năm 2025")
    page.locator("#dlg-return").get_by_role("button", name="Trả lại để bổ sung").click()
    expect(page.locator(".badge-returned").first).to_be_visible()
    sign_out(page)

    # Staff revises and resubmits.
    sign_in(page, base, "author")
    page.goto(f"{base}/ideas/{idea.pk}/")
    expect(page.get_by_text("Bổ sung số liệu năm 2025")).to_be_visible()
    page.get_by_role("link", name="Chỉnh sửa").click()
    page.fill("#id_summary", "Nộp hồ sơ đất đai trực tuyến; số liệu 2025 đã bổ sung")
    page.get_by_role("button", name="Gửi duyệt", exact=True).click()
    expect(page.locator(".badge-submitted").first).to_be_visible()
    sign_out(page)

    # The head approves and starts the pilot.
    sign_in(page, base, "subhead")
    page.goto(f"{base}/ideas/{idea.pk}/")
    page.get_by_role("button", name="Phê duyệt", exact=True).click()
    expect(page.locator(".badge-approved").first).to_be_visible()
    page.get_by_role("button", name="Triển khai thí điểm").click()
    expect(page.locator(".badge-implementing").first).to_be_visible()
    sign_out(page)

    # Staff reports progress.
    sign_in(page, base, "author")
    page.goto(f"{base}/ideas/{idea.pk}/")
    page.get_by_role("textbox", name="Báo cáo tiến độ").fill("Đã tiếp nhận 120 hồ sơ trực tuyến")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã tiếp nhận 120 hồ sơ trực tuyến").first).to_be_visible()
    sign_out(page)

    # The head completes the implementation with a result assessment.
    sign_in(page, base, "subhead")
    page.goto(f"{base}/ideas/{idea.pk}/")
    page.get_by_role("button", name="Hoàn thành triển khai").click()
    page.locator("#dlg-complete-comment").fill("Thời gian giải quyết giảm 50%")
    page.locator("#dlg-complete").get_by_role("button", name="Hoàn thành triển khai").click()
    expect(page.locator(".badge-completed").first).to_be_visible()
    sign_out(page)

    # The committee recognises it at city level.
    sign_in(page, base, "committee")
    page.goto(f"{base}/ideas/{idea.pk}/")
    page.get_by_role("button", name="Công nhận hiệu quả").click()
    dialog = page.locator("#dlg-recognise")
    dialog.get_by_label("Hình thức công nhận").select_option("city")
    dialog.get_by_label("Số quyết định").fill("123/QĐ-UBND")
    dialog.get_by_label("Ngày quyết định").fill(timezone.localdate().isoformat())
    dialog.get_by_role("button", name="Công nhận").click()
    expect(page.locator(".badge-recognised").first).to_have_text("Được công nhận")

    idea.refresh_from_db()
    assert (idea.status, idea.recognition_level, idea.recognition_decision_number) == (
        "recognised",
        "city",
        "123/QĐ-UBND",
    )
    events = IdeaEvent.objects.filter(idea=idea).exclude(action__in=["attach", "edit"])
    assert list(events.values_list("action", flat=True)) == [
        "create", "submit", "return", "submit", "approve", "start", "progress", "complete", "recognise",
    ]  # fmt: skip
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
