"""A discussion on an idea in real Chromium: the author asks, the head answers and leaves an internal
note that mentions the deputy; the author never sees the note, the deputy is told of it."""

import pytest
from playwright.sync_api import expect

from notifications.models import Notification
from tests.browser.test_idea_journey import sign_in, sign_out
from tests.ideas.factories import idea_in


@pytest.mark.django_db(transaction=True)
def test_thread_and_internal_note(page, live_server, org):
    base = live_server.url
    idea = idea_in("submitted", author=org.author, title="Một cửa số cho hồ sơ đất đai")

    sign_in(page, base, "author")
    page.goto(base + idea.get_absolute_url())
    expect(page.get_by_role("heading", name="Trao đổi")).to_be_visible()
    expect(page.get_by_label("Ghi chú nội bộ (chỉ người duyệt và Hội đồng)")).to_have_count(0)
    page.get_by_label("Ý kiến của bạn").fill("Khi nào có kết quả xem xét ạ?")
    page.get_by_role("button", name="Gửi ý kiến").click()
    expect(page.get_by_text("Đã gửi ý kiến của bạn.")).to_be_visible()
    expect(page.locator("#comments")).to_contain_text("Khi nào có kết quả xem xét ạ?")
    sign_out(page)

    sign_in(page, base, "head")
    page.goto(base + idea.get_absolute_url())
    expect(page.locator("#comments")).to_contain_text("Khi nào có kết quả xem xét ạ?")
    page.get_by_label("Ý kiến của bạn").fill("@deputy xem giúp dự toán trước khi duyệt")
    page.get_by_label("Ghi chú nội bộ (chỉ người duyệt và Hội đồng)").check()
    page.get_by_role("button", name="Gửi ý kiến").click()
    expect(page.locator("#comments .badge", has_text="Ghi chú nội bộ")).to_be_visible()
    sign_out(page)

    sign_in(page, base, "author")
    page.goto(base + idea.get_absolute_url())
    expect(page.locator("#comments")).to_contain_text("Khi nào có kết quả xem xét ạ?")
    expect(page.locator("#comments")).not_to_contain_text("dự toán")
    assert Notification.objects.filter(recipient=org.deputy, kind="comment_mention").count() == 1
    assert not Notification.objects.filter(recipient=org.author, kind="comment_mention").exists()
