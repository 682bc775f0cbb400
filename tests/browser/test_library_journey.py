"""The library of good practices in real Chromium: the author writes the public summary of a
recognised idea and approves it, the head approves it from the dashboard, it appears in the library;
the head of another ward finds it by a search without diacritics, records that the ward adopted it,
and the practice shows where it spread."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_idea_journey import sign_in, sign_out
from tests.library.factories import recognised_idea


@pytest.mark.django_db(transaction=True)
def test_a_practice_is_published_found_and_adopted(page, live_server, org):
    base = live_server.url
    idea = recognised_idea(org, title="Một cửa liên thông hồ sơ đất đai")

    sign_in(page, base, "author")
    page.goto(base + idea.get_absolute_url())
    page.get_by_role("link", name="Viết tóm tắt đưa vào thư viện").click()
    expect(page.get_by_label("Tên cách làm")).to_have_value("Một cửa liên thông hồ sơ đất đai")
    page.get_by_label("Tóm tắt công khai").fill(
        "Gom hồ sơ đất đai của các phòng về một bộ phận một cửa; thời gian giải quyết giảm một nửa."
    )
    page.get_by_role("button", name="Lưu tóm tắt").click()
    expect(page.get_by_text("Chưa công bố")).to_be_visible()
    page.get_by_role("button", name="Phê duyệt (tác giả)").click()
    expect(
        page.get_by_text("Đã phê duyệt. Cách làm được công bố khi có nốt lượt phê duyệt còn lại.")
    ).to_be_visible()
    sign_out(page)

    sign_in(page, base, "subhead")
    panel = page.get_by_role("region", name="Tóm tắt thư viện chờ phê duyệt")
    panel.get_by_role("link", name="Một cửa liên thông hồ sơ đất đai").click()
    page.get_by_role("button", name="Phê duyệt (thủ trưởng đơn vị)").click()
    expect(page.get_by_text("Đã phê duyệt: cách làm đã được công bố trong thư viện.")).to_be_visible()
    sign_out(page)

    sign_in(page, base, "otherhead")
    page.get_by_role("link", name="Thư viện", exact=True).click()
    page.get_by_label("Tìm kiếm").fill("dat dai mot cua")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page.get_by_text("1 cách làm", exact=True)).to_be_visible()
    page.get_by_role("link", name="Một cửa liên thông hồ sơ đất đai").click()
    page.get_by_role("link", name="Ghi nhận đơn vị bạn đã áp dụng").click()
    page.get_by_label("Ngày áp dụng").fill(timezone.localdate().isoformat())
    page.get_by_label("Kết quả áp dụng").fill("Thời gian trả kết quả giảm từ 15 xuống 8 ngày làm việc.")
    page.get_by_label("Giá trị đo được").fill("8")
    page.get_by_label("Đơn vị tính").fill("ngày làm việc")
    page.get_by_label("Tôi xác nhận").check()
    page.get_by_role("button", name="Ghi nhận áp dụng").click()
    expect(
        page.get_by_text("Đã ghi nhận áp dụng: thư viện hiển thị nơi cách làm đã được nhân rộng.")
    ).to_be_visible()
    spread = page.get_by_role("table", name="Các đơn vị đã áp dụng cách làm")
    expect(spread.get_by_role("cell", name="UBND phường Khác")).to_be_visible()
    expect(spread).to_contain_text("Thời gian trả kết quả giảm từ 15 xuống 8 ngày làm việc.")
    expect(page.get_by_role("link", name="Ghi nhận đơn vị bạn đã áp dụng")).to_have_count(0)
